"""minerisk's intake report (intake-report.json: per file read/used/repaired/rejected and every issue) as two tables."""
import json

from qgis.core import QgsProcessingContext, QgsFeature, QgsFeatureSink, QgsField, QgsFields, QgsProcessing, QgsProcessingParameterFeatureSink, QgsWkbTypes
from qgis.PyQt.QtCore import QVariant

FILES = "INTAKE"
ISSUES = "INTAKE_ISSUES"
TITLES = {FILES: "Intake report", ISSUES: "Intake issues"}


def add_intake_sinks(alg):
    # tables (no geometry); made by default, as temporary layers, also when a script does not name them
    alg.addParameter(QgsProcessingParameterFeatureSink(FILES, "Intake report (per input)", QgsProcessing.TypeVector, defaultValue="TEMPORARY_OUTPUT", optional=True, createByDefault=True))
    alg.addParameter(QgsProcessingParameterFeatureSink(ISSUES, "Intake issues", QgsProcessing.TypeVector, defaultValue="TEMPORARY_OUTPUT", optional=True, createByDefault=True))


def _fields(spec):
    fields = QgsFields()
    for name, kind in spec:
        fields.append(QgsField(name, QVariant.Int if kind == "int" else QVariant.String))
    return fields


FILE_FIELDS = [("input", "str"), ("layer", "str"), ("read", "int"), ("used", "int"), ("repaired", "int"), ("rejected", "int"), ("errors", "int"), ("warnings", "int")]
ISSUE_FIELDS = [("input", "str"), ("layer", "str"), ("record", "int"), ("record_id", "str"), ("field", "str"), ("code", "str"), ("severity", "str"), ("action", "str"), ("message", "str")]


def write_intake(alg, parameters, context, report, names):
    """Fill the intake sinks from a parsed intake report; `names` maps the files the CLI read to what the user gave."""
    results = {}
    files = report.get("files", []) if isinstance(report, dict) else []
    for key, spec, rows in (
        (FILES, FILE_FIELDS, [_file_row(f, names) for f in files]),
        (ISSUES, ISSUE_FIELDS, [_issue_row(f, i, names) for f in files for i in f.get("issues", [])]),
    ):
        sink, dest = alg.parameterAsSink(parameters, key, context, _fields(spec), QgsWkbTypes.NoGeometry)
        if sink is None:
            continue
        for row in rows:
            feature = QgsFeature(_fields(spec))
            feature.setAttributes([row[name] for name, _ in spec])
            sink.addFeature(feature, QgsFeatureSink.FastInsert)
        results[key] = dest
        if not context.willLoadLayerOnCompletion(dest) and context.project() is not None:
            # named or not by the caller, the tables are loaded with the layers (the dialog always names them)
            context.addLayerToLoadOnCompletion(dest, QgsProcessingContext.LayerDetails(TITLES[key], context.project(), key))
    return results


def _file_row(f, names):
    issues = f.get("issues", [])
    return {
        "input": names.get(f.get("file"), f.get("file")),
        "layer": f.get("layer"),
        "read": f.get("read"),
        "used": f.get("used"),
        "repaired": f.get("repaired"),
        "rejected": f.get("rejected"),
        "errors": sum(1 for i in issues if i.get("severity") == "error"),
        "warnings": sum(1 for i in issues if i.get("severity") == "warning"),
    }


def _named(text, names):
    """A message with the temporary files the CLI read replaced by the layers the user gave."""
    if not isinstance(text, str):
        return text
    for path, name in names.items():
        text = text.replace(path, name)
    return text


def _issue_row(f, i, names):
    return {
        "input": names.get(f.get("file"), f.get("file")),
        "layer": f.get("layer"),
        "record": i.get("record"),
        "record_id": None if i.get("id") is None else str(i.get("id")),
        "field": i.get("field"),
        "code": i.get("code"),
        "severity": i.get("severity"),
        "action": i.get("action"),
        "message": _named(i.get("message"), names),
    }


def read_report(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)
