#!/usr/bin/env node
// quiz_click.mjs - answer the knowledge check of the test course (tests/render/testdata) in
// headless Chromium (playwright-core from tests/validators), by mouse and by keyboard.
// Usage: node quiz_click.mjs <site-dir> [--file-url]
// Prints JSON {steps: {name: value}, consoleErrors, pageErrors, blockedRequests, errors}.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launch, startServer } from "../validators/lib/browser.mjs";

const root = path.resolve(process.argv[2]);
const fileMode = process.argv.includes("--file-url");
const report = { steps: {}, consoleErrors: [], pageErrors: [], blockedRequests: [], errors: [] };
let server = null;
let origin = null;
if (!fileMode) {
  server = await startServer(root);
  origin = `http://127.0.0.1:${server.address().port}`;
}
const url = (page) => (fileMode ? pathToFileURL(path.join(root, page)).href : `${origin}/pkg/${page}`);

const { browser, context, blocked } = await launch(origin, process.env.CHROMIUM_PATH, {
  viewport: { width: 390, height: 844 }, fileRoot: fileMode ? root : null,
});
report.blockedRequests = blocked;
const page = await context.newPage();
page.setDefaultTimeout(5000);
page.on("console", (msg) => { if (msg.type() === "error") report.consoleErrors.push(msg.text()); });
page.on("pageerror", (err) => report.pageErrors.push(String(err.message || err)));

const q = (n) => `#comprueba-q${n}`;
const status = (n) => page.locator(`${q(n)} .cw-status`).innerText();
const check = (n) => page.locator(`${q(n)} [data-action="check"]`).click();
const step = async (name, fn) => {
  try { report.steps[name] = await fn(); } catch (e) { report.errors.push(`${name}: ${String(e.message || e).split("\n")[0]}`); }
};

try {
  await page.goto(url("repaso.html"), { waitUntil: "load" });
  await page.locator(`${q(1)} [data-action="check"]`).waitFor();

  await step("single_empty", async () => { await check(1); return status(1); });
  await step("single", async () => {
    await page.locator(`${q(1)} label`, { hasText: "La foto principal" }).click();
    await check(1);
    return {
      status: await status(1),
      choiceFeedback: await page.locator(`${q(1)} .cw-choice-feedback:visible`).innerText(),
      general: await page.locator(`${q(1)} .cw-feedback-general`).isVisible(),
      live: await page.locator(`${q(1)} .cw-feedback`).getAttribute("role"),
    };
  });
  await step("multiple", async () => {
    await page.locator(`${q(2)} input[value="0"]`).check();
    await page.locator(`${q(2)} input[value="1"]`).check();
    await check(2);
    return { status: await status(2), correct: await page.locator(`${q(2)} .cw-feedback-correct`).isVisible() };
  });
  await step("true_false_keyboard", async () => {
    await page.locator(`${q(3)} input[value="false"]`).focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement.getAttribute("data-action"));
    await page.keyboard.press("Enter");
    return { focused, status: await status(3) };
  });
  await step("short_partial", async () => {
    await page.locator(`${q(4)} input`).fill("  FICHA ");
    await check(4);
    return { status: await status(4), feedback: await page.locator(`${q(4)} .cw-answer-feedback:visible`).innerText() };
  });
  await step("numeric", async () => {
    await page.locator(`${q(5)} input`).fill("180,2");
    await check(5);
    return status(5);
  });
  await step("matching", async () => {
    const selects = page.locator(`${q(6)} select`);
    await selects.nth(0).selectOption("Miel de Cuetzalan");
    await selects.nth(1).selectOption("3 a 5 días");
    await selects.nth(2).selectOption("Contraseña");
    await check(6);
    return { status: await status(6), wrongRows: await page.locator(`${q(6)} .cw-match.cw-wrong`).count() };
  });
  await step("ordering_keyboard", async () => {
    const items = () => page.locator(`${q(7)} .cw-order-item`).evaluateAll((nodes) => nodes.map((n) => n.dataset.item));
    const before = await items();
    await page.locator(`${q(7)} .cw-order-item`).first().locator('[data-move="1"]').focus();
    await page.keyboard.press("Enter");
    const after = await items();
    const stillFocused = await page.evaluate(() => document.activeElement.getAttribute("data-move"));
    const announce = await page.locator(`${q(7)} .cw-announce`).innerText();
    // Now put them in the right order with the buttons only.
    const target = ["Tomar la foto", "Publicar la ficha", "Recibir el pedido", "Enviar el paquete"];
    for (let i = 0; i < target.length; i++) {
      for (;;) {
        const now = await items();
        const at = now.indexOf(target[i]);
        if (at <= i) break;
        await page.locator(`${q(7)} .cw-order-item`).nth(at).locator('[data-move="-1"]').click();
      }
    }
    await check(7);
    return { before, after, stillFocused, announce, status: await status(7) };
  });
  await step("cloze", async () => {
    await page.locator(`${q(8)} input[data-blank="b1"]`).fill("Fotografia");
    await page.locator(`${q(8)} select[data-blank="b2"]`).selectOption("natural");
    await check(8);
    return status(8);
  });
  await step("essay", async () => {
    await page.locator(`${q(9)} textarea`).fill("Vendo miel de abeja de mi comunidad");
    await page.locator(`${q(9)} summary`).click();
    return {
      words: await page.locator(`${q(9)} .cw-wordcount`).innerText(),
      model: await page.locator(`${q(9)} .cw-model`).evaluate((n) => n.open),
      checkButtons: await page.locator(`${q(9)} [data-action="check"]`).count(),
    };
  });
  await step("reload_restores", async () => {
    await page.reload({ waitUntil: "load" });
    await page.locator(`${q(1)} [data-action="check"]`).waitFor();
    return {
      status: await status(1),
      checked: await page.locator(`${q(1)} input:checked`).count(),
      essay: await page.locator(`${q(9)} textarea`).inputValue(),
    };
  });
  await step("home_progress", async () => {
    await page.goto(url("index.html"), { waitUntil: "load" });
    await page.locator("#cw-progress-text").waitFor();
    return {
      text: await page.locator("#cw-progress-text").innerText(),
      start: await page.locator("#cw-start").innerText(),
      visited: await page.locator('.cw-map li.cw-visited:has(a[href="repaso.html"])').count(),
    };
  });
} catch (e) {
  report.errors.push(String(e.message || e).split("\n")[0]);
} finally {
  await browser.close().catch(() => {});
  if (server) server.close();
}
report.blockedRequests = [...new Set(report.blockedRequests)];
console.log(JSON.stringify(report, null, 2));
