"""What the LMS runtime (``assets/lms.js``) needs to know about a course, and its limits.

The package step writes this as ``assets/course-data.js`` (``window.COURSEWARE_COURSE = {...}``):
a script, not JSON, because pages opened from disk cannot fetch files. The same module
estimates the worst-case size of the runtime's ``suspend_data`` encoding, so a build can
refuse a course that cannot fit SCORM 1.2's 4,096 characters.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from courseware.errors import Issue
from courseware.export.common import Env, ExportOptions
from courseware.i18n import messages, says
from courseware.load import LoadedCourse
from courseware.model.blocks import KnowledgeCheckBlock, ScenarioBlock, SortBlock, VideoBlock
from courseware.model.quiz import (
    ClozeQuestion,
    EssayQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericQuestion,
    OrderingQuestion,
    PickQuestion,
    Quiz,
    QuizBank,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from courseware.scoring import AnyQuestion

DATA_VERSION = 1
SUSPEND_LIMITS = {"scorm12": 4096, "scorm2004": 64000}
"""Characters of ``suspend_data`` an LMS must keep: SCORM 1.2 RTE 3.4.2, SCORM 2004 4th ed. SPM."""

IDS = "abcdefghijklmnopqrstuvwxyz0123456789"
"""Response identifiers: SCORM 1.2 allows single characters 0-9 and a-z."""

_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def ui_strings(language: str) -> dict[str, str]:
    """The LMS runtime's strings (``lms.*`` of the catalogue) for a BCP 47 tag, prefix removed."""
    return messages(language).prefixed("lms.")


"""Runtime strings the theme catalogs do not have yet (to move into courseware/locales)."""


@dataclass(frozen=True)
class FinalQuiz:
    """The course's final quiz: the quiz, its bank, its candidate questions and their parts."""

    quiz: Quiz
    bank: QuizBank
    candidates: list[AnyQuestion]
    parts: list[tuple[int, list[int]]]
    """(how many to take, candidate indices): a pick is ``(1, [i])``, a draw ``(n, pool)``."""
    passing: float

    @property
    def page(self) -> str:
        """File name of the quiz page in a package."""
        return f"quiz-{self.quiz.id}.html"

    @property
    def drawn(self) -> int:
        """Questions one attempt shows."""
        return sum(min(count, len(pool)) for count, pool in self.parts)


def ident(index: int) -> str:
    """Identifier of the n-th option: ``a``..``z``, ``0``..``9``, then ``x36``, ``x37``..."""
    return IDS[index] if index < len(IDS) else f"x{index}"


def base36(value: int) -> str:
    """``value`` (>= 0) in base 36, as JavaScript's ``toString(36)`` writes it."""
    digits = ""
    while True:
        value, rest = divmod(value, 36)
        digits = _BASE36[rest] + digits
        if not value:
            return digits


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else repr(value)


def _text(value: str) -> str:
    """A free-text pattern: one line, SCORM 2004 delimiters removed, at most 250 characters."""
    flat = " ".join(value.split()).replace("[,]", ",").replace("[.]", ".").replace("[:]", ":")
    return flat.lstrip("{")[:250]


def match_targets(question: MatchingQuestion) -> list[str]:
    """Right-hand options in the order the theme's matching template lists them."""
    seen: list[str] = []
    for option in [p.right for p in question.pairs] + list(question.distractors):
        if option not in seen:
            seen.append(option)
    return seen


def interaction(question: AnyQuestion) -> dict[str, Any]:
    """Interaction type, correct patterns (SCORM 2004 ``c``, SCORM 1.2 ``c12``) and id maps."""
    meta: dict[str, Any] = {"type": question.type, "w": question.points}
    if question.objectives:
        meta["obj"] = list(question.objectives)
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        right = [ident(i) for i, c in enumerate(question.choices) if c.correct]
        meta.update(i="choice", c=["[,]".join(right)], c12=[",".join(right)])
    elif isinstance(question, TrueFalseQuestion):
        meta.update(
            i="true-false",
            c=["true" if question.answer else "false"],
            c12=["t" if question.answer else "f"],
        )
    elif isinstance(question, ShortAnswerQuestion):
        full = [a.text for a in question.answers if a.credit == 1]
        case = "true" if question.case_sensitive else "false"
        meta.update(
            i="fill-in",
            c=[f"{{case_matters={case}}}{_text(t)}" for t in full],
            c12=[_text(t) for t in full],
        )
    elif isinstance(question, NumericQuestion):
        meta.update(
            i="numeric",
            c=[f"{_number(question.low)}[:]{_number(question.high)}"],
            c12=[_number(question.answer)] if question.answer is not None else [],
        )
    elif isinstance(question, MatchingQuestion):
        targets = match_targets(question)
        pairs = [(ident(i), ident(targets.index(p.right))) for i, p in enumerate(question.pairs)]
        meta.update(
            i="matching",
            c=["[,]".join(f"{a}[.]{b}" for a, b in pairs)],
            c12=[",".join(f"{a}.{b}" for a, b in pairs)],
            l=[p.left for p in question.pairs],
            r=targets,
        )
    elif isinstance(question, OrderingQuestion):
        order = [ident(i) for i in range(len(question.items))]
        meta.update(i="sequencing", c=["[,]".join(order)], c12=[",".join(order)], o=question.items)
    elif isinstance(question, ClozeQuestion):
        firsts = [_text(b.answers[0]) for b in question.blanks]
        meta.update(
            i="fill-in",
            c=["{case_matters=false}{order_matters=true}" + "[,]".join(firsts)],
            c12=[",".join(firsts)[:255]],
            b=[b.id for b in question.blanks],
        )
    elif isinstance(question, EssayQuestion):
        meta.update(i="long-fill-in", c=[], c12=[])
    return meta


def find_quiz(loaded: LoadedCourse, quiz_id: str) -> tuple[Quiz, QuizBank] | None:
    """The quiz with this id and its bank."""
    for bank in loaded.course.banks:
        for quiz in bank.quizzes:
            if quiz.id == quiz_id:
                return quiz, bank
    return None


def final_quiz(loaded: LoadedCourse) -> tuple[FinalQuiz | None, list[Issue]]:
    """The course's final quiz with its questions (draws resolved to pools), or None."""
    course = loaded.course
    quiz_id = course.settings.final_quiz
    if quiz_id is None:
        return None, []
    found = find_quiz(loaded, quiz_id)
    if found is None:
        issue = Issue(
            "error",
            says("package.unknown-final-quiz", quiz=repr(quiz_id)),
            course.settings.field_span("final_quiz"),
            hint=says("package.unknown-final-quiz.hint"),
            code="unknown-quiz",
        )
        return None, [issue]
    quiz, bank = found
    env = Env(bank, "package", course=course, course_dir=loaded.root, options=ExportOptions())
    candidates: list[AnyQuestion] = []
    position: dict[str, int] = {}  # question id -> index in candidates (ids are unique)
    parts: list[tuple[int, list[int]]] = []
    for item, questions in env.quiz_parts(quiz):
        indices = []
        for question in questions:
            if question.id not in position:
                position[question.id] = len(candidates)
                candidates.append(question)
            indices.append(position[question.id])
        parts.append((1 if isinstance(item, PickQuestion) else item.draw, indices))
    passing = course.settings.passing_score if quiz.passing_score is None else quiz.passing_score
    return FinalQuiz(quiz, bank, candidates, parts, passing), env.issues


def check_questions(loaded: LoadedCourse) -> list[AnyQuestion]:
    """Ready questions of the knowledge checks and video cues in lessons, in course order."""
    ready = {q.id: q for bank in loaded.course.banks for q in bank.questions if q.status != "draft"}
    found: dict[str, AnyQuestion] = {}
    for lesson in loaded.course.lessons():
        for block in lesson.blocks:
            if isinstance(block, KnowledgeCheckBlock | VideoBlock):
                for qid in block.questions:
                    if qid in ready and qid not in found:
                        found[qid] = ready[qid]
    return list(found.values())


def block_anchors(blocks: list[Any]) -> list[str]:
    """Each block's HTML id on its lesson page (render/html.py: its ``id``, else ``cw-b<n>``)."""
    used: set[str] = set()
    names = []
    for number, block in enumerate(blocks, start=1):
        name = block.id if block.id and block.id not in used else f"cw-b{number}"
        used.add(name)
        names.append(name)
    return names


def block_interaction(block: ScenarioBlock | SortBlock) -> dict[str, Any]:
    """A scored block as an interaction: a sort is ``matching`` (item -> category, items in
    the page's order), a scenario ``other`` (SCORM 1.2: ``performance``) with no pattern."""
    if isinstance(block, ScenarioBlock):
        return {"k": "scenario", "i": "other", "i12": "performance", "c": [], "c12": [], "w": 1}
    items = sorted((item, c) for c, cat in enumerate(block.categories) for item in cat.items)
    pairs = [(ident(i), ident(c)) for i, (_, c) in enumerate(items)]
    return {
        "k": "sort",
        "i": "matching",
        "i12": "matching",
        "c": ["[,]".join(f"{a}[.]{b}" for a, b in pairs)],
        "c12": [",".join(f"{a}.{b}" for a, b in pairs)[:255]],
        "w": 1,
    }


def _cue_keys(lesson_id: str, anchor: str, block: VideoBlock, ready: set[str]) -> list[str]:
    """``<lesson>.<video anchor>.<question id>`` of each ready, machine-scored cue question."""
    return [f"{lesson_id}.{anchor}.{qid}" for qid in block.questions if qid in ready]


def scored_blocks(loaded: LoadedCourse) -> dict[str, dict[str, Any]]:
    """``<lesson id>.<block anchor>`` -> interaction of every scored block, in course order.

    A scenario counts only when one of its endings has a score. Each ready, machine-scored
    question a video asks at a cue is one more scored block, ``<lesson>.<anchor>.<question>``
    (``k: "cue"``; its interaction is the question's, ``q`` names it)."""
    ready = {q.id for q in check_questions(loaded) if not isinstance(q, EssayQuestion)}
    found: dict[str, dict[str, Any]] = {}
    for lesson in loaded.course.lessons():
        for block, anchor in zip(lesson.blocks, block_anchors(lesson.blocks), strict=True):
            scored = isinstance(block, SortBlock) or (
                isinstance(block, ScenarioBlock)
                and any(node.score is not None for node in block.nodes)
            )
            if scored and isinstance(block, ScenarioBlock | SortBlock):
                found[f"{lesson.id}.{anchor}"] = block_interaction(block)
            elif isinstance(block, VideoBlock) and block.cues:
                for key in _cue_keys(lesson.id, anchor, block, ready):
                    found[key] = {"k": "cue", "q": key.rsplit(".", 1)[1], "w": 1}
    return found


def _all_questions(loaded: LoadedCourse, quiz: FinalQuiz | None) -> list[AnyQuestion]:
    """The knowledge checks' and cues' questions, then the final quiz's others."""
    questions = check_questions(loaded)
    seen = {question.id for question in questions}
    for question in quiz.candidates if quiz else []:
        if question.id not in seen:
            seen.add(question.id)
            questions.append(question)
    return questions


def _quiz_data(quiz: FinalQuiz) -> dict[str, Any]:
    """The final quiz as the runtime draws it: candidate ids and (count, indices) parts."""
    return {
        "id": quiz.quiz.id,
        "title": quiz.quiz.title,
        "page": quiz.page,
        "attempts": quiz.quiz.attempts,
        "shuffle": quiz.quiz.shuffle_questions,
        "questions": [q.id for q in quiz.candidates],
        "parts": [[count, pool] for count, pool in quiz.parts],
    }


def course_data(
    loaded: LoadedCourse,
    standard: str,
    quiz: FinalQuiz | None,
    *,
    scos: dict[str, dict[str, Any]] | None = None,
    au: str | None = None,
) -> dict[str, Any]:
    """The ``window.COURSEWARE_COURSE`` object for one package kind."""
    course = loaded.course
    lessons = course.lessons()
    index = {lesson.id: n for n, lesson in enumerate(lessons)}
    strings = ui_strings(course.language)
    strings["number"] = messages(course.language).strings.get("quiz.number", "{n} / {total}")
    data: dict[str, Any] = {
        "v": DATA_VERSION,
        "id": course.id,
        "title": course.title,
        "lang": course.language,
        "standard": standard,
        "lessons": [lesson.id for lesson in lessons],
        "modules": [
            {"id": m.id, "title": m.title, "lessons": [index[le.id] for le in m.lessons]}
            for m in course.modules
        ],
        "completion": course.settings.completion,
        "passing": quiz.passing if quiz else course.settings.passing_score,
        "quiz": None if quiz is None else _quiz_data(quiz),
        "questions": {q.id: interaction(q) for q in _all_questions(loaded, quiz)},
        "blocks": list(scored_blocks(loaded).items()),
        "score_blocks": course.settings.score_blocks,
        "objectives": [
            {"id": o.id, "lessons": [index[le.id] for le in lessons if o.id in le.objectives]}
            for o in course.objectives
        ],
        "limit": SUSPEND_LIMITS.get(standard),
        "strings": strings,
    }
    if scos is not None:
        data["scos"] = scos
    if au is not None:
        data["au"] = au
    return data


def course_data_script(data: dict[str, Any]) -> bytes:
    """``assets/course-data.js``: the data as a script that sets ``window.COURSEWARE_COURSE``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.COURSEWARE_COURSE = {text};\n".encode()


def suspend_data_size(data: dict[str, Any]) -> int:
    """Worst-case length of the runtime's ``suspend_data`` for this course.

    The encoding (lms.js ``encodeState``) is ``1.<viewed>.<attempts>.<best>.<passed>.<draw>``:
    one base64url character per six lessons, the attempt count (capped at 1295, two base-36
    digits), the best score in ten-thousandths (at most ``7ps``), a pass flag, and the
    current attempt's drawn questions as fixed-width base-36 candidate indices. When scored
    blocks count toward the score (``score_blocks``), a seventh part keeps each one's best
    score in thousandths, two base-36 digits a block.
    """
    lessons = len(data["lessons"])
    quiz = data.get("quiz")
    draw = 0
    if quiz:
        width = len(base36(max(len(quiz["questions"]) - 1, 0)))
        draw = width * sum(min(count, len(pool)) for count, pool in quiz["parts"])
    blocks = 1 + 2 * len(data.get("blocks", [])) if data.get("score_blocks") else 0
    return len("1.") + math.ceil(lessons / 6) + len(".zz.7ps.1.") + draw + blocks


__all__ = [
    "SUSPEND_LIMITS",
    "FinalQuiz",
    "course_data",
    "course_data_script",
    "final_quiz",
    "interaction",
    "scored_blocks",
    "suspend_data_size",
    "ui_strings",
]
