"""Playing a WAV file so that it can be stopped at any moment (headless: aplay)."""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)


class Player(Protocol):
    def play(self, path: Path) -> None:
        """Start playing and return at once; stops whatever was playing."""
        ...

    def stop(self) -> None: ...


class AplayPlayer:
    """ALSA's aplay in a child process (which ``stop`` kills)."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self.available = shutil.which("aplay") is not None
        if not self.available:
            log.warning("aplay not found (Debian package alsa-utils): speech stays silent")

    def play(self, path: Path) -> None:
        self.stop()
        if not self.available:
            return
        with self._lock:
            self._process = subprocess.Popen(["aplay", "-q", str(path)],
                                             stdout=subprocess.DEVNULL,
                                             stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()
            self._process = None


class SilentPlayer:
    """For tests and kiosks without audio hardware: plays nothing, remembers the last file."""

    def __init__(self) -> None:
        self.played: list[Path] = []

    def play(self, path: Path) -> None:
        self.played.append(path)

    def stop(self) -> None:
        return None
