"""Options several commands share, each as the CLI documents it (`minerisk COMMAND --help`)."""
from .options import Option

LIXEL_LENGTH = Option("LIXEL_LENGTH", "--lixel-length", "Maximum lixel length (metres)", "double", default=100, minimum=1)
WORKING_CRS = Option("WORKING_CRS", "--working-crs", "Working CRS, projected proj string in metres (empty: a transverse Mercator fitted to the roads)", "string")

MODEL_OPTIONS = (
    Option("CONFIG", "--config", "Risk-model config JSON (docs/risk-model.md)", "file"),
    Option("AS_OF", "--as-of", "Date of the estimate, YYYY-MM-DD (empty: the latest incident date)", "string"),
    Option("WINDOW_YEARS", "--window-years", "Years the incident records cover, ending at the as-of date (empty: the span of the dated incidents)", "double", minimum=0),
    LIXEL_LENGTH,
    WORKING_CRS,
)
