#!/usr/bin/env Rscript
# Reference fixture for src/analyses/model/covariate-term.ts fitWithSplitLevels with ridge = 0: R's
# glm(family = poisson) with one level per pseudo-split, the covariates, and the offset log(s·len) that the
# covariate term uses — an independent IRLS implementation (stats package) — and its standard errors
# (summary.glm, dispersion 1), which the term's interval is built from.
#
# Tool: Debian bookworm r-base-core (R.version.string is recorded in the fixture). Run from the repository root:
#
#     Rscript scripts/reference/covariate-term-glm.R > test/fixtures/model/covariate-term-glm.json
#
# Data: synthetic (set.seed(19)), labelled so in the fixture: 3 splits of 150, 200 and 250 rows; x1 =
# log(1 + km) to a line (true β −0.7), x2 pure noise (true β 0); shapes s log-normal, lengths 20–100 m,
# split levels 0, 0.5, 0.8; counts from the true model. No jsonlite in Debian's base set: the JSON is
# written by hand with 17 significant digits.
set.seed(19)
sizes <- c(150, 200, 250)
split <- factor(rep(seq_along(sizes), sizes))
n <- sum(sizes)
x1 <- log1p(rexp(n, 1 / 5))
x2 <- rnorm(n, 0, 1)
logShapeLen <- rnorm(n, 0, 0.7) + log(runif(n, 20, 100)) - log(50)
level <- c(0, 0.5, 0.8)[as.integer(split)]
y <- rpois(n, exp(level - 0.7 * x1 + 0 * x2 + logShapeLen))
fit <- glm(y ~ 0 + split + x1 + x2 + offset(logShapeLen), family = poisson(), control = glm.control(epsilon = 1e-15, maxit = 100))
co <- summary(fit)$coefficients
num <- function(a) paste0("[", paste(sprintf("%.17g", a), collapse = ","), "]")
cat("{\n")
cat(sprintf('  "tool": "%s, stats::glm(y ~ 0 + factor(split) + x1 + x2 + offset(logShapeLen), family = poisson)",\n', R.version.string))
cat('  "synthetic": "set.seed(19) simulated Poisson counts, not real data",\n')
cat(sprintf('  "sizes": %s,\n', num(sizes)))
cat(sprintf('  "x": %s,\n', num(as.vector(t(cbind(x1, x2))))))
cat(sprintf('  "y": %s,\n', num(y)))
cat(sprintf('  "logShapeLen": %s,\n', num(logShapeLen)))
cat(sprintf('  "beta": %s,\n', num(co[c("x1", "x2"), 1])))
cat(sprintf('  "standardError": %s,\n', num(co[c("x1", "x2"), 2])))
cat(sprintf('  "splitLevels": %s\n', num(co[1:3, 1])))
cat("}\n")
