"""A real LRS for the cmi5 tests: Ralph (PyPI ``ralph-malph``), started and stopped by a test.

tests/run.sh installs Ralph in its own virtualenv, ``.venv-ralph`` (its ``lrs`` extra pins
FastAPI, uvicorn and httpx exactly). ``Ralph(folder)`` starts its API with uvicorn on
127.0.0.1 at a free port, with a throwaway store in ``folder`` (the appending FS backend of
``ralph_backend/``) and HTTP Basic credentials in a credentials file there; ``close()`` stops
it. A missing venv or a server that does not answer fails the test (never a skip).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

from tests.validators import REPO_ROOT

VENV = REPO_ROOT / ".venv-ralph"
PLUGIN = Path(__file__).parent / "ralph_backend"
USER = "lms"


def venv_python() -> Path:
    """The Python of ``.venv-ralph`` (``Scripts/python.exe`` on Windows)."""
    python = VENV / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    if not python.is_file():
        raise RuntimeError(f"Ralph is not installed ({python} missing): run `bash tests/run.sh`")
    return python


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Ralph:
    """A running Ralph LRS: ``url`` (statements at ``/xAPI/statements``), ``token`` (Basic)."""

    def __init__(self, folder: Path, *, timeout: float = 60) -> None:
        python = venv_python()
        password = secrets.token_urlsafe(12)
        self.token = base64.b64encode(f"{USER}:{password}".encode()).decode()
        (folder / "data").mkdir(parents=True, exist_ok=True)
        auth = folder / "auth.json"
        auth.write_text(json.dumps([self.credentials(python, password)]), encoding="utf-8")
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.log = folder / "ralph.log"
        env = dict(
            os.environ,
            PYTHONPATH=str(PLUGIN),
            RALPH_APP_DIR=str(folder / "app"),
            RALPH_AUTH_FILE=str(auth),
            RALPH_RUNSERVER_BACKEND="fs_append",
            RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH=str(folder / "data"),
        )
        command = [str(python), "-m", "uvicorn", "ralph.api:app", "--host", "127.0.0.1"]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [*command, "--port", str(port), "--log-level", "warning"],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
        self.wait(timeout)

    @staticmethod
    def credentials(python: Path, password: str) -> dict[str, object]:
        """One user of Ralph's credentials file (bcrypt hash made with Ralph's own bcrypt)."""
        hashed = subprocess.run(
            [
                str(python),
                "-c",
                "import bcrypt,sys;print(bcrypt.hashpw(sys.argv[1].encode(),"
                "bcrypt.gensalt(4)).decode())",
                password,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout.strip()
        agent = {"objectType": "Agent", "mbox": "mailto:lms@example.org"}
        return {"username": USER, "hash": hashed, "scopes": ["all"], "agent": agent}

    def wait(self, timeout: float) -> None:
        """Until ``/__heartbeat__`` answers 200; fails with Ralph's log otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urlopen(f"{self.url}/__heartbeat__", timeout=2) as response:
                    if response.status == 200:
                        return
            except (URLError, OSError):
                time.sleep(0.2)
        self.close()
        raise RuntimeError(f"Ralph did not start:\n{self.log.read_text(errors='replace')[-3000:]}")

    def close(self) -> None:
        """Stop the server (and wait for it)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
