"""Keyboard-wedge scanners: a scan is a burst of keystrokes ending in Enter.

A wedge scanner "types" the code into whatever has the keyboard focus, much
faster than a person can. :class:`WedgeParser` is fed every key event by the UI
(it knows nothing of Qt) and sorts them: a burst of at least ``min_length``
characters, each within ``max_gap_ms`` of the previous, ended by Enter, is a
scan; anything slower is a person typing and is handed back to the UI to type.

Feed results:

* ``HOLD`` — keep this key for now (it may be part of a scan);
* ``SCAN`` — ``code`` is a whole scan; the held keys were consumed;
* ``TYPED`` — ``text`` (and, if ``enter``, an Enter) were typed by a person: deliver them.

The UI also calls :meth:`WedgeParser.flush` on a short timer so that the last
key a person typed is not held back for long.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from devices.scanner.codes import clean_code
from kiosk.ports.health import Health
from kiosk.ports.scanner import ScanCallback, ScanEvent

ENTER = frozenset({"\r", "\n"})


class KeyAction(enum.Enum):
    HOLD = "hold"
    SCAN = "scan"
    TYPED = "typed"


@dataclass(frozen=True, slots=True)
class KeyResult:
    action: KeyAction
    code: str = ""
    text: str = ""
    enter: bool = False


_HOLD = KeyResult(KeyAction.HOLD)


class WedgeParser:
    def __init__(self, max_gap_ms: int = 50, min_length: int = 4, max_length: int = 64) -> None:
        self.max_gap = max_gap_ms / 1000
        self.min_length = min_length
        self.max_length = max_length
        self._held: list[str] = []  # keys so far, each within max_gap of the one before
        self._last = 0.0

    def feed(self, key: str, at_s: float) -> KeyResult:
        """One key event: ``key`` is its text (one character, or "\\r" for Enter)."""
        fast = not self._held or at_s - self._last <= self.max_gap
        self._last = at_s
        if key in ENTER:
            held = "".join(self._held)
            self._reset()
            if fast and len(held) >= self.min_length:
                code = clean_code(held, self.max_length)
                if code is not None:
                    return KeyResult(KeyAction.SCAN, code=code)
            return KeyResult(KeyAction.TYPED, text=held, enter=True)
        if len(key) != 1:
            return self._release(key)  # not a character (arrows, shortcuts): a person
        if not fast:
            released = "".join(self._held)
            self._reset()
            self._held.append(key)
            return KeyResult(KeyAction.TYPED, text=released) if released else _HOLD
        if len(self._held) >= self.max_length:
            return self._release(key)
        self._held.append(key)
        return _HOLD

    def flush(self, now_s: float) -> KeyResult:
        """Release held keys once the burst has gone quiet (a person typing)."""
        if self._held and now_s - self._last > self.max_gap:
            released = "".join(self._held)
            self._reset()
            return KeyResult(KeyAction.TYPED, text=released)
        return _HOLD

    def _release(self, key: str) -> KeyResult:
        released = "".join(self._held) + (key if len(key) == 1 else "")
        self._reset()
        return KeyResult(KeyAction.TYPED, text=released)

    def _reset(self) -> None:
        self._held = []


class KeyboardWedgeScanner:
    """The port for a wedge scanner: the UI feeds keys, scans go to the callback."""

    name = "keyboard"

    def __init__(self, max_gap_ms: int = 50, min_length: int = 4, max_length: int = 64) -> None:
        self.parser = WedgeParser(max_gap_ms, min_length, max_length)
        self._on_scan: ScanCallback | None = None

    def feed(self, key: str, at_s: float) -> KeyResult:
        result = self.parser.feed(key, at_s)
        if result.action is KeyAction.SCAN and self._on_scan is not None:
            self._on_scan(ScanEvent(result.code, "keyboard"))
        return result

    def flush(self, now_s: float) -> KeyResult:
        return self.parser.flush(now_s)

    def start(self, on_scan: ScanCallback) -> None:
        self._on_scan = on_scan

    def stop(self) -> None:
        self._on_scan = None

    def prepare_test_scan(self) -> str:
        return "Scan a statement now (the scanner types into the kiosk like a keyboard)."

    def probe(self) -> Health:
        return Health.good("keyboard-wedge scanner: scans arrive as fast keystrokes; it cannot "
                           "be checked until something is scanned")

    def close(self) -> None:
        self.stop()
