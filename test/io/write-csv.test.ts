import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvChunks, csvColumns, csvLines, formatCsvCell, writeCsv } from "../../src/io/write/write-csv.ts";

describe("CSV tables (RFC 4180)", () => {
  it("quotes what needs quoting and round-trips through an independent parser (csv-parse)", () => {
    const rows = [
      { id: "a", text: 'comma, "quote" and\nnewline', n: 1.5, ok: true, none: null },
      { id: "b", text: " padded ", n: -0, ok: false, extra: { k: [1, 2] } },
      { id: "c", text: "ünïcødé ✓", n: Number.NaN },
    ];
    const path = join(mkdtempSync(join(tmpdir(), "minerisk-csv-")), "t.csv");
    expect(writeCsv(path, rows)).toBe(3);
    const text = readFileSync(path, "utf8");
    expect(text.split("\r\n")[0]).toBe("id,text,n,ok,none,extra");
    const back = parse(text, { columns: true }) as Record<string, string>[];
    expect(back).toEqual([
      { id: "a", text: 'comma, "quote" and\nnewline', n: "1.5", ok: "true", none: "", extra: "" },
      { id: "b", text: " padded ", n: "0", ok: "false", none: "", extra: '{"k":[1,2]}' },
      { id: "c", text: "ünïcødé ✓", n: "", ok: "", none: "", extra: "" },
    ]);
  });

  it("defuses spreadsheet formulas in text cells (and only in text cells)", () => {
    expect(formatCsvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(formatCsvCell("+1")).toBe("'+1");
    expect(formatCsvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(formatCsvCell("-2")).toBe("'-2");
    expect(formatCsvCell(-2)).toBe("-2");
    expect(formatCsvCell("plain")).toBe("plain");
  });

  it("lists columns in first-seen order, without excluded keys", () => {
    expect(csvColumns([{ a: 1, stroke: "#fff" }, { b: 2, a: 3 }], ["stroke"])).toEqual(["a", "b"]);
  });

  it("writes the lines in pieces of about 1 MiB, the same text as line by line", () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => ({ id: i, name: i % 5 ? `road ${i}` : 'a "quoted", name', x: i / 7 }));
    const pieces = Array.from(csvChunks(["id", "name", "x"], rows));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.length).toBeLessThan(10);
    expect(pieces.join("")).toBe(Array.from(csvLines(["id", "name", "x"], rows)).join(""));
  });
});
