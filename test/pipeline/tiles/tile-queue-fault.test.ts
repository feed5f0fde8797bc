/**
 * Must-show of issue 22: 3 `minerisk worker`s on a loopback Redis (Debian's redis-server, started here on a
 * free port and stopped by its PID), one SIGKILLed right after it took a tile and before it finished it:
 * BullMQ's stalled-job check hands the tile to another worker, and `minerisk merge` writes the same bytes as
 * `minerisk analyze` — every output file. Then a restart (`plan` again) enqueues nothing: every tile is
 * finished, checked by hash. Skipped with a message when redis-server is not installed, unless
 * MINERISK_REQUIRE_REDIS=1 (.ci/run sets it after installing redis-server). Runs the compiled CLI (dist/).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { writeTiledArea } from "../../helpers/tiles/tiled-files.ts";

const CLI = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));
const haveRedis = spawnSync("redis-server", ["--version"]).status === 0;
const required = process.env.MINERISK_REQUIRE_REDIS === "1";
if (!haveRedis && !required) console.warn("tile-queue-fault.test.ts skipped: redis-server is not installed (apt-get install -y redis-server; MINERISK_REQUIRE_REDIS=1 makes this a failure)");

const root = mkdtempSync(join(tmpdir(), "minerisk-queue-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  rmSync(root, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** Spawn a child, keep it for cleanup, collect its stdout lines. */
function start(cmd: string, args: string[]): { child: ChildProcess; lines: string[]; waitFor: (re: RegExp) => Promise<RegExpMatchArray> } {
  const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  let buf = "";
  const onText = (t: string) => {
    buf += t;
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        const m = line.match(w.re);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  };
  child.stdout?.setEncoding("utf8").on("data", onText);
  child.stderr?.setEncoding("utf8").on("data", onText);
  const waitFor = (re: RegExp) =>
    new Promise<RegExpMatchArray>((resolve) => {
      const seen = lines.map((l) => l.match(re)).find((m) => m);
      if (seen) resolve(seen);
      else waiters.push({ re, resolve });
    });
  return { child, lines, waitFor };
}

const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: root, encoding: "utf8" });

describe.skipIf(!haveRedis && !required)("tiles on BullMQ with a worker killed mid-tile", () => {
  it("retries the killed worker's tile and merges to analyze's bytes; a restart skips every finished tile", async () => {
    expect(haveRedis, "redis-server is required (MINERISK_REQUIRE_REDIS=1)").toBe(true);
    const port = await freePort();
    const redis = start("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
    await redis.waitFor(/Ready to accept connections/);
    const url = `redis://127.0.0.1:${port}`;
    const files = writeTiledArea(join(root, "in"), 26);
    const inputs = ["--roads", files.roads, "--incidents", files.incidents, "--hazards", files.hazards];
    const whole = cli(["analyze", ...inputs, "--out", "whole", "--quiet"]);
    expect(whole.status, whole.stderr).toBe(0);
    const plan = cli(["plan", ...inputs, "--dir", "shared", "--tiles", "16", "--redis", url]);
    expect(plan.status, plan.stderr).toBe(0);
    // the roads are GeoJSON: planned in bounded memory (records in chunk files, none in run.bin)
    expect(existsSync(join(root, "shared", "records", "roads-0000.bin"))).toBe(true);
    const tiles = Number(plan.stdout.match(/(\d+) unfinished tile\(s\) enqueued/)?.[1]);
    expect(tiles).toBeGreaterThanOrEqual(12);

    const worker = () => start(process.execPath, [CLI, "worker", "--redis", url, "--lock-ms", "2000"]);
    const victim = worker();
    const started = await victim.waitFor(/tile (\d+) started/);
    victim.child.kill("SIGKILL");
    const tile = Number(started[1]);
    const others = [worker(), worker()];
    const merge = start(process.execPath, [CLI, "merge", "--dir", "shared", "--out", "merged", "--wait-s", "120", "--quiet"]);
    const code = await new Promise<number | null>((resolve) => merge.child.on("exit", resolve));
    expect(code, merge.lines.join("\n")).toBe(0);
    // the victim never finished its tile; another worker did
    expect(victim.lines.some((l) => new RegExp(`tile ${tile} (done|skipped)`).test(l))).toBe(false);
    expect(others.some((w) => w.lines.some((l) => new RegExp(`tile ${tile} done`).test(l))), others.map((w) => w.lines.join("\n")).join("\n--\n")).toBe(true);

    const names = readdirSync(join(root, "whole")).sort();
    expect(readdirSync(join(root, "merged")).sort()).toEqual(names);
    for (const name of names) expect(readFileSync(join(root, "merged", name)).equals(readFileSync(join(root, "whole", name))), name).toBe(true);
    // the bounded merge in many buckets (docs/scaling.md "The bounded merge"): 300 lixels each, the same bytes
    const small = spawnSync(process.execPath, [CLI, "merge", "--dir", "shared", "--out", "merged-buckets", "--quiet"], { cwd: root, encoding: "utf8", env: { ...process.env, MINERISK_MERGE_BUCKET_LIXELS: "300" } });
    expect(small.status, small.stderr).toBe(0);
    expect(readdirSync(join(root, "merged-buckets")).sort()).toEqual(names);
    for (const name of names) expect(readFileSync(join(root, "merged-buckets", name)).equals(readFileSync(join(root, "whole", name))), `${name} (buckets of 300)`).toBe(true);
    expect(readdirSync(join(root, "shared")).filter((f) => f.startsWith("merge-spool"))).toEqual([]);
    // GeoParquet is written from whole columns, the merge writes a bucket at a time: refused up front, nothing written
    const parquet = spawnSync(process.execPath, [CLI, "merge", "--dir", "shared", "--out", "merged-parquet", "--formats", "csv,parquet", "--quiet"], { cwd: root, encoding: "utf8" });
    expect(parquet.status).toBe(2);
    expect(parquet.stderr).toMatch(/--formats parquet: a tiled merge writes the lixels a bucket at a time/);
    expect(existsSync(join(root, "merged-parquet"))).toBe(false);

    const again = cli(["plan", ...inputs, "--dir", "shared", "--tiles", "16", "--redis", url]);
    expect(again.stdout).toMatch(new RegExp(`0 unfinished tile\\(s\\) enqueued on minerisk-tiles \\(${tiles} already finished\\)`));
    for (const w of others) w.child.kill("SIGTERM");
    await Promise.all(others.map((w) => new Promise((r) => (w.child.exitCode !== null ? r(null) : w.child.on("exit", r)))));
    redis.child.kill("SIGTERM");
  }, 240_000);
});
