"""The runtime's contract: course data, interaction patterns, and the suspend_data budget.

The worst case the build estimates is checked against what lms.js really writes (in node),
for the sample course and for a course of 200 lessons.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from typing import Any

import pytest

from courseware.load import LoadedCourse, load_course
from courseware.package import suspend_data_estimate
from courseware.package.common import PackageOptions, prepare
from courseware.package.runtime import (
    course_data,
    course_data_script,
    final_quiz,
    interaction,
    scored_blocks,
    suspend_data_size,
    ui_strings,
)
from courseware.package.scorm12 import build_scorm12
from courseware.themes import BUILTIN_THEMES
from tests.package.synthetic import write_course
from tests.validators import node_path

LMS_JS = BUILTIN_THEMES / "default" / "assets" / "lms.js"

# Worst case in node: every lesson seen, the attempt counter at its cap, a full score, a pass
# and the longest draw an attempt can hold; then the round trip through decodeState.
WORST_CASE = """
const lms = require(process.argv[1]);
const course = JSON.parse(require("fs").readFileSync(0, "utf8"));
const state = lms.emptyState(course);
state.viewed = state.viewed.map(() => true);
state.attempts = 5000; state.best = 1; state.passed = true;
state.blocks = state.blocks.map(() => 1);
if (course.quiz) state.draw = lms.drawQuestions(course, () => 0.999999)
  .map((_, i, all) => course.quiz.questions.length - 1 - i);
const text = lms.encodeState(state, course);
const back = lms.decodeState(text, course);
console.log(JSON.stringify({ length: text.length, text: text.slice(0, 80),
  same: JSON.stringify(back) === JSON.stringify(Object.assign(state, { attempts: 1295 })) }));
"""


def worst_case_in_node(data: dict[str, Any]) -> dict[str, Any]:
    proc = subprocess.run(
        [node_path(), "-e", WORST_CASE, str(LMS_JS)],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


@pytest.fixture(scope="module")
def long_course(tmp_path_factory: pytest.TempPathFactory) -> LoadedCourse:
    """200 lessons in 10 modules, 600 knowledge checks, a final quiz of 20 picks + 30 of 200."""
    folder = tmp_path_factory.mktemp("long") / "curso"
    write_course(
        folder, lessons=200, modules=10, checks_per_lesson=3, quiz_picks=20, quiz_draw=(30, 200)
    )
    return load_course(folder)


def test_sample_suspend_data_fits(sample: LoadedCourse) -> None:
    size, limit = suspend_data_estimate(sample, "scorm12")
    final, _ = final_quiz(sample)
    data = course_data(sample, "scorm12", final)
    measured = worst_case_in_node(data)
    assert measured["same"]
    assert measured["length"] == size == 22
    assert limit == 4096


def test_200_lessons_keep_suspend_data_under_4096(long_course: LoadedCourse) -> None:
    final, issues = final_quiz(long_course)
    assert final is not None and not issues
    assert len(long_course.course.lessons()) == 200
    data = course_data(long_course, "scorm12", final)
    size = suspend_data_size(data)
    measured = worst_case_in_node(data)
    assert measured["same"]
    assert measured["length"] == size
    assert size < 4096
    assert size == 2 + 34 + 10 + 50 * 2  # header, 200 bits, counters, 50 drawn x 2 digits


def test_build_refuses_what_cannot_fit(sample: LoadedCourse, sample_site: dict[str, bytes]) -> None:
    prepared = prepare(sample, sample_site)
    assert prepared.quiz is not None
    huge = dataclasses.replace(
        prepared.quiz,
        candidates=prepared.quiz.candidates * 200,
        parts=[(1500, list(range(len(prepared.quiz.candidates) * 200)))],
    )
    _, issues = build_scorm12(dataclasses.replace(prepared, quiz=huge), PackageOptions())
    (issue,) = issues
    assert issue.severity == "error" and issue.code == "suspend-data-too-large"
    assert "4096" in issue.message and issue.hint and "SCORM 2004" in issue.hint


def test_interaction_patterns(sample: LoadedCourse) -> None:
    questions = {q.id: q for b in sample.course.banks for q in b.questions}
    meta = interaction(questions["sc-final-idea-central"])
    assert meta["i"] == "choice" and meta["c"] == ["a"] and meta["c12"] == ["a"]
    meta = interaction(questions["tf-final-gdt-formadores"])
    assert (meta["c"], meta["c12"]) == (["true"], ["t"])
    meta = interaction(questions["num-final-horas-hangzhou"])
    assert (meta["i"], meta["c"], meta["c12"]) == ("numeric", ["2[:]2"], ["2"])
    meta = interaction(questions["match-final-quien"])
    assert meta["i"] == "matching" and meta["c"][0].startswith("a[.]")
    meta = interaction(questions["order-final-plan"])
    assert meta["i"] == "sequencing" and "[,]" in meta["c"][0]
    meta = interaction(questions["cloze-final-ficha"])
    assert meta["i"] == "fill-in" and meta["c"][0].startswith(
        "{case_matters=false}{order_matters=true}"
    )


def test_course_data_script_is_inert_in_html() -> None:
    script = course_data_script({"title": "</script><b>&", "x": "\u2028"}).decode()
    assert script.startswith("window.COURSEWARE_COURSE = {")
    assert "</script>" not in script and "<b>" not in script and "\u2028" not in script


def test_course_data_lists_what_the_runtime_needs(sample: LoadedCourse) -> None:
    final, _ = final_quiz(sample)
    data = course_data(sample, "scorm2004", final)
    assert data["lessons"] == [le.id for le in sample.course.lessons()]
    assert data["completion"] == "final_quiz" and data["passing"] == 0.7
    assert data["quiz"]["page"] == "quiz-examen-final.html"
    assert data["quiz"]["parts"][-1][0] == 3 and len(data["quiz"]["parts"][-1][1]) == 4
    assert set(data["quiz"]["questions"]) <= set(data["questions"])
    assert data["limit"] == 64000
    assert data["strings"]["number"] == "Pregunta {n} de {total}"


# An LMS whose API misbehaves: SetValue fails for the score, Commit throws, GetValue errors.
FAILING_LMS = """
const lms = require(process.argv[1]);
const course = JSON.parse(require("fs").readFileSync(0, "utf8"));
const warnings = [];
console.warn = (...args) => warnings.push(args.join(" "));
let last = "0";
const api = {
  LMSInitialize: () => "true",
  LMSGetValue: (key) => { last = key === "cmi.suspend_data" ? "0" : "301"; return ""; },
  LMSSetValue: (key, value) => {
    if (key.startsWith("cmi.core.score")) { last = "405"; return "false"; }
    last = "0"; return "true";
  },
  LMSCommit: () => { throw new Error("LMS is down"); },
  LMSFinish: () => "true",
  LMSGetLastError: () => last,
  LMSGetErrorString: (code) => "error " + code,
};
const host = new lms.Host(course, new lms.ScormAdapter(api, "1.2"), {
  lessons: course.lessons.map((_, i) => i), quiz: true, start: "index" });
host.start(() => {});
course.lessons.forEach((id) => host.viewed(id));
const first = course.quiz.questions[0];
host.answered({ question: first, response: [0], score: 1, quiz: course.quiz.id });
host.beginAttempt();
host.submitQuiz(0.9, []);
host.finish();
console.log(JSON.stringify({ warnings, ok: true }));
"""


def test_failing_lms_calls_are_logged_not_thrown(sample: LoadedCourse) -> None:
    final, _ = final_quiz(sample)
    proc = subprocess.run(
        [node_path(), "-e", FAILING_LMS, str(LMS_JS)],
        input=json.dumps(course_data(sample, "scorm12", final)),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result = json.loads(proc.stdout)
    warnings = "\n".join(result["warnings"])
    assert "LMSCommit threw" in warnings
    assert 'LMSSetValue(cmi.core.score.raw, "90") failed: 405' in warnings
    assert "LMSGetValue(cmi.core.lesson_location) failed: 301" in warnings


# An LMS whose Commit fails on the calls listed in `fail` (0 = the first), for SCORM 1.2 or
# 2004, on a fake clock (setTimeout replaced: time only moves when the script says so). The
# learner passes the quiz right after the first commit; the session ends `end_after` ms
# later, and the clock then runs on for 10 s. Reports every commit (time, success, what the
# LMS then held) and the finish.
FLAKY_COMMIT = """
let now = 0, seq = 0;
const timers = [];
globalThis.setTimeout = (fn, ms) => { timers.push({ id: ++seq, at: now + ms, fn }); return seq; };
globalThis.clearTimeout = (id) => {
  const i = timers.findIndex((t) => t.id === id); if (i >= 0) timers.splice(i, 1); };
function advance(ms) {
  const end = now + ms;
  for (;;) {
    timers.sort((a, b) => a.at - b.at || a.id - b.id);
    if (!timers.length || timers[0].at > end) break;
    const timer = timers.shift();
    now = timer.at;
    timer.fn();
  }
  now = end;
}
const lms = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const course = input.course;
lms.retry.first = 50; lms.retry.most = 200;
const v12 = input.version === "1.2";
const n = v12
  ? { init: "LMSInitialize", fin: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
      commit: "LMSCommit", err: "LMSGetLastError", text: "LMSGetErrorString" }
  : { init: "Initialize", fin: "Terminate", get: "GetValue", set: "SetValue",
      commit: "Commit", err: "GetLastError", text: "GetErrorString" };
const warnings = [];
console.warn = (...args) => warnings.push(args.join(" "));
const events = [];
const store = {};
let last = "0";
let commits = 0;
const api = {
  [n.init]: () => "true",
  [n.get]: (key) => { last = "0"; return store[key] || ""; },
  [n.set]: (key, value) => { store[key] = String(value); last = "0"; return "true"; },
  [n.commit]: () => {
    const ok = !input.fail.includes(commits++);
    last = ok ? "0" : v12 ? "101" : "391";
    events.push({ call: "commit", ok, at: now, held: ok ? { ...store } : null });
    return ok ? "true" : "false";
  },
  [n.fin]: () => { events.push({ call: "finish", at: now }); return "true"; },
  [n.err]: () => last,
  [n.text]: (code) => "error " + code,
};
const host = new lms.Host(course, new lms.ScormAdapter(api, input.version), {
  lessons: course.lessons.map((_, i) => i), quiz: true, start: "index" });
host.start(() => {});
course.lessons.forEach((id) => host.viewed(id));
host.beginAttempt();
host.submitQuiz(0.9, []);
advance(input.end_after);
host.finish();
advance(10000);
console.log(JSON.stringify({ events, warnings }));
"""


def flaky_commit(sample: LoadedCourse, version: str, fail: list[int], end_after: int) -> Any:
    final, _ = final_quiz(sample)
    standard = "scorm12" if version == "1.2" else "scorm2004"
    spec = {"course": course_data(sample, standard, final), "version": version}
    proc = subprocess.run(
        [node_path(), "-e", FLAKY_COMMIT, str(LMS_JS)],
        input=json.dumps({**spec, "fail": fail, "end_after": end_after}),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(proc.stdout)


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_failed_commit_is_retried_until_it_succeeds(sample: LoadedCourse, version: str) -> None:
    # commit 0: start; commit 1: the quiz result (refused once), then nothing writes again
    result = flaky_commit(sample, version, fail=[1], end_after=1000)
    events = result["events"]
    assert [(e["call"], e.get("ok"), e["at"]) for e in events] == [
        ("commit", True, 0),
        ("commit", False, 0),
        ("commit", True, 50),  # tried again after the first delay, with no new write
        ("commit", True, 1000),  # the session's last commit, then the end
        ("finish", None, 1000),
    ]
    status = "cmi.core.lesson_status" if version == "1.2" else "cmi.success_status"
    raw = "cmi.core.score.raw" if version == "1.2" else "cmi.score.raw"
    held = events[2]["held"]
    assert (held[status], held[raw]) == ("passed", "90")  # what the refused commit carried
    code = "101" if version == "1.2" else "391"
    assert any(f"failed: {code}" in w for w in result["warnings"])


def test_commit_retries_back_off_and_stop_when_the_session_ends(sample: LoadedCourse) -> None:
    result = flaky_commit(sample, "2004", fail=list(range(1, 100)), end_after=1000)
    events = result["events"]
    failed = [e["at"] for e in events if e["call"] == "commit" and not e["ok"]]
    # doubling delays (50, 100, then the 200 ms cap) until the session ends at 1000 ms,
    # whose own commit is the last try: nothing after Terminate, though the clock runs on
    assert failed == [0, 50, 150, 350, 550, 750, 950, 1000]
    assert events[-1] == {"call": "finish", "at": 1000}


def test_scored_blocks_are_listed_by_their_id_on_the_page(
    sample: LoadedCourse, sample_site: dict[str, bytes]
) -> None:
    blocks = scored_blocks(sample)
    assert [meta["k"] for meta in blocks.values()] == ["cue", "cue", "scenario", "sort"]
    for key, meta in blocks.items():
        lesson, anchor, *question = key.split(".")
        page = sample_site[f"{lesson}.html"].decode()
        assert f'id="{anchor}"' in page
        if meta["k"] == "cue":  # the question sits in the cues section of that very video
            assert question == [meta["q"]]
            cues = page.split(f'data-video="{anchor}"', 1)[1].split("</section>", 1)[0]
            assert f'data-question="{meta["q"]}"' in cues
    sort = next(meta for meta in blocks.values() if meta["k"] == "sort")
    assert sort["i"] == "matching" and sort["c"][0].count("[.]") == 6
    assert sort["c12"][0] == sort["c"][0].replace("[.]", ".").replace("[,]", ",")


def test_block_scores_fit_the_suspend_data_budget(sample: LoadedCourse) -> None:
    final, _ = final_quiz(sample)
    data = course_data(sample, "scorm12", final)
    assert data["score_blocks"] is False and suspend_data_size(data) == 22
    data["score_blocks"] = True
    measured = worst_case_in_node(data)
    assert measured["same"]
    # two video cues, a scenario and a sort: two base-36 digits each
    assert measured["length"] == suspend_data_size(data) == 22 + 1 + 2 * 4
    assert measured["text"].endswith(".rsrsrsrs")  # 1000/1000 for every block


# The learner finishes a sort (half right) and a scenario (best ending) on a recording LMS,
# then relaunches: what was written, the score, and the blocks' best scores read back.
BLOCK_DONE = """
const lms = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const course = input.course;
const v12 = input.version === "1.2";
const store = {};
const n = v12 ? ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit",
                 "LMSGetLastError", "LMSGetErrorString"]
  : ["Initialize", "Terminate", "GetValue", "SetValue", "Commit", "GetLastError", "GetErrorString"];
const api = { [n[0]]: () => "true", [n[1]]: () => "true", [n[2]]: (k) => store[k] || "",
  [n[3]]: (k, v) => { store[k] = String(v); return "true"; }, [n[4]]: () => "true",
  [n[5]]: () => "0", [n[6]]: () => "" };
const scope = { lessons: course.lessons.map((_, i) => i), quiz: true, start: "index" };
const host = new lms.Host(course, new lms.ScormAdapter(api, input.version), scope);
host.start(() => {});
const key = (k) => course.blocks.filter((b) => b[1].k === k).map((b) => b[0]);
const [scenario] = key("scenario"), [sort] = key("sort"), [cueTf, cueNum] = key("cue");
host.blockDone({ block: sort, score: 0.5, detail: { placed: [0, 1, -1, 0, 1, 0] } });
host.blockDone({ block: sort, score: 0.25, detail: { placed: [1, 1, 1, 1, 1, 1] } });
host.blockDone({ block: scenario, score: 1, detail: { path: ["queja", "disculpa"] } });
host.blockDone({ block: "nope.cw-b1", score: 1, detail: {} });
host.blockDone({ block: cueTf, score: 1, detail: { response: true } });
host.blockDone({ block: cueNum, score: 0, detail: { response: "12" } });
host.blockDone({ block: cueNum, score: 1, detail: { response: "8" } });  // best kept, not recorded
host.beginAttempt();
host.submitQuiz(0.8, []);
host.finish();
const again = new lms.Host(course, new lms.ScormAdapter(api, input.version), scope);
again.start(() => {});
console.log(JSON.stringify({ store, blocks: again.state.blocks }));
"""


def block_done(sample: LoadedCourse, version: str, score_blocks: bool) -> Any:
    final, _ = final_quiz(sample)
    data = course_data(sample, "scorm12" if version == "1.2" else "scorm2004", final)
    data["score_blocks"] = score_blocks
    proc = subprocess.run(
        [node_path(), "-e", BLOCK_DONE, str(LMS_JS)],
        input=json.dumps({"course": data, "version": version}),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(proc.stdout)


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_finished_blocks_are_interactions_and_count_when_the_course_says(
    sample: LoadedCourse, version: str
) -> None:
    final, _ = final_quiz(sample)
    assert final is not None
    drawn = final.drawn
    on = block_done(sample, version, score_blocks=True)
    store = on["store"]
    i = "cmi.interactions."
    if version == "1.2":
        assert store[i + "0.id"] == "confianza-y-plan.cw-b4"
        assert store[i + "0.type"] == "matching"
        assert store[i + "0.student_response"] == "a.a,b.b,d.a,e.b,f.a"
        assert store[i + "0.correct_responses.0.pattern"] == "a.a,b.b,c.a,d.b,e.b,f.b"
        assert store[i + "0.result"] == "0.5"
        assert store[i + "1.type"] == "performance" and store[i + "1.result"] == "correct"
        assert store[i + "1.student_response"] == "queja,disculpa"
        raw = store["cmi.core.score.raw"]
    else:
        assert store[i + "0.type"] == "matching"
        assert store[i + "0.learner_response"] == "a[.]a[,]b[.]b[,]d[.]a[,]e[.]b[,]f[.]a"
        assert store[i + "1.type"] == "other" and store[i + "1.result"] == "correct"
        raw = store["cmi.score.raw"]
    # each cue answer is its question's interaction under the cue's id
    assert store[i + "2.id"] == "aldea-de-las-perlas.cw-b3.tf-cientos-comunidades"
    assert store[i + "2.type"] == "true-false" and store[i + "2.weighting"] == "1"
    assert store[i + "2.result"] == "correct"
    assert store[i + "3.id"] == "aldea-de-las-perlas.cw-b3.num-aldeas-digitales"
    assert store[i + "3.type"] == "numeric"
    assert store[i + "3.result"] == ("wrong" if version == "1.2" else "incorrect")
    response = "student_response" if version == "1.2" else "learner_response"
    assert store[i + "2." + response] == ("t" if version == "1.2" else "true")
    assert store[i + "3." + response] == "12"
    assert store[i + "3.correct_responses.0.pattern"] == ("8" if version == "1.2" else "8[:]8")
    assert i + "4.id" not in store  # a second answer or sort is not a new interaction
    expected = (0.8 * drawn + 1 + 1 + 1 + 0.5) / (drawn + 4)
    assert float(raw) == pytest.approx(expected * 100, abs=0.01)
    assert on["blocks"] == [1, 1, 1, 0.5]  # best of each, read back on relaunch

    off = block_done(sample, version, score_blocks=False)
    raw_key = "cmi.core.score.raw" if version == "1.2" else "cmi.score.raw"
    assert off["store"][raw_key] == "80"
    assert off["store"][i + "1.type"] in ("performance", "other")
    assert off["blocks"] == []
    assert off["store"][i + "3.id"].endswith(".num-aldeas-digitales")  # recorded all the same


# cmi5: an LRS that fails the first `fail` statement POSTs (HTTP `status`, or no answer at
# all with 0), on a fake clock. Reports each POST (time, ok, verbs in the batch).
CMI5_RETRY = """
let now = 0, seq = 0;
const timers = [];
globalThis.setTimeout = (fn, ms) => { timers.push({ id: ++seq, at: now + ms, fn }); return seq; };
globalThis.clearTimeout = (id) => {
  const i = timers.findIndex((t) => t.id === id); if (i >= 0) timers.splice(i, 1); };
const tick = () => new Promise((resolve) => setImmediate(resolve));
async function advance(ms) {
  const end = now + ms;
  for (;;) {
    await tick(); await tick(); await tick();
    timers.sort((a, b) => a.at - b.at || a.id - b.id);
    if (!timers.length || timers[0].at > end) break;
    const timer = timers.shift();
    now = timer.at;
    timer.fn();
  }
  now = end;
}
const lms = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
lms.retry.first = 50; lms.retry.most = 200;
console.warn = () => {};
const posts = [];
const stored = [];  /* as Ralph keeps them: a batch repeating a stored id is refused whole (409) */
let calls = 0;
globalThis.fetch = async (url, init) => {
  if (!url.endsWith("/statements")) return { ok: true, status: 204 };
  const batch = JSON.parse(init.body);
  const verbs = batch.map((s) => s.verb.display["en-US"]);
  const failing = calls++ < input.fail;
  const clash = batch.some((s) => stored.some((t) => t.id === s.id));
  posts.push({ at: now, ok: !failing && !clash, verbs });
  if (failing && input.status === 0) {
    if (input.answer_lost) stored.push(...batch);  /* it arrived; its answer did not */
    throw new TypeError("Failed to fetch");
  }
  if (failing) return { ok: false, status: input.status };
  if (clash) return { ok: false, status: 409 };
  stored.push(...batch);
  return { ok: true, status: 200 };
};
const adapter = new lms.Cmi5Adapter({ endpoint: "http://lrs/xapi", fetch: "http://lms/f",
  actor: JSON.stringify({ mbox: "mailto:a@example.org" }), registration: "r",
  activityId: "http://example.org/au" }, input.course);
adapter.token = "t"; adapter.live = true;
(async () => {
  adapter.statement("initialized", null);
  await advance(10);
  adapter.statement("completed", { completion: true });
  await advance(input.end_after);
  await adapter.finish(1000);
  await advance(5000);
  console.log(JSON.stringify({ posts, stored: stored.map((s) => s.verb.display["en-US"]) }));
})();
"""


def cmi5_retry(
    sample: LoadedCourse, fail: int, status: int, end_after: int, *, answer_lost: bool = False
) -> Any:
    """The statements POSTs of a short cmi5 session whose first ``fail`` POSTs fail."""
    return cmi5_session(sample, fail, status, end_after, answer_lost)["posts"]


def cmi5_session(
    sample: LoadedCourse, fail: int, status: int, end_after: int, answer_lost: bool
) -> Any:
    data = course_data(sample, "cmi5", None)
    spec = {
        "course": data,
        "fail": fail,
        "status": status,
        "end_after": end_after,
        "answer_lost": answer_lost,
    }
    proc = subprocess.run(
        [node_path(), "-e", CMI5_RETRY, str(LMS_JS)],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(proc.stdout)


@pytest.mark.parametrize("status", [0, 503])
def test_failed_cmi5_statements_are_sent_again_with_backoff(
    sample: LoadedCourse, status: int
) -> None:
    posts = cmi5_retry(sample, fail=3, status=status, end_after=2000)
    assert [(p["at"], p["ok"], p["verbs"]) for p in posts] == [
        (0, False, ["initialized"]),
        # the failed batch goes again alone (a resend the LRS had stored is refused whole,
        # 409, which must not take new statements with it), 50, 100, 200 ms apart
        (50, False, ["initialized"]),
        (150, False, ["initialized"]),
        (350, True, ["initialized"]),
        (350, True, ["completed"]),  # then what came meanwhile
        (2010, True, ["terminated"]),
    ]


def test_cmi5_retries_end_with_the_session_and_refusals_are_dropped(
    sample: LoadedCourse,
) -> None:
    posts = cmi5_retry(sample, fail=100, status=500, end_after=300)
    times = [p["at"] for p in posts]
    # retries at 50, 150, then the session ends at 310: the failed batch goes once more,
    # alone, then everything waiting with "terminated", in order; nothing is tried after that
    assert times == [0, 50, 150, 310, 310]
    assert [p["verbs"] for p in posts[-2:]] == [["initialized"], ["completed", "terminated"]]
    refused = cmi5_retry(sample, fail=1, status=400, end_after=300)
    assert [(p["at"], p["verbs"]) for p in refused] == [
        (0, ["initialized"]),
        (10, ["completed"]),
        (310, ["terminated"]),
    ]


# The quiz page's counted messages: the plural form the language's rules pick (Intl.PluralRules),
# and without Intl the fallback (1 is "one", every other count "other").
PLURAL = """
const lms = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const say = (lang, key, n) => lms.plural(input[lang], key, n, lang);
const out = { with: [], without: [] };
const run = (list) => {
  for (const n of [0, 1, 2, 1000000]) list.push(say("es", "attempts_left", n));
  list.push(say("en", "attempts_left", 1), say("en", "unanswered", 3), say("es", "unanswered", 1));
};
run(out.with);
delete globalThis.Intl;
run(out.without);
console.log(JSON.stringify(out));
"""


def test_counted_messages_take_the_plural_form_of_their_language() -> None:
    strings = {lang: ui_strings(lang) for lang in ("es", "en")}
    proc = subprocess.run(
        [node_path(), "-e", PLURAL, str(LMS_JS)],
        input=json.dumps(strings),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    out = json.loads(proc.stdout)
    expected = [
        "Te quedan 0 intentos.",
        "Te queda 1 intento.",
        "Te quedan 2 intentos.",
        "Te quedan 1000000 intentos.",  # CLDR "many" in Spanish: no such key, the plain one
        "You have 1 attempt left.",
        "3 questions have no answer.",
        "Te falta 1 pregunta por responder.",
    ]
    for got in (out["with"], out["without"]):
        assert [text[: len(want)] for text, want in zip(got, expected, strict=True)] == expected


# cmi5 with score_blocks: two video cues answered (right, wrong), the quiz at 0.8; every
# statement the AU posts (a fake LRS that takes everything).
CMI5_CUES = """
const lms = require(process.argv[1]);
const course = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.warn = () => {};
const posts = [];
globalThis.fetch = async (url, init) => {
  if (url.endsWith("/statements")) posts.push(...JSON.parse(init.body));
  return { ok: true, status: 200 };
};
const adapter = new lms.Cmi5Adapter({ endpoint: "http://lrs/xapi", fetch: "http://lms/f",
  actor: JSON.stringify({ mbox: "mailto:a@example.org" }), registration: "r",
  activityId: "http://example.org/au" }, course);
adapter.token = "t"; adapter.live = true;
const scope = { lessons: course.lessons.map((_, i) => i), quiz: true };
const host = new lms.Host(course, adapter, scope);
host.ready = true;
const [cueTf, cueNum] = course.blocks.filter((b) => b[1].k === "cue").map((b) => b[0]);
(async () => {
  course.lessons.forEach((id) => host.viewed(id));
  host.blockDone({ block: cueTf, score: 1, detail: { response: true } });
  host.blockDone({ block: cueNum, score: 0, detail: { response: "12" } });
  host.beginAttempt();
  host.submitQuiz(0.8, []);
  await adapter.finish(1000);
  console.log(JSON.stringify(posts));
})();
"""


def test_cmi5_cue_answers_are_statements_and_count_toward_the_score(sample: LoadedCourse) -> None:
    final, _ = final_quiz(sample)
    assert final is not None
    data = course_data(sample, "cmi5", final)
    data["score_blocks"] = True
    proc = subprocess.run(
        [node_path(), "-e", CMI5_CUES, str(LMS_JS)],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    posts = json.loads(proc.stdout)
    answered = [s for s in posts if s["verb"]["id"].endswith("/answered")]
    assert [s["object"]["id"] for s in answered] == [
        "http://example.org/au/blocks/aldea-de-las-perlas.cw-b3.tf-cientos-comunidades",
        "http://example.org/au/blocks/aldea-de-las-perlas.cw-b3.num-aldeas-digitales",
    ]
    assert [s["result"]["success"] for s in answered] == [True, False]
    assert answered[1]["object"]["definition"]["interactionType"] == "numeric"
    (passed,) = [s for s in posts if s["verb"]["id"].endswith("/passed")]
    # the quiz passes (0.8); the reported score counts the cues, one point each
    expected = (0.8 * final.drawn + 1 + 0) / (final.drawn + 4)
    assert passed["result"]["score"]["scaled"] == pytest.approx(expected, abs=1e-4)


def test_a_batch_whose_answer_was_lost_takes_no_new_statement_down_with_its_resend(
    sample: LoadedCourse,
) -> None:
    """The first POST reaches the LRS but its answer is lost (a phone's network drops): the
    resend is refused whole (409, as Ralph answers), and what came meanwhile still arrives."""
    session = cmi5_session(sample, fail=1, status=0, end_after=300, answer_lost=True)
    assert [(p["at"], p["ok"], p["verbs"]) for p in session["posts"]] == [
        (0, False, ["initialized"]),
        (50, False, ["initialized"]),  # 409: already stored
        (50, True, ["completed"]),
        (310, True, ["terminated"]),
    ]
    assert session["stored"] == ["initialized", "completed", "terminated"]
