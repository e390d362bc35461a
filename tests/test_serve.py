"""Live preview: served from memory, rebuilt on save, errors shown over the last good build."""

from __future__ import annotations

import json
import shutil
import threading
import time
import urllib.request
from pathlib import Path

from courseware.serve import serve

MINI = Path(__file__).parent / "load" / "testdata" / "mini"


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_for(predicate, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_serve_rebuilds_and_reports_errors(tmp_path: Path) -> None:
    course = tmp_path / "mini"
    shutil.copytree(MINI, course)
    ports: list[int] = []
    stop = threading.Event()
    logs: list[str] = []
    thread = threading.Thread(
        target=serve,
        args=(course,),
        kwargs={"port": 0, "log": logs.append, "stop": stop, "ready": ports.append},
        daemon=True,
    )
    thread.start()
    try:
        assert wait_for(lambda: bool(ports))
        base = f"http://127.0.0.1:{ports[0]}/"
        status, body = fetch(base)
        assert status == 200
        assert b"/__courseware__/live.js" in body
        assert fetch(base + "__courseware__/live.js")[0] == 200
        first = json.loads(fetch(base + "__courseware__/status")[1])
        assert first["errors"] == []

        lesson = course / "lessons" / "01-uno.yaml"
        good = lesson.read_text(encoding="utf-8")
        lesson.write_text(good.replace("title: Lección uno", "title: [roto"), encoding="utf-8")

        def broken() -> bool:
            return bool(json.loads(fetch(base + "__courseware__/status")[1])["errors"])

        assert wait_for(broken), logs
        errors = json.loads(fetch(base + "__courseware__/status")[1])["errors"]
        assert "lessons/01-uno.yaml:2:8: error: the [ opened here is not closed" in errors[0]
        # the last good build is still served
        status, body = fetch(base + "uno.html")
        assert status == 200 and "Lección uno".encode() in body

        lesson.write_text(good.replace("Lección uno", "Lección corregida"), encoding="utf-8")
        assert wait_for(lambda: "Lección corregida".encode() in fetch(base + "uno.html")[1]), logs
        assert json.loads(fetch(base + "__courseware__/status")[1])["errors"] == []
    finally:
        stop.set()
        thread.join(timeout=10)


def test_rebuild_renders_only_the_pages_an_edit_affects(tmp_path: Path) -> None:
    from courseware.serve import SiteState, rebuild

    course = tmp_path / "mini"
    shutil.copytree(MINI, course)
    state = SiteState()
    logs: list[str] = []
    assert rebuild(state, course, logs.append)
    first = dict(state.files)
    pages = [name for name in first if name.endswith(".html")]
    assert len(pages) > 1 and f"({len(pages)} page(s) rendered, 0 reused)" in logs[-1]

    assert rebuild(state, course, logs.append)
    assert f"(0 page(s) rendered, {len(pages)} reused)" in logs[-1]
    assert state.files == first

    lesson = course / "lessons" / "01-uno.yaml"
    lesson.write_text(lesson.read_text("utf-8").replace("Hola", "Adiós"), "utf-8")
    assert rebuild(state, course, logs.append)
    assert f"(1 page(s) rendered, {len(pages) - 1} reused)" in logs[-1]
    changed = [name for name in first if state.files[name] != first[name]]
    # the page, and the search index, which holds the words of every page
    assert changed == ["assets/search-index.js", "uno.html"]
    assert b"Adi\xc3\xb3s" in state.files["uno.html"]

    good = dict(state.files)
    lesson.write_text(lesson.read_text("utf-8").replace("title:", "titel:"), "utf-8")
    assert not rebuild(state, course, logs.append)
    assert state.errors and state.files == good
    lesson.write_text(lesson.read_text("utf-8").replace("titel:", "title:"), "utf-8")
    assert rebuild(state, course, logs.append)
    assert "(0 page(s) rendered" in logs[-1] and not state.errors
