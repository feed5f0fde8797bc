/**
 * Every command the README shows, walked from the README itself: those that need only what ships run as
 * written (in a fresh folder, through the built CLI) and must exit 0; those that stand for the user's own
 * files (roads.geojson, incidents.csv, R, F…) must at least name only flags their command has. A README
 * edit that breaks an example fails here.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const CLI = join(ROOT, "dist/cli/main.js");

/** The `npx minerisk …` commands of the README's sh blocks, continuation lines joined. */
function readmeCommands(): string[] {
  const md = readFileSync(join(ROOT, "README.md"), "utf8");
  const blocks = [...md.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].replace(/\\\n\s*/g, " "));
  return blocks.flatMap((b) => b.split("\n")).map((l) => l.trim()).filter((l) => l.startsWith("npx minerisk "));
}

/** Split a command line into words, honouring double quotes. */
const words = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);

/** Arguments that stand for the user's own files in the README's templates. */
const USER_FILE = /^(roads\.geojson|incidents\.csv|more\.geojson|hazards\.geojson|roads\.osm\.pbf|R|F…|cfg\.json|\[--config)$/;

describe("the README's commands", () => {
  const commands = readmeCommands();
  it("finds them", () => {
    expect(commands.length).toBeGreaterThanOrEqual(8);
  });
  for (const line of commands) {
    const args = words(line).slice(2);
    const template = args.some((a) => USER_FILE.test(a));
    it.skipIf(!existsSync(CLI))(`${template ? "names real flags" : "runs"}: ${line}`, () => {
      if (template) {
        const help = spawnSync(process.execPath, [CLI, args[0], "--help"], { encoding: "utf8" }).stdout;
        for (const flag of args.filter((a) => a.startsWith("--"))) expect(help, `${flag} in ${args[0]} --help`).toContain(flag.replace(/^\[/, ""));
        return;
      }
      const cwd = mkdtempSync(join(tmpdir(), "minerisk-readme-"));
      const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
    });
  }
});
