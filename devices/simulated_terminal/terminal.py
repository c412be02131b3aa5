"""The simulated card terminal (demo mode and tests).

It behaves like a simple serial terminal: it takes our payment id as a
reference, and it has no idea whether it charged that payment before; a
second sale for the same payment is a second charge. That is deliberate: it
is what makes the crash tests able to catch a core that sells again instead
of asking with ``query``.

Outcomes come, in order of precedence, from the configured script, from a
well-known test amount (:data:`MAGIC_AMOUNTS`), or from the default outcome.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from devices.simulated_terminal.state import SaleRecord, TerminalState
from kiosk import crashpoints
from kiosk.domain.money import Money
from kiosk.domain.payment import CardDetails
from kiosk.ports.health import Health
from kiosk.ports.terminal import (
    CaptureOutcome,
    CaptureResult,
    ProgressCallback,
    ProgressEvent,
    ProgressKind,
    RefundOutcome,
    RefundResult,
    SaleOutcome,
    SaleResult,
    TerminalTotals,
)

#: Amounts (in cents) that always produce one outcome, for demos and tests.
MAGIC_AMOUNTS = {
    1301: "decline",  # $13.01: the card is declined
    1302: "cancel",  # $13.02: the patient presses cancel on the terminal
    1303: "timeout",  # $13.03: nobody presents a card; nothing is charged
    1304: "disconnect",  # $13.04: the cable is pulled after the bank approved
    1305: "unknown",  # $13.05: the answer is lost; a query finds it approved
    1306: "unknown_declined",  # $13.06: the answer is lost; a query finds it declined
}
_BRANDS = ("visa", "mastercard", "amex", "discover")


class SimulatedTerminal:
    name = "simulated"
    supports_pay_on_phone = False

    def __init__(self, state_path: Path, step_delay_ms: int = 700, outcome: str = "approve",
                 script: tuple[str, ...] = (), offline: bool = False) -> None:
        self.state = TerminalState(state_path)
        self.step_delay = step_delay_ms / 1000
        self.outcome = outcome
        self.script = script
        self.offline = offline
        self._cancel = threading.Event()
        self._busy = threading.Lock()

    # -- sale ---------------------------------------------------------------
    def sale(self, payment_id: str, amount: Money, on_progress: ProgressCallback) -> SaleResult:
        if self.offline:
            return SaleResult(SaleOutcome.NOT_FOUND,
                              staff_message="simulated terminal is offline")
        if not self._busy.acquire(blocking=False):
            return SaleResult(SaleOutcome.CANCELED, staff_message="terminal busy with another sale")
        try:
            self._cancel.clear()
            return self._sale(payment_id, amount, on_progress)
        finally:
            self._busy.release()

    def _sale(self, payment_id: str, amount: Money, on_progress: ProgressCallback) -> SaleResult:
        outcome = (self.state.next_scripted(self.script)
                   or MAGIC_AMOUNTS.get(amount.cents) or self.outcome)
        attempt = len(self.state.sales_for(payment_id)) + 1
        ref = f"SIM-{_digest(payment_id, attempt)[:10].upper()}"
        on_progress(ProgressEvent(ProgressKind.REFERENCE, processor_ref=ref))
        on_progress(ProgressEvent(ProgressKind.PRESENT_CARD, "Insert, tap or swipe your card"))
        if outcome == "timeout":
            self._wait()
            self._record(payment_id, amount, "timeout", False, ref)
            return SaleResult(SaleOutcome.CANCELED, processor_ref=ref,
                              staff_message="no card presented before the terminal timed out")
        if self._wait() or outcome == "cancel":
            self._record(payment_id, amount, "canceled", False, ref)
            return SaleResult(SaleOutcome.CANCELED, processor_ref=ref,
                              staff_message="canceled at the terminal")
        on_progress(ProgressEvent(ProgressKind.PROCESSING, "Processing"))
        self._wait(cancellable=False)
        card = _card(payment_id, attempt)
        if outcome in ("decline", "unknown_declined"):
            self._record(payment_id, amount, "declined", False, ref, card)
            if outcome == "unknown_declined":
                return SaleResult(SaleOutcome.UNKNOWN, processor_ref=ref,
                                  staff_message="no answer from the terminal")
            return SaleResult(SaleOutcome.DECLINED, processor_ref=ref, decline_code="05",
                              staff_message="declined by the issuer (05, do not honor)")
        self._record(payment_id, amount, "approved", True, ref, card)
        crashpoints.reached("terminal.charged")
        if outcome == "disconnect":
            return SaleResult(SaleOutcome.UNKNOWN, processor_ref=ref,
                              staff_message="terminal connection lost mid-payment")
        if outcome == "unknown":
            return SaleResult(SaleOutcome.UNKNOWN, processor_ref=ref,
                              staff_message="no answer from the terminal")
        on_progress(ProgressEvent(ProgressKind.REMOVE_CARD, "Please remove your card"))
        return SaleResult(SaleOutcome.APPROVED, card=card, processor_ref=ref,
                          staff_message="approved")

    def _wait(self, cancellable: bool = True) -> bool:
        """Pause one step; True if the kiosk asked to cancel meanwhile."""
        if not cancellable:
            if self.step_delay:
                threading.Event().wait(self.step_delay)
            return False
        return self._cancel.wait(self.step_delay) if self.step_delay else self._cancel.is_set()

    def _record(self, payment_id: str, amount: Money, outcome: str, charged: bool, ref: str,
                card: CardDetails | None = None) -> None:
        card = card or CardDetails()
        self.state.record_sale(SaleRecord(payment_id, amount.cents, amount.currency, outcome,
                                          charged, ref, card.brand, card.last4, card.auth_code,
                                          False))

    def cancel(self) -> None:
        self._cancel.set()

    # -- after the sale -----------------------------------------------------
    def query(self, payment_id: str, processor_ref: str = "") -> SaleResult:
        if self.offline:
            return SaleResult(SaleOutcome.UNKNOWN, staff_message="simulated terminal is offline")
        sales = self.state.sales_for(payment_id)
        for sale in sales:
            if sale.charged:
                return SaleResult(SaleOutcome.APPROVED,
                                  card=CardDetails(sale.brand, sale.last4, sale.auth_code),
                                  processor_ref=sale.processor_ref, staff_message="approved")
        if not sales:
            return SaleResult(SaleOutcome.NOT_FOUND, staff_message="terminal has no record")
        last = sales[-1]
        if last.outcome == "declined":
            return SaleResult(SaleOutcome.DECLINED, processor_ref=last.processor_ref,
                              decline_code="05", staff_message="declined by the issuer")
        return SaleResult(SaleOutcome.CANCELED, processor_ref=last.processor_ref,
                          staff_message=f"terminal reports {last.outcome}")

    def capture(self, payment_id: str, amount: Money, processor_ref: str = "") -> CaptureResult:
        if self.state.mark_captured(payment_id):
            return CaptureResult(CaptureOutcome.CAPTURED)
        return CaptureResult(CaptureOutcome.FAILED, "no approved sale to capture")

    def refund(self, payment_id: str, amount: Money, refund_id: str,
               processor_ref: str = "") -> RefundResult:
        result = self.state.record_refund(refund_id, payment_id, amount.cents)
        if result in ("refunded", "duplicate"):
            return RefundResult(RefundOutcome.REFUNDED, refund_ref=f"SIMR-{refund_id[:8]}")
        return RefundResult(RefundOutcome.FAILED,
                            staff_message="refund exceeds what was charged")

    def end_of_day(self) -> TerminalTotals:
        count, net = self.state.close_batch()
        return TerminalTotals(count, Money(net), "simulated terminal batch closed")

    def probe(self) -> Health:
        if self.offline:
            return Health.bad("simulated terminal is set to offline")
        return Health.good(f"simulated terminal (state in {self.state.path})")

    def close(self) -> None:
        self.cancel()


def _digest(payment_id: str, attempt: int) -> str:
    return hashlib.sha256(f"{payment_id}:{attempt}".encode()).hexdigest()


def _card(payment_id: str, attempt: int) -> CardDetails:
    digest = _digest(payment_id, attempt)
    number = int(digest[:8], 16)
    return CardDetails(_BRANDS[number % len(_BRANDS)], f"{number % 10_000:04d}",
                       digest[8:14].upper())
