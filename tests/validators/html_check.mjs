#!/usr/bin/env node
// html_check.mjs - validate HTML files with the Nu Html Checker (vnu.jar from the
// vnu-jar npm package; W3C's validator engine). Needs Java 11+ on PATH (or $JAVA).
//
// Usage: node html_check.mjs [--errors-only] <file-or-dir> [more...]
//   Prints vnu's JSON report ({"messages": [...]}) on stdout.
//   --errors-only  drop info/warning messages (passed to vnu as --errors-only)
//   Directories are checked recursively (vnu --skip-non-html).
// Exit codes: 0 no errors, 1 errors found, 2 usage/setup error.
// Raw vnu equivalent: java -jar node_modules/vnu-jar/build/dist/vnu.jar --format json --stdout FILE...
import fs from "node:fs";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const USAGE = "usage: node html_check.mjs [--errors-only] <file-or-dir> [more...]";
const args = process.argv.slice(2);
if (args.includes("-h") || args.includes("--help")) { console.log(USAGE); process.exit(0); }
const errorsOnly = args.includes("--errors-only");
const targets = args.filter((a) => a !== "--errors-only");
if (!targets.length || targets.some((t) => t.startsWith("--"))) { console.error(USAGE); process.exit(2); }
for (const t of targets) if (!fs.existsSync(t)) { console.error(`html_check: no such file: ${t}`); process.exit(2); }

const SETUP_HINT = "run `bash tests/run.sh` (it installs Java and node_modules)";
// require("vnu-jar") returns the absolute path of vnu.jar.
let jar;
try { jar = String(createRequire(import.meta.url)("vnu-jar")); }
catch (e) { console.error(`html_check: npm package vnu-jar not installed (${e.code || e.message}): ${SETUP_HINT}`); process.exit(2); }
const java = process.env.JAVA || "java";
const vnuArgs = ["-jar", jar, "--format", "json", "--stdout", "--skip-non-html"];
if (errorsOnly) vnuArgs.push("--errors-only");
const r = spawnSync(java, [...vnuArgs, ...targets], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
if (r.error) { console.error(`html_check: cannot run ${java}: ${r.error.message}: ${SETUP_HINT}`); process.exit(2); }
let report;
try { report = JSON.parse(r.stdout); }
catch { console.error(`html_check: vnu gave no JSON (exit ${r.status}):\n${r.stdout}${r.stderr}`); process.exit(2); }
const errors = report.messages.filter((m) => m.type === "error" || (m.type === "non-document-error"));
report.ok = errors.length === 0;
report.errorCount = errors.length;
console.log(JSON.stringify(report, null, 2));
process.exit(report.ok ? 0 : 1);
