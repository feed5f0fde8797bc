// fix-dts-imports — after `tsc`, rewrite relative `.ts` import specifiers in dist/**/*.d.ts to `.js`.
// tsc's rewriteRelativeImportExtensions rewrites the emitted JavaScript but not the declarations, so a
// TypeScript consumer of the package would get "Cannot find module './core/errors.ts'".
// Inputs: dist/ (built). Outputs: the same .d.ts files, rewritten in place. Params: none.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}
let changed = 0;
for (const file of walk("dist").filter((f) => f.endsWith(".d.ts"))) {
  const text = readFileSync(file, "utf8");
  const fixed = text.replace(/(from\s+|import\()(["'])(\.{1,2}\/[^"']+)\.ts\2/g, "$1$2$3.js$2");
  if (fixed !== text) {
    writeFileSync(file, fixed);
    changed++;
  }
}
if (process.argv.includes("--verbose")) console.log(`fix-dts-imports: ${changed} declaration files rewritten`);
