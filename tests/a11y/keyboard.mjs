#!/usr/bin/env node
// keyboard.mjs - use course pages with the keyboard only, in headless Chromium (playwright-core
// from tests/validators), then run axe-core on what the learner left on screen.
//
// Usage: node keyboard.mjs <root-dir> --quiz <page> [--walk <page>]... [--motion <page>]
//                          [--tags wcag2a,...] [--file-url]
//   --quiz    a page with one question of every type: each is answered right with Tab, Shift+Tab,
//             arrow keys, Space, Enter and typing, then checked with its Check button; every hint
//             and model answer is opened with the keyboard; then axe runs on the page as it is.
//   --walk    a page to Tab through from top to bottom (phone viewport): every stop must show a
//             focus indicator and be on screen; the skip link must move the focus to the content.
//   --motion  a page whose computed styles are read with and without prefers-reduced-motion.
//   --search  a page: the query "ENVIO gratis" typed in its header's search box, then Enter;
//             Tab goes to the first result; Esc closes the results.
//   --glossary a lesson with glossary terms: Tab to the first, its definition shows (and is the
//             link's description); Esc hides it; Tab away and back shows it; then axe runs.
//   --shots   a folder for screenshots of the search results and the glossary definition.
//   --blocks  a page with interactive blocks: every accordion panel, reveal and flip card opened
//             with Enter or Space, every tab list driven with the arrow keys, Home and End, every
//             process stepped through with its buttons; then axe runs on the page as it is.
// Pages are relative to <root-dir>, which is served on 127.0.0.1 (or opened as file:// with
// --file-url). Every request elsewhere is blocked and reported.
// Prints JSON {quiz: {...}, walks: {page: {...}}, motion: {...}, axe: {...},
//              blocks: {page: {disclosures, tabs, process, focusHidden, axe}}, errors, pageErrors,
//              consoleErrors, blockedRequests}.
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { launchBrowser, openContext, startServer } from "../validators/lib/browser.mjs";

const args = process.argv.slice(2);
const root = path.resolve(args[0]);
const option = (name) => args.flatMap((a, i) => (a === name ? [args[i + 1]] : []));
const fileMode = args.includes("--file-url");
const tags = (option("--tags")[0] || "wcag2a,wcag2aa,wcag21a,wcag21aa,wcag22aa").split(",");
const requireHere = createRequire(path.join(path.dirname(new URL(import.meta.url).pathname), "..", "validators", "package.json"));
const axePath = requireHere.resolve("axe-core/axe.min.js");

const report = { quiz: {}, walks: {}, motion: {}, blocks: {}, search: {}, glossary: {}, axe: null, errors: [], pageErrors: [], consoleErrors: [], blockedRequests: [] };
const AXE_URL = "/__harness__/axe.min.js";
const server = fileMode ? null : await startServer(root, { [AXE_URL]: { file: axePath } });
const origin = server ? `http://127.0.0.1:${server.address().port}` : null;
const url = (page) => (fileMode ? pathToFileURL(path.join(root, page)).href : `${origin}/pkg/${page}`);
const browser = await launchBrowser();

async function newPage(viewport, reducedMotion) {
  const { context, blocked } = await openContext(browser, origin, { viewport, fileRoot: fileMode ? root : null });
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  page.on("console", (m) => { if (m.type() === "error") report.consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => report.pageErrors.push(String(e.message || e)));
  if (reducedMotion) await page.emulateMedia({ reducedMotion });
  return { page, context, blocked };
}

// The focused element, described, with whether its focus can be seen.
// (Pages run with reduced motion, so scrolling to the focused element is instant.)
async function focused(page) {
  const now = await focusedNow(page);
  if (now && !now.onScreen) {
    await page.waitForTimeout(300);
    return focusedNow(page);
  }
  return now;
}

async function focusedNow(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const again = el.hasAttribute("data-kb-seen");
    el.setAttribute("data-kb-seen", "");
    const style = getComputedStyle(el);
    const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow && style.boxShadow !== "none";
    const box = el.getBoundingClientRect();
    const onScreen = box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
    const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : "");
    return { name, text: (el.innerText || el.value || "").slice(0, 40), visible: ring || shadow, onScreen, again };
  });
}

async function active(page, selector) {
  return page.evaluate((sel) => !!document.activeElement && document.activeElement.matches(sel), selector);
}

// Press Tab (or Shift+Tab) until the focus is on `selector`; fail after `limit` presses.
async function tabTo(page, selector, { back = false, limit = 80, seen = null } = {}) {
  for (let i = 0; i < limit; i++) {
    if (await active(page, selector)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    if (seen) {
      const now = await focused(page);
      if (now) seen.push(now);
    }
  }
  if (!(await active(page, selector))) throw new Error(`Tab never reached ${selector}`);
}

async function step(name, fn) {
  try {
    report.quiz[name] = await fn();
  } catch (e) {
    report.errors.push(`${name}: ${String(e.message || e).split("\n")[0]}`);
  }
}

// Change the focused <select> with the arrow keys until `wanted(value)` holds.
async function choose(page, selector, wanted) {
  await page.keyboard.press("Home");
  for (let i = 0; i < 30; i++) {
    const value = await page.locator(selector).inputValue();
    if (await wanted(value)) return value;
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`no option of ${selector} fits`);
}

// The page's own normalize_text (quiz.js), to compare an option with a cloze answer key.
function normalizer(page, blank) {
  return async (value) => blank.answers.includes(await page.evaluate(
    ([v, c, a]) => window.CoursewareQuiz.normalizeText(v, c, a), [value, blank.case_sensitive, blank.accent_sensitive]));
}

async function quiz(pageName) {
  const { page, blocked } = await newPage({ width: 1280, height: 800 }, "reduce");
  const seen = [];
  await page.goto(url(pageName), { waitUntil: "load" });
  await page.locator("[data-action=check]").first().waitFor();
  const questions = await page.evaluate(() => {
    const data = JSON.parse(document.getElementById("cw-data").textContent);
    return [...document.querySelectorAll(".cw-question")].map((box) => ({
      id: box.id, type: box.getAttribute("data-type"), key: data.keys[box.getAttribute("data-question")],
    }));
  });
  const checkAndRead = async (id) => {
    await tabTo(page, `#${id} [data-action=check]`, { seen });
    await page.keyboard.press("Enter");
    return page.locator(`#${id} .cw-status`).getAttribute("class");
  };
  for (const { id, type, key } of questions) {
    const q = `#${id}`;
    await step(type, async () => {
      if (type === "single_choice" || type === "true_false") {
        const wanted = type === "true_false" ? String(key.answer) : String(key.correct[0]);
        await tabTo(page, `${q} input`, { seen });
        for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement.value)) !== wanted; i++) {
          await page.keyboard.press("ArrowDown");
        }
        if (!(await page.locator(`${q} input[value="${wanted}"]`).isChecked())) await page.keyboard.press("Space");
      } else if (type === "multiple_response") {
        const boxes = await page.locator(`${q} input`).count();
        for (let i = 0; i < boxes; i++) {
          await tabTo(page, `${q} .cw-choice:nth-child(${i + 1}) input`, { seen });
          const value = Number(await page.evaluate(() => document.activeElement.value));
          if (key.correct.includes(value)) await page.keyboard.press("Space");
        }
      } else if (type === "short_answer" || type === "numeric") {
        const text = type === "numeric" ? String(key.low === key.high ? key.low : (key.low + key.high) / 2)
          : key.answers.find((a) => a.credit === 1).text;
        await tabTo(page, `${q} .cw-input`, { seen });
        await page.keyboard.type(text);
      } else if (type === "matching") {
        for (const [left, right] of key.pairs) {
          const select = `${q} .cw-match[data-left="${left}"] select`;
          await tabTo(page, select, { seen });
          await choose(page, select, (v) => v === right);
        }
      } else if (type === "cloze") {
        const fields = await page.locator(`${q} [data-blank]`).evaluateAll((n) => n.map((f) => [f.getAttribute("data-blank"), f.tagName]));
        for (const [name, tag] of fields) {
          const blank = key.blanks[name];
          const field = `${q} [data-blank="${name}"]`;
          await tabTo(page, field, { seen });
          if (tag === "SELECT") {
            await choose(page, field, normalizer(page, blank));
          } else {
            await page.keyboard.type(blank.answers[0]);
          }
        }
      } else if (type === "ordering") {
        const items = () => page.locator(`${q} .cw-order-item`).evaluateAll((n) => n.map((i) => i.getAttribute("data-item")));
        for (let i = 0; i < key.order.length; i++) {
          const at = (await items()).indexOf(key.order[i]);
          if (at <= i) continue;
          await tabTo(page, `${q} .cw-order-item:nth-child(${at + 1}) [data-move="-1"]`, { seen });
          for (let n = at; n > i; n--) await page.keyboard.press(n % 2 ? "Enter" : "Space");
        }
        const now = await items();
        if (now.join("|") !== key.order.join("|")) throw new Error(`order is ${now.join(", ")}`);
      } else if (type === "essay") {
        await tabTo(page, `${q} textarea`, { seen });
        await page.keyboard.type("Vendo miel de la sierra con envío a todo el país");
        await tabTo(page, `${q} .cw-model summary`, { seen });
        await page.keyboard.press("Enter");
        return { open: await page.locator(`${q} .cw-model`).evaluate((d) => d.open), words: await page.locator(`${q} .cw-wordcount`).innerText() };
      }
      if (await page.locator(`${q} .cw-hint summary`).count()) {
        await tabTo(page, `${q} .cw-hint summary`, { seen });
        await page.keyboard.press("Space");
      }
      return {
        status: await checkAndRead(id),
        hint: await page.locator(`${q} .cw-hint`).evaluateAll((d) => d.every((x) => x.open)),
      };
    });
  }
  report.quiz.focusStops = seen.length;
  report.quiz.focusHidden = [...new Set(seen.filter((s) => !s.visible).map((s) => s.name))];
  report.quiz.focusOffScreen = [...new Set(seen.filter((s) => !s.onScreen).map((s) => s.name))];
  // axe on the page as the learner left it: feedback shown, marks, hints and answers open.
  if (fileMode) return;
  await page.addScriptTag({ url: AXE_URL });
  const res = await page.evaluate((t) => window.axe.run(document, { runOnly: { type: "tag", values: t } }), tags);
  report.axe = {
    version: res.testEngine.version, passes: res.passes.length,
    violations: res.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) })),
  };
  report.blockedRequests.push(...blocked);
}

async function walk(pageName) {
  const { page, blocked } = await newPage({ width: 390, height: 844 }, "reduce");
  await page.goto(url(pageName), { waitUntil: "load" });
  const out = { stops: 0, hidden: [], offScreen: [], skip: null };
  await page.keyboard.press("Tab");
  const first = await focused(page);
  await page.keyboard.press("Enter");
  out.skip = { first: first && first.name, visible: first && first.visible && first.onScreen, after: (await focused(page) || {}).name || null };
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    // Past the last element the focus leaves the page; an audio or video player has several
    // stops inside one element.
    if (!now || now.name === first.name) break;
    if (now.again) continue;
    out.stops += 1;
    if (!now.visible) out.hidden.push(now.name + " " + now.text);
    if (!now.onScreen) out.offScreen.push(now.name + " " + now.text);
  }
  report.walks[pageName] = out;
  report.blockedRequests.push(...blocked);
}

// Interactive blocks, by keyboard only. Results per block, in page order.
async function blocks(pageName) {
  const { page, blocked } = await newPage({ width: 390, height: 844 }, "reduce");
  const seen = [];
  await page.goto(url(pageName), { waitUntil: "load" });
  const out = { disclosures: [], tabs: [], process: [] };
  const summaries = await page.locator(".cw-accordion summary, .cw-reveal summary, .cw-flip summary").count();
  for (let i = 0; i < summaries; i++) {
    const summary = page.locator(".cw-accordion summary, .cw-reveal summary, .cw-flip summary").nth(i);
    await summary.evaluate((el) => el.setAttribute("data-kb-target", ""));
    await tabTo(page, "[data-kb-target]", { seen });
    await page.keyboard.press(i % 2 ? "Space" : "Enter");
    out.disclosures.push(await summary.evaluate((el) => {
      el.removeAttribute("data-kb-target");
      const box = el.closest(".cw-block");
      return { block: box.className.split(" ")[1], open: el.parentNode.open, shown: el.nextElementSibling.getBoundingClientRect().height > 0 };
    }));
  }
  for (const box of await page.locator(".cw-tabs").all()) {
    const id = await box.getAttribute("id");
    const state = () => box.evaluate((b) => ({
      selected: [...b.querySelectorAll("[role=tab]")].findIndex((t) => t.getAttribute("aria-selected") === "true"),
      focused: [...b.querySelectorAll("[role=tab]")].indexOf(document.activeElement),
      shown: [...b.querySelectorAll("[role=tabpanel]")].map((p) => !p.hidden),
    }));
    await tabTo(page, `#${id} [role=tab][aria-selected=true]`, { seen });
    const steps = { start: await state() };
    await page.keyboard.press("ArrowRight");
    steps.right = await state();
    await page.keyboard.press("End");
    steps.end = await state();
    await page.keyboard.press("ArrowRight");
    steps.wrap = await state();
    await page.keyboard.press("ArrowLeft");
    steps.left = await state();
    await page.keyboard.press("Home");
    steps.home = await state();
    await page.keyboard.press("Tab");
    steps.tabInto = await page.evaluate(() => document.activeElement.getAttribute("role"));
    const tabs = await box.locator("[role=tab]").count();
    out.tabs.push({ tabs, ...steps });
  }
  for (const box of await page.locator(".cw-process").all()) {
    const id = await box.getAttribute("id");
    const steps = await box.locator(".cw-step").count();
    const visible = () => box.evaluate((b) => [...b.querySelectorAll(".cw-step")].findIndex((s) => !s.hidden));
    const first = await visible();
    await tabTo(page, `#${id} .cw-step-button:not([disabled]):last-child`, { seen });
    for (let n = 1; n < steps; n++) await page.keyboard.press(n % 2 ? "Enter" : "Space");
    const last = await visible();
    const status = await box.locator(".cw-step-status").innerText();
    const focusAfterLast = await page.evaluate(() => document.activeElement.textContent);
    await page.keyboard.press("Enter");
    out.process.push({ steps, first, last, status, focusAfterLast, back: await visible(), live: await box.locator(".cw-step-status").getAttribute("aria-live") });
  }
  out.scenario = [];
  for (const box of await page.locator(".cw-scenario").all()) {
    const id = await box.getAttribute("id");
    const shown = () => box.evaluate((b) => {
      const scene = [...b.querySelectorAll(".cw-scene")].filter((s) => !s.hidden);
      return { shown: scene.map((s) => s.id.slice(b.id.length + 1)), focused: !!scene[0] && scene[0].contains(document.activeElement) };
    });
    const start = await shown();
    const path = [];
    for (let i = 0; i < 10; i++) {
      const choice = `#${id} .cw-scene:not([hidden]) .cw-scene-choice`;
      if (!(await page.locator(choice).count())) break;
      await tabTo(page, choice, { seen });
      await page.keyboard.press("Enter");
      path.push(await shown());
    }
    const restart = `#${id} .cw-scene-restart:not([hidden])`;
    const canRestart = (await page.locator(restart).count()) === 1;
    if (canRestart) {
      await tabTo(page, restart, { seen });
      await page.keyboard.press("Enter");
    }
    out.scenario.push({ start, path, canRestart, after: await shown(), chosen: await box.locator(".cw-scene-chosen").isVisible() });
  }
  out.sort = [];
  for (const box of await page.locator(".cw-sort").all()) {
    const id = await box.getAttribute("id");
    const items = await box.locator(".cw-sort-item").evaluateAll((n) => n.map((i) => [i.id, Number(i.getAttribute("data-key"))]));
    const moved = [];
    for (const [itemId, key] of items) {
      const target = `#${itemId} input`;
      const back = await page.evaluate((sel) => {
        const el = document.querySelector(sel);
        const now = document.activeElement;
        return !!now && now !== document.body && !!(el.compareDocumentPosition(now) & Node.DOCUMENT_POSITION_FOLLOWING);
      }, target);
      await tabTo(page, target, { seen, back, limit: 120 });
      // Backwards into a group the focus lands on its last radio: arrow to the right one.
      for (let k = 0; k < 5 && Number(await page.evaluate(() => document.activeElement.value)) !== key; k++) {
        await page.keyboard.press("ArrowDown");
      }
      if (!(await page.evaluate(() => document.activeElement.checked))) await page.keyboard.press("Space");
      moved.push(await page.evaluate(([sel, k]) => {
        const item = document.querySelector(sel);
        const bins = [...item.closest(".cw-sort").querySelectorAll(".cw-sort-list")];
        return bins.indexOf(item.parentNode) === k + 1 && item.contains(document.activeElement);
      }, [`#${itemId}`, key]));
    }
    await tabTo(page, `#${id} .cw-sort-check`, { seen, limit: 120 });
    await page.keyboard.press("Enter");
    out.sort.push({ items: items.length, moved, result: await box.locator(".cw-sort-result").innerText(), right: await box.locator(".cw-sort-right").count() });
  }
  // Hotspot: each pin by keyboard (Enter, then Space) opens its note and moves the focus to it.
  out.hotspot = [];
  for (const box of await page.locator(".cw-hotspot").all()) {
    const pins = await box.locator(".cw-hotspot-pin").evaluateAll((n) => n.map((p, i) => {
      p.setAttribute("data-kb-pin", String(i));
      return p.getAttribute("role");
    }));
    const opened = [];
    for (let i = 0; i < pins.length; i++) {
      await tabTo(page, `[data-kb-pin="${i}"]`, { seen, back: i > 0, limit: 120 });
      await page.keyboard.press(i % 2 ? "Space" : "Enter");
      opened.push(await page.evaluate((i) => {
        const pin = document.querySelector(`[data-kb-pin="${i}"]`);
        const note = document.getElementById(pin.getAttribute("aria-controls"));
        const details = note.querySelector("details");
        return { role: pin.getAttribute("role"), expanded: pin.getAttribute("aria-expanded"), open: details.open,
          focusOnNote: document.activeElement === details.querySelector("summary") };
      }, i));
    }
    out.hotspot.push({ pins: pins.length, opened });
  }
  // Video cues: the video reaching a cue's time pauses it and focuses that question alone;
  // its "keep watching" button, by keyboard, gives the focus back to the video.
  out.cues = [];
  for (const box of await page.locator(".cw-cues").all()) {
    const id = await box.getAttribute("id");
    const state = () => box.evaluate((b) => {
      const video = document.querySelector("#" + b.getAttribute("data-video") + " video");
      return { boxHidden: b.hidden, shown: [...b.querySelectorAll(".cw-cue")].map((c) => !c.hidden),
        paused: video.paused, focusInFirst: b.querySelector(".cw-cue").contains(document.activeElement),
        focusOnVideo: document.activeElement === video };
    });
    const before = await state();
    // Played muted and moved near the cue (a server without ranges may not seek: then it
    // plays there, a few seconds).
    await box.evaluate(async (b) => {
      const video = document.querySelector("#" + b.getAttribute("data-video") + " video");
      video.muted = true;
      await video.play().catch(() => {});
      video.currentTime = parseFloat(b.querySelector(".cw-cue").getAttribute("data-at")) - 0.5;
    });
    await page.waitForFunction((id) => !document.getElementById(id).hidden, id, { timeout: 15000 }).catch(() => {});
    const asked = await state();
    await tabTo(page, `#${id} .cw-cue:not([hidden]) .cw-cue-continue`, { seen });
    await page.keyboard.press("Enter");
    out.cues.push({ before, asked, after: await state() });
  }
  out.focusStops = seen.length;
  // (a media player's own controls draw their focus inside it, out of reach of this probe)
  out.focusHidden = [...new Set(seen.filter((s) => !s.visible && !/^(audio|video)/.test(s.name)).map((s) => s.name))];
  report.blocks[pageName] = out;
  report.blockedRequests.push(...blocked);
  if (fileMode) return;
  await page.addScriptTag({ url: AXE_URL });
  const res = await page.evaluate((t) => window.axe.run(document, { runOnly: { type: "tag", values: t } }), tags);
  out.axe = { passes: res.passes.length, violations: res.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3)}`) };
}

// Search from a page's header by keyboard: Tab to the box, type, Enter; read what was found.
async function search(pageName) {
  const { page, blocked } = await newPage({ width: 390, height: 844 }, "reduce");
  await page.goto(url(pageName), { waitUntil: "load" });
  const seen = [];
  await tabTo(page, "#cw-find input", { seen });
  await page.keyboard.type("ENVIO gratis");
  await page.keyboard.press("Enter");
  await page.locator(".cw-find-status:not(:empty)").waitFor();
  await page.keyboard.press("Tab"); // the search button
  await page.keyboard.press("Tab"); // the first result
  const first = await focused(page);
  if (first) seen.push(first);
  report.search[pageName] = {
    status: await page.locator(".cw-find-status").innerText(),
    found: await page.locator(".cw-find-results a").evaluateAll((a) => a.map((l) => l.getAttribute("href"))),
    firstResultFocused: first ? first.text : null,
    focusHidden: seen.filter((s) => !s.visible).map((s) => s.name),
  };
  await shot(page, pageName, "search");
  await page.keyboard.press("Escape");
  report.search[pageName].afterEscape = await page.locator(".cw-find-panel").isHidden();
  report.blockedRequests.push(...blocked);
}

// A glossary term by keyboard: Tab to it, its definition shows and describes the link; Esc
// hides it; leaving the term and coming back shows it again. Then axe with it open.
async function glossary(pageName) {
  const { page, blocked } = await newPage({ width: 390, height: 844 }, "reduce");
  await page.goto(url(pageName), { waitUntil: "load" });
  const seen = [];
  await tabTo(page, ".cw-term", { seen });
  const shown = () => page.evaluate(() => {
    const tip = document.activeElement.nextElementSibling;
    const box = tip.getBoundingClientRect();
    return getComputedStyle(tip).display !== "none" && box.width > 0 && box.left >= 0 && box.right <= innerWidth;
  });
  const link = await page.evaluate(() => {
    const a = document.activeElement;
    const tip = document.getElementById(a.getAttribute("aria-describedby"));
    return { text: a.textContent, href: a.getAttribute("href"), description: tip ? tip.textContent : null };
  });
  const out = { link, shownOnFocus: await shown() };
  await shot(page, pageName, "glossary");
  await page.keyboard.press("Escape");
  out.hiddenByEscape = !(await shown());
  await page.keyboard.press("Tab");
  await page.keyboard.press("Shift+Tab");
  out.shownAgain = await shown();
  out.focusHidden = seen.filter((s) => !s.visible).map((s) => s.name);
  report.glossary[pageName] = out;
  report.blockedRequests.push(...blocked);
  if (fileMode) return;
  await page.addScriptTag({ url: AXE_URL });
  const res = await page.evaluate((t) => window.axe.run(document, { runOnly: { type: "tag", values: t } }), tags);
  out.axe = { passes: res.passes.length, violations: res.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3)}`) };
}

// With --shots <dir>: a PNG of the page as it is (390 px wide), to look at.
async function shot(page, pageName, what) {
  const dir = option("--shots")[0];
  if (!dir) return;
  const name = `${what}-${pageName.replace(/[^a-z0-9]+/gi, "_")}.png`;
  await page.screenshot({ path: path.join(dir, name) });
}

async function motion(pageName) {
  const read = async (setting) => {
    const { page, context } = await newPage({ width: 390, height: 844 }, setting);
    await page.goto(url(pageName), { waitUntil: "load" });
    const styles = await page.evaluate(() => {
      const probe = document.querySelector(".cw-button, .cw-pager a, .cw-toc a");
      return {
        scroll: getComputedStyle(document.documentElement).scrollBehavior,
        transition: getComputedStyle(probe).transitionDuration,
        probe: probe.className || probe.tagName,
      };
    });
    await context.close();
    return styles;
  };
  report.motion = { reduce: await read("reduce"), noPreference: await read("no-preference") };
}

const parts = [
  ...option("--quiz").map((p) => ["quiz " + p, () => quiz(p)]),
  ...option("--walk").map((p) => ["walk " + p, () => walk(p)]),
  ...option("--motion").map((p) => ["motion " + p, () => motion(p)]),
  ...option("--blocks").map((p) => ["blocks " + p, () => blocks(p)]),
  ...option("--search").map((p) => ["search " + p, () => search(p)]),
  ...option("--glossary").map((p) => ["glossary " + p, () => glossary(p)]),
];
try {
  for (const [name, run] of parts) {
    try {
      await run();
    } catch (e) {
      report.errors.push(`${name}: ${String(e.message || e).split("\n")[0]}`);
    }
  }
} finally {
  await browser.close().catch(() => {});
  if (server) server.close();
}
report.blockedRequests = [...new Set(report.blockedRequests)];
console.log(JSON.stringify(report, null, 2));
