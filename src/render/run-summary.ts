import type { CovariateMeta } from "../analyses/risk/covariate-meta.ts";
import type { LayerCounts } from "../io/intake/layer-counts.ts";
import type { UnreadFieldsNote } from "../io/unread/unread-summary.ts";

/** The machine summary of one run (summary.json), as the pipeline builds it and the renderers read it. */
export interface RunSummary {
  toolkit: string;
  version: string;
  caveat: string;
  /** distanceErrorBound: measured largest relative error of any planar distance over the data's extent (null: unknown). */
  crs: { name: string; definition: string; distanceErrorBound: number | null };
  inputs: {
    roadFeatures: number;
    roadKm: number;
    incidents: number;
    hazardAreas: number;
    /** Hazard records given and rejected by reason, from the intake report (absent when the run had none). */
    hazardIntake?: LayerCounts;
  };
  /** Files with properties / columns whose values nothing read (intake report `unreadFields`); absent when none or no intake report. */
  unreadFields?: UnreadFieldsNote[];
  /** Credits for the data this run used (from the inputs, the mapping or --attribution), one line. */
  attribution?: string;
  /**
   * Distance of incidents and hazard areas to the nearest road (metres, working CRS), against the model's
   * largest kernel reach `reachM` (the regional bandwidth; wider for imprecise incidents). Records beyond
   * it reach no road: the summary's first lines say so.
   */
  roadDistance: {
    reachM: number;
    incidents: { count: number; beyondReach: number; minM: number | null; medianM: number | null; maxM: number | null; beyondIds: string[] };
    hazards: { count: number; beyondReach: number; minM: number | null; medianM: number | null; maxM: number | null; beyondIds: string[] };
  };
  /** nodes and components: null when a bounded merge did not count them (docs/scaling.md). */
  network: { lixels: number; lixelLengthM: number; snapToleranceM: number; nodes: number | null; components: number | null };
  risk: {
    model: {
      bandwidthM: number;
      regionalBandwidthM: number;
      regionalWeight: number;
      networkWindowM: number;
      networkWeight: number;
      roadBandM: number;
      halfLifeDays: number;
      persistentShare: number;
      precisionScale: number;
      asOf: string;
      windowStart: string;
      effectiveYears: number;
      /** κ, incidents/km/year per unit of score (null if not finite). */
      rateScale: number | null;
      /**
       * 95 % interval of κ from the Poisson sampling of the calibrating road incidents (`events` decay-weighted,
       * worth `effectiveEvents` equally weighted ones); null when κ was given or nothing calibrates it.
       */
      rateScaleInterval: { low: number | null; high: number | null; events: number; effectiveEvents: number } | null;
      /**
       * How the yearly level of target road incidents was forecast (docs/risk-model.md, "Forecasting the
       * level"): method, years used, the forecast per year over the horizon and the prediction interval of the
       * horizon's count (overdispersion + parameter uncertainty), the dispersion and its df, the fitted slope
       * (per year, log scale) and the yearly road-share counts it rests on, most recent first. Null when κ was given.
       */
      level: {
        method: string;
        years: number;
        yearsUsed: number;
        damping: number | null;
        horizonYears: number;
        confidence: number;
        perYear: number | null;
        low: number | null;
        high: number | null;
        dispersion: number | null;
        dispersionDf: number;
        slopePerYear: number | null;
        yearlyCounts: number[];
        note: string | null;
      } | null;
      backgroundRatePerKmYear: number;
      hazardRatePerKmYear: { confirmed: number; suspected: number };
      classBreaksPerKmYear: readonly number[];
      /** The covariate term on the kernel model (docs/risk-model.md, "Covariates"); absent for the kernel model alone. */
      covariates?: CovariateMeta;
    };
    kmByClass: Record<string, number>;
    maxRatePerKmYear: number | null;
    maxRateAt: { roadId: string; roadName: string; fromKm: number } | null;
    /** Incidents counted by the calibration: target incidents within roadBandM of the network. */
    roadIncidents: number;
    /** Decay-weighted road incidents per year that the calibrated rates reproduce over the network. */
    calibratedIncidentsPerYear: number | null;
    /** κ: incidents/km/year per unit of intensity. */
    rateScale: number | null;
    incidentsUndated: string[];
    incidentsAfterAsOf: string[];
    incidentsBeyondReach: string[];
  };
  density: { kernel: string; unit: string; cellSizeM: number; bandwidthM: number; ncols: number; nrows: number; maxPerKm2: number | null };
  route: {
    from: { name: string; lon: number; lat: number; source: string };
    to: { name: string; lon: number; lat: number; source: string };
    lengthKm: number;
    /** Km of the route on roads marked `geometry_quality: "schematic"`. */
    schematicKm: number;
    expectedIncidentsPerYear: number | null;
    /** 95 % interval of expectedIncidentsPerYear from the level's sampling error only (model.rateScaleInterval). */
    expectedIncidentsPerYearInterval: { low: number | null; high: number | null } | null;
    /** The level forecast's prediction interval of expectedIncidentsPerYear (model.level; confidence there). */
    expectedIncidentsPerYearPredictionInterval: { low: number | null; high: number | null } | null;
    kmByClass: Record<string, number>;
    snapFromM: number;
    snapToM: number;
    worstStretches: {
      fromKm: number;
      toKm: number;
      ratePerKmYear: number | null;
      expectedIncidentsPerYear: number | null;
      roadNames: string[];
      /** Km of schematic geometry between the route's start and the stretch's end: > 0 means its chainage is approximate. */
      schematicKmBefore: number;
      /** The stretch's rate split into background, local, network, regional and hazard parts. */
      components: Record<string, number | null>;
      /** With a covariate term: the stretch's incident part ÷ the kernel model's alone (already inside the components). */
      covariateFactor?: number | null;
      mainReason: string;
    }[];
  } | null;
  /**
   * How complete the incident record is against official victim totals: the headline period's share of
   * officially counted victims the records hold, with its Clopper–Pearson interval, every period compared,
   * and the share the rates were scaled by (1 = not scaled). Null when no official totals were given.
   */
  completeness: {
    headline: { periodStart: string; asOf: string; official: number; recorded: number; share: number; low: number | null; high: number | null; reportedBy: string; sourceUrl: string } | null;
    periods: { periodStart: string; asOf: string; official: number; approximate: boolean; recorded: number; share: number; low: number | null; high: number | null }[];
    confidence: number;
    undatedRecords: number;
    excludedRecords: number;
    ratesScaledBy: number;
  } | null;
}
