import { basename } from "node:path";
import type { Command } from "commander";
import { OptionError } from "../core/errors.ts";
import type { CovariateSource } from "../analyses/model/covariate-risk.ts";
import type { WorkingCrs } from "../io/crs/crs.ts";
import { covariateFlag, readCovariate } from "../io/read/read-covariate.ts";
import { defaultStudyArea } from "./paths.ts";

export interface CovariateFlags {
  area?: string;
  roads?: string;
  covariate: string[];
  /** false with --no-covariates. */
  covariates: boolean;
}

/** Add --covariate NAME=FILE (repeatable) and --no-covariates to analyze and route. */
export function addCovariateOptions(command: Command): Command {
  return command
    .option("--covariate <name=file>", "a covariate layer for the term on top of the kernel model: GeoJSON lines (log(1 + km) to them) or polygons (inside, log(1 + km) to them); repeatable (default with the shipped Karabakh study area: loc=its 1994–2020 Line of Contact; docs/risk-model.md, \"Covariates\")", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--no-covariates", "the kernel model v1.1 alone: no covariate term, not even the study area's default");
}

/** The covariate files a run uses: --covariate's, else the shipped study area's default (none with --roads or --no-covariates). */
export function covariateFiles(flags: CovariateFlags): { name: string; file: string }[] {
  if (flags.covariates === false && flags.covariate.length > 0) throw new OptionError("--covariate and --no-covariates contradict each other: give one of them");
  if (flags.covariate.length > 0) {
    const files = flags.covariate.map(covariateFlag);
    // each name becomes lixel-layer fields cov_NAME_…: two names that give the same field would collide
    const key = (name: string) => name.replace(/[^A-Za-z0-9_]+/g, "_").toLowerCase();
    const twice = files.find((c, k) => files.findIndex((d) => key(d.name) === key(c.name)) !== k);
    if (twice) throw new OptionError(`--covariate: the name "${twice.name}" is given twice (or differs from another only in case or punctuation); give each covariate its own name`);
    return files;
  }
  if (flags.covariates === false || flags.roads !== undefined) return [];
  return defaultStudyArea(flags.area).covariates;
}

/** The covariate layers built in the run's working CRS (read when the CRS is known), for pipeline/scored-network.ts. */
export function covariateSources(files: readonly { name: string; file: string }[]): ((crs: Pick<WorkingCrs, "forward">) => CovariateSource[]) | undefined {
  if (files.length === 0) return undefined;
  return (crs) => files.map((c) => ({ file: basename(c.file), layer: readCovariate(c.name, c.file, crs) }));
}
