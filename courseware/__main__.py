"""Allow ``python -m courseware``."""

from courseware.cli import run

if __name__ == "__main__":  # worker processes import this module again: nothing runs then
    run()
