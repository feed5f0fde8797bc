"""
Running the minerisk CLI from Processing (the part SagaUtils/GrassUtils play for those providers): find it,
hand it GeoJSON in EPSG:4326, run it with --progress json (progress, cancel, errors), and load what it wrote
with its .qml styles.
"""
import json
import os
import queue
import shutil
import subprocess
import threading

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingUtils,
    QgsVectorFileWriter,
)

from processing.core.ProcessingConfig import ProcessingConfig

CLI_SETTING = "MINERISK_CLI"
NODE_SETTING = "MINERISK_NODE"


def cli_command():
    """The argv prefix that runs minerisk: the configured CLI (node for a .js file), else minerisk on PATH."""
    cli = (ProcessingConfig.getSetting(CLI_SETTING) or "").strip()
    if not cli:
        found = shutil.which("minerisk")
        if found is None:
            raise QgsProcessingException("minerisk CLI not found: set it under Settings > Options > Processing > Providers > minerisk (the minerisk executable, or dist/cli/main.js of a clone), or put minerisk on PATH")
        return [found]
    if not os.path.exists(cli):
        raise QgsProcessingException(f"the minerisk CLI set in the Processing options does not exist: {cli}")
    if cli.endswith((".js", ".mjs")):
        node = (ProcessingConfig.getSetting(NODE_SETTING) or "").strip() or shutil.which("node")
        if not node:
            raise QgsProcessingException("node not found: set the Node.js executable in the minerisk provider options, or put node on PATH")
        return [node, cli]
    return [cli]


def _is_wgs84_geojson(layer, definition):
    """Whether the CLI can read the layer's own file as is: a whole GeoJSON file in EPSG:4326, no filter."""
    if isinstance(definition, QgsProcessingFeatureSourceDefinition) and definition.selectedFeaturesOnly:
        return False
    if layer is None or layer.providerType() != "ogr" or layer.subsetString():
        return False
    path = layer.source().split("|")[0]
    parts = layer.source().split("|")[1:]
    if any(p and not p.startswith("layerid=0") for p in parts):
        return False
    return os.path.isfile(path) and path.lower().endswith((".geojson", ".json")) and layer.crs().authid() in ("EPSG:4326", "OGC:CRS84")


def export_for_cli(alg, parameters, name, context, feedback, folder):
    """
    The path of a GeoJSON file in EPSG:4326 holding the features of parameter `name` (None when not given):
    the layer's own file when it already is one, else a copy reprojected by native:reprojectlayer (any
    format GDAL reads, any CRS, selected features only honoured). Returns (path, original source text).
    """
    definition = parameters.get(name)
    if definition is None or definition == "":
        return None, None
    layer = alg.parameterAsVectorLayer(parameters, name, context)
    if layer is None:
        source = alg.parameterAsSource(parameters, name, context)
        if source is None:
            return None, None
    original = layer.source() if layer is not None else str(definition)
    if _is_wgs84_geojson(layer, definition):
        return layer.source().split("|")[0], original
    import processing  # the Processing plugin's module, loaded by QGIS before any provider runs

    out = os.path.join(folder, f"{name.lower()}.geojson")
    feedback.pushInfo(f"{name}: exporting {layer.name() if layer is not None else original} ({layer.crs().authid() if layer is not None else '?'}) to GeoJSON in EPSG:4326 for minerisk")
    result = processing.run("native:reprojectlayer", {"INPUT": definition, "TARGET_CRS": "EPSG:4326", "OUTPUT": "TEMPORARY_OUTPUT"}, context=context, feedback=None, is_child_algorithm=True)
    reprojected = QgsProcessingUtils.mapLayerFromString(result["OUTPUT"], context)
    # RFC 7946 GeoJSON (no legacy "crs" member, which minerisk would report) at full precision: 15 decimals
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GeoJSON"
    options.fileEncoding = "UTF-8"
    options.layerOptions = ["RFC7946=YES", "COORDINATE_PRECISION=15", "WRITE_NAME=NO"]
    error = QgsVectorFileWriter.writeAsVectorFormatV3(reprojected, out, context.transformContext(), options)
    if error[0] != QgsVectorFileWriter.NoError:
        raise QgsProcessingException(f"{name}: could not export to GeoJSON for minerisk: {error[1]}")
    return out, original


def run_cli(args, feedback, allowed=(0,)):
    """
    Run minerisk with `args` plus --progress json; progress lines move the feedback bar, other stderr lines
    are shown as messages, cancelling kills the process. Returns (exit code, stdout), stdout None when
    cancelled; raises QgsProcessingException with the CLI's message when the exit code is not `allowed`.
    """
    argv = cli_command() + list(args) + ["--progress", "json"]
    feedback.pushCommandInfo(" ".join(_quote(a) for a in argv))
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, encoding="utf-8", errors="replace")
    lines = queue.Queue()
    out = []

    def read_stderr():
        for line in proc.stderr:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read_stderr, daemon=True).start()
    reader = threading.Thread(target=lambda: out.append(proc.stdout.read()), daemon=True)
    reader.start()
    error, text = None, []
    while True:
        if feedback.isCanceled():
            proc.kill()
            proc.wait()
            proc.stdout.close()
            proc.stderr.close()
            feedback.pushInfo("minerisk cancelled: the process was stopped")
            return proc.returncode, None
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            continue
        if line is None:
            break
        record = _json_line(line)
        if record is None:
            text.append(line)
            feedback.pushConsoleInfo(line)
        elif record.get("type") == "progress":
            feedback.setProgress(100.0 * float(record.get("fraction", 0)))
            feedback.setProgressText(str(record.get("phase", "")))
        elif record.get("type") == "error":
            error = record.get("message")
    code = proc.wait()
    reader.join()
    proc.stdout.close()
    proc.stderr.close()
    if code not in allowed:
        raise QgsProcessingException(f"minerisk failed (exit {code}): {error or chr(10).join(text) or 'no message'}")
    return code, out[0] if out else ""


def _json_line(line):
    if not line.startswith("{"):
        return None
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record if isinstance(record, dict) and "type" in record else None


def _quote(a):
    return a if a and all(c.isalnum() or c in "-_./:=,+@" for c in a) else "'" + a.replace("'", "'\\''") + "'"


class StylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Applies the .qml minerisk wrote beside a layer once Processing has loaded it."""

    keep = []  # Processing holds only a C++ pointer: Python must keep the instances alive

    def __init__(self, qml):
        super().__init__()
        self.qml = qml
        StylePostProcessor.keep.append(self)

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        message, ok = layer.loadNamedStyle(self.qml)
        if not ok:
            feedback.reportError(f"style {self.qml} not applied: {message}")
        layer.triggerRepaint()


#: Layers drawn lowest first: areas, then lines, then points.
LAYER_ORDER = ["density", "density-cells", "hotspot-cells", "network-density", "lixels", "hotspots", "route", "worst-stretches", "chainage", "clusters", "incidents"]


def load_output_layers(folder, context, feedback, prefix):
    """
    Queue every layer minerisk wrote in `folder` (NAME.geojson, else NAME.fgb, each with NAME.qml) to be
    loaded when the algorithm finishes, styled by its .qml. Returns the paths queued, in drawing order.
    """
    names = sorted({f.rsplit(".", 1)[0] for f in os.listdir(folder) if f.endswith(".qml")})
    names.sort(key=lambda n: (LAYER_ORDER.index(n) if n in LAYER_ORDER else -1, n))
    queued = []
    for name in names:
        path = next((os.path.join(folder, f"{name}.{ext}") for ext in ("geojson", "fgb") if os.path.exists(os.path.join(folder, f"{name}.{ext}"))), None)
        if path is None:
            continue
        details = QgsProcessingContext.LayerDetails(f"{prefix} {name}", context.project(), name)
        details.setPostProcessor(StylePostProcessor(os.path.join(folder, f"{name}.qml")))
        context.addLayerToLoadOnCompletion(path, details)
        queued.append(path)
    feedback.pushInfo(f"{len(queued)} layer(s) to load from {folder}")
    return queued
