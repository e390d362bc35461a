#!/usr/bin/env node
// page_check.mjs - load local HTML pages in headless Chromium (Debian package, driven by
// playwright-core) with no network, and report what went wrong as JSON.
//
// Usage: node page_check.mjs <root-dir> <page.html> [options]
//        node page_check.mjs --batch < checks.json
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
//   --timeout <ms>         how long a --click / --read waits for its selector (default 5000);
//                          the navigation itself may take up to 30 s
//   --chromium <path>      browser binary (default: $CHROMIUM_PATH or /usr/bin/chromium)
//   --batch                read a JSON array of checks from stdin, each
//                          {"root", "page", "click": [..], "read", "screenshot", "fullPage",
//                           "width", "height", "fileUrl", "wait", "timeout"}, run them all in
//                          ONE browser (each in a fresh context), print a JSON array of reports.
//                          Node + playwright-core start-up (about 0.8 s) and the browser launch
//                          (about 1 s) are then paid once.
// Prints {ok, url, mode, title, consoleErrors, pageErrors, blockedRequests, notFound, failedRequests,
//         readText, errors, screenshot, seconds}:
//   consoleErrors    console.error() calls and other console messages of type "error". The
//                    browser's own "Failed to load resource" lines for requests that are already
//                    listed in blockedRequests / notFound / failedRequests are left out.
//   pageErrors       uncaught exceptions and unhandled rejections
//   blockedRequests  every request that did not go to the local server (or to <root-dir> in
//                    --file-url mode); each one was aborted
//   notFound         local requests answered 404 (HTTP) or missing on disk (file://), as paths
//                    relative to <root-dir>; the browser's automatic /favicon.ico is ignored
//   failedRequests   other local requests that failed, as "<path>: <net error>", e.g. a module
//                    script refused over file:// by CORS ("net::ERR_FAILED")
//   readText         innerText of --read (null without --read)
//   errors           harness failures: navigation failed, a --click or --read selector matched
//                    nothing, ...
//   ok               every one of these lists is empty
// Exit codes: 0 ok (every check ok in --batch); 1 something was recorded; 2 usage/setup error.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startServer, launchBrowser, openContext, chromiumPath } from "./lib/browser.mjs";

const USAGE = "usage: node page_check.mjs <root-dir> <page.html> [--click selector]... [--read selector] " +
  "[--screenshot out.png] [--full-page] [--width N --height N] [--file-url] [--wait ms] [--timeout ms] " +
  "[--chromium path]\n       node page_check.mjs --batch [--chromium path] < checks.json";
function die(msg) { process.stderr.write(`page_check: ${msg}\n${USAGE}\n`); process.exit(2); }

const NAV_TIMEOUT = 30000;
const DEFAULTS = { click: [], width: 1280, height: 800, wait: 150, timeout: 5000, fileUrl: false, fullPage: false };

function parseArgs(argv) {
  const o = { ...DEFAULTS, click: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => { if (i + 1 >= argv.length) die(`missing value for ${a}`); return argv[++i]; };
    const num = () => { const v = Number(next()); if (!Number.isFinite(v) || v < 0) die(`${a} needs a number`); return v; };
    if (a === "-h" || a === "--help") { console.log(USAGE); process.exit(0); }
    else if (a === "--batch") o.batch = true;
    else if (a === "--click") o.click.push(next());
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
  return o;
}

// Check a spec; returns an error message (usage error) or null.
function validateSpec(s) {
  if (!s || typeof s !== "object") return "a check must be an object";
  if (!s.root || !s.page) return "need a root folder and a page";
  if (!fs.existsSync(s.root) || !fs.statSync(s.root).isDirectory()) return `not a folder: ${s.root}`;
  const root = fs.realpathSync(s.root);
  const rel = path.relative(root, path.resolve(root, s.page));
  if (rel.startsWith("..") || path.isAbsolute(rel) || !fs.existsSync(path.join(root, rel))) return `page not found under root: ${s.page}`;
  if (!Array.isArray(s.click) || s.click.some((c) => typeof c !== "string")) return "click must be a list of selectors";
  for (const k of ["width", "height", "wait", "timeout"]) {
    if (!Number.isFinite(s[k]) || s[k] < 0) return `${k} must be a number`;
  }
  if (!s.width || !s.height) return "width and height must be positive";
  return null;
}

async function checkPage(browser, spec) {
  const t0 = Date.now();
  const root = fs.realpathSync(spec.root);
  const rel = path.relative(root, path.resolve(root, spec.page)).split(path.sep).join("/");
  const report = {
    ok: false, url: null, mode: spec.fileUrl ? "file" : "http", title: null,
    consoleErrors: [], pageErrors: [], blockedRequests: [], notFound: [], failedRequests: [],
    readText: null, errors: [], screenshot: null,
  };
  let server = null;
  let origin = null;
  if (!spec.fileUrl) {
    server = await startServer(root);
    origin = `http://127.0.0.1:${server.address().port}`;
  }
  const pageUrl = spec.fileUrl
    ? pathToFileURL(path.join(root, rel)).href
    : `${origin}/pkg/${rel.split("/").map(encodeURIComponent).join("/")}`;
  report.url = pageUrl;
  const base = spec.fileUrl ? pathToFileURL(root).href.replace(/\/?$/, "/") : `${origin}/pkg/`;
  const shortName = (u) => (u.startsWith(base) ? decodeURIComponent(u.slice(base.length).split(/[?#]/)[0]) : u);
  const isFavicon = (u) => /\/favicon\.ico$/.test(u.split(/[?#]/)[0]);

  const rawConsole = [];
  const failedLocal = new Set();
  const failedOther = [];
  let context = null;
  let blocked = [];
  try {
    ({ context, blocked } = await openContext(browser, origin,
      { viewport: { width: spec.width, height: spec.height }, fileRoot: spec.fileUrl ? root : null }));
    const page = await context.newPage();
    page.setDefaultTimeout(Math.max(spec.timeout, NAV_TIMEOUT));
    page.on("console", (msg) => {
      if (msg.type() === "error") rawConsole.push({ text: msg.text(), url: (msg.location() || {}).url || "" });
    });
    page.on("pageerror", (err) => report.pageErrors.push(String(err && err.stack ? err.message : err)));
    page.on("response", (resp) => { if (resp.status() === 404) failedLocal.add(resp.url()); });
    page.on("requestfailed", (req) => {
      const u = req.url();
      const why = (req.failure() || {}).errorText || "failed";
      if (blocked.includes(u) || why.includes("ERR_BLOCKED_BY_CLIENT")) return;
      if (why.includes("ERR_FILE_NOT_FOUND")) failedLocal.add(u);
      else failedOther.push({ url: u, why });
    });
    const settle = async () => {
      await page.waitForLoadState("load").catch(() => {});
      if (spec.wait) await page.waitForTimeout(spec.wait);
    };
    const firstLine = (e) => String(e && e.message || e).split("\n")[0];
    try {
      const resp = await page.goto(pageUrl, { waitUntil: "load", timeout: NAV_TIMEOUT });
      if (!spec.fileUrl && (!resp || !resp.ok())) report.errors.push(`navigation: HTTP ${resp ? resp.status() : "no response"}`);
      await settle();
      for (const sel of spec.click) {
        try {
          await page.locator(sel).first().click({ timeout: spec.timeout });
          await settle();
        } catch (e) {
          report.errors.push(`click ${sel}: ${firstLine(e)}`);
          break;
        }
      }
      if (spec.read !== undefined && spec.read !== null) {
        try {
          report.readText = await page.locator(spec.read).first().innerText({ timeout: spec.timeout });
        } catch (e) {
          report.errors.push(`read ${spec.read}: ${firstLine(e)}`);
        }
      }
      report.title = await page.title().catch(() => null);
      if (spec.screenshot) {
        fs.mkdirSync(path.dirname(path.resolve(spec.screenshot)), { recursive: true });
        await page.screenshot({ path: spec.screenshot, fullPage: !!spec.fullPage });
        report.screenshot = path.resolve(spec.screenshot);
      }
    } catch (e) {
      report.errors.push(`navigation: ${firstLine(e)}`);
    }
  } finally {
    if (context) await context.close().catch(() => {});
    if (server) server.close();
  }

  if (failedLocal.has(pageUrl)) report.errors.push("navigation: page not found");
  report.notFound = [...failedLocal].filter((u) => !isFavicon(u) && u !== pageUrl).map(shortName);
  report.failedRequests = failedOther.filter((f) => !isFavicon(f.url) && !failedLocal.has(f.url))
    .map((f) => `${shortName(f.url)}: ${f.why}`);
  report.blockedRequests = [...new Set(blocked)];
  const known = new Set([...report.blockedRequests, ...failedLocal, ...failedOther.map((f) => f.url)]);
  report.consoleErrors = rawConsole
    .filter((m) => !(m.text.startsWith("Failed to load resource") && (known.has(m.url) || isFavicon(m.url))))
    .map((m) => m.text);
  report.ok = !report.consoleErrors.length && !report.pageErrors.length && !report.blockedRequests.length &&
    !report.notFound.length && !report.failedRequests.length && !report.errors.length;
  report.seconds = Math.round((Date.now() - t0) / 100) / 10;
  return report;
}

const opts = parseArgs(process.argv.slice(2));
let specs;
if (opts.batch) {
  if (opts.root) die("--batch takes the checks on stdin, not as arguments");
  let input;
  try { input = JSON.parse(fs.readFileSync(0, "utf8")); } catch (e) { die(`--batch: stdin is not JSON: ${e.message}`); }
  if (!Array.isArray(input) || !input.length) die("--batch: stdin must be a non-empty JSON array");
  specs = input.map((s) => ({ ...DEFAULTS, ...s, click: s && s.click !== undefined ? [].concat(s.click) : [] }));
} else {
  specs = [opts];
}
specs.forEach((s, i) => {
  const err = validateSpec(s);
  if (err) die(opts.batch ? `check ${i}: ${err}` : err);
});
try { chromiumPath(opts.chromium); } catch (e) { die(e.message); }

const browser = await launchBrowser(opts.chromium);
const reports = [];
try {
  for (const spec of specs) reports.push(await checkPage(browser, spec));
} finally {
  await browser.close().catch(() => {});
}
console.log(JSON.stringify(opts.batch ? reports : reports[0], null, 2));
process.exit(reports.every((r) => r.ok) ? 0 : 1);
