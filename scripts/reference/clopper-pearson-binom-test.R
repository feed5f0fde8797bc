# Reference values for test/analyses/risk/record-completeness.test.ts: Clopper-Pearson 95 % intervals
# from R's binom.test (stats package). Run: Rscript scripts/reference/clopper-pearson-binom-test.R
cases <- list(c(10, 100), c(33, 341), c(0, 59), c(59, 59), c(1, 415))
cat(sprintf("R %s\n", paste(R.version$major, R.version$minor, sep = ".")))
for (k in cases) {
  ci <- binom.test(k[1], k[2])$conf.int
  cat(sprintf("[%d, %d, %.15g, %.15g],\n", k[1], k[2], ci[1], ci[2]))
}
