import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ISSUE_CODES } from "../../../src/core/issue-codes.ts";

/**
 * Issue 15 must-show: docs/intake.md lists every issue code, with what it does in strict and in lenient
 * mode. The codes are ISSUE_CODES (src/core/issue-codes.ts); `InputIssue.code` and the intake's tally are
 * typed by it, so the type check refuses a code outside the list. This test checks the list against the
 * source the other way (each code is emitted somewhere; each `code: "…"` literal is in the list) and against
 * the documentation (each code has a table row stating both modes).
 */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith(".ts") ? [join(dir, n)] : []));
const source = files(join(ROOT, "src")).filter((f) => !f.endsWith("issue-codes.ts")).map((f) => readFileSync(f, "utf8")).join("\n");
const doc = readFileSync(join(ROOT, "docs/intake.md"), "utf8");

/** Every row of every markdown table in the doc, as cells, with its table's header cells. */
function tableRows(md: string): { header: string[]; cells: string[] }[] {
  const rows: { header: string[]; cells: string[] }[] = [];
  let header: string[] | null = null;
  const split = (l: string) => l.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim());
  for (const line of md.split("\n")) {
    if (!line.trim().startsWith("|")) {
      header = null;
      continue;
    }
    if (header === null) header = split(line).map((c) => c.toLowerCase());
    else if (!/^\|[-| ]+\|$/.test(line.trim())) rows.push({ header, cells: split(line) });
  }
  return rows;
}
const stated = (cell: string | undefined) => cell !== undefined && cell !== "" && cell !== "—" && cell !== "-";

describe("issue codes: one list, all emitted, all documented with their strict and lenient behaviour", () => {
  it("the list has no repeats and only kebab-case codes", () => {
    expect(new Set(ISSUE_CODES).size).toBe(ISSUE_CODES.length);
    for (const c of ISSUE_CODES) expect(c).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it("every listed code is emitted somewhere in src/, and every `code: \"…\"` and tally code literal there is listed", () => {
    const unused = ISSUE_CODES.filter((c) => !source.includes(`"${c}"`));
    expect(unused).toEqual([]);
    const literals = new Set<string>();
    for (const m of source.matchAll(/\bcode: "([a-z0-9-]+)"/g)) literals.add(m[1]);
    for (const m of source.matchAll(/\.(?:error|warn)\([^,()]+, [^,()]+, "([a-z0-9-]+)"/g)) literals.add(m[1]);
    expect(literals.size).toBeGreaterThan(40);
    expect([...literals].filter((c) => !(ISSUE_CODES as readonly string[]).includes(c))).toEqual([]);
  });

  it("docs/intake.md gives every code a table row that says what strict and lenient mode do", () => {
    // the main table's legend: severity says what strict does, a column says what lenient does
    expect(doc).toContain("Severity *error* = wrong as given (strict refuses it); *warning* = worth knowing (never refused).");
    const rows = tableRows(doc);
    const undocumented: string[] = [];
    for (const code of ISSUE_CODES) {
      const mine = rows.filter((r) => r.cells[0].split(/[ +,]+/).includes(`\`${code}\``));
      const ok = mine.some((r) => {
        const at = (name: string) => r.cells[r.header.indexOf(name)];
        if (r.header.includes("strict")) return stated(at("strict")) && stated(at("lenient"));
        return /error|warning/.test(at("severity") ?? "") && stated(at("lenient"));
      });
      if (!ok) undocumented.push(code);
    }
    expect(undocumented).toEqual([]);
  });
});
