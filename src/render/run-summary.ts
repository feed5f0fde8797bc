/** The machine summary of one run (summary.json), as the pipeline builds it and the renderers read it. */
export interface RunSummary {
  toolkit: string;
  version: string;
  caveat: string;
  crs: { name: string; definition: string };
  inputs: { roadFeatures: number; roadKm: number; incidents: number; hazardAreas: number };
  network: { lixels: number; lixelLengthM: number; snapToleranceM: number; nodes: number; components: number };
  risk: {
    model: {
      bandwidthM: number;
      roadBandM: number;
      halfLifeDays: number;
      asOf: string;
      windowStart: string;
      effectiveYears: number;
      backgroundRatePerKmYear: number;
      hazardRatePerKmYear: { confirmed: number; suspected: number };
      classBreaksPerKmYear: readonly number[];
    };
    kmByClass: Record<string, number>;
    maxRatePerKmYear: number | null;
    maxRateAt: { roadId: string; roadName: string; fromKm: number } | null;
    /** Σ πᵢ: how many of the incidents are, in expectation, road incidents of this network. */
    roadIncidents: number;
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
    kmByClass: Record<string, number>;
    snapFromM: number;
    snapToM: number;
    worstStretches: { fromKm: number; toKm: number; ratePerKmYear: number | null; expectedIncidentsPerYear: number | null; roadNames: string[] }[];
  } | null;
}
