#!/usr/bin/env Rscript
# `dispersion` is R's Pearson estimate; the bounds use max(1, it), Farrington's floor.
# Reference fixture for the level forecast (src/analyses/level/level-glm.ts, level-forecast.ts): R's own
# glm(y ~ t + offset(log(e)), family = quasipoisson) — coefficients, unscaled covariance, the Pearson
# dispersion summary()$dispersion — and the forecast of the next h years from predict() on the link scale
# with the delta-method variance gᵀ vcov(fit) g, g = Σ_m μ_m (1, s_m), s_m = m − ½. The prediction bounds
# are Farrington et al. (1996)'s 2/3-power formula as R surveillance::algo.farrington writes it
# (mu0^(2/3) ± z·sqrt(4/9·mu0^(1/3)·tau))^(3/2), tau = phi + Var(mu0)/mu0, written out here because
# r-cran-surveillance is not installed on this machine. Hand-built series (synthetic, labelled so).
#
#     Rscript scripts/reference/level-glm-r.R > test/fixtures/risk/level-glm-r.json
#
# No jsonlite in Debian's base set: the JSON is written by hand with 17 significant digits.
cases <- list(
  rising = list(y = c(4, 9, 7, 15, 12, 22), e = rep(1, 6), slope = TRUE, h = 2),
  falling_partial = list(y = c(30, 41, 22, 25, 13, 9), e = c(0.5, 1, 1, 1, 1, 1), slope = TRUE, h = 1),
  flat_overdispersed = list(y = c(10, 25, 8, 30, 12), e = rep(1, 5), slope = FALSE, h = 2),
  weighted = list(y = c(3.2, 5.75, 2.1, 8.4, 9.05, 6.3, 12.6), e = rep(1, 7), slope = TRUE, h = 3)
)
num <- function(a) paste0("[", paste(sprintf("%.17g", a), collapse = ","), "]")
z <- qnorm(0.95)
# converge far past glm's default (deviance change 1e-8), so the fixture is the maximum itself
ctl <- glm.control(epsilon = 1e-15, maxit = 200)
out <- sapply(names(cases), function(name) {
  cs <- cases[[name]]
  n <- length(cs$y)
  t <- rev(-(seq_len(n) - 1) - rev(cs$e) / 2)
  y <- cs$y
  e <- cs$e
  fit <- suppressWarnings(if (cs$slope) glm(y ~ t + offset(log(e)), family = quasipoisson, control = ctl) else glm(y ~ 1 + offset(log(e)), family = quasipoisson, control = ctl))
  s <- summary(fit)
  cf <- coef(fit)
  a <- cf[[1]]
  b <- if (cs$slope) cf[[2]] else 0
  sm <- seq_len(cs$h) - 0.5
  mu <- exp(a + b * sm)
  g <- if (cs$slope) c(sum(mu), sum(mu * sm)) else sum(mu)
  # Farrington's floor: phi = max(1, Pearson dispersion) for plain counts, and Var(mu0) scaled by it
  phi <- max(1, s$dispersion)
  v <- phi * as.numeric(t(g) %*% s$cov.unscaled %*% g)
  mu0 <- sum(mu)
  tau <- phi + v / mu0
  lu <- (mu0^(2 / 3) + c(-1, 1) * z * sqrt(4 / 9 * mu0^(1 / 3) * tau))^(3 / 2)
  cu <- s$cov.unscaled
  # the series is given most recent first, as level-series.ts builds it
  sprintf('{"name":"%s","countRecentFirst":%s,"exposureRecentFirst":%s,"slope":%s,"horizonYears":%d,"intercept":%.17g,"slopeCoef":%.17g,"covUnscaled":%s,"dispersion":%.17g,"total":%.17g,"totalVariance":%.17g,"low90":%.17g,"high90":%.17g}',
    name, num(rev(y)), num(rev(e)), if (cs$slope) "true" else "false", cs$h, a, b,
    num(if (cs$slope) c(cu[1, 1], cu[1, 2], cu[2, 2]) else c(cu[1, 1], 0, 0)), s$dispersion, mu0, v, lu[1], lu[2])
})
cat(sprintf('{"tool":"%s; stats::glm quasipoisson","synthetic":true,"generator":"scripts/reference/level-glm-r.R","cases":[%s]}\n', R.version.string, paste(out, collapse = ",")))
