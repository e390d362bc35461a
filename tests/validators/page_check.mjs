#!/usr/bin/env node
// page_check.mjs - load one local HTML page in headless Chromium (Debian package, driven by
// playwright-core) with no network, and report what went wrong as JSON.
//
// Usage: node page_check.mjs <root-dir> <page.html> [options]
//   <root-dir>             folder served on 127.0.0.1 (random port) under /pkg/
//   <page.html>            page relative to <root-dir>
// Options:
//   --click <selector>     click this element after the load (repeatable, clicks run in order)
//   --read <selector>      after the clicks, report the innerText of the first match as readText
//   --screenshot <out.png> save a PNG of the viewport at the end (--full-page for the whole page)
//   --width N --height N   viewport size (default 1280x800)
//   --file-url             open the page as file://<root-dir>/<page> instead of over HTTP, to check
//                          that it works offline straight from disk (file:// URLs inside
//                          <root-dir> are allowed, everything else is blocked)
//   --wait <ms>            settle time after the load and after each click (default 150)
//   --timeout <ms>         navigation / click / read timeout (default 5000)
//   --chromium <path>      browser binary (default: $CHROMIUM_PATH or /usr/bin/chromium)
// Prints {ok, url, mode, title, consoleErrors, pageErrors, blockedRequests, notFound, failedRequests,
//         readText, errors, screenshot, seconds}:
//   consoleErrors    console.error() calls and other console messages of type "error". The
//                    browser's own "Failed to load resource" lines for requests that are already
//                    listed in blockedRequests / notFound are left out.
//   pageErrors       uncaught exceptions and unhandled rejections
//   blockedRequests  every request that did not go to the local server (or to <root-dir> in
//                    --file-url mode); each one was aborted
//   notFound         local requests answered 404 (HTTP) or failing to load (file://), except
//                    the browser's automatic /favicon.ico request
//   failedRequests   other local requests that failed, as "<path>: <net error>", e.g. a module
//                    script refused over file:// by CORS ("net::ERR_FAILED")
//   readText         innerText of --read (null without --read)
//   errors           harness failures: navigation failed, a --click or --read selector matched
//                    nothing, ...
// Exit codes: 0 all lists empty; 1 something was recorded; 2 usage/setup error.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startServer, launch, chromiumPath } from "./lib/browser.mjs";

const USAGE = "usage: node page_check.mjs <root-dir> <page.html> [--click selector]... [--read selector] " +
  "[--screenshot out.png] [--full-page] [--width N --height N] [--file-url] [--wait ms] [--timeout ms] [--chromium path]";
function die(msg) { process.stderr.write(`page_check: ${msg}\n${USAGE}\n`); process.exit(2); }

const o = { clicks: [], width: 1280, height: 800, wait: 150, timeout: 5000 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const next = () => { if (i + 1 >= argv.length) die(`missing value for ${a}`); return argv[++i]; };
  const num = () => { const v = Number(next()); if (!Number.isFinite(v) || v < 0) die(`${a} needs a number`); return v; };
  if (a === "-h" || a === "--help") { console.log(USAGE); process.exit(0); }
  else if (a === "--click") o.clicks.push(next());
  else if (a === "--read") { if (o.read !== undefined) die("--read may be given once"); o.read = next(); }
  else if (a === "--screenshot") o.screenshot = next();
  else if (a === "--full-page") o.fullPage = true;
  else if (a === "--width") o.width = num();
  else if (a === "--height") o.height = num();
  else if (a === "--file-url") o.fileUrl = true;
  else if (a === "--wait") o.wait = num();
  else if (a === "--timeout") o.timeout = num();
  else if (a === "--chromium") o.chromium = next();
  else if (a.startsWith("--")) die(`unknown option ${a}`);
  else if (!o.root) o.root = a;
  else if (!o.page) o.page = a;
  else die(`unexpected argument ${a}`);
}
if (!o.root || !o.page) die("need a root folder and a page");
if (!fs.existsSync(o.root) || !fs.statSync(o.root).isDirectory()) die(`not a folder: ${o.root}`);
if (!o.width || !o.height) die("--width and --height must be positive");
try { chromiumPath(o.chromium); } catch (e) { die(e.message); }

const root = fs.realpathSync(o.root);
const rel = path.relative(root, path.resolve(root, o.page)).split(path.sep).join("/");
if (rel.startsWith("..") || !fs.existsSync(path.join(root, rel))) die(`page not found under root: ${o.page}`);

const t0 = Date.now();
const report = {
  ok: false, url: null, mode: o.fileUrl ? "file" : "http", title: null,
  consoleErrors: [], pageErrors: [], blockedRequests: [], notFound: [], failedRequests: [], readText: null, errors: [],
  screenshot: null,
};
let server = null;
let origin = null;
if (!o.fileUrl) {
  server = await startServer(root);
  origin = `http://127.0.0.1:${server.address().port}`;
}
const pageUrl = o.fileUrl
  ? pathToFileURL(path.join(root, rel)).href
  : `${origin}/pkg/${rel.split("/").map(encodeURIComponent).join("/")}`;
report.url = pageUrl;
// Where a URL points inside root, shown relative to it (for notFound).
const shortName = (u) => {
  const base = o.fileUrl ? pathToFileURL(root).href + "/" : `${origin}/pkg/`;
  return u.startsWith(base) ? decodeURIComponent(u.slice(base.length).split(/[?#]/)[0]) : u;
};

let browser;
const rawConsole = [];
const failedLocal = new Set();
const failedOther = [];
try {
  let context, blocked;
  ({ browser, context, blocked } = await launch(origin, o.chromium,
    { viewport: { width: o.width, height: o.height }, fileRoot: o.fileUrl ? root : null }));
  report.blockedRequests = blocked;  // filled in place by the route handler
  const page = await context.newPage();
  page.setDefaultTimeout(o.timeout);
  page.on("console", (msg) => {
    if (msg.type() === "error") rawConsole.push({ text: msg.text(), url: (msg.location() || {}).url || "" });
  });
  page.on("pageerror", (err) => report.pageErrors.push(String(err && err.stack ? err.message : err)));
  page.on("response", (resp) => {
    if (resp.status() === 404) failedLocal.add(resp.url());
  });
  page.on("requestfailed", (req) => {
    const u = req.url();
    const why = (req.failure() || {}).errorText || "failed";
    if (blocked.includes(u) || why.includes("ERR_BLOCKED_BY_CLIENT")) return;
    if (why.includes("ERR_FILE_NOT_FOUND")) failedLocal.add(u);
    else failedOther.push({ url: u, why });
  });

  const settle = async () => {
    await page.waitForLoadState("load").catch(() => {});
    if (o.wait) await page.waitForTimeout(o.wait);
  };
  try {
    const resp = await page.goto(pageUrl, { waitUntil: "load", timeout: o.timeout });
    if (!o.fileUrl && (!resp || !resp.ok())) report.errors.push(`navigation: HTTP ${resp ? resp.status() : "no response"}`);
    await settle();
    for (const sel of o.clicks) {
      try {
        await page.locator(sel).first().click({ timeout: o.timeout });
        await settle();
      } catch (e) {
        report.errors.push(`click ${sel}: ${String(e && e.message || e).split("\n")[0]}`);
        break;
      }
    }
    if (o.read !== undefined) {
      try {
        report.readText = await page.locator(o.read).first().innerText({ timeout: o.timeout });
      } catch (e) {
        report.errors.push(`read ${o.read}: ${String(e && e.message || e).split("\n")[0]}`);
      }
    }
    report.title = await page.title().catch(() => null);
    if (o.screenshot) {
      fs.mkdirSync(path.dirname(path.resolve(o.screenshot)), { recursive: true });
      await page.screenshot({ path: o.screenshot, fullPage: !!o.fullPage });
      report.screenshot = path.resolve(o.screenshot);
    }
  } catch (e) {
    report.errors.push(`navigation: ${String(e && e.message || e).split("\n")[0]}`);
  }
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) server.close();
}

const isFavicon = (u) => /\/favicon\.ico$/.test(u.split(/[?#]/)[0]);
report.notFound = [...failedLocal].filter((u) => !isFavicon(u) && u !== pageUrl).map(shortName);
if ([...failedLocal].includes(pageUrl)) report.errors.push("navigation: page not found");
report.blockedRequests = [...new Set(report.blockedRequests)];
report.failedRequests = failedOther.filter((f) => !isFavicon(f.url) && !failedLocal.has(f.url)).map((f) => `${shortName(f.url)}: ${f.why}`);
const known = new Set([...report.blockedRequests, ...failedLocal, ...failedOther.map((f) => f.url)]);
report.consoleErrors = rawConsole
  .filter((m) => !(m.text.startsWith("Failed to load resource") && (known.has(m.url) || isFavicon(m.url))))
  .map((m) => m.text);
report.ok = !report.consoleErrors.length && !report.pageErrors.length && !report.blockedRequests.length &&
  !report.notFound.length && !report.failedRequests.length && !report.errors.length;
report.seconds = Math.round((Date.now() - t0) / 100) / 10;
console.log(JSON.stringify(report, null, 2));
process.exit(report.ok ? 0 : 1);
