#!/usr/bin/env Rscript
# Reference fixture for Getis-Ord Gi*: R spdep localG with include.self() (which makes G into Gi*).
#
# Tool: Debian bookworm r-cran-spdep (packageVersion("spdep") and R.version.string are recorded in the
# fixture). Run from the repository root:
#
#     Rscript scripts/reference/gistar-spdep.R > test/fixtures/hotspots/gistar-spdep.json
#
# Inputs: none. set.seed(20230919) draws 80 sites in a 10 km square and Poisson counts with a planted
# hot cluster and a cold corner (synthetic test data, labelled so in the fixture).
# Output: JSON with the coordinates (metres), values, and for two neighbour definitions — a 1.5 km
# distance band (dnearneigh(0, 1500)) and the 6 nearest neighbours (knn2nb(knearneigh(k = 6))), each
# with include.self() and binary weights (style "B") — the neighbour counts, the Gi* z-scores,
# two-sided normal p-values 2·pnorm(−|z|) and their Benjamini–Hochberg adjustment p.adjust("BH").
# No jsonlite in Debian's base set: the JSON is written by hand with 17 significant digits.
suppressPackageStartupMessages(library(spdep))

set.seed(20230919)
n <- 80
x <- runif(n, 0, 10000)
y <- runif(n, 0, 10000)
hot <- sqrt((x - 7000)^2 + (y - 3000)^2) < 2000
cold <- x < 3000 & y > 7000
v <- rpois(n, ifelse(hot, 9, ifelse(cold, 0.5, 3)))
coords <- cbind(x, y)

num <- function(a) paste0("[", paste(sprintf("%.17g", a), collapse = ","), "]")
case <- function(nb) {
  lw <- nb2listw(include.self(nb), style = "B")
  z <- as.numeric(localG(v, lw))
  p <- 2 * pnorm(-abs(z))
  q <- p.adjust(p, method = "BH")
  sprintf('{"cardinality":%s,"z":%s,"p":%s,"q":%s}', num(card(nb)), num(z), num(p), num(q))
}
band <- case(dnearneigh(coords, 0, 1500))
knn <- case(knn2nb(knearneigh(coords, k = 6)))

cat(sprintf(
  '{"generator":"scripts/reference/gistar-spdep.R","tool":{"spdep":"%s","R":"%s"},"synthetic":true,"x":%s,"y":%s,"values":%s,"bandM":1500,"k":6,"band":%s,"knn":%s}\n',
  as.character(packageVersion("spdep")), R.version.string, num(x), num(y), num(v), band, knn
))
