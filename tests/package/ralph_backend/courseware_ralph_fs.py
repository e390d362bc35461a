"""Ralph's FS LRS backend, appending: the throwaway store of tests/package/ralph.py.

Ralph 5.1's own ``fs`` backend writes each batch with operation type INDEX, which refuses an
existing file: it keeps the first POST and answers every later one 500 ("fs_lrs.jsonl already
exists"). This subclass only changes the default operation type to APPEND; reading, querying,
auth and validation stay Ralph's. Ralph finds it through the ``ralph.backends.lrs`` entry point
declared in the ``.dist-info`` folder beside it (this folder goes on PYTHONPATH).
"""

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend


class AppendingFSLRSBackend(FSLRSBackend):  # type: ignore[misc]
    """FS LRS backend whose writes append to the statements file."""

    default_operation_type = BaseOperationType.APPEND
