from .base import MineriskAlgorithm
from .options import Option
from .shared import MODEL_OPTIONS


class AnalyzeAlgorithm(MineriskAlgorithm):
    command = "analyze"
    title = "Analyze: risk along roads, density and route"
    help_text = "Scores every road piece (lixel) for recorded mine/ERW risk (incidents per km per year, with intervals), maps incident density and, given From and To, reports the corridor between them. Loads lixels, incidents, density, route and worst stretches with their styles."
    options = (
        Option("FROM", "--from", 'Route start: place name or "lon,lat"', "string"),
        Option("TO", "--to", 'Route end: place name or "lon,lat"', "string"),
        Option("LAMBDA", "--lambda", "Risk aversion λ for the route (km·year per incident; 0 = shortest)", "double", default=0, minimum=0),
        Option("COMPLETENESS", "--completeness", 'Scale rates to all incidents: share in (0, 1] (empty: report the share only)', "string"),
    ) + MODEL_OPTIONS
