"""The speech port. ``say`` returns at once; speaking happens on the speaker's own worker."""

from __future__ import annotations

from typing import Protocol

from kiosk.ports.health import Health


class Speaker(Protocol):
    name: str

    def say(self, text: str, language: str, interrupt: bool = True) -> None: ...

    def stop(self) -> None: ...

    def probe(self) -> Health: ...

    def close(self) -> None: ...
