/**
 * Chromium for browser tests: the system package (apt-get install chromium) driven by playwright-core,
 * with the flags of ../shared/TOOLING.md and a fresh profile, plus a static file server on 127.0.0.1.
 * Every request the page makes is recorded, so a test can assert that nothing left localhost.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = process.env.MINERISK_CHROMIUM ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

/** Serve one HTML text at http://127.0.0.1:PORT/report.html; any other path is a 404 (and recorded). */
export async function serveHtml(html: string): Promise<{ url: string; server: Server; served: string[] }> {
  const served: string[] = [];
  const server = createServer((req, res) => {
    served.push(req.url ?? "");
    if (req.url === "/report.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(html);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/report.html`, server, served };
}

/** A headless Chromium context with a fresh profile, WebGL by SwiftShader (no GPU here) and no background networking. */
export async function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "minerisk-chromium-")), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ["--no-sandbox", "--disable-gpu", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
}

/** Record every request of a context (pages and workers) by URL. */
export function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on("request", (r) => urls.push(r.url()));
  return urls;
}

export const readText = (p: string) => readFileSync(p, "utf8");
