"""The statement scanner port: a barcode/QR reader that identifies a paper statement.

A scan only *proposes* a statement code: the kiosk still asks for the date of
birth before showing anything (``LookupService.find_by_statement_code``).

Scans arrive on the scanner's own worker thread (serial) or on the thread that
feeds key events (keyboard wedge): the callback must return quickly and must not
touch widgets; hand the event to the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from kiosk.ports.health import Health


@dataclass(frozen=True, slots=True)
class ScanEvent:
    code: str  # printable ASCII, trimmed, at most the configured length
    source: str  # serial | keyboard | simulated

    def __repr__(self) -> str:
        return f"ScanEvent(source={self.source!r}, {len(self.code)} characters)"


ScanCallback = Callable[[ScanEvent], None]


class StatementScanner(Protocol):
    name: str

    def start(self, on_scan: ScanCallback) -> None:
        """Deliver scans to ``on_scan`` until :meth:`stop`. Calling it again replaces it."""
        ...

    def stop(self) -> None:
        """Stop delivering scans; returns once no further callback will be made."""
        ...

    def prepare_test_scan(self) -> str:
        """For the admin screen's test: get ready for one scan; returns what staff should do."""
        ...

    def probe(self) -> Health: ...

    def close(self) -> None: ...
