// Usage: node play.mjs MOODLE_DIR HARNESS_DIR CMID:MODE[:SCOID]... [--out DIR]
//
// Student runs through SCORM activities of the harness Moodle in MOODLE_DIR, one php -S and one
// headless Chromium for all of them (the harness's play_scorm.mjs starts both per run). For
// each CMID: enrol student1 (HARNESS_DIR/php/mkstudent.php), log in once, enter the activity,
// read the passing score the LMS API hands the SCO, open the course's final quiz, answer every
// question right (MODE pass) or wrong (MODE fail) from the page's own key, submit, leave with
// the course's exit button, then read what Moodle stored (php/track.php).
// MODE blocks: first open, in the player, each lesson page with a scored block (the course
// data's `blocks`), answer the questions of every video's cues (the first right, the second
// wrong, and so on) and press their check buttons, sort every sort block rightly and take every
// scenario's first choices to an ending; then pass the quiz as MODE pass does.
// SCOID (a package with a SCO per module): enter that SCO of the activity (the Enter form with
// its scoid, as Moodle's course structure links do); MODE pass/fail then starts on the quiz
// SCO's own page. MODE module: in the SCO, walk its lessons with each page's "next" link (title,
// text, where the SCO starts and what it counts), then leave. Runs with a SCOID add what Moodle
// stored for that SCO (tests/lms/scorm_tracks.php CMID SCOID) as `sco_tracks`.
// Prints one JSON list on stdout; exit 0 when every run finished, 1 on an error (in the JSON).
// Chromium: $CHROMIUM_PATH or /usr/bin/chromium. playwright-core: tests/validators/node_modules.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(HERE, '..', 'validators', 'package.json'));
const { chromium } = require('playwright-core');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const OUT = outAt >= 0 ? path.resolve(args.splice(outAt, 2)[1]) : null;
const [DIR, HARNESS, ...runs] = args;
const env = Object.fromEntries(fs.readFileSync(path.join(DIR, 'env'), 'utf8').split('\n')
  .filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
const BASE = env.MOODLE_WWWROOT;
const php = (script, ...a) => execFileSync('php', [path.isAbsolute(script) ? script : path.join(HARNESS, 'php', script), ...a],
  { env: { ...process.env, MOODLE_CONFIG: env.MOODLE_CONFIG }, encoding: 'utf8' });
const log = [];
const L = (...a) => { log.push(a.join(' ')); };

async function answers(url) {
  try { const r = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(3000) }); return r.status > 0; } catch { return false; }
}
let server = null;
const alive = () => { try { process.kill(-server.pid, 0); return true; } catch { return false; } };
async function stopServer() {
  if (!server || !alive()) return;
  try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ }
  for (let i = 0; i < 20 && alive(); i++) await sleep(100);
  if (alive()) { try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ } }
}
process.on('exit', () => { if (server && alive()) { try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ } } });
async function startServer() {
  if (await answers(`${BASE}/login/index.php`)) throw new Error(`something already answers on ${BASE}`);
  server = spawn('php', ['-S', `127.0.0.1:${env.MOODLE_PORT}`, '-t', path.join(DIR, 'moodle', 'public')],
    { detached: true, stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, PHP_CLI_SERVER_WORKERS: '4' } });
  for (let i = 0; i < 60; i++) {
    if (await answers(`${BASE}/login/index.php`)) return;
    await sleep(500);
  }
  throw new Error('php -S did not answer within 30 s');
}

// In the SCO page: answer every visible question right or wrong from the page's key; with
// `within`, the questions inside that selector instead (shown or not), alternately right and
// wrong, each then checked with its own button.
function answerAll({ wrong: allWrong, within }) {
  const keys = JSON.parse(document.getElementById('cw-data').textContent).keys || {};
  const fold = (s) => String(s).trim().replace(/\s+/g, ' ').toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '').normalize('NFC');
  const fire = (el) => { el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); };
  const pick = (select, good) => {
    const opts = [...select.options].filter((o) => o.value !== '');
    const o = opts.find((x) => good(fold(x.textContent)) || good(fold(x.value)));
    if (!o) return false;
    select.value = o.value; fire(select); return true;
  };
  const type = (el, text, wrong) => {
    if (el.tagName === 'SELECT') return pick(el, (t) => (wrong ? !text.map(fold).includes(t) : t === fold(text[0])));
    el.value = wrong ? 'zzzz' : text[0]; fire(el); return true;
  };
  const out = [];
  let n = 0;
  for (const box of document.querySelectorAll(within ? `${within} .cw-question` : '.cw-question')) {
    const id = box.dataset.question, kind = box.dataset.type, key = keys[id];
    if (!within && !box.getClientRects().length) continue;
    const wrong = within ? n++ % 2 === 1 : allWrong;
    let ok = !!key;
    if (!key) { /* no key: leave it */ } else if (kind === 'single_choice' || kind === 'multiple_response') {
      const inputs = [...box.querySelectorAll('input')];
      const want = (i) => key.correct.includes(Number(i.value));
      const target = wrong ? (kind === 'single_choice' ? [inputs.find((i) => !want(i))] : inputs.filter((i) => !want(i))) : inputs.filter(want);
      inputs.forEach((i) => { if (i.checked !== target.includes(i)) i.click(); });
    } else if (kind === 'true_false') {
      const input = [...box.querySelectorAll('input')].find((i) => (i.value === String(key.answer)) !== wrong);
      input.click();
    } else if (kind === 'short_answer') {
      ok = type(box.querySelector('.cw-input'), [key.answers.find((a) => a.credit === 1).text], wrong);
    } else if (kind === 'numeric') {
      ok = type(box.querySelector('.cw-input'), [String(wrong ? key.high + 1000 : (key.low + key.high) / 2)]);
    } else if (kind === 'matching') {
      const right = Object.fromEntries(key.pairs);
      box.querySelectorAll('.cw-match').forEach((row) => { ok = type(row.querySelector('select'), [right[row.dataset.left]], wrong) && ok; });
    } else if (kind === 'cloze') {
      box.querySelectorAll('[data-blank]').forEach((f) => { ok = type(f, key.blanks[f.dataset.blank].answers, wrong) && ok; });
    } else if (kind === 'ordering') {
      const list = box.querySelector('.cw-order');
      const items = [...list.querySelectorAll('.cw-order-item')];
      const order = wrong ? [...key.order].reverse() : key.order;
      for (const text of order) { const it = items.find((i) => i.dataset.item === text); if (it) list.appendChild(it); else ok = false; }
    } else { ok = false; }
    const item = { id, type: kind, answered: ok ? (wrong ? 'wrong' : 'right') : 'could not answer' };
    if (within) {
      box.querySelector('[data-action=check]').click();
      item.video = box.closest('[data-video]') && box.closest('[data-video]').dataset.video;
      item.status = (box.querySelector('.cw-status') || {}).textContent;
    }
    out.push(item);
  }
  return out;
}

// In a lesson page: sort every sort block rightly, take every scenario's first choices.
function playSortsAndScenarios() {
  const done = [];
  document.querySelectorAll('.cw-sort').forEach((box) => {
    box.querySelectorAll('.cw-sort-item').forEach((item) => {
      item.querySelector(`input[value="${item.getAttribute('data-key')}"]`).click();
    });
    box.querySelector('.cw-sort-check').click();
    done.push({ kind: 'sort', id: box.id, score: 1 });
  });
  document.querySelectorAll('.cw-scenario').forEach((box) => {
    for (let i = 0; i < 50; i++) {
      const scene = [...box.querySelectorAll('.cw-scene')].find((s) => !s.hidden);
      const choice = scene && scene.querySelector('.cw-scene-choice');
      if (!choice) {
        done.push({ kind: 'scenario', id: box.id, end: scene && scene.id, score: scene && Number(scene.getAttribute('data-score')) });
        break;
      }
      choice.click();
    }
  });
  return done;
}

// Ready when every deferred script ran and quiz.js made the check buttons.
function pageReady(name) {
  return document.readyState === 'complete' && location.pathname.endsWith('/' + name)
    && [...document.querySelectorAll('.cw-question')].every((q) => q.dataset.type === 'essay' || q.querySelector('[data-action=check]'));
}

// MODE blocks: each lesson page with a scored block, in course order, played in the player.
async function playBlocks(page, inner) {
  const lessons = await inner.evaluate(() => [...new Set(window.COURSEWARE_COURSE.blocks.map((b) => b[0].split('.')[0]))]);
  const out = { cues: [], blocks: [], pages: [] };
  for (const lesson of lessons) {
    const name = `${lesson}.html`;
    await inner.evaluate((n) => { location.href = n; }, name);
    ({ inner } = await frames(page, pageReady, 45000, name));
    out.pages.push(name);
    out.cues.push(...await inner.evaluate(answerAll, { within: '.cw-cues' }));
    out.blocks.push(...await inner.evaluate(playSortsAndScenarios));
  }
  await sleep(500);
  return { played: out, inner };
}

async function frames(page, test, timeoutMs = 45000, arg = undefined) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const sco = page.frames().find((f) => /\/mod_scorm\/content\//.test(f.url()));
    const inner = sco && page.frames().find((f) => f.parentFrame() === sco && /\.html/.test(f.url()));
    if (inner && await inner.evaluate(test, arg).catch(() => false)) return { sco, inner };
    await sleep(300);
  }
  throw new Error('the SCO page did not load in the player');
}

async function login(page) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.goto(`${BASE}/login/index.php`, { waitUntil: 'networkidle' });
    await page.fill('#username', 'student1');
    await page.fill('#password', 'Student-1234');
    await Promise.all([page.waitForLoadState('load'), page.click('#loginbtn')]);
    await page.waitForLoadState('networkidle');
    if (!/login\/index\.php/.test(page.url())) return;
  }
  throw new Error('login as student1 failed three times');
}

// MODE module: the SCO's lessons in order, each reached by the previous page's "next" link.
async function playModule(sco, page) {
  const scope = await sco.evaluate(() => {
    const h = window.CoursewareLMS.host;
    return { sco: new URLSearchParams(location.search).get('sco'), start: h.scope.start, lessons: h.scope.lessons.map((i) => h.course.lessons[i]) };
  });
  const pages = [];
  for (let n = 0; n < scope.lessons.length; n++) {
    const { inner } = await frames(page, pageReady, 45000, `${scope.lessons[n]}.html`);
    pages.push(await inner.evaluate(() => {
      const next = document.querySelector('.cw-pager-next');
      return { page: location.pathname.split('/').pop(), title: (document.querySelector('h1') || {}).textContent,
        text: (document.querySelector('main') || document.body).innerText.length, visible: !!document.querySelector('main, article')?.getClientRects().length,
        next: next && next.getAttribute('href') };
    }));
    if (n + 1 < scope.lessons.length) await inner.click('.cw-pager-next');
  }
  await sleep(500);
  const summary = await sco.evaluate(() => { const s = window.CoursewareLMS.host.summary(); return { completed: s.completed, success: s.success, score: s.score, location: s.location }; });
  return { scope, pages, summary };
}

async function play(page, cmid, mode, scoid) {
  const r = { cmid: Number(cmid), mode, scoid: scoid ? Number(scoid) : null };
  await page.goto(`${BASE}/mod/scorm/view.php?id=${cmid}`);
  const form = await page.$('form#scormviewform, form[action*="player.php"]');
  if (!form) throw new Error('no Enter form on the activity page');
  if (scoid) await form.evaluate((f, id) => { f.querySelector('input[name=scoid]').value = id; }, scoid);
  await Promise.all([page.waitForURL(/player\.php/), form.evaluate((f) => f.submit())]);
  let { sco, inner } = await frames(page, () => document.readyState === 'complete');
  r.player_url = page.url();
  r.passing_score_seen_by_sco = await page.evaluate(() => window.API_1484_11 ? window.API_1484_11.GetValue('cmi.scaled_passing_score')
    : window.API.LMSGetValue('cmi.student_data.mastery_score'));
  if (mode === 'module') {
    r.module = await playModule(sco, page);
    return leave(page, cmid, scoid, r);
  }
  if (mode === 'blocks') {
    const played = await playBlocks(page, inner);
    r.blocks = played.played;
    inner = played.inner;
  }
  const href = await inner.evaluate(() => {
    if (location.pathname.split('/').pop().startsWith('quiz-')) return location.pathname.split('/').pop();
    const a = [...document.querySelectorAll('a[href]')].find((x) => /^quiz-[^/]*\.html/.test(x.getAttribute('href')));
    if (a) a.click();
    return a && a.getAttribute('href');
  });
  if (!href) throw new Error('no link to the final quiz');
  // Ready when every script ran: the runtime made the submit button, quiz.js the check buttons
  // (a submit before quiz.js ran scores 0, as a heavily loaded machine showed).
  ({ sco, inner } = await frames(page, () => document.readyState === 'complete' && location.pathname.includes('quiz-')
    && !!document.getElementById('cw-quiz-submit')
    && [...document.querySelectorAll('.cw-question')].every((q) => q.dataset.type === 'essay' || q.querySelector('[data-action=check]'))));
  r.answered = await inner.evaluate(answerAll, { wrong: mode === 'fail' });
  const press = () => inner.evaluate(() => { const b = document.getElementById('cw-quiz-submit'); if (b && !b.hidden) b.click(); return !!b; });
  await press();
  await sleep(1500);
  r.sco_result_text = await inner.evaluate(() => (document.getElementById('cw-quiz-result') || document.body).innerText.trim().slice(0, 300));
  await sleep(1000);
  r.exit_button = await sco.evaluate(() => { const b = document.getElementById('cw-exit'); if (b && !b.hidden) { b.click(); return true; } return false; }).catch(() => false);
  await sleep(r.exit_button ? 3000 : 500);
  return leave(page, cmid, scoid, r);
}

// Leave the player for the activity page (the SCO finishes on pagehide), read what Moodle kept.
async function leave(page, cmid, scoid, r) {
  await page.goto(`${BASE}/mod/scorm/view.php?id=${cmid}`);
  await sleep(1000);
  r.moodle = JSON.parse(php('track.php', `--cmid=${cmid}`));
  if (scoid) {
    try { r.sco_tracks = JSON.parse(php(path.join(HERE, 'scorm_tracks.php'), cmid, scoid)); } catch (e) { r.sco_tracks = { error: String(e.stdout || e.message) }; }
  }
  return r;
}

const results = [];
let failed = false;
try {
  const parsed = runs.map((x) => x.split(':'));
  for (const cmid of new Set(parsed.map(([c]) => c))) L(php('mkstudent.php', `--cmid=${cmid}`).trim());
  await startServer();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(45000);
    page.on('pageerror', (e) => L('[pageerror]', e.message.slice(0, 300)));
    await login(page);
    for (const [cmid, mode, scoid] of parsed) {
      try { results.push(await play(page, cmid, mode, scoid)); } catch (e) {
        failed = true;
        if (OUT) await page.screenshot({ path: path.join(OUT, `error-${cmid}${scoid ? `-${scoid}` : ""}.png`) }).catch(() => {});
        results.push({ cmid: Number(cmid), mode, scoid: scoid ? Number(scoid) : null, error: String(e.message || e) });
      }
    }
  } finally { await browser.close(); }
} catch (e) {
  failed = true;
  results.push({ error: String(e.stack || e) });
} finally {
  await stopServer();
}
if (OUT) { fs.mkdirSync(OUT, { recursive: true }); fs.writeFileSync(path.join(OUT, 'play.log'), log.join('\n') + '\n'); }
// Exit once stdout is flushed: process.exit() right after console.log cuts a piped output
// at 64 KiB (the pipe's buffer), which six runs with their tracks exceed.
process.stdout.write(JSON.stringify({ runs: results, log }, null, 2) + '\n', () => process.exit(failed ? 1 : 0));
