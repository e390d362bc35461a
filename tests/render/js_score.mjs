#!/usr/bin/env node
// js_score.mjs - run the page scorer of a theme (assets/quiz.js) on test vectors, in node.
// Usage: node js_score.mjs <quiz.js>  < {"cases": [{key, response}], "texts": [[text, caseSensitive,
//        accentSensitive]], "numbers": [text]}
// Prints {"scores": [...], "texts": [...], "numbers": [...]}; non-finite numbers as "NaN",
// "Infinity", "-Infinity" (JSON has no such values).
import fs from "node:fs";
import vm from "node:vm";

const source = fs.readFileSync(process.argv[2], "utf8");
const context = vm.createContext({});
vm.runInContext(source, context, { filename: process.argv[2] });
const quiz = context.CoursewareQuiz;
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const finite = (x) => (x === null || Number.isFinite(x) ? x : String(x));
console.log(JSON.stringify({
  scores: input.cases.map((c) => finite(quiz.score(c.key, c.response))),
  texts: input.texts.map(([text, cs, as]) => quiz.normalizeText(text, cs, as)),
  numbers: input.numbers.map((text) => finite(quiz.parseNumber(text))),
}));
