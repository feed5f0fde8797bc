"""The plugin object: registers the Processing provider, as the SAGA/GRASS/OTB provider plugins do."""
from qgis.core import QgsApplication

from .provider import MineriskProvider


class MineriskProviderPlugin:
    def __init__(self):
        self.provider = None

    def initProcessing(self):  # noqa: N802
        """Also called by headless runs (qgis_process, scripts) that never build a GUI."""
        if self.provider is None:
            self.provider = MineriskProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
