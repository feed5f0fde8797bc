"""
Headless PyQGIS driver for test/e2e/qgis-provider.test.ts: installs the minerisk provider from its zip into a
fresh plugins folder (unzip + sys.path, as the Plugin Manager does), points it at the CLI, runs the
algorithms named in the job file through processing.runAndLoadResults, and prints one JSON line describing
every layer loaded into the project (name, source, feature count, CRS, renderer and its classes).

usage: python3 qgis-provider-probe.py JOB.json   (JOB: {"zip", "plugins", "cli", "node", "runs": [{"alg", "params", "cancelAt"?}]})
"""
import json
import os
import sys
import zipfile

from qgis.core import QgsApplication, QgsProcessingFeedback, QgsProject

QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
sys.path.append("/usr/share/qgis/python/plugins")
from processing.core.Processing import Processing  # noqa: E402

Processing.initialize()
import processing  # noqa: E402
from processing.core.ProcessingConfig import ProcessingConfig  # noqa: E402

with open(sys.argv[1], encoding="utf-8") as f:
    job = json.load(f)
with zipfile.ZipFile(job["zip"]) as z:
    z.extractall(job["plugins"])
sys.path.insert(0, job["plugins"])
import minerisk_provider  # noqa: E402

plugin = minerisk_provider.classFactory(None)
plugin.initProcessing()
ProcessingConfig.setSettingValue("MINERISK_CLI", job["cli"])
ProcessingConfig.setSettingValue("MINERISK_NODE", job["node"])


class Feedback(QgsProcessingFeedback):
    """Records every progress value; with cancel_at, presses Cancel once progress passes it."""

    def __init__(self, cancel_at=None):
        super().__init__()
        self.steps = []
        self.cancel_at = cancel_at
        self.progressChanged.connect(self.on_progress)

    def on_progress(self, p):
        self.steps.append(round(p, 2))
        if self.cancel_at is not None and p >= self.cancel_at and not self.isCanceled():
            self.cancel()


out = {"provider": [a.id() for a in QgsApplication.processingRegistry().providerById("minerisk").algorithms()], "runs": []}
for run in job["runs"]:
    before = set(QgsProject.instance().mapLayers())
    feedback = Feedback(run.get("cancelAt"))
    entry = {"alg": run["alg"]}
    try:
        results = processing.runAndLoadResults(run["alg"], dict(run["params"]), feedback=feedback)
        entry["results"] = {k: str(v) for k, v in results.items()}
    except Exception as e:  # reported to the test, which fails on it
        entry["error"] = str(e)
    entry["progress"] = feedback.steps
    entry["canceled"] = feedback.isCanceled()
    layers = []
    for lid, layer in QgsProject.instance().mapLayers().items():
        if lid in before:
            continue
        r = layer.renderer() if hasattr(layer, "renderer") else None
        item = {"name": layer.name(), "source": layer.source(), "features": layer.featureCount(), "crs": layer.crs().authid(), "renderer": r.type() if r else None, "geometry": layer.geometryType()}
        if hasattr(r, "classAttribute"):
            item["attribute"] = r.classAttribute()
        if hasattr(r, "categories"):
            item["categories"] = [str(c.value()) for c in r.categories()]
        if r is not None and hasattr(r, "symbol") and r.type() == "singleSymbol":
            item["colour"] = r.symbol().color().name()
        if not layer.isSpatial():
            item["fields"] = [f.name() for f in layer.fields()]
            item["rows"] = [dict(zip(item["fields"], [None if v is None or str(v) == "NULL" else v for v in f.attributes()])) for f in layer.getFeatures()]
        layers.append(item)
    entry["layers"] = layers
    out["runs"].append(entry)
print(json.dumps(out, default=str), flush=True)
# QGIS 3.22's Python bindings can crash in exitQgis() on teardown; the answer is out, so leave at once.
os._exit(0)
