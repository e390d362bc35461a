"""Page keys for incremental builds: what each page shows, digested.

:class:`SiteKeys` is the third layer of the HTML site (``render/html.py``'s ``_Site``). A
page whose key is unchanged is taken from the :class:`~courseware.incremental.UnitCache`.
"""

from __future__ import annotations

import json

from jinja2 import Environment

from courseware.errors import CoursewareError
from courseware.incremental import Unit, digest, toolkit_fingerprint, tree_digest
from courseware.model import Lesson
from courseware.model.blocks import KnowledgeCheckBlock
from courseware.render.html_helpers import SOURCE_SUFFIXES
from courseware.render.site_pages import Page, SitePages


class SiteKeys(SitePages):
    """The cache keys of the site's pages, and the reuse of stored pages."""

    def base_key(self) -> str:
        """Key of what every page may show: frame, course files, theme, toolkit, options.

        With a built-in theme the frame leaves the modules out: a page shows other lessons
        only through its navigation, which its key holds (:meth:`navigation`).
        """
        if self.theme.trusted:
            frame = self.course.model_dump(mode="json", exclude={"banks": True, "modules": True})
        else:
            frame = self.course.model_dump(mode="json")
        themes = [(t.name, tree_digest(t.path)) for t in self.theme.chain]
        files = tree_digest(self.loaded.root.resolve(), frozenset(SOURCE_SUFFIXES))
        return digest("html", toolkit_fingerprint(), themes, files, self.image_width, frame)

    def navigation(self, env: Environment, task: Page) -> object:
        """What a page shows of the other lessons and modules, for its key.

        A lesson page of a built-in theme: its contents list as drawn, its module, the
        lessons before and after it and how many there are. Why not the whole outline: a
        course long enough to fold its contents list shows a lesson's title only on the
        pages of its module and beside it, so editing a title redraws those pages, not all.
        Other pages (home, glossary, sources) show the whole outline.
        """
        if not self.theme.trusted:
            return None  # the frame holds the whole course
        if task.kind != "lesson":
            if self._outline is None:
                # One dump of the course (pydantic's exclude is fast there, slow per module).
                blocks = {"__all__": {"lessons": {"__all__": {"blocks"}}}}
                dump = self.course.model_dump(
                    mode="json", exclude={"banks": True, "modules": blocks}
                )
                self._outline = digest(dump["modules"])
            return self._outline
        module, prev, after = (task.context[k] for k in ("module", "prev", "next"))
        return [
            self.contents(env, module),
            [module.id, module.title],
            [prev.id, prev.title] if prev else None,
            [after.id, after.title] if after else None,
            len(self.lessons),
        ]

    def lesson_inputs(self, lesson: Lesson, number: int) -> str:
        """What a lesson page shows beyond the frame: the lesson and its questions.

        A lesson read from a file of its own is that file's path and digest: it is all in
        that file. Why: dumping each lesson again cost a cold build of 1,000 lessons 0.1
        CPU-second, and hashing the long text another 0.05. A lesson written inside
        ``course.yaml`` is dumped, as pydantic's JSON (fields in model order).
        """
        checks = [b for b in lesson.blocks if isinstance(b, KnowledgeCheckBlock)]
        questions = [q.model_dump_json() for b in checks for q in self.checks(b)]
        source = self._lesson_files.get(id(lesson))
        head = json.dumps([number, self.anchors[lesson.id], source], ensure_ascii=False)
        body = [] if source else [lesson.model_dump_json()]
        return "\n".join([head, *body, *questions])

    def _reuse(self, unit: Unit) -> bool:
        """Publish the course files a stored page used; False if its record is unusable."""
        files = unit.meta.get("files")
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            return False
        try:
            located = [self._locate(relpath, None) for relpath in files]
        except CoursewareError:
            return False  # rendering it again reports the problem where it lies
        for relpath, target in located:
            self._add(relpath, target, None)
        return True

    def _key(self, env: Environment, base: str, task: Page) -> str:
        """The cache key of a page: what every page shows, its path, its own inputs and
        what it shows of the rest of the course."""
        inputs: object = task.inputs
        if task.kind == "lesson":
            lesson = task.context["lesson"]
            inputs = self.lesson_inputs(lesson, task.context["number"] - 1)
        return digest(base, task.out, inputs, self.navigation(env, task))
