/**
 * GPX 1.1 (https://www.topografix.com/GPX/1/1/) for GPS units and phone apps: each route as a track
 * (`<trk>`, one segment), chainage markers as waypoints. Hand-written because it is a few lines of XML
 * and no well-kept npm writer adds anything over them; every text is escaped, coordinates are WGS 84
 * degrees with 6 decimals (≈ 0.1 m), so the same route gives the same bytes.
 */
import type { Position } from "geojson";
import { writeFileAtomic } from "./write-file.ts";

export interface GpxTrack {
  name: string;
  description?: string;
  coordinates: readonly Position[];
}

export interface GpxWaypoint {
  name: string;
  description?: string;
  lon: number;
  lat: number;
}

/** Escape text for XML character data and attribute values; control characters XML 1.0 forbids are dropped. */
export function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

const deg = (v: number) => v.toFixed(6);

/** The GPX document as text. */
export function gpxDocument(tracks: readonly GpxTrack[], waypoints: readonly GpxWaypoint[] = [], creator = "minerisk"): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<gpx version="1.1" creator="${xmlText(creator)}" xmlns="http://www.topografix.com/GPX/1/1">`,
  ];
  for (const w of waypoints) {
    lines.push(`<wpt lat="${deg(w.lat)}" lon="${deg(w.lon)}"><name>${xmlText(w.name)}</name>${w.description ? `<desc>${xmlText(w.description)}</desc>` : ""}</wpt>`);
  }
  for (const t of tracks) {
    lines.push(`<trk><name>${xmlText(t.name)}</name>${t.description ? `<desc>${xmlText(t.description)}</desc>` : ""}<trkseg>`);
    for (const [lon, lat] of t.coordinates) lines.push(`<trkpt lat="${deg(lat)}" lon="${deg(lon)}"/>`);
    lines.push("</trkseg></trk>");
  }
  lines.push("</gpx>", "");
  return lines.join("\n");
}

/** Write a GPX file atomically; refuses to overwrite a path in `protect`. */
export function writeGpx(path: string, tracks: readonly GpxTrack[], waypoints: readonly GpxWaypoint[], protect: readonly string[]): void {
  writeFileAtomic(path, gpxDocument(tracks, waypoints), protect);
}
