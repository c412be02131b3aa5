"""ESC/POS receipt printer: the :class:`~kiosk.ports.printer.ReceiptPrinter` port.

Before printing it asks the printer for its real-time status where the
transport can answer; a printer that is off, offline or out of paper gets a
clear :class:`PrintResult` (a kind sentence for the patient, an actionable one
for staff) and nothing is sent. The receipt stays available for reprint: the
ledger has the payment (see :mod:`kiosk.reprint`).

Calls block (run them on a worker, never the GUI thread); python-escpos and
transport exceptions never leave this class.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from devices.escpos_printer.connection import PrinterStatus, read_status
from devices.escpos_printer.layout import render_receipt
from kiosk.domain.receipt import Receipt
from kiosk.ports.health import Health
from kiosk.ports.printer import PrintResult

log = logging.getLogger(__name__)

PATIENT_SORRY = "The printer is not working right now. Please ask the front desk for your receipt."


class EscposPrinter:
    name = "escpos"

    def __init__(self, connect: Callable[[], Any], description: str, timezone: str = "UTC",
                 width: int = 42, qr: bool = True, profile: str | None = None,
                 on_close: Callable[[], None] | None = None) -> None:
        self._connect = connect
        self._on_close = on_close
        self.description = description
        self.timezone = timezone
        self.width = width
        self.qr = qr
        self.profile = profile
        self._device: Any = None
        self._lock = threading.Lock()
        #: Demo mode: the printer simulator this printer started.
        self.simulator: Any = None

    # -- the port -----------------------------------------------------------
    def print_receipt(self, receipt: Receipt) -> PrintResult:
        try:
            data = render_receipt(receipt, self.timezone, self.width, self.qr, self.profile)
        except Exception as exc:  # a layout bug must not look like a printer fault
            log.exception("could not lay out the receipt")
            return PrintResult(False, PATIENT_SORRY,
                               f"receipt layout failed ({exc.__class__.__name__}); reprint it "
                               "from the counter")
        return self._print(data)

    def probe(self) -> Health:
        with self._lock:
            try:
                device = self._open()
            except Exception as exc:
                return Health.bad(f"ESC/POS printer on {self.description}: cannot open "
                                  f"({exc.__class__.__name__}: {_short(exc)})")
            status = self._status(device)
        if status is None:
            return Health.good(f"ESC/POS printer on {self.description} (this connection "
                               "reports no status)")
        problem = _problem(status)
        if problem:
            return Health.bad(f"ESC/POS printer on {self.description}: {problem}")
        low = ", paper low" if status.paper == "low" else ""
        return Health.good(f"ESC/POS printer on {self.description}: online{low}")

    def close(self) -> None:
        with self._lock:
            self._drop()
        if self._on_close is not None:
            self._on_close()

    # -- inside --------------------------------------------------------------
    def _print(self, data: bytes) -> PrintResult:
        with self._lock:
            try:
                device = self._open()
            except Exception as exc:
                log.warning("printer %s cannot be opened: %s", self.description, exc)
                return PrintResult(False, PATIENT_SORRY,
                                   f"printer not reachable on {self.description} "
                                   f"({exc.__class__.__name__}); check power and cable")
            status = self._status(device)
            if status is not None:
                problem = _problem(status)
                if problem:
                    return PrintResult(False, PATIENT_SORRY, f"{problem}; nothing was printed")
            try:
                device._raw(data)
            except Exception as exc:
                log.warning("printing on %s failed: %s", self.description, exc)
                self._drop()
                return PrintResult(False, PATIENT_SORRY,
                                   f"printing failed on {self.description} "
                                   f"({exc.__class__.__name__}); reprint from the counter")
            after = self._status(device)
        if after is not None and after.paper == "out":
            return PrintResult(False, PATIENT_SORRY, "printer ran out of paper while printing; "
                               "reprint the receipt from the counter")
        low = any(s is not None and s.paper == "low" for s in (status, after))
        return PrintResult(True, staff_message="printer paper is running low" if low else "")

    def _open(self) -> Any:
        if self._device is None:
            self._device = self._connect()
        return self._device

    def _status(self, device: Any) -> PrinterStatus | None:
        """The printer's real-time status, or None if this transport cannot tell."""
        try:
            return read_status(device)
        except NotImplementedError:
            return None
        except Exception as exc:
            log.info("printer status query failed on %s: %s", self.description, exc)
            self._drop()
            return PrinterStatus(answered=False)

    def _drop(self) -> None:
        device, self._device = self._device, None
        if device is not None:
            try:
                device.close()
            except Exception:
                log.debug("closing the printer connection failed", exc_info=True)


def _problem(status: PrinterStatus) -> str:
    if not status.answered:
        return "printer not answering (switched off, offline or unplugged)"
    if not status.online:
        return "printer offline (cover open, paper jam or error)"
    if status.paper == "out":
        return "printer out of paper"
    return ""


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else ""
