"""The latest audit link, kept outside the database.

Without it, deleting the newest audit rows leaves a shorter chain that still
verifies. With it, a tail that was deleted or rolled back is detected: the
anchor names a sequence number the database no longer has.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Anchor:
    seq: int
    mac: str


class AnchorFile:
    def __init__(self, directory: Path, terminal_id: str) -> None:
        self.path = directory / f"audit-anchor-{terminal_id}.json"

    def read(self) -> Anchor | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return Anchor(int(data["seq"]), str(data["mac"]))
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):
            return Anchor(-1, "unreadable")

    def write(self, anchor: Anchor) -> None:
        """Atomic and durable: write a temporary file, fsync, rename, fsync the folder."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        payload = json.dumps({"seq": anchor.seq, "mac": anchor.mac}).encode()
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, self.path)
        if hasattr(os, "O_DIRECTORY"):
            dir_fd = os.open(self.path.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
