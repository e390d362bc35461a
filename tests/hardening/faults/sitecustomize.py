"""A file system that fails under one folder (tests only), in a fresh interpreter.

``COURSEWARE_TEST_FAULT`` picks the failure and ``COURSEWARE_TEST_FAULT_DIR`` the folder:
``enospc``: the disk fills up after a few files are written there; ``erofs``: nothing can
be created or written there (a read-only file system, also for root, whom ``chmod`` does
not stop).
"""

import builtins
import errno
import os

FAULT = os.environ.get("COURSEWARE_TEST_FAULT", "")
FOLDER = os.path.realpath(os.environ.get("COURSEWARE_TEST_FAULT_DIR", "/nonexistent"))

if FAULT in ("enospc", "erofs"):
    _open, _mkdir = builtins.open, os.mkdir
    _written = [0]

    def _inside(path: object) -> bool:
        try:
            where = os.path.realpath(os.fsdecode(path))  # type: ignore[arg-type]
        except TypeError:
            return False
        return where == FOLDER or where.startswith(FOLDER + os.sep)

    def _refuse(path: object) -> None:
        if FAULT == "erofs":
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), path)
        _written[0] += 1
        if _written[0] > 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)

    def _faulty_open(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        writing = any(m in mode for m in "wxa+") and _inside(file)
        if writing and (FAULT == "erofs" or not str(file).endswith(".lock")):
            _refuse(file)
        return _open(file, mode, *args, **kwargs)

    def _faulty_mkdir(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if FAULT == "erofs" and _inside(path):
            _refuse(path)
        return _mkdir(path, *args, **kwargs)

    builtins.open = _faulty_open
    os.mkdir = _faulty_mkdir
