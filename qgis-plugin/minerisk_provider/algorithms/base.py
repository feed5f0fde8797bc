"""
What every minerisk algorithm shares: the input layers (exported for the CLI when needed), the field
mapping (a file, or incident fields picked in QGIS), running the CLI, and loading its layers and intake report.
"""
import json
import os
import tempfile

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingUtils,
)

from .. import intake, utils

LAYERS = {
    "ROADS": ("--roads", "Roads (lines)", QgsProcessing.TypeVectorLine),
    "INCIDENTS": ("--incidents", "Mine/ERW incidents (points)", QgsProcessing.TypeVectorPoint),
    "HAZARDS": ("--hazards", "Hazard areas (polygons, with a status field)", QgsProcessing.TypeVectorPolygon),
    "PLACES": ("--places", "Named places (points with a name field)", QgsProcessing.TypeVectorPoint),
}
INCIDENT_FIELDS = [("ID_FIELD", "id", "Incident id field"), ("DATE_FIELD", "date", "Incident date field"), ("DEVICE_FIELD", "device", "Device field"), ("KILLED_FIELD", "killed", "Killed field"), ("INJURED_FIELD", "injured", "Injured field")]
DUPLICATES = ["keep", "merge"]


class MineriskAlgorithm(QgsProcessingAlgorithm):
    command = ""
    title = ""
    group_name = "Analysis"
    help_text = ""
    #: Input layers this command takes (keys of LAYERS).
    layers = ("ROADS", "INCIDENTS", "HAZARDS", "PLACES")
    #: Options (options.Option) shown before the output.
    options = ()
    #: Whether the command writes layers and intake-report.json into --out.
    writes_folder = True
    writes_intake = True

    def createInstance(self):  # noqa: N802
        return type(self)()

    def name(self):
        return self.command

    def displayName(self):  # noqa: N802
        return self.title

    def group(self):
        return self.group_name

    def groupId(self):  # noqa: N802
        return self.group_name.lower()

    def shortHelpString(self):  # noqa: N802
        return self.help_text + "\n\nRuns the minerisk CLI (`minerisk " + self.command + "`). It ranks and estimates risk from records; it never certifies a road safe."

    def initAlgorithm(self, config=None):  # noqa: N802
        for key in self.layers:
            _, label, kind = LAYERS[key]
            # every command falls back to the shipped Shusha–Fuzuli study area when no roads are given
            suffix = " [empty: the shipped Shusha–Fuzuli study area]" if key == "ROADS" else ""
            self.addParameter(QgsProcessingParameterFeatureSource(key, label + suffix, [kind], optional=True))
        if "INCIDENTS" in self.layers:
            for key, _, label in INCIDENT_FIELDS:
                self.addParameter(QgsProcessingParameterField(key, label + " [empty: minerisk's usual names]", parentLayerParameterName="INCIDENTS", optional=True))
        self.addParameter(QgsProcessingParameterFile("MAPPING", "Field-mapping JSON (instead of the fields above)", extension="json", optional=True))
        self.addParameter(QgsProcessingParameterBoolean("LENIENT", "Lenient: keep good records, repair or reject the rest (all reported)", defaultValue=False))
        self.addParameter(QgsProcessingParameterEnum("DUPLICATES", "Duplicate incidents and hazard areas", options=DUPLICATES, defaultValue=0))
        for option in self.options:
            self.addParameter(option.parameter())
        if self.writes_folder:
            self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT_FOLDER", "Output folder"))
        if self.writes_intake:
            intake.add_intake_sinks(self)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        work = tempfile.mkdtemp(prefix=f"minerisk-{self.command}-", dir=QgsProcessingUtils.tempFolder())
        args, names = self.input_args(parameters, context, feedback, work)
        for option in self.options:
            args += option.args(self, parameters, context)
        out = None
        if self.writes_folder:
            out = os.path.abspath(self.parameterAsString(parameters, "OUTPUT_FOLDER", context))
            os.makedirs(out, exist_ok=True)
            args += ["--out", out]
        code, stdout = utils.run_cli([self.command] + args + self.extra_args(), feedback, allowed=self.allowed_exit_codes())
        if stdout is None:
            return {}
        results = {}
        if out is not None:
            results["OUTPUT_FOLDER"] = out
            utils.load_output_layers(out, context, feedback, self.command)
        report = self.intake_report(out, stdout)
        if code != 0 and report is None:
            raise QgsProcessingException(f"minerisk {self.command} failed (exit {code}) without a report")
        if self.writes_intake and report is not None:
            results.update(intake.write_intake(self, parameters, context, report, names))
        self.finish(stdout, out, feedback, code)
        return results

    def input_args(self, parameters, context, feedback, work):
        """CLI flags for the input layers (exported to GeoJSON in EPSG:4326 when they are not) and the mapping."""
        args, names = [], {}
        for key in self.layers:
            path, original = utils.export_for_cli(self, parameters, key, context, feedback, work)
            if path is not None:
                args += [LAYERS[key][0], os.path.abspath(path)]
                names[os.path.abspath(path)] = original
        mapping = self.parameterAsFile(parameters, "MAPPING", context)
        fields = {}
        if "INCIDENTS" in self.layers:
            for key, field, _ in INCIDENT_FIELDS:
                chosen = self.parameterAsFields(parameters, key, context)
                if chosen:
                    fields[field] = chosen[0]
        if fields and mapping:
            raise QgsProcessingException("give either a field-mapping JSON or incident fields, not both")
        if fields:
            mapping = os.path.join(work, "mapping.json")
            with open(mapping, "w", encoding="utf-8") as f:
                json.dump({"name": "fields chosen in QGIS", "fields": fields}, f, indent=2)
        if mapping:
            args += ["--mapping", mapping]
        if self.parameterAsBool(parameters, "LENIENT", context):
            args.append("--lenient")
        args += ["--duplicates", DUPLICATES[self.parameterAsEnum(parameters, "DUPLICATES", context)]]
        return args, names

    def extra_args(self):
        return ["--quiet"]

    def allowed_exit_codes(self):
        return (0,)

    def intake_report(self, out, stdout):
        path = os.path.join(out, "intake-report.json") if out else None
        return intake.read_report(path) if path and os.path.exists(path) else None

    def finish(self, stdout, out, feedback, code):
        if stdout.strip():
            feedback.pushInfo(stdout)
