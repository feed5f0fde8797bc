/**
 * check-colombia-intake — load all 25 yearly files of the Colombia AICMA events (../shared/data/colombia-aicma)
 * with the shipped field mapping, leniently, and print the intake counts: that used + repaired + rejected
 * adds up to the features read, the lost-minus-sign point, repeated positions and duplicates.
 *
 * Inputs: ../shared/data/colombia-aicma/1990.json … 2014.json (or the folder given as the first argument);
 *         data/mappings/colombia-aicma.json.
 * Output: a summary on stdout; exit 1 if the counts do not add up to the features in the files.
 * Run:    npx tsx scripts/check-colombia-intake.ts [folder]
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadMapping } from "../src/io/mapping/load-mapping.ts";
import { readIncidents } from "../src/io/read/read-incidents.ts";

const root = resolve(import.meta.dirname, "..");
const folder = resolve(process.argv[2] ?? join(root, "../shared/data/colombia-aicma"));
const files = readdirSync(folder).filter((f) => /^\d{4}\.json$/.test(f)).sort().map((f) => join(folder, f));
const mapping = loadMapping(join(root, "data/mappings/colombia-aicma.json"));

// An independent count of the features: JSON.parse of each file, no minerisk code involved.
const featuresInFiles = files.reduce((n, f) => n + (JSON.parse(readFileSync(f, "utf8")) as { features: unknown[] }).features.length, 0);

const t0 = performance.now();
const { records, report } = readIncidents(files, { strictness: "lenient", mapping });
const ms = performance.now() - t0;

const sum = (k: "read" | "used" | "repaired" | "rejected") => report.files.reduce((n, f) => n + f[k], 0);
const codes = new Map<string, number>();
for (const f of report.files) for (const i of f.issues) codes.set(i.code, (codes.get(i.code) ?? 0) + 1);
const lost = report.files.flatMap((f) => f.issues.filter((i) => i.code === "lost-minus-sign"));
const byType = new Map<string, number>();
for (const r of records) byType.set(r.eventType ?? "none", (byType.get(r.eventType ?? "none") ?? 0) + 1);

console.log(`files: ${files.length} (${folder})`);
console.log(`features in the files (JSON.parse): ${featuresInFiles}`);
console.log(`read ${sum("read")} = used ${sum("used")} + repaired ${sum("repaired")} + rejected ${sum("rejected")}`);
console.log(`records for analysis: ${records.length} (used + repaired)`);
console.log(`issues by code: ${[...codes].sort().map(([c, n]) => `${c} ${n}`).join(", ")}`);
for (const i of lost) console.log(`lost minus sign: ${i.file}#${i.record}: ${i.message}`);
console.log(`records by TIPO_EVENTO: ${[...byType].sort().map(([t, n]) => `${t}: ${n}`).join(", ")}`);
console.log(`killed/injured all null: ${records.every((r) => r.killed === null && r.injured === null)}; date precision: ${[...new Set(records.map((r) => r.datePrecision))].join(", ")}`);
console.log(`intake took ${Math.round(ms)} ms`);
const ok = sum("read") === featuresInFiles && sum("used") + sum("repaired") + sum("rejected") === sum("read") && records.length === sum("used") + sum("repaired");
console.log(ok ? "OK: every feature is accounted for" : "MISMATCH: the counts do not add up");
process.exitCode = ok ? 0 : 1;
