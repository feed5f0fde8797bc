"""The minerisk Processing provider: its settings (where the CLI is) and one algorithm per CLI command."""
import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from processing.core.ProcessingConfig import ProcessingConfig, Setting

from . import utils
from .algorithms.analyze import AnalyzeAlgorithm
from .algorithms.backtest import BacktestAlgorithm
from .algorithms.density import DensityAlgorithm
from .algorithms.hotspots import HotspotsAlgorithm
from .algorithms.route import RouteAlgorithm
from .algorithms.validate import ValidateAlgorithm


class MineriskProvider(QgsProcessingProvider):
    def id(self):
        return "minerisk"

    def name(self):
        return "minerisk"

    def longName(self):  # noqa: N802
        return "minerisk (mine/ERW risk along roads)"

    def icon(self):
        return QIcon(os.path.join(os.path.dirname(__file__), "icon.svg"))

    def load(self):
        group = self.name()
        ProcessingConfig.settingIcons[group] = self.icon()
        ProcessingConfig.addSetting(Setting(group, utils.CLI_SETTING, "minerisk executable, or dist/cli/main.js of a clone (empty: minerisk on PATH)", "", valuetype=Setting.FILE))
        ProcessingConfig.addSetting(Setting(group, utils.NODE_SETTING, "Node.js executable for a .js CLI (empty: node on PATH)", "", valuetype=Setting.FILE))
        ProcessingConfig.readSettings()
        self.refreshAlgorithms()
        return True

    def unload(self):
        for name in (utils.CLI_SETTING, utils.NODE_SETTING):
            ProcessingConfig.removeSetting(name)

    def loadAlgorithms(self):  # noqa: N802
        for alg in (AnalyzeAlgorithm(), RouteAlgorithm(), DensityAlgorithm(), HotspotsAlgorithm(), ValidateAlgorithm(), BacktestAlgorithm()):
            self.addAlgorithm(alg)

    def supportedOutputVectorLayerExtensions(self):  # noqa: N802
        return ["geojson", "gpkg", "fgb"]
