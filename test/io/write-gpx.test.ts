import { describe, expect, it } from "vitest";
import { gpxDocument, xmlText } from "../../src/io/write/write-gpx.ts";

describe("gpxDocument", () => {
  it("escapes every text and drops the control characters XML 1.0 forbids", () => {
    expect(xmlText('a & b < c > "d"\u0001\u001f\uffff')).toBe("a &amp; b &lt; c &gt; &quot;d&quot;");
    const gpx = gpxDocument([{ name: "Shusha → <Fuzuli> & back", coordinates: [[46.75, 39.76], [47.1234567, 39.6]] }], [{ name: "km 1", lon: 46.8, lat: 39.7 }]);
    expect(gpx).toContain("<name>Shusha → &lt;Fuzuli&gt; &amp; back</name>");
    // 6 decimals, latitude first as GPX writes it; the waypoint comes before the track (GPX 1.1 element order)
    expect(gpx).toContain('<trkpt lat="39.600000" lon="47.123457"/>');
    expect(gpx.indexOf("<wpt")).toBeLessThan(gpx.indexOf("<trk>"));
    expect(gpx.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1"')).toBe(true);
  });
});
