/**
 * A test-only fault hook: when the environment variable MINERISK_TEST_KILL_AT names a point, the process
 * SIGKILLs itself there, so a test can kill a run at an exact moment (the k-th file write, each step of
 * the swap) instead of guessing with timers. Unset (always, outside that test) it does nothing but one
 * environment lookup per file. It can only end this process, as any kill would; it never writes.
 *
 * Points: `write:K` in the middle of the K-th file a process writes (its first chunk is on disk, the
 * rest is not), `swap:staged` (the staging folder is complete), `swap:old-moved` (the previous run is
 * moved aside, the new one not yet in place), `swap:done` (the new run is in place, the old one not yet
 * removed).
 */
export function killPoint(point: string): void {
  const at = process.env.MINERISK_TEST_KILL_AT;
  if (at === undefined) return;
  // a per-process counter: this hook is the one place where module state is the point (count the writes)
  const name = point === "write" ? `write:${++writes}` : point;
  if (name === at) process.kill(process.pid, "SIGKILL");
}

let writes = 0;
