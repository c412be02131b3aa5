"""One sync worker per SQLite ledger, across processes.

Two workers on one file would not post twice (the PMS de-duplicates on the
posting id) but would send twice; the lock keeps requests to one per
posting. PostgreSQL ledgers use row locks instead (``FOR UPDATE SKIP LOCKED``).
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType


class WorkerLock:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        if self.path is None:
            return True
        try:
            import fcntl
        except ImportError:  # Windows: one kiosk process per machine; documented in docs/
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None

    def holder(self) -> str:
        try:
            return (self.path.read_text().strip() if self.path else "") or "unknown"
        except OSError:
            return "unknown"

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.release()
