"""The preview answers only to this machine's names: a page elsewhere that points a name of
its own at 127.0.0.1 (DNS rebinding) gets no page and no status."""

from __future__ import annotations

import http.client
import shutil
import threading
import time
from collections.abc import Iterator

import pytest

from courseware.serve import serve

from .sandbox_probes import MINI


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    course = tmp_path_factory.mktemp("serve") / "mini"
    shutil.copytree(MINI, course)
    ports: list[int] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=serve,
        args=(course,),
        kwargs={"port": 0, "log": lambda _: None, "stop": stop, "ready": ports.append},
        daemon=True,
    )
    thread.start()
    end = time.monotonic() + 30
    while not ports and time.monotonic() < end:
        time.sleep(0.05)
    assert ports, "the preview did not start"
    yield ports[0]
    stop.set()
    thread.join(10)


def _get(port: int, path: str, host: str | None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read()


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "LocalHost", "[::1]"])
def test_local_names_with_the_port_are_answered(port: int, name: str) -> None:
    for path in ("/", "/__courseware__/status"):
        assert _get(port, path, f"{name}:{port}")[0] == 200


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:{port}",
        "evil.example",
        "127.0.0.1.nip.io:{port}",
        "localhost.evil.example:{port}",
        "127.0.0.1:1",
        "localhost",
        "[::1]:{port}x",
        "",
    ],
)
def test_other_hosts_get_nothing(port: int, host: str) -> None:
    for path in ("/", "/__courseware__/status", "/uno.html"):
        status, body = _get(port, path, host.format(port=port))
        assert status == (421 if host else 400), (host, path)
        assert b"mini" not in body and b"/" not in body.split(b" ")[0]


def test_a_request_without_host_is_refused(port: int) -> None:
    status, body = _get(port, "/__courseware__/status", None)
    assert status == 400
    assert b"errors" not in body
