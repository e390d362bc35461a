"""Allow ``python -m courseware``."""

from courseware.cli import main

raise SystemExit(main())
