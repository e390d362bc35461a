"""A loopback LRS stub for the cmi5 tests: records statements, serves the launch state.

It plays the LMS's side of a cmi5 launch: a fetch URL that hands out one auth token, the
``LMS.LaunchData`` state document, the AU's own state documents, and the statements
resource. It answers CORS preflights, because the AU runs on another port (origin).
"""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

TOKEN = "Y291cnNld2FyZTp0ZXN0"


class Lrs:
    """Statements and state documents kept in memory; ``url`` is ``http://127.0.0.1:<port>``."""

    def __init__(self) -> None:
        self.statements: list[dict[str, Any]] = []
        self.states: dict[tuple[str, str, str], Any] = {}
        self.launch_data: dict[str, dict[str, Any]] = {}
        self.fetched: dict[str, int] = {}
        self.bad_auth: list[str] = []
        self.alternate: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        lrs = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def cors(self) -> None:
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header(
                    "Access-Control-Allow-Headers",
                    "Authorization, Content-Type, X-Experience-API-Version",
                )
                self.send_header("Access-Control-Allow-Methods", "GET, POST, PUT, OPTIONS")

            def reply(self, status: int, body: Any = None, kind: str = "application/json") -> None:
                data = (
                    b""
                    if body is None
                    else (body if isinstance(body, bytes) else json.dumps(body).encode())
                )
                self.send_response(status)
                self.cors()
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def body(self) -> Any:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                return json.loads(raw) if raw else None

            def authorised(self) -> bool:
                if self.headers.get("Authorization") == f"Basic {TOKEN}":
                    return True
                with lrs.lock:
                    lrs.bad_auth.append(self.path)
                self.reply(401, {"error": "bad auth"})
                return False

            def alternate(self, path: str, method: str) -> None:
                """xAPI 1.0.3 alternate request syntax: headers and content in a form body."""
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                with lrs.lock:
                    lrs.alternate.append((method, path))
                if form.get("Authorization") != f"Basic {TOKEN}":
                    with lrs.lock:
                        lrs.bad_auth.append(path)
                    self.reply(401, {"error": "bad auth"})
                    return
                content: Any = json.loads(form["content"]) if form.get("content") else None
                if method == "POST" and path == "/xapi/statements":
                    batch: list[dict[str, Any]] = (
                        content if isinstance(content, list) else [content]
                    )
                    with lrs.lock:
                        lrs.statements.extend(batch)
                    self.reply(200, [s.get("id") for s in batch])
                elif method == "PUT" and path == "/xapi/activities/state":
                    key = (form["registration"], form["activityId"], form["stateId"])
                    with lrs.lock:
                        lrs.states[key] = content
                    self.reply(204)
                else:
                    self.reply(400, {"error": "unsupported"})

            def do_OPTIONS(self) -> None:
                self.reply(204)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path == "/returned":
                    self.reply(200, b"<!DOCTYPE html><title>LMS</title><p>back", "text/html")
                    return
                if not url.path.startswith("/xapi/"):
                    self.reply(404, {"error": "not found"})
                    return
                if not self.authorised():
                    return
                if url.path == "/xapi/activities/state":
                    query = {k: v[0] for k, v in parse_qs(url.query).items()}
                    if query["stateId"] == "LMS.LaunchData":
                        data = lrs.launch_data.get(query["registration"])
                        self.reply(200 if data else 404, data)
                        return
                    key = (query["registration"], query["activityId"], query["stateId"])
                    with lrs.lock:
                        doc = lrs.states.get(key)
                    self.reply(200 if doc is not None else 404, doc)
                    return
                self.reply(404, {"error": "not found"})

            def do_PUT(self) -> None:
                url = urlsplit(self.path)
                if not self.authorised():
                    return
                if url.path == "/xapi/activities/state":
                    query = {k: v[0] for k, v in parse_qs(url.query).items()}
                    key = (query["registration"], query["activityId"], query["stateId"])
                    with lrs.lock:
                        lrs.states[key] = self.body()
                    self.reply(204)
                    return
                self.reply(404, {"error": "not found"})

            def do_POST(self) -> None:
                url = urlsplit(self.path)
                method = parse_qs(url.query).get("method", [""])[0]
                if method:
                    self.alternate(url.path, method)
                    return
                if url.path == "/fetch":
                    registration = parse_qs(url.query).get("registration", [""])[0]
                    with lrs.lock:
                        lrs.fetched[registration] = lrs.fetched.get(registration, 0) + 1
                        first = lrs.fetched[registration] == 1
                    if first:
                        self.reply(200, {"auth-token": TOKEN})
                    else:
                        self.reply(200, {"error-code": "1", "error-text": "fetch URL already used"})
                    return
                if not self.authorised():
                    return
                if url.path == "/xapi/statements":
                    body = self.body()
                    batch = body if isinstance(body, list) else [body]
                    with lrs.lock:
                        lrs.statements.extend(batch)
                    self.reply(200, [s.get("id") for s in batch])
                    return
                self.reply(404, {"error": "not found"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        """Stop the server."""
        self.server.shutdown()
        self.server.server_close()

    def enrol(
        self,
        registration: str,
        activity_id: str,
        publisher_id: str,
        actor: dict[str, Any],
        *,
        move_on: str,
        mastery: float | None,
    ) -> str:
        """Prepare a launch as an LMS does (launch data, "launched"); return the query string."""
        session = str(uuid.uuid4())
        data: dict[str, Any] = {
            "contextTemplate": {
                "contextActivities": {"grouping": [{"objectType": "Activity", "id": publisher_id}]},
                "extensions": {"https://w3id.org/xapi/cmi5/context/extensions/sessionid": session},
            },
            "launchMode": "Normal",
            "moveOn": move_on,
            "returnURL": f"{self.url}/returned",
        }
        if mastery is not None:
            data["masteryScore"] = mastery
        self.launch_data[registration] = data
        self.statements.append(
            {
                "id": str(uuid.uuid4()),
                "actor": actor,
                "verb": {"id": "http://adlnet.gov/expapi/verbs/launched"},
                "object": {"objectType": "Activity", "id": activity_id},
                "context": {
                    "registration": registration,
                    "extensions": {
                        "https://w3id.org/xapi/cmi5/context/extensions/sessionid": session
                    },
                },
            }
        )

        return urlencode(
            {
                "endpoint": f"{self.url}/xapi/",
                "fetch": f"{self.url}/fetch?registration={registration}",
                "actor": json.dumps(actor),
                "registration": registration,
                "activityId": activity_id,
            }
        )

    def of(self, registration: str) -> list[dict[str, Any]]:
        """Statements of one registration, in the order received."""
        with self.lock:
            return [
                s
                for s in self.statements
                if s.get("context", {}).get("registration") == registration
            ]
