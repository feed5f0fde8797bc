/** Property names accepted for each incident field, first match wins (case-insensitive for CSV). */
export const INCIDENT_FIELDS = {
  id: ["id", "incident_id", "incidentId"],
  date: ["date", "event_date", "incident_date"],
  datePrecision: ["datePrecision", "date_precision"],
  device: ["device", "device_type", "deviceType"],
  killed: ["killed", "deaths", "fatalities"],
  injured: ["injured", "injuries"],
  activity: ["activity", "activity_or_context"],
  source: ["source", "source_urls", "sources"],
  locationPrecisionM: ["locationPrecisionM", "location_precision_m", "precision_m"],
  onRoad: ["onRoad", "on_road"],
} as const;
