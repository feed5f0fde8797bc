#!/usr/bin/env Rscript
# Reference fixture for the Fay & Feuer (1997) gamma interval of a weighted Poisson count
# (src/analyses/level/level-interval.ts): R epitools::ageadjust.direct, an independent implementation.
#
# Tool: Debian bookworm r-cran-epitools (packageVersion("epitools") and R.version.string are recorded in
# the fixture). Run from the repository root:
#
#     Rscript scripts/reference/fay-feuer-epitools.R > test/fixtures/risk/fay-feuer-epitools.json
#
# Mapping: one stratum per event (count 1, population 1, standard population wᵢ), so ageadjust.direct's
# standard weights are wᵢ/W with W = Σ wᵢ; the interval is scale-equivariant, so the interval for the
# weights wᵢ is W × epitools' (lci, uci). Inputs: fixed weight vectors (Garwood's case wᵢ = 1; decay-like
# weights 2^(−age/3) × road shares; one heavy weight among light ones) and set.seed(20230919) random ones —
# synthetic test data, labelled so in the fixture.
# No jsonlite in Debian's base set: the JSON is written by hand with 17 significant digits.
suppressPackageStartupMessages(library(epitools))

set.seed(20230919)
cases <- list(
  garwood_1 = 1,
  garwood_3 = rep(1, 3),
  garwood_10 = rep(1, 10),
  decay_like = 2^(-c(0.2, 0.9, 1.5, 2.4, 3.1) / 3) * c(1, 0.8, 0.35, 1, 0.12),
  one_heavy = c(5, rep(0.1, 20)),
  random_40 = runif(40, 0.01, 1),
  random_400 = rexp(400)
)
num <- function(a) paste0("[", paste(sprintf("%.17g", a), collapse = ","), "]")
out <- sapply(names(cases), function(name) {
  w <- cases[[name]]
  for (conf in c(0.95, 0.8)) {
    r <- ageadjust.direct(count = rep(1, length(w)), pop = rep(1, length(w)), stdpop = w, conf.level = conf)
    if (conf == 0.95) r95 <- r else r80 <- r
  }
  W <- sum(w)
  sprintf('{"name":"%s","weights":%s,"low95":%.17g,"high95":%.17g,"low80":%.17g,"high80":%.17g}',
    name, num(w), W * r95[["lci"]], W * r95[["uci"]], W * r80[["lci"]], W * r80[["uci"]])
})
cat(sprintf('{"tool":"%s; epitools %s","synthetic":true,"generator":"scripts/reference/fay-feuer-epitools.R","cases":[%s]}\n',
  R.version.string, as.character(packageVersion("epitools")), paste(out, collapse = ",")))
