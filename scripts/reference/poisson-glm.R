#!/usr/bin/env Rscript
# Reference fixture for src/analyses/model/poisson-fit.ts with ridge = 0: R's glm(family = poisson), an
# independent IRLS implementation (stats package), with the offset log(length) as the ranking model uses it.
#
# Tool: Debian bookworm r-base-core (R.version.string is recorded in the fixture). Run from the repository root:
#
#     Rscript scripts/reference/poisson-glm.R > test/fixtures/model/poisson-glm.json
#
# Data: synthetic (set.seed(17)), labelled so in the fixture: 400 rows, three features of different scales
# (one log-normal, one binary, one nearly irrelevant), lengths 20–100 m, counts from the true model.
# glm is run with epsilon = 1e-15 and maxit = 100 so its own stopping rule does not limit the comparison.
# No jsonlite in Debian's base set: the JSON is written by hand with 17 significant digits.
set.seed(17)
n <- 400
x1 <- rlnorm(n, 0, 1)
x2 <- rbinom(n, 1, 0.3)
x3 <- rnorm(n, 5, 2)
len <- runif(n, 20, 100)
eta <- -5 + 0.6 * log1p(x1) + 0.8 * x2 + 0.01 * x3 + log(len)
y <- rpois(n, exp(eta))
fit <- glm(y ~ x1 + x2 + x3 + offset(log(len)), family = poisson(), control = glm.control(epsilon = 1e-15, maxit = 100))
num <- function(a) paste0("[", paste(sprintf("%.17g", a), collapse = ","), "]")
cat("{\n")
cat(sprintf('  "tool": "%s, stats::glm(family = poisson)",\n', R.version.string))
cat('  "synthetic": "set.seed(17) simulated Poisson counts, not real data",\n')
cat(sprintf('  "x": %s,\n', num(as.vector(t(cbind(x1, x2, x3))))))
cat(sprintf('  "lengthM": %s,\n', num(len)))
cat(sprintf('  "y": %s,\n', num(y)))
cat(sprintf('  "coefficients": %s,\n', num(coef(fit))))
cat(sprintf('  "deviance": %.17g\n', deviance(fit)))
cat("}\n")
