"""``courseware serve``: live preview on 127.0.0.1, rebuilt on save, reloaded in the browser.

Why in memory: the preview never touches dist/, and a broken edit keeps the last good
build on screen with the error shown over it, in the page and in the terminal.
"""

from __future__ import annotations

import json
import mimetypes
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urlsplit

from courseware.errors import CoursewareError, Issue
from courseware.i18n import says
from courseware.incremental import UnitCache

LIVE_PREFIX = "/__courseware__/"

LIVE_JS = """\
(() => {
  "use strict";
  let version = null;
  const box = document.createElement("div");
  box.id = "courseware-live-error";
  box.setAttribute("role", "alert");
  box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;" +
    "background:#fff4f4;color:#5a0000;border-top:4px solid #b00020;padding:1rem;" +
    "font:14px/1.4 ui-monospace,monospace;white-space:pre-wrap;z-index:99999;display:none";
  document.addEventListener("DOMContentLoaded", () => document.body.appendChild(box));
  async function poll() {
    try {
      const url = "/__courseware__/status?since=" + (version ?? "");
      const response = await fetch(url, {cache: "no-store"});
      const status = await response.json();
      if (version !== null && status.version !== version) { location.reload(); return; }
      version = status.version;
      if (status.errors.length) {
        box.textContent = status.errors.join("\\n\\n");
        box.style.display = "block";
      } else {
        box.style.display = "none";
      }
    } catch (e) { /* server restarting: try again */ }
    setTimeout(poll, 500);
  }
  poll();
})();
"""


@dataclass
class SiteState:
    """The last good build, the diagnostics of the latest attempt and the pages to reuse."""

    files: dict[str, bytes] = field(default_factory=dict)
    version: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    cache: UnitCache = field(default_factory=lambda: UnitCache(None))


def render_preview(course_dir: Path, cache: UnitCache | None = None) -> dict[str, bytes]:
    """Load and render the HTML of a course in memory; pages in ``cache`` are reused."""
    from courseware.build import check_or_raise
    from courseware.load import load_course
    from courseware.render.html import render_site

    loaded = load_course(course_dir)
    check_or_raise(loaded)
    return render_site(loaded, cache=cache)


def rebuild(state: SiteState, course_dir: Path, log: Callable[[str], None]) -> bool:
    """Rebuild into ``state``, re-rendering only the pages whose inputs changed.

    On failure the last good files stay served, with the errors shown over them.
    Return success.
    """
    from courseware.diagnostics import format_issue, sort_issues

    started = time.perf_counter()
    cache = state.cache.successor()
    try:
        files = render_preview(course_dir, cache)
    except CoursewareError as exc:
        messages = [format_issue(i) for i in sort_issues(exc.issues)]
        with state.lock:
            state.errors = messages
            state.version += 1
        log("\n".join(messages))
        return False
    with state.lock:
        state.files = files
        state.errors = []
        state.version += 1
        state.cache = cache
    rendered, reused = cache.log("html") or ([], [])
    seconds = f"{time.perf_counter() - started:.2f}"
    log(says("cli.serve.rebuilt", seconds=seconds, n=len(rendered), reused=len(reused)))
    return True


def _inject(html: bytes) -> bytes:
    tag = f'<script src="{LIVE_PREFIX}live.js" defer></script>'.encode()
    marker = b"</head>"
    return html.replace(marker, tag + marker, 1) if marker in html else html + tag


LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
MISDIRECTED = HTTPStatus.MISDIRECTED_REQUEST


def local_host(host: str | None, port: int) -> bool:
    """True if a request's ``Host`` header names this machine and the preview's port.

    Why: a web page elsewhere may point a name of its own at 127.0.0.1 (DNS rebinding) and
    then read the preview and its status (errors with the course's absolute paths); such
    requests carry that name, not one of these.
    """
    return host is not None and host.lower() in {f"{name}:{port}" for name in LOCAL_NAMES}


def make_handler(state: SiteState) -> type[BaseHTTPRequestHandler]:
    """An HTTP handler class serving ``state`` from memory."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            port = int(cast(Any, self.server).server_port)
            if not local_host(self.headers.get("Host"), port):
                status = HTTPStatus.BAD_REQUEST if not self.headers.get("Host") else MISDIRECTED
                self._send(
                    status,
                    b"this preview answers only to 127.0.0.1, localhost and [::1]",
                    "text/plain; charset=utf-8",
                )
                return
            path = unquote(urlsplit(self.path).path)
            if path == f"{LIVE_PREFIX}live.js":
                self._send(HTTPStatus.OK, LIVE_JS.encode(), "text/javascript; charset=utf-8")
                return
            if path == f"{LIVE_PREFIX}status":
                with state.lock:
                    body = json.dumps({"version": state.version, "errors": state.errors})
                self._send(HTTPStatus.OK, body.encode(), "application/json")
                return
            relpath = path.lstrip("/") or "index.html"
            if relpath.endswith("/"):
                relpath += "index.html"
            with state.lock:
                data = state.files.get(relpath)
                errors = list(state.errors)
            if data is None:
                message = "\n\n".join(errors) if errors else f"not found: {relpath}"
                self._send(HTTPStatus.NOT_FOUND, message.encode(), "text/plain; charset=utf-8")
                return
            kind = mimetypes.guess_type(relpath)[0] or "application/octet-stream"
            if kind == "text/html":
                data = _inject(data)
                kind = "text/html; charset=utf-8"
            self._send(HTTPStatus.OK, data, kind)

    return Handler


def serve(
    course_dir: Path,
    *,
    port: int = 8000,
    log: Callable[[str], None] = print,
    stop: threading.Event | None = None,
    ready: Callable[[int], None] | None = None,
) -> None:
    """Serve the course on 127.0.0.1:port until interrupted (or ``stop`` is set)."""
    from watchfiles import watch

    state = SiteState()
    rebuild(state, course_dir, log)
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    bound = server.server_address[1]
    log(says("cli.serve.serving", course=course_dir, url=f"http://127.0.0.1:{bound}/"))
    if ready is not None:
        ready(int(bound))
    stopper = stop or threading.Event()
    try:
        for _changes in watch(course_dir, stop_event=stopper, debounce=200, step=50):
            rebuild(state, course_dir, log)
    finally:
        server.shutdown()
        server.server_close()


def issues_text(issues: list[Issue]) -> str:
    """Diagnostics as plain text (for the page overlay)."""
    from courseware.diagnostics import format_issue

    return "\n\n".join(format_issue(i) for i in issues)
