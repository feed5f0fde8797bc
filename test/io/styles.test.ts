import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { qgisColour, qmlStyle, type StyledLayer } from "../../src/io/write/styles.ts";

const LAYERS: StyledLayer[] = ["lixels", "incidents", "hazards", "density", "route", "worst-stretches"];
const hasPython = spawnSync("python3", ["--version"]).status === 0;

describe("QGIS styles (.qml)", () => {
  it("converts colours to QGIS r,g,b,a", () => {
    expect(qgisColour("#FF0000", 0.5)).toBe("255,0,0,128");
    expect(qgisColour("#F4A718", 0.5)).toBe("244,167,24,128");
    expect(qgisColour("#1f78b4")).toBe("31,120,180,255");
  });

  it("hazard areas use the IMSMA land-release colours at 50 % fill", () => {
    const qml = qmlStyle("hazards");
    expect(qml).toContain('<category symbol="0" value="confirmed" label="confirmed (CHA)" render="true"/>');
    expect(qml).toContain('<category symbol="1" value="suspected" label="suspected (SHA)" render="true"/>');
    expect(qml).toMatch(/<symbol type="fill" name="0"[\s\S]*?name="color" type="QString" value="255,0,0,128"/);
    expect(qml).toMatch(/<symbol type="fill" name="1"[\s\S]*?name="color" type="QString" value="244,167,24,128"/);
  });

  it("lixels are categorised by risk class, incidents by device, density graduated up to the run's maximum", () => {
    const lixels = qmlStyle("lixels");
    expect(lixels).toContain('type="categorizedSymbol" attr="riskClass"');
    for (const c of ["none recorded", "low", "moderate", "high", "very high"]) expect(lixels).toContain(`value="${c}"`);
    const incidents = qmlStyle("incidents");
    expect(incidents).toContain('attr="device"');
    expect(incidents).toContain('value="anti-tank"');
    expect(incidents).toContain('name="name" type="QString" value="triangle"');
    const density = qmlStyle("density", { maxDensityPerKm2: 0.5 });
    expect(density).toContain('type="graduatedSymbol" attr="densityPerKm2"');
    expect(density).toContain('lower="0.4" upper="0.5"');
  });

  it.skipIf(!hasPython)("every style is well-formed XML with a qgis root (checked by Python's XML parser)", () => {
    for (const layer of LAYERS) {
      const r = spawnSync("python3", ["-c", "import sys, xml.dom.minidom as m; d = m.parseString(sys.stdin.buffer.read()); print(d.documentElement.tagName, len(d.getElementsByTagName('symbol')))"], { input: qmlStyle(layer, { maxDensityPerKm2: 1 }), encoding: "utf8" });
      expect(r.stderr, layer).toBe("");
      expect(r.stdout.split(" ")[0], layer).toBe("qgis");
      expect(Number(r.stdout.split(" ")[1]), layer).toBeGreaterThan(0);
    }
  });
});
