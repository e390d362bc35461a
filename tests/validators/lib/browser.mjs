// Shared helpers for the validator scripts: a static file server bound to
// 127.0.0.1 only, and a headless Chromium (Debian package) that may reach
// nothing but that server.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

export const MIME = {
  ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
  ".xhtml": "application/xhtml+xml", ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".json": "application/json", ".xml": "application/xml", ".xsd": "application/xml",
  ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
  ".gif": "image/gif", ".webp": "image/webp", ".ico": "image/x-icon", ".mp3": "audio/mpeg",
  ".mp4": "video/mp4", ".webm": "video/webm", ".vtt": "text/vtt", ".woff": "font/woff",
  ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf", ".txt": "text/plain; charset=utf-8",
  ".pdf": "application/pdf", ".wasm": "application/wasm", ".ogg": "audio/ogg", ".m4a": "audio/mp4",
  ".map": "application/json",
};

function safeJoin(root, urlPath) {
  let rel;
  try { rel = decodeURIComponent(urlPath); } catch { return null; }
  const p = path.resolve(root, "." + path.posix.normalize("/" + rel));
  return p === root || p.startsWith(root + path.sep) ? p : null;
}

// Serves `root` under /pkg/ and the `extra` map {"/path": {body, type} | {file}}.
export function startServer(root, extra = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const x = extra[url.pathname];
    if (x && x.body !== undefined) {
      res.writeHead(200, { "content-type": x.type || MIME[".html"], "cache-control": "no-store" });
      return res.end(x.body);
    }
    let file = x ? x.file : url.pathname.startsWith("/pkg/") ? safeJoin(root, url.pathname.slice(4)) : null;
    if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404, { "content-type": "text/plain" });
      return res.end("not found");
    }
    res.writeHead(200, {
      "content-type": MIME[path.extname(file).toLowerCase()] || "application/octet-stream",
      "cache-control": "no-store",
    });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

// The machine has no network except package registries: no QUIC, no background
// traffic, no component updates. (Playwright adds --headless itself too.)
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
  "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--disable-dev-shm-usage"];

export const SETUP_HINT = "run `bash tests/run.sh` (it installs chromium, Java and node_modules)";

export function chromiumPath(explicit) {
  const p = explicit || process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!fs.existsSync(p)) throw new Error(`browser not found at ${p}: ${SETUP_HINT}, or set CHROMIUM_PATH / pass --chromium`);
  return p;
}

// Launch headless Chromium (no context yet).
export async function launchBrowser(explicitPath) {
  return chromium.launch({ executablePath: chromiumPath(explicitPath), headless: true, args: CHROMIUM_ARGS });
}

// A new context in which every request that is not to `origin` is aborted and recorded
// in the returned `blocked` array.
// opts.fileRoot: also let file:// URLs inside this folder through (for file:// page loads;
//   file:// URLs outside it are blocked and recorded too).
// opts.viewport: {width, height} for the context.
export async function openContext(browser, origin, opts = {}) {
  const context = await browser.newContext(opts.viewport ? { viewport: opts.viewport } : {});
  const blocked = [];
  const fileBase = opts.fileRoot ? pathToFileURL(opts.fileRoot).href.replace(/\/?$/, "/") : null;
  await context.route("**/*", (route) => {
    const u = route.request().url();
    if ((origin && u.startsWith(origin + "/")) || (fileBase && u.startsWith(fileBase)) ||
        u.startsWith("data:") || u.startsWith("blob:") || u === "about:blank") return route.continue();
    blocked.push(u);
    return route.abort("blockedbyclient");
  });
  return { context, blocked };
}

// Launch headless Chromium with one such context.
export async function launch(origin, explicitPath, opts = {}) {
  const browser = await launchBrowser(explicitPath);
  try {
    const { context, blocked } = await openContext(browser, origin, opts);
    return { browser, context, blocked };
  } catch (e) {
    await browser.close().catch(() => {});
    throw e;
  }
}
