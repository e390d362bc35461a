#!/usr/bin/env node
// walk.mjs - drive courseware LMS packages in headless Chromium, as a learner would,
// against the third-party scorm-again runtime (SCORM 1.2 / 2004) or a cmi5 LRS stub.
//
// Usage: node walk.mjs < spec.json   (prints one JSON report on stdout)
// spec: {
//   root: folder holding the extracted packages (served on 127.0.0.1 under /pkg/),
//   scenarios: [{name, version: "1.2"|"2004"|"cmi5", package: "<sub-folder>",
//     sessions: [{launch: "lms.html[?...]", steps: [...]}]}]
// }
// SCORM sessions run in a host page that provides window.API / API_1484_11 (scorm-again)
// with the SCO in an iframe; each later session of a scenario starts a new runtime loaded
// with what the earlier one stored (entry=resume), as an LMS does on relaunch.
// cmi5 sessions open the launch URL (with the LMS's query parameters) as the top page.
// Steps (all act on the course page inside the launch page's #cw-frame):
//   {do: "walk", lessons: N | null, checks: {qid: response}, cues: {qid: response}}  from index: Start, then
//       "next" through N lessons (null: up to the final quiz page); answers each listed
//       knowledge check met on the way and presses its "check" button; with blocks: true,
//       also sorts every sort block rightly (and checks it) and takes every scenario's
//       first choices to an ending; cues: {qid: response} answers those questions where a
//       video asks them (inside .cw-cues) and presses their "check" buttons
//   {do: "quiz", answers: {qid: response}}  fill the shown questions, submit
//   {do: "exit"}   press the launch page's exit button (cmi5)
//   {do: "close"}  unload the SCO (the LMS closing it) and wait for LMSFinish/Terminate
// Report per session: firstPage, pages, quiz {shown, result}, cmi (final values, flattened),
// calls, apiErrors, console, pageErrors, notFound, blockedRequests.
import fs from "node:fs";
import { createRequire } from "node:module";
import { startServer, launchBrowser, openContext } from "../validators/lib/browser.mjs";

const require = createRequire(new URL("../validators/package.json", import.meta.url));
// The minified browser builds of scorm-again, next to the files its exports map names.
const minified = (name) => require.resolve(`scorm-again/${name}`).replace(/\.js$/, ".min.js");
const LIBS = {
  "/__harness__/scorm12.js": { file: minified("scorm12") },
  "/__harness__/scorm2004.js": { file: minified("scorm2004") },
};

const hostHtml = (version) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>walk host</title>
<script src="/__harness__/scorm${version === "1.2" ? "12" : "2004"}.js"></script>
</head><body>
<iframe id="sco" title="SCO" style="width:100%;height:700px;border:0"></iframe>
<script>
window.__rec = { calls: [], apiErrors: [], initialized: false, finished: false };
window.__start = function (version, launchUrl, preload) {
  var rec = window.__rec;
  var settings = { autocommit: false, lmsCommitUrl: false, logLevel: 5 };
  var api, n;
  if (version === "1.2") {
    api = window.API = new Scorm12API(settings);
    n = { init: "LMSInitialize", fin: "LMSFinish", commit: "LMSCommit", set: "LMSSetValue", get: "LMSGetValue", err: "LMSGetLastError", str: "LMSGetErrorString" };
  } else {
    api = window.API_1484_11 = new Scorm2004API(settings);
    n = { init: "Initialize", fin: "Terminate", commit: "Commit", set: "SetValue", get: "GetValue", err: "GetLastError", str: "GetErrorString" };
  }
  if (preload) api.loadFromJSON(preload, "cmi");
  var errOf = api[n.err].bind(api), strOf = api[n.str].bind(api);
  [n.init, n.fin, n.commit, n.set, n.get].forEach(function (name) {
    var orig = api[name].bind(api);
    api[name] = function () {
      var args = Array.prototype.slice.call(arguments);
      if (name === n.fin) { try { rec.cmi = JSON.parse(JSON.stringify(api.renderCMIToJSONObject())); } catch (e) { rec.cmiError = String(e); } }
      var result = orig.apply(null, args);
      var code = String(errOf());
      if (name !== n.get) rec.calls.push(name + "(" + args.map(function (a) { return JSON.stringify(String(a)); }).join(", ") + ") => " + result);
      if (code !== "0" && code !== "" && !(name === n.get && code === "403")) rec.apiErrors.push({ call: name, args: args.map(String), code: code, message: String(strOf(code)) });
      if (name === n.init && String(result) === "true") rec.initialized = true;
      if (name === n.fin) {
        rec.finished = rec.finished || String(result) === "true";
        try { rec.cmi = JSON.parse(JSON.stringify(api.renderCMIToJSONObject())); } catch (e) { rec.cmiError = String(e); }
      }
      return result;
    };
  });
  document.getElementById("sco").src = launchUrl;
};
</script></body></html>`;

function flatten(obj, prefix, out) {
  if (obj === null || obj === undefined) return out;
  if (typeof obj !== "object") { out[prefix] = String(obj); return out; }
  for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

// What an LMS hands back on relaunch after exit=suspend.
function resumeData(version, cmi) {
  if (!cmi) return null;
  if (version === "1.2") {
    const core = cmi.core || {};
    return {
      core: { lesson_location: core.lesson_location, lesson_status: core.lesson_status, entry: "resume",
        score: core.score },
      suspend_data: cmi.suspend_data,
    };
  }
  return {
    location: cmi.location, suspend_data: cmi.suspend_data, completion_status: cmi.completion_status,
    success_status: cmi.success_status, entry: "resume", score: cmi.score,
  };
}

async function contentFrame(page, topLevel) {
  const launchFrame = topLevel ? page.mainFrame() : await (await page.waitForSelector("#sco")).contentFrame();
  const handle = await launchFrame.waitForSelector("#cw-frame", { state: "attached" });
  const frame = await handle.contentFrame();
  await frame.waitForFunction(() => document.readyState === "complete" && location.href !== "about:blank", null, { timeout: 15000 });
  return { launchFrame, frame };
}

// Follow a link as a click does (a DOM click: no scrolling and waiting for layout).
async function go(frame, selector) {
  await Promise.all([
    frame.waitForNavigation({ waitUntil: "domcontentloaded" }),
    frame.evaluate((sel) => document.querySelector(sel).click(), selector),
  ]);
}

function pageName(frame) {
  return new URL(frame.url()).pathname.split("/").pop();
}

// Put a response (the shape quiz.js reads) into a question box.
async function fill(frame, qid, response, within = "") {
  await frame.evaluate(([qid, response, within]) => {
    const box = [...document.querySelectorAll(`${within} .cw-question`)].find((b) => b.getAttribute("data-question") === qid && !b.hidden);
    if (!box) throw new Error("question not on the page: " + qid);
    const type = box.getAttribute("data-type");
    const all = (sel) => [...box.querySelectorAll(sel)];
    if (type === "single_choice" || type === "multiple_response") {
      all("input").forEach((i) => { i.checked = response.includes(Number(i.value)); });
    } else if (type === "true_false") {
      all("input").forEach((i) => { i.checked = (i.value === "true") === response; });
    } else if (type === "short_answer" || type === "numeric" || type === "essay") {
      box.querySelector(".cw-input").value = response;
    } else if (type === "matching") {
      all(".cw-match").forEach((row) => { row.querySelector("select").value = response[row.getAttribute("data-left")] ?? ""; });
    } else if (type === "ordering") {
      const list = box.querySelector(".cw-order");
      const items = all(".cw-order-item");
      response.forEach((text) => { const item = items.find((i) => i.getAttribute("data-item") === text); if (item) list.appendChild(item); });
    } else if (type === "cloze") {
      all("[data-blank]").forEach((f) => { f.value = response[f.getAttribute("data-blank")] ?? ""; });
    }
  }, [qid, response, within]);
}

// within: a selector the questions must sit in (".cw-cues": only a video's cue questions).
async function answerChecks(frame, checks, within = "") {
  const here = await frame.evaluate((within) => [...document.querySelectorAll(`${within} .cw-question`)].map((b) => b.getAttribute("data-question")), within);
  const answered = [];
  for (const qid of here) {
    if (!(qid in (checks || {}))) continue;
    await fill(frame, qid, checks[qid], within);
    await frame.evaluate(([qid, within]) => {
      const box = [...document.querySelectorAll(`${within} .cw-question`)].find((b) => b.getAttribute("data-question") === qid);
      box.querySelector("[data-action=check]").click();
    }, [qid, within]);
    answered.push(qid);
  }
  return answered;
}

// Play the scored blocks of the page by DOM clicks; what was done: [{kind, id, score}].
async function playBlocks(frame) {
  return frame.evaluate(() => {
    const done = [];
    document.querySelectorAll(".cw-sort").forEach((box) => {
      box.querySelectorAll(".cw-sort-item").forEach((item) => {
        item.querySelector(`input[value="${item.getAttribute("data-key")}"]`).click();
      });
      box.querySelector(".cw-sort-check").click();
      done.push({ kind: "sort", id: box.id, score: 1 });
    });
    document.querySelectorAll(".cw-scenario").forEach((box) => {
      for (let i = 0; i < 50; i++) {
        const scene = [...box.querySelectorAll(".cw-scene")].find((s) => !s.hidden);
        const choice = scene && scene.querySelector(".cw-scene-choice");
        if (!choice) {
          done.push({ kind: "scenario", id: box.id, end: scene && scene.id, score: scene && scene.getAttribute("data-score") });
          break;
        }
        choice.click();
      }
    });
    return done;
  });
}

async function runSession(browser, origin, scenario, session, previous, lrs) {
  const out = { pages: [], checks: [], cues: [], blocks: [], console: [], pageErrors: [], notFound: [], timings: [] };
  const t0 = Date.now();
  const mark = (what) => out.timings.push(`${what}:${Date.now() - t0}`);
  // cmi5: no request interception. Intercepted keepalive requests of a page that is being
  // unloaded are dropped by the interception itself, which would hide the AU's last words.
  // Nothing outside 127.0.0.1 is requested anyway: the report lists every request host.
  const cmi5Run = scenario.version === "cmi5";
  const { context, blocked } = cmi5Run
    ? { context: await browser.newContext(), blocked: [] }
    : await openContext(browser, origin);
  if (cmi5Run) context.on("request", (r) => { const u = r.url(); if (!u.startsWith(origin + "/") && !(lrs && u.startsWith(lrs + "/")) && !u.startsWith("about:") && !u.startsWith("data:")) blocked.push(u); });
  const page = await context.newPage();
  page.on("console", (m) => out.console.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => out.pageErrors.push(String(e)));
  page.on("response", (r) => { if (r.status() === 404) out.notFound.push(r.url().replace(origin, "")); });
  const cmi5 = scenario.version === "cmi5";
  const launchUrl = `/pkg/${scenario.package}/${session.launch}`;
  try {
    if (cmi5) await page.goto(origin + launchUrl);
    else {
      await page.goto(`${origin}/__harness__/host${scenario.version === "1.2" ? "12" : "2004"}.html`);
      mark("host");
      await page.evaluate(([v, u, p]) => window.__start(v, u, p), [scenario.version, launchUrl, resumeData(scenario.version, previous)]);
    }
    const { launchFrame, frame } = await contentFrame(page, cmi5);
    out.firstPage = pageName(frame);
    mark("launched");
    for (const step of session.steps) {
      if (step.do === "walk") {
        if (pageName(frame) === "index.html") await go(frame, "#cw-start");
        let seen = 0;
        for (;;) {
          out.pages.push(pageName(frame));
          out.checks.push(...await answerChecks(frame, step.checks));
          out.cues.push(...await answerChecks(frame, step.cues, ".cw-cues"));
          if (step.blocks) out.blocks.push(...await playBlocks(frame));
          seen += 1;
          if (step.lessons && seen >= step.lessons) break;
          const next = await frame.$(".cw-pager-next");
          if (!next) break;
          await go(frame, ".cw-pager-next");
          if (pageName(frame).startsWith("quiz-")) { out.pages.push(pageName(frame)); break; }
        }
      } else if (step.do === "quiz") {
        if (!pageName(frame).startsWith("quiz-")) throw new Error("not on the quiz page: " + pageName(frame));
        const shown = await frame.evaluate(() => [...document.querySelectorAll("[data-cw-quiz] .cw-question")].filter((b) => !b.hidden).map((b) => b.getAttribute("data-question")));
        for (const qid of shown) if (qid in step.answers) await fill(frame, qid, step.answers[qid]);
        await frame.click("#cw-quiz-submit");
        if (await frame.isVisible("#cw-quiz-submit")) await frame.click("#cw-quiz-submit");
        out.quiz = { shown, result: await frame.textContent("#cw-quiz-result") };
      } else if (step.do === "close") {
        if (cmi5) {
          await page.goto("about:blank");
          await page.waitForTimeout(1000);  // keepalive requests still on their way
        }
        else {
          await page.evaluate(() => { document.getElementById("sco").src = "about:blank"; });
          await page.waitForFunction(() => window.__rec.finished, null, { timeout: 5000 }).catch(() => {});
        }
      } else if (step.do === "exit") {
        await launchFrame.click("#cw-exit");
        await page.waitForURL((u) => !u.pathname.startsWith("/pkg/"), { timeout: 5000 }).catch(() => {});
        out.finalUrl = page.url();
      } else throw new Error("unknown step " + step.do);
      mark(step.do);
    }
    if (!cmi5) {
      const rec = await page.evaluate(() => window.__rec);
      out.initialized = rec.initialized;
      out.finished = rec.finished;
      out.calls = rec.calls;
      out.apiErrors = rec.apiErrors;
      out.rawCmi = rec.cmi ? rec.cmi.cmi : null;
      out.cmi = flatten(rec.cmi || {}, "", {});
    }
  } catch (e) {
    out.error = String(e && e.stack || e);
  } finally {
    out.blockedRequests = blocked.filter((u) => !(lrs && u.startsWith(lrs)));
    await context.close().catch(() => {});
  }
  return out;
}

async function main() {
  const spec = JSON.parse(fs.readFileSync(0, "utf8"));
  const t0 = Date.now();
  const server = await startServer(fs.realpathSync(spec.root), {
    "/__harness__/host12.html": { body: hostHtml("1.2") },
    "/__harness__/host2004.html": { body: hostHtml("2004") },
    ...LIBS,
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchBrowser();
  const report = { origin, scenarios: {} };
  try {
    for (const scenario of spec.scenarios) {
      const sessions = [];
      let previous = null;
      for (const session of scenario.sessions) {
        const launch = session.launch.replace("{origin}", origin);
        const result = await runSession(browser, origin, scenario, { ...session, launch }, previous, spec.lrs);
        previous = result.rawCmi || previous;
        delete result.rawCmi;
        sessions.push(result);
      }
      report.scenarios[scenario.name] = sessions;
    }
  } finally {
    await browser.close().catch(() => {});
    server.close();
  }
  report.seconds = Math.round((Date.now() - t0) / 100) / 10;
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e) + "\n"); process.exit(2); });
