"""
Headless screenshot of the QGIS provider for docs/qgis-provider.png: the plugin installed from its zip,
the "Analyze" dialog filled in (roads as a UTM 38N GeoPackage, incidents, places, Shusha → Fuzuli) beside
the map of the result it loaded, each layer drawn with its .qml style.

usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/qgis-screenshot.py ZIP CLI_JS NODE OUT.png
(scripts/qgis-screenshot.sh makes the zip and the GeoPackage and calls this.)
"""
import os
import sys
import tempfile
import zipfile

from qgis.core import QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsProject, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import QSize, Qt
from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter

zip_path, cli, node, out_png, gpkg, data = sys.argv[1:7]
QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], True)
app.initQgis()
sys.path.append("/usr/share/qgis/python/plugins")
from processing.core.Processing import Processing  # noqa: E402

Processing.initialize()
import processing  # noqa: E402
from processing.core.ProcessingConfig import ProcessingConfig  # noqa: E402
from processing.gui.AlgorithmDialog import AlgorithmDialog  # noqa: E402

plugins = tempfile.mkdtemp(prefix="minerisk-plugins-")
with zipfile.ZipFile(zip_path) as z:
    z.extractall(plugins)
sys.path.insert(0, plugins)
import minerisk_provider  # noqa: E402

plugin = minerisk_provider.classFactory(None)  # kept: the provider lives as long as the plugin object
plugin.initProcessing()
ProcessingConfig.setSettingValue("MINERISK_CLI", cli)
ProcessingConfig.setSettingValue("MINERISK_NODE", node)

project = QgsProject.instance()
roads = QgsVectorLayer(f"{gpkg}|layername=roads", "roads (GeoPackage, UTM 38N)", "ogr")
incidents = QgsVectorLayer(os.path.join(data, "incidents.geojson"), "incidents", "ogr")
places = QgsVectorLayer(os.path.join(data, "places.geojson"), "places", "ogr")
for layer in (roads, incidents, places):
    project.addMapLayer(layer, False)  # in the project for the dialog's layer lists, not drawn
params = {"ROADS": roads.id(), "INCIDENTS": incidents.id(), "PLACES": places.id(), "FROM": "Shusha", "TO": "Fuzuli", "OUTPUT_FOLDER": tempfile.mkdtemp(prefix="minerisk-shot-")}
alg = QgsApplication.processingRegistry().createAlgorithmById("minerisk:analyze")
results = processing.runAndLoadResults(alg, dict(params))

dialog = AlgorithmDialog(alg.create())
dialog.setParameters(params)
dialog.resize(760, 900)
dialog.show()
app.processEvents()
shot = dialog.grab().toImage()

# the loaded result: every layer the run added, drawn in load order (last on top), over the lixels' extent
loaded = [l for l in project.layerTreeRoot().layerOrder() if l.name().startswith("analyze ")]
lixels = next(l for l in loaded if l.name() == "analyze lixels")
order = ["analyze density", "analyze lixels", "analyze route", "analyze worst-stretches", "analyze incidents"]
drawn = sorted((l for l in loaded if l.name() in order), key=lambda l: -order.index(l.name()))
settings = QgsMapSettings()
settings.setLayers(drawn)
settings.setDestinationCrs(lixels.crs())
extent = QgsRectangle(lixels.extent())
extent.scale(1.08)
settings.setExtent(extent)
settings.setOutputSize(QSize(900, shot.height()))
settings.setBackgroundColor(QColor("#ffffff"))
job = QgsMapRendererParallelJob(settings)
job.start()
job.waitForFinished()
map_image = job.renderedImage()

canvas = QImage(shot.width() + map_image.width() + 12, shot.height() + 40, QImage.Format_ARGB32)
canvas.fill(QColor("#e8e8e8"))
p = QPainter(canvas)
p.drawImage(0, 40, shot)
p.drawImage(shot.width() + 12, 40, map_image)
p.setFont(QFont("DejaVu Sans", 13))
p.setPen(QColor("#222222"))
p.drawText(10, 26, "QGIS 3.22, Processing ▸ minerisk ▸ Analyze (headless)")
p.drawText(shot.width() + 22, 26, "Result loaded with its .qml styles: " + ", ".join(l.name().split(" ", 1)[1] for l in reversed(drawn)))
p.end()
ok = canvas.save(out_png)
print(out_png, ok, {k: str(v) for k, v in results.items()}, flush=True)
os._exit(0 if ok else 1)
