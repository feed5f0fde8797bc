import os

from qgis.core import QgsProcessing, QgsProcessingParameterFeatureSource

from .. import utils
from .base import MineriskAlgorithm
from .options import Option
from .shared import MODEL_OPTIONS


class RouteAlgorithm(MineriskAlgorithm):
    command = "route"
    title = "Route: shortest and safest route, corridor report"
    group_name = "Routing"
    help_text = "The least-cost route between two places (cost = length × (1 + λ × rate)), its worst stretches, alternatives and the length–risk trade-off. Loads the route, worst stretches and chainage markers with their styles; route.json and the charts are in the output folder."
    writes_intake = False  # `minerisk route` writes no intake report
    options = (
        Option("FROM", "--from", 'Start: place name or "lon,lat"', "string", optional=False, default="Shusha"),
        Option("TO", "--to", 'End: place name or "lon,lat"', "string", optional=False, default="Fuzuli"),
        Option("LAMBDA", "--lambda", "Risk aversion λ (km·year per incident; 0 = shortest)", "double", default=0, minimum=0),
        Option("ALTERNATIVES", "--alternatives", "Routes to list (penalty method)", "int", default=1, minimum=1, maximum=10),
        Option("AVOID_BUFFER", "--avoid-buffer", "Also avoid roads within this distance of an avoid area (metres)", "double", default=0, minimum=0),
        Option("MAX_RATE", "--max-rate", "Never use road pieces above this rate (incidents/km/year; empty: no cut-off)", "double", minimum=0),
        Option("ONEWAY", "--oneway", "Honour OSM oneway tags", "bool", default=False),
        Option("STRETCH_LENGTH", "--stretch-length", "Length of the corridor report's stretches (metres)", "double", default=1000, minimum=1),
        Option("WORST", "--worst", "Worst stretches to list at least", "int", default=5, minimum=0),
        Option("CHAINAGE_KM", "--chainage-km", "A chainage marker every n km (kilometres; empty: none)", "double", minimum=0.1, maximum=1000),
    ) + MODEL_OPTIONS

    def initAlgorithm(self, config=None):  # noqa: N802
        super().initAlgorithm(config)
        self.addParameter(QgsProcessingParameterFeatureSource("AVOID", "Areas never to drive through (polygons)", [QgsProcessing.TypeVectorPolygon], optional=True))

    def input_args(self, parameters, context, feedback, work):
        args, names = super().input_args(parameters, context, feedback, work)
        path, original = utils.export_for_cli(self, parameters, "AVOID", context, feedback, work)
        if path is not None:
            args += ["--avoid", os.path.abspath(path)]
            names[os.path.abspath(path)] = original
        return args, names

    def extra_args(self):
        return []  # route has no --quiet: its text report goes to the log
