"""Make this Linux interpreter look like Windows or macOS to courseware (tests only).

Active when ``COURSEWARE_TEST_PLATFORM`` is ``win32`` or ``darwin``: ``sys.platform`` says
so; ``fcntl``, ``os.fork``, ``select.poll`` and ``os.sched_getaffinity`` are gone (as on
Windows; ``fcntl`` is gone for macOS too, to run the code path that does without it); Windows
loses the POSIX-only ``os.O_*`` flags; ``msvcrt.locking`` is there, done with a POSIX lock.
Standard modules that read the platform to find their own Linux files are loaded first.
"""

import os
import sys
import types

PLATFORM = os.environ.get("COURSEWARE_TEST_PLATFORM", "")

if PLATFORM in ("win32", "darwin"):
    # What the standard library works out from the machine it runs on (its build settings,
    # how it starts processes) is worked out first, as the Linux it is.
    import subprocess
    import sysconfig

    sysconfig.get_config_vars()
    del subprocess

    import fcntl as _posix
    import select

    def _locking(fd: int, mode: int, size: int) -> None:
        if mode == 0:  # LK_UNLCK
            _posix.flock(fd, _posix.LOCK_UN)
            return
        try:
            _posix.flock(fd, _posix.LOCK_EX | _posix.LOCK_NB)
        except BlockingIOError:
            raise PermissionError(13, "Permission denied") from None

    msvcrt = types.ModuleType("msvcrt")
    msvcrt.LK_UNLCK, msvcrt.LK_LOCK, msvcrt.LK_NBLCK = 0, 1, 2  # type: ignore[attr-defined]
    msvcrt.locking = _locking  # type: ignore[attr-defined]
    sys.modules["msvcrt"] = msvcrt
    sys.modules["fcntl"] = None  # type: ignore[assignment]  # import fcntl: ImportError
    for name in ("fork", "forkpty", "sched_getaffinity"):
        if hasattr(os, name):
            delattr(os, name)
    if hasattr(select, "poll"):
        del select.poll
    if PLATFORM == "win32":
        for name in ("O_NOFOLLOW", "O_DIRECTORY", "O_CLOEXEC"):
            if hasattr(os, name):
                delattr(os, name)
    sys.platform = PLATFORM
