"""A loopback LRS stub for the cmi5 tests: records statements, serves the launch state.

It plays the LMS's side of a cmi5 launch: a fetch URL that hands out one auth token, the
``LMS.LaunchData`` state document, the AU's own state documents, and the statements
resource. It answers CORS preflights, because the AU runs on another port (origin).

It refuses what real LRSs refuse (Ralph 5.1, xAPI 2.0): the xAPI 1.0.3 alternate request
syntax (``POST ...?method=PUT`` with headers and content in a form body: 401 without an
``Authorization`` header, else 400), a missing ``X-Experience-API-Version`` header, a body
that is not JSON, a statement without actor, verb IRI or object id, a statement id that is
not a UUID, and a batch holding a statement id it already has (409, none of the batch
stored), as Ralph answers even when the statement is sent again unchanged (an AU may resend
a batch whose answer it never got); xAPI: "An LRS MUST NOT make any modifications to its
state based on receiving a Statement with a statementID that it already has".

With ``upstream`` (a real LRS, see tests/package/ralph.py) the statements resource is passed
through unchanged (method, query, headers, body; the LRS's answer back to the browser), and
the fetch URL hands out the upstream's credentials: the stub then only plays the LMS.
"""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlencode, urlsplit
from urllib.request import Request, urlopen

TOKEN = "Y291cnNld2FyZTp0ZXN0"
HEADERS = ("Authorization", "Content-Type", "X-Experience-API-Version")


class Upstream(Protocol):
    """A real LRS: base ``url`` (its statements are at ``/xAPI/statements``) and ``token``."""

    url: str
    token: str


def statement_problem(statement: Any) -> str | None:
    """Why an LRS would refuse this statement, or None."""
    if not isinstance(statement, dict):
        return "a statement is a JSON object"
    if "id" in statement:
        try:
            uuid.UUID(str(statement["id"]))
        except ValueError:
            return f"statement id {statement['id']!r} is not a UUID"
    if not isinstance(statement.get("actor"), dict):
        return "missing actor"
    verb, target = statement.get("verb"), statement.get("object")
    if not isinstance(verb, dict) or ":" not in str(verb.get("id", "")):
        return "verb.id must be an IRI"
    if not isinstance(target, dict) or not target.get("id"):
        return "missing object.id"
    return None


def _statement_ids(body: bytes | None) -> set[str]:
    """The statement ids of a POSTed body (none if it is not a statement or batch)."""
    try:
        data = json.loads(body or b"")
    except ValueError:
        return set()
    batch = data if isinstance(data, list) else [data]
    return {str(s["id"]) for s in batch if isinstance(s, dict) and "id" in s}


def call(method: str, url: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, bytes]:
    """One HTTP request: (status, body), error statuses included."""
    request = Request(url, data=body, method=method, headers=headers)
    try:
        with urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except HTTPError as error:
        return error.code, error.read()


class Lrs:
    """Statements and state documents kept in memory; ``url`` is ``http://127.0.0.1:<port>``."""

    def __init__(self, upstream: Upstream | None = None) -> None:
        self.upstream = upstream
        self.token = upstream.token if upstream else TOKEN
        self.statements: list[dict[str, Any]] = []
        self.states: dict[tuple[str, str, str], Any] = {}
        self.launch_data: dict[str, dict[str, Any]] = {}
        self.fetched: dict[str, int] = {}
        self.bad_auth: list[str] = []
        self.refused: list[tuple[str, str, int, str]] = []
        """(method, path, status, reason) of every request refused."""
        self.resent: list[list[str]] = []
        """Statement ids of each batch sent again unchanged (all already stored): answered
        409 as Ralph does, not a refusal."""
        self.delivered: set[str] = set()
        """Ids of the statements the upstream LRS took (to tell a resend from a clash)."""
        self.alternate: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        lrs = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def cors(self) -> None:
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Access-Control-Allow-Headers", ", ".join(HEADERS))
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

            def refuse(self, status: int, reason: str) -> None:
                with lrs.lock:
                    lrs.refused.append((self.command, self.path, status, reason))
                self.reply(status, {"error": reason})

            def raw(self) -> bytes:
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def json_body(self) -> tuple[bool, Any]:
                """(ok, content): refuses (400) a body that is not declared or parsed as JSON."""
                raw = self.raw()
                kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
                if kind != "application/json":
                    self.refuse(400, f"Content-Type {kind!r} is not application/json")
                    return False, None
                try:
                    return True, json.loads(raw) if raw else None
                except ValueError:
                    self.refuse(400, "Invalid JSON body")
                    return False, None

            def authorised(self) -> bool:
                if self.headers.get("Authorization") == f"Basic {lrs.token}":
                    return True
                with lrs.lock:
                    lrs.bad_auth.append(self.path)
                self.refuse(401, "Invalid authentication credentials")
                return False

            def xapi(self) -> bool:
                """Checks of every xAPI request: no alternate syntax, auth, version header."""
                url = urlsplit(self.path)
                method = parse_qs(url.query).get("method", [""])[0]
                if method:
                    with lrs.lock:
                        lrs.alternate.append((method, url.path))
                if lrs.upstream and url.path == "/xapi/statements":
                    self.forward()
                    return False
                if method and not self.headers.get("Authorization"):
                    self.refuse(401, "alternate request syntax: credentials in the form body")
                    return False
                if not self.authorised():
                    return False
                if method:
                    self.refuse(400, "The following parameter is not allowed: `method`")
                    return False
                if not (self.headers.get("X-Experience-API-Version") or "").startswith("1.0"):
                    self.refuse(400, "X-Experience-API-Version header missing")
                    return False
                return True

            def forward(self) -> None:
                """Pass a statements request to the upstream LRS and its answer back."""
                assert lrs.upstream is not None
                url = urlsplit(self.path)
                target = (
                    lrs.upstream.url + "/xAPI/statements" + (f"?{url.query}" if url.query else "")
                )
                headers = {h: self.headers[h] for h in HEADERS if self.headers.get(h)}
                body = self.raw() if self.command in ("POST", "PUT") else None
                status, data = call(self.command, target, body, headers)
                ids = _statement_ids(body) if self.command == "POST" else set()
                with lrs.lock:
                    if status < 400:
                        lrs.delivered |= ids
                    elif status == 409 and ids and ids <= lrs.delivered:
                        lrs.resent.append(sorted(ids))
                    else:
                        lrs.refused.append((self.command, self.path, status, data.decode()[:300]))
                self.reply(status, data)

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
                if not self.xapi():
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
                if not self.xapi():
                    return
                if url.path == "/xapi/activities/state":
                    ok, content = self.json_body()
                    if not ok:
                        return
                    query = {k: v[0] for k, v in parse_qs(url.query).items()}
                    key = (query["registration"], query["activityId"], query["stateId"])
                    with lrs.lock:
                        lrs.states[key] = content
                    self.reply(204)
                    return
                self.reply(404, {"error": "not found"})

            def do_POST(self) -> None:
                url = urlsplit(self.path)
                if url.path == "/fetch":
                    registration = parse_qs(url.query).get("registration", [""])[0]
                    with lrs.lock:
                        lrs.fetched[registration] = lrs.fetched.get(registration, 0) + 1
                        first = lrs.fetched[registration] == 1
                    if first:
                        self.reply(200, {"auth-token": lrs.token})
                    else:
                        self.reply(200, {"error-code": "1", "error-text": "fetch URL already used"})
                    return
                if not self.xapi():
                    return
                if url.path == "/xapi/statements":
                    ok, body = self.json_body()
                    if ok:
                        self.store(body if isinstance(body, list) else [body])
                    return
                self.reply(404, {"error": "not found"})

            def store(self, batch: list[Any]) -> None:
                """Keep a batch of statements, all or none."""
                problems = [p for p in map(statement_problem, batch) if p]
                if problems or not batch:
                    self.refuse(400, problems[0] if problems else "empty batch")
                    return
                with lrs.lock:
                    known = {s.get("id"): s for s in lrs.statements}
                    clash = [s["id"] for s in batch if s.get("id") in known]
                    if not clash:
                        lrs.statements.extend(batch)
                    elif all(known.get(s.get("id")) == s for s in batch):
                        lrs.resent.append(clash)
                        self.reply(409, {"error": f"a statement already has the id {clash[0]}"})
                        return
                if clash:
                    self.refuse(409, f"a statement already has the id {clash[0]}")
                else:
                    self.reply(200, [s.get("id") for s in batch])

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        """Stop the server."""
        self.server.shutdown()
        self.server.server_close()

    def lms_headers(self) -> dict[str, str]:
        """The headers the LMS itself sends to the LRS."""
        return {
            "Authorization": f"Basic {self.token}",
            "Content-Type": "application/json",
            "X-Experience-API-Version": "1.0.3",
        }

    def record(self, statement: dict[str, Any]) -> None:
        """Store a statement of the LMS's own ("launched")."""
        if self.upstream is None:
            with self.lock:
                self.statements.append(statement)
            return
        target = self.upstream.url + "/xAPI/statements"
        status, data = call("POST", target, json.dumps(statement).encode(), self.lms_headers())
        assert status == 200, (status, data)

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
        self.record(
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
        """Statements of one registration, in the order the LRS stored them."""
        if self.upstream is None:
            with self.lock:
                return [
                    s
                    for s in self.statements
                    if s.get("context", {}).get("registration") == registration
                ]
        query = urlencode({"registration": registration, "ascending": "true"})
        headers = self.lms_headers()
        status, data = call("GET", f"{self.upstream.url}/xAPI/statements?{query}", None, headers)
        assert status == 200, (status, data)
        page = json.loads(data)
        assert not page.get("more"), "more statements than one page"
        found: list[dict[str, Any]] = page["statements"]
        return sorted(found, key=lambda s: str(s.get("stored")))
