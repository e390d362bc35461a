"""The stub LRS answers like Ralph (the real LRS): the same requests, the same verdicts.

The cmi5 walk itself runs against Ralph in test_e2e_cmi5.py (``[ralph]``); here each kind of
request Ralph refuses is sent to both, so the fast stub cannot drift into accepting what a
real LRS refuses (as it once accepted the xAPI alternate request syntax). The stub is
stricter than Ralph 5.1 in two ways the xAPI spec asks for: it also refuses a request without
``X-Experience-API-Version`` and a statements body not sent as ``application/json``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.package.lrs import Lrs, call
from tests.package.ralph import Ralph

ACTOR = {"objectType": "Agent", "mbox": "mailto:ana@example.org"}
VERB = "http://adlnet.gov/expapi/verbs/initialized"


@pytest.fixture(scope="module")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ralph]:
    server = Ralph(tmp_path_factory.mktemp("ralph"))
    yield server
    server.close()


@pytest.fixture(scope="module")
def stub() -> Iterator[Lrs]:
    server = Lrs()
    yield server
    server.close()


def statement(**changes: Any) -> dict[str, Any]:
    base = {
        "id": str(uuid.uuid4()),
        "actor": ACTOR,
        "verb": {"id": VERB},
        "object": {"objectType": "Activity", "id": "https://example.org/au"},
    }
    return {**base, **changes}


def post(base: str, token: str, body: bytes, *, kind: str = "application/json") -> int:
    headers = {
        "Authorization": f"Basic {token}",
        "Content-Type": kind,
        "X-Experience-API-Version": "1.0.3",
    }
    status, _ = call("POST", base, body, headers)
    return status


def both(ralph: Ralph, stub: Lrs, body: bytes, **options: Any) -> tuple[str, str]:
    """Verdict ("stored", "refused" or "conflict") of the same POST to Ralph and to the stub.

    The codes of a refusal differ (Ralph: 422 for an invalid statement, the xAPI spec and the
    stub: 400); the AU only tells success from failure.
    """
    verdicts = {200: "stored", 400: "refused", 422: "refused", 409: "conflict"}
    return (
        verdicts.get(post(f"{ralph.url}/xAPI/statements", ralph.token, body, **options), "?"),
        verdicts.get(post(f"{stub.url}/xapi/statements", stub.token, body, **options), "?"),
    )


def test_a_plain_json_post_is_stored_by_both(ralph: Ralph, stub: Lrs) -> None:
    body = json.dumps([statement(), statement()]).encode()
    assert both(ralph, stub, body) == ("stored", "stored")


def test_both_refuse_the_alternate_request_syntax(ralph: Ralph, stub: Lrs) -> None:
    for lrs, base, token in (
        (ralph, f"{ralph.url}/xAPI/statements", ralph.token),
        (stub, f"{stub.url}/xapi/statements", stub.token),
    ):
        form = urlencode(
            {
                "Authorization": f"Basic {token}",
                "X-Experience-API-Version": "1.0.3",
                "Content-Type": "application/json",
                "content": json.dumps(statement()),
            }
        ).encode()
        kind = {"Content-Type": "application/x-www-form-urlencoded"}
        status, _ = call("POST", f"{base}?method=POST", form, kind)
        assert status == 401, lrs


def test_both_refuse_bad_bodies_and_credentials(ralph: Ralph, stub: Lrs) -> None:
    assert both(ralph, stub, b"initialized") == ("refused", "refused")
    no_verb = statement()
    del no_verb["verb"]
    assert both(ralph, stub, json.dumps(no_verb).encode()) == ("refused", "refused")
    assert both(ralph, stub, json.dumps(statement(id="not-a-uuid")).encode()) == (
        "refused",
        "refused",
    )
    assert both(ralph, stub, b"[]") == ("refused", "refused")
    twin = statement()
    assert both(ralph, stub, json.dumps(twin).encode()) == ("stored", "stored")
    changed = {**twin, "verb": {"id": "http://adlnet.gov/expapi/verbs/terminated"}}
    assert both(ralph, stub, json.dumps(changed).encode()) == ("conflict", "conflict")
    wrong = "bG1zOndyb25n"  # lms:wrong
    body = json.dumps(statement()).encode()
    assert post(f"{ralph.url}/xAPI/statements", wrong, body) == 401
    assert post(f"{stub.url}/xapi/statements", wrong, body) == 401


def test_ralph_keeps_every_batch(ralph: Ralph, tmp_path: Path) -> None:
    """Ralph's own FS backend keeps only the first write; the test store appends."""
    registration = str(uuid.uuid4())
    for verb in ("initialized", "completed", "terminated"):
        body = json.dumps(
            statement(
                verb={"id": f"http://adlnet.gov/expapi/verbs/{verb}"},
                context={"registration": registration},
            )
        ).encode()
        assert post(f"{ralph.url}/xAPI/statements", ralph.token, body) == 200
    front = Lrs(upstream=ralph)
    try:
        verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in front.of(registration)]
    finally:
        front.close()
    assert verbs == ["initialized", "completed", "terminated"]


def test_a_statement_sent_again_unchanged_is_a_conflict_for_both(ralph: Ralph, stub: Lrs) -> None:
    """An AU may resend a batch whose answer it never got (the window closing): both LRSs
    keep the statement they have and refuse the whole batch that repeats it (409)."""
    first = statement()
    assert both(ralph, stub, json.dumps([first]).encode()) == ("stored", "stored")
    refused, resent = len(stub.refused), len(stub.resent)
    again = json.dumps([first, statement()]).encode()
    assert both(ralph, stub, again) == ("conflict", "conflict")
    assert both(ralph, stub, json.dumps([first]).encode()) == ("conflict", "conflict")
    assert [s["id"] for s in stub.statements].count(first["id"]) == 1
    # the e2e tests tell a resend (every statement already stored) from a refusal
    assert stub.resent[resent:] == [[first["id"]]]
    assert [r[2] for r in stub.refused[refused:]] == [409]
