"""minerisk Processing provider: a QGIS plugin (QGIS >= 3.22) that runs the minerisk CLI."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    """QGIS calls this when the plugin is enabled (Plugin Manager) with the QgisInterface."""
    from .plugin import MineriskProviderPlugin

    return MineriskProviderPlugin()
