#!/usr/bin/env Rscript
# Reference fixture for k-nearest ties and Gi* on a data set full of exact distance ties: R spdep
# knearneigh / knn2nb / dnearneigh / localG with include.self().
#
# Tool: Debian bookworm r-cran-spdep (packageVersion("spdep") and R.version.string are recorded in the
# fixture, and whether the dbscan package is present). Run from the repository root:
#
#     Rscript scripts/reference/gistar-ties-spdep.R > test/fixtures/hotspots/gistar-ties-spdep.json
#
# Which knearneigh runs: spdep 1.2-7 knearneigh() uses dbscan::kNN (an ANN kd-tree) only when the dbscan
# package is installed AND no two points coincide; otherwise it calls its own C routine
# (.C("knearneigh"); its C source is not installed, so its rule is established by experiment here).
# Debian's r-cran-spdep does not pull in dbscan, and this data set has
# coincident sites anyway, so the C routine made every list here ("knnEngine" in the fixture says so).
# Its tie rule, established by experiment (see the "sqrtTie" and "knnCases" parts below): sort by the
# rounded distance sqrt(dx^2 + dy^2), then by the lower site index.
#
# Inputs: none; set.seed(20261202). Synthetic test data, labelled so in the fixture:
#  - "lattice": a 10 x 10 grid at 100 m spacing (integer metres) plus 18 coincident sites (a stack of
#    10 at one grid point, 5 at another, 3 at a third — incidents geocoded to one village), listed in a
#    random order; Poisson counts with a planted hot cluster. For k = 4 and k = 6 nearest and for a
#    100 m band (distance exactly equal to the band at every grid step): neighbour lists (1-based),
#    counts, localG z-scores, 2*pnorm(-|z|), p.adjust("BH").
#  - "knnCases": 120 small random integer point sets (some with coincident points) with a random k and
#    knearneigh's nn matrix (1-based), to test the tie rule on its own.
#  - "sqrtTie": two points whose squared distances from the origin differ by one ulp but whose rounded
#    distances are equal; the farther one (in squared distance) has the lower index.
# No jsonlite in Debian's base set: the JSON is written by hand with 17 significant digits.
suppressPackageStartupMessages(library(spdep))

num <- function(a) paste0("[", paste(sprintf("%.17g", a), collapse = ","), "]")
int <- function(a) paste0("[", paste(as.integer(a), collapse = ","), "]")
nblist <- function(nb) paste0("[", paste(vapply(nb, function(v) int(v[v > 0]), ""), collapse = ","), "]")
engine <- function(x) if (requireNamespace("dbscan", quietly = TRUE) && !any(duplicated(x))) "dbscan" else "C"

set.seed(20261202)
grid <- expand.grid(gx = 0:9, gy = 0:9)
stack <- rbind(matrix(c(400, 500), 10, 2, byrow = TRUE), matrix(c(700, 200), 5, 2, byrow = TRUE), matrix(c(100, 800), 3, 2, byrow = TRUE))
pts <- rbind(cbind(grid$gx * 100, grid$gy * 100), stack)
pts <- pts[sample(nrow(pts)), ]
x <- pts[, 1]
y <- pts[, 2]
hot <- sqrt((x - 500)^2 + (y - 400)^2) <= 250
v <- rpois(nrow(pts), ifelse(hot, 8, 2))
stopifnot(engine(pts) == "C")

case <- function(nb) {
  lw <- nb2listw(include.self(nb), style = "B")
  z <- as.numeric(localG(v, lw))
  p <- 2 * pnorm(-abs(z))
  q <- p.adjust(p, method = "BH")
  sprintf('{"neighbours":%s,"cardinality":%s,"z":%s,"p":%s,"q":%s}', nblist(nb), int(card(nb)), num(z), num(p), num(q))
}
knn4 <- case(suppressWarnings(knn2nb(knearneigh(pts, k = 4))))
knn6 <- case(suppressWarnings(knn2nb(knearneigh(pts, k = 6))))
band <- case(suppressWarnings(dnearneigh(pts, 0, 100)))

cases <- character(0)
for (t in 1:120) {
  g <- sample(2:8, 1)
  m <- sample(6:40, 1)
  cx <- cbind(sample(0:g, m, TRUE), sample(0:g, m, TRUE))
  if (t %% 2 == 0) cx <- unique(cx)
  m <- nrow(cx)
  if (m < 3) next
  k <- sample(1:min(m - 1, 12), 1)
  nn <- suppressWarnings(knearneigh(cx, k)$nn)
  cases <- c(cases, sprintf('{"x":%s,"y":%s,"k":%d,"engine":"%s","nn":%s}', int(cx[, 1]), int(cx[, 2]), k, engine(cx), int(t(nn))))
}

# search for x, y with fl(x^2) < fl(x^2 + y^2) but equal square roots
sx <- NA
for (a in seq(3.1, 3.2, by = 1e-4)) {
  for (b in 10^seq(-9, -7, by = 0.01)) if (a * a + b * b > a * a && sqrt(a * a + b * b) == sqrt(a * a)) { sx <- a; sy <- b; break }
  if (!is.na(sx)) break
}
tie <- rbind(c(0, 0), c(sx, sy), c(sx, 0), c(100, 100))
sqrtTie <- sprintf('{"x":%s,"y":%s,"k":1,"nn":%s}', num(tie[, 1]), num(tie[, 2]), int(t(knearneigh(tie, 1)$nn)))

cat(sprintf(
  '{"generator":"scripts/reference/gistar-ties-spdep.R","tool":{"spdep":"%s","R":"%s","dbscanInstalled":%s,"knnEngine":"%s"},"synthetic":true,"lattice":{"x":%s,"y":%s,"values":%s,"bandM":100,"knn4":%s,"knn6":%s,"band":%s},"knnCases":[%s],"sqrtTie":%s}\n',
  as.character(packageVersion("spdep")), R.version.string, tolower(requireNamespace("dbscan", quietly = TRUE)), engine(pts),
  num(x), num(y), int(v), knn4, knn6, band, paste(cases, collapse = ","), sqrtTie
))
