from .base import MineriskAlgorithm
from .options import Option
from .shared import LIXEL_LENGTH, WORKING_CRS

KERNELS = ["quartic", "gaussian", "epanechnikov", "triangular", "uniform"]


class DensityAlgorithm(MineriskAlgorithm):
    command = "density"
    title = "Density: kernel density of incidents"
    group_name = "Density and hot spots"
    help_text = "Planar kernel density of incidents (GeoTIFF and cell layers) and, with network KDE, density along the roads per lixel. Loads the cells (and network density) with their styles; density.tif is in the output folder."
    layers = ("ROADS", "INCIDENTS", "HAZARDS", "PLACES")
    options = (
        Option("BANDWIDTH", "--bandwidth", "Bandwidth (metres)", "double", default=2000, minimum=1),
        Option("KERNEL", "--kernel", "Kernel", "enum", default="quartic", choices=KERNELS),
        Option("CELL_SIZE", "--cell-size", "Cell size (metres)", "double", default=250, minimum=1),
        Option("MAX_CELLS", "--max-cells", "Largest number of density cells written (a denser grid is refused, with a cell size that fits)", "int", default=500000, minimum=1),
        Option("CELLS", "--cells", "Cell shape", "enum", default="square", choices=["square", "hex", "h3"]),
        Option("ADAPTIVE", "--adaptive", "Adaptive (Abramson) bandwidths", "bool", default=False),
        Option("WIDEN", "--no-widen", "Widen kernels by each incident's location precision", "bool", default=True, negate=True),
        Option("HALF_LIFE", "--half-life", "Weight incidents by age with this half-life (days; empty: no decay)", "double", minimum=1),
        Option("PER_CASUALTY", "--per-casualty", "Casualty weight w: weight × (1 + w × (killed + injured))", "double", default=0, minimum=0),
        Option("CORRIDOR", "--corridor", "Keep only cells within this distance of a road (metres; empty: all)", "double", minimum=0),
        Option("NETWORK", "--network", "Also network KDE along the roads", "bool", default=False),
        Option("METHOD", "--method", "Network KDE estimator", "enum", default="discontinuous", choices=["simple", "discontinuous", "continuous"]),
        Option("NETWORK_BANDWIDTH", "--network-bandwidth", "Network KDE bandwidth along the roads (metres)", "double", default=1000, minimum=1),
        LIXEL_LENGTH,
        WORKING_CRS,
    )
