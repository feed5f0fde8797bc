"""Typed Processing parameters that each become one CLI flag (numbers with units, enums, booleans, text, files)."""
from qgis.core import (
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)


class Option:
    """A parameter `name` shown as `label`, passed as `flag`; kind: double, int, enum, bool, string or file."""

    def __init__(self, name, flag, label, kind, default=None, minimum=None, maximum=None, choices=None, negate=False, optional=None):
        self.name, self.flag, self.label, self.kind = name, flag, label, kind
        self.default, self.minimum, self.maximum, self.choices, self.negate = default, minimum, maximum, choices, negate
        self.optional = default is None if optional is None else optional

    def parameter(self):
        if self.kind in ("double", "int"):
            p = QgsProcessingParameterNumber(self.name, self.label, QgsProcessingParameterNumber.Double if self.kind == "double" else QgsProcessingParameterNumber.Integer, defaultValue=self.default, optional=self.optional)
            if self.minimum is not None:
                p.setMinimum(self.minimum)
            if self.maximum is not None:
                p.setMaximum(self.maximum)
            return p
        if self.kind == "enum":
            return QgsProcessingParameterEnum(self.name, self.label, options=self.choices, defaultValue=self.choices.index(self.default), optional=False)
        if self.kind == "bool":
            return QgsProcessingParameterBoolean(self.name, self.label, defaultValue=bool(self.default))
        if self.kind == "string":
            return QgsProcessingParameterString(self.name, self.label, defaultValue=self.default, optional=self.optional)
        if self.kind == "file":
            return QgsProcessingParameterFile(self.name, self.label, optional=True)
        raise ValueError(self.kind)

    def args(self, alg, parameters, context):
        """The CLI arguments for this parameter's value ([] when not given)."""
        given = parameters.get(self.name)
        if self.kind in ("double", "int"):
            if given is None or given == "":
                return []
            v = alg.parameterAsDouble(parameters, self.name, context) if self.kind == "double" else alg.parameterAsInt(parameters, self.name, context)
            return [self.flag, _number(v)]
        if self.kind == "enum":
            return [self.flag, self.choices[alg.parameterAsEnum(parameters, self.name, context)]]
        if self.kind == "bool":
            on = alg.parameterAsBool(parameters, self.name, context) if given is not None else bool(self.default)
            return [self.flag] if on != self.negate else []
        v = alg.parameterAsString(parameters, self.name, context) if given is not None else (self.default or "")
        if self.kind == "file":
            v = alg.parameterAsFile(parameters, self.name, context)
        return [self.flag, v] if v else []


def _number(v):
    """A number as the CLI reads it: integers without ".0", others in full precision."""
    return str(int(v)) if float(v).is_integer() else repr(float(v))
