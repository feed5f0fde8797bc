import json

from .base import MineriskAlgorithm


class ValidateAlgorithm(MineriskAlgorithm):
    command = "validate"
    title = "Validate inputs (intake report)"
    group_name = "Model checks"
    help_text = "Reads the layers as the analysis would and reports, per input, records read, used, repaired and rejected and every issue, as two tables. Analyses nothing. A report with errors is still returned, with a warning."
    writes_folder = False

    def input_args(self, parameters, context, feedback, work):
        args, names = super().input_args(parameters, context, feedback, work)
        # validate takes the files as arguments and finds each one's layer itself; --places is not an input layer here
        files, rest, k = [], [], 0
        while k < len(args):
            if args[k] in ("--roads", "--incidents", "--hazards"):
                files.append(args[k + 1])
                k += 2
            elif args[k] == "--places":
                k += 2
            else:
                rest.append(args[k])
                k += 1
        return files + rest + ["--json"], names

    def extra_args(self):
        return []

    def allowed_exit_codes(self):
        return (0, 2)  # 2: the report lists errors (checked below), or a flag error (no report: raised then)

    def intake_report(self, out, stdout):
        try:
            return json.loads(stdout)
        except ValueError:
            return None

    def finish(self, stdout, out, feedback, code):
        if code != 0:
            feedback.reportError("the input has problems: see the intake tables", fatalError=False)
