// phone_tables.mjs <page.html> <out-dir>: a wide table on a 390 px phone and on a 1280 px
// screen. For each width it writes screenshots of the first table that scrolls sideways
// (at the start and scrolled to the end) and prints JSON with the tables' geometry.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launchBrowser, openContext } from "../validators/lib/browser.mjs";

const [page_, out] = process.argv.slice(2);
const browser = await launchBrowser();
const report = {};
for (const width of [390, 1280]) {
  const { context } = await openContext(browser, null, { viewport: { width, height: 800 }, fileRoot: path.dirname(page_) });
  const page = await context.newPage();
  await page.goto(pathToFileURL(path.resolve(page_)).href);
  const tables = await page.$$eval(".cw-table-scroll", (boxes) => boxes.map((box, index) => {
    const caption = box.querySelector("caption");
    const b = box.getBoundingClientRect();
    const c = caption ? caption.getBoundingClientRect() : null;
    return {
      index, scrolls: box.scrollWidth > box.clientWidth + 1,
      background: getComputedStyle(box).backgroundImage,
      captionInside: c ? c.right <= b.right + 1 && c.left >= b.left - 1 : true,
    };
  }));
  report[width] = { tables, shots: [] };
  const wide = tables.find((t) => t.scrolls);
  if (wide) {
    const box = (await page.$$(".cw-table-scroll"))[wide.index];
    await box.scrollIntoViewIfNeeded();
    for (const where of ["start", "end"]) {
      if (where === "end") await box.evaluate((b) => { b.scrollLeft = b.scrollWidth; });
      await page.waitForTimeout(100);
      const file = path.join(out, `table-${width}-${where}.png`);
      await box.screenshot({ path: file });
      report[width].shots.push(file);
    }
  }
  await context.close();
}
await browser.close();
process.stdout.write(JSON.stringify(report));
