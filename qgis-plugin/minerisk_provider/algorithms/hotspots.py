from .base import MineriskAlgorithm
from .options import Option
from .shared import LIXEL_LENGTH, WORKING_CRS


class HotspotsAlgorithm(MineriskAlgorithm):
    command = "hotspots"
    title = "Hot spots: Getis-Ord Gi*"
    group_name = "Density and hot spots"
    help_text = "Getis-Ord Gi* hot and cold spots of incidents on road lixels or square cells (Benjamini–Hochberg adjusted), optional DBSCAN clusters. Loads the hot-spot layer (and clusters) with their styles."
    options = (
        Option("ON", "--on", "Units", "enum", default="lixels", choices=["lixels", "cells"]),
        Option("CELL_SIZE", "--cell-size", "Square cell size for cells (metres)", "double", default=1000, minimum=1),
        Option("BAND", "--band", "Neighbours within this distance (metres)", "double", default=1000, minimum=1),
        Option("PERMUTATIONS", "--permutations", "Conditional permutations for pseudo p-values (0 = none)", "int", default=0, minimum=0),
        Option("SEED", "--seed", "Seed of the permutations", "int", default=1),
        Option("FDR", "--no-fdr", "Benjamini–Hochberg adjusted p-values", "bool", default=True, negate=True),
        Option("SNAP", "--snap", "Lixels: incidents farther than this from a road are not counted (metres)", "double", default=1000, minimum=0),
        Option("CLUSTER_EPS", "--cluster-eps", "Also DBSCAN clusters with this radius (metres; empty: none)", "double", minimum=1),
        Option("CLUSTER_MIN", "--cluster-min", "DBSCAN minimum points", "int", default=3, minimum=1),
        LIXEL_LENGTH,
        WORKING_CRS,
    )
