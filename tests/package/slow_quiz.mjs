#!/usr/bin/env node
// slow_quiz.mjs - open a package's final-quiz page with quiz.js arriving late (a slow phone
// network) and record what the page offered when its submit button first appeared.
// Usage: node slow_quiz.mjs <package-dir> <quiz-page> [delay-ms]
// Prints JSON {checkButtons, questionsShown, pageErrors, errors}.
import { launch, startServer } from "../validators/lib/browser.mjs";

const [root, quizPage, delayArg] = process.argv.slice(2);
const delay = Number(delayArg || 1500);
const report = { checkButtons: null, questionsShown: null, pageErrors: [], errors: [] };
const server = await startServer(root);
const origin = `http://127.0.0.1:${server.address().port}`;
const { browser, context } = await launch(origin, process.env.CHROMIUM_PATH);
try {
  const page = await context.newPage();
  page.on("pageerror", (err) => report.pageErrors.push(String(err.message || err)));
  await page.route("**/assets/quiz.js", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, delay));
    await route.continue();
  });
  await page.goto(`${origin}/pkg/${quizPage}`, { waitUntil: "commit" });
  await page.locator("#cw-quiz-submit").waitFor({ state: "attached", timeout: delay + 10000 });
  Object.assign(report, await page.evaluate(() => {
    const shown = [...document.querySelectorAll(".cw-question")].filter((box) => !box.hidden);
    return {
      checkButtons: shown.filter((box) => box.querySelector("[data-action=check]")).length,
      questionsShown: shown.filter((box) => box.getAttribute("data-type") !== "essay").length,
    };
  }));
} catch (e) {
  report.errors.push(String(e.message || e).split("\n")[0]);
} finally {
  await browser.close();
  server.close();
}
process.stdout.write(JSON.stringify(report));
