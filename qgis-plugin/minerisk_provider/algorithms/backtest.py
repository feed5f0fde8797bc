from qgis.core import QgsProcessingOutputFile

from .base import MineriskAlgorithm
from .options import Option
from .shared import LIXEL_LENGTH


class BacktestAlgorithm(MineriskAlgorithm):
    command = "backtest"
    title = "Backtest: the risk model on later incidents"
    group_name = "Model checks"
    help_text = "Fits the risk model on the incidents up to each cut-off year and scores the forecast of the next years (hit rate, PAI, AUC, calibration) against baselines. backtest.md/.json/.png are in the output folder; the table is also in the log."
    layers = ("ROADS", "INCIDENTS", "HAZARDS")
    options = (
        Option("CUTOFF", "--cutoff", "Cut-off year(s), comma-separated", "string", optional=False, default=""),
        Option("TEST_YEARS", "--test-years", "Years after each cut-off to score (years)", "int", default=2, minimum=1),
        Option("CONFIG", "--config", "Risk-model config JSON", "file"),
        Option("TARGET_TYPES", "--target-types", "Event types to score, comma-separated (empty: the config's)", "string"),
        Option("SNAP_TOLERANCE", "--snap-tolerance", "A test incident counts within this distance of a road (metres; empty: the config's)", "double", minimum=0),
        Option("REGIONS", "--regions", "Also score k west-to-east bands (empty: none)", "int", minimum=1),
        Option("SEED", "--seed", "Seed of the random baseline", "int", default=1),
        LIXEL_LENGTH,
    )

    def initAlgorithm(self, config=None):  # noqa: N802
        super().initAlgorithm(config)
        self.addOutput(QgsProcessingOutputFile("BACKTEST_TABLE", "Backtest table (markdown)"))

    def extra_args(self):
        return []

    def finish(self, stdout, out, feedback, code):
        feedback.pushInfo(stdout)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        results = super().processAlgorithm(parameters, context, feedback)
        if results.get("OUTPUT_FOLDER"):
            results["BACKTEST_TABLE"] = results["OUTPUT_FOLDER"] + "/backtest.md"
        return results
