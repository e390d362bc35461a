"""Allow ``python -m courseware``."""

from courseware.cli import run

run()
