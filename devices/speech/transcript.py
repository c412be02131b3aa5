"""A speaker that writes down what it was asked to say (headless kiosks, and tests).

It can also pass everything on to a real speaker, so a test can listen to
the real output and still read what was said.
"""

from __future__ import annotations

import threading

from kiosk.ports.health import Health
from kiosk.ports.speaker import Speaker


class TranscriptSpeaker:
    name = "transcript"

    def __init__(self, forward: Speaker | None = None) -> None:
        self.forward = forward
        self._lock = threading.Lock()
        self.said: list[tuple[str, str]] = []  # (language, text)

    def say(self, text: str, language: str, interrupt: bool = True) -> None:
        with self._lock:
            self.said.append((language, text))
        if self.forward is not None:
            self.forward.say(text, language, interrupt)

    def stop(self) -> None:
        if self.forward is not None:
            self.forward.stop()

    def probe(self) -> Health:
        return self.forward.probe() if self.forward is not None else Health.good("transcript")

    def close(self) -> None:
        if self.forward is not None:
            self.forward.close()

    def text(self) -> str:
        with self._lock:
            return "\n".join(text for _language, text in self.said)
