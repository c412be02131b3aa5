"""ZVT card terminal adapter: the :class:`~kiosk.ports.terminal.CardTerminal` port over ZVT.

How each port promise is kept with a protocol that has no field for our id:

* ``sale`` first stores a REFERENCE (the terminal's last trace number and the
  amount), *then* sends Authorisation 06 01; when the status information
  arrives its trace and receipt numbers are stored again, before we
  acknowledge it. Whatever happens later, ``query`` has something to ask with.
* ``query`` never pays: Status Enquiry 05 01 (is the terminal idle?) then
  Repeat Receipt 06 20 (what was its last transaction?). The last transaction
  is ours only if its trace is the one we stored, or the one right after the
  trace we stored before sending, with our amount. Anything else is UNKNOWN,
  for staff to settle from the terminal's journal.
* ``cancel`` asks the terminal to abort (06 B0); ``sale`` returns when the
  terminal ends the command (06 1E, or 06 0F if it was too late to stop).
* ``refund`` is made idempotent by :class:`~devices.zvt.journal.RefundJournal`.

Every call blocks its caller and returns results; ZVT exceptions never leak.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from devices.zvt import codes, messages
from devices.zvt.apdu import Apdu
from devices.zvt.journal import DONE, FAILED, SENT, RefundJournal
from devices.zvt.messages import IntermediateStatus, StatusInformation
from devices.zvt.reference import ZvtRef, next_trace
from devices.zvt.session import EcrSession, Exchange, Sent, ZvtUnavailable
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

log = logging.getLogger(__name__)


class ZvtError(RuntimeError):
    """An administrative command (end-of-day) failed; ``str()`` is for staff."""


@dataclass(frozen=True, slots=True)
class ZvtSettings:
    currency: str
    sale_timeout_s: float = 120.0
    learn_last_trace: bool = True
    lock_wait_s: float = 30.0


class ZvtTerminal:
    name = "zvt"
    supports_pay_on_phone = False

    def __init__(self, session: EcrSession, settings: ZvtSettings, journal: RefundJournal,
                 on_close: Callable[[], None] | None = None) -> None:
        self.session = session
        self.settings = settings
        self.journal = journal
        self._on_close = on_close
        #: Demo mode: the simulator this terminal started (its journal is the "terminal's").
        self.simulator: Any = None
        self._cancel = threading.Event()
        self._busy = threading.Lock()
        self._last_trace: int | None = None
        self._last_trace_generation = -1

    # -- helpers -------------------------------------------------------------
    def _note_trace(self, fields_trace: int | None) -> None:
        if fields_trace is not None:
            self._last_trace = fields_trace
            self._last_trace_generation = self.session.generation

    def _known_last_trace(self) -> int | None:
        if self._last_trace_generation != self.session.generation:
            return None  # learnt on a line that has since been reopened: stale
        return self._last_trace

    def _last_transaction(self) -> tuple[bool, StatusInformation | None, str]:
        """(known, last status information or None if the terminal has none, why not known)."""
        result = self.session.exchange(messages.repeat_receipt(self.session.password))
        status = next((s for s in reversed(result.statuses) if s.fields.trace is not None), None)
        if status is not None:
            self._note_trace(status.fields.trace)
            return True, status, ""
        if result.completion is not None:  # completed with nothing to repeat
            return True, None, ""
        return False, None, f"repeat receipt: {result.describe()}"

    def _trace_before_sale(self) -> int | None:
        known = self._known_last_trace()
        if known is not None or not self.settings.learn_last_trace:
            return known
        ok, status, why = self._last_transaction()
        if not ok:
            log.warning("could not learn the terminal's last trace number: %s", why)
            return None
        trace = status.fields.trace if status is not None else 0
        self._note_trace(trace)
        return trace

    # -- sale ----------------------------------------------------------------
    def sale(self, payment_id: str, amount: Money, on_progress: ProgressCallback) -> SaleResult:
        if amount.currency != self.settings.currency:
            return SaleResult(SaleOutcome.NOT_FOUND, staff_message=(
                f"terminal is set up for {self.settings.currency}, not {amount.currency}"))
        if not self._busy.acquire(blocking=False):
            return SaleResult(SaleOutcome.CANCELED,
                              staff_message="terminal busy with another command")
        try:
            self._cancel.clear()
            return self._sale(amount, on_progress)
        finally:
            self._busy.release()

    def _sale(self, amount: Money, on_progress: ProgressCallback) -> SaleResult:
        try:
            self.session.ensure_ready()
        except ZvtUnavailable as exc:
            return SaleResult(SaleOutcome.NOT_FOUND,
                              staff_message=f"card terminal not reachable: {exc}")
        after = self._trace_before_sale()
        if self.session.link is None:  # learning the last trace lost the line: try once more
            try:
                self.session.ensure_ready()
            except ZvtUnavailable as exc:
                return SaleResult(SaleOutcome.NOT_FOUND,
                                  staff_message=f"card terminal not reachable: {exc}")
            after = self._known_last_trace()
        ref = ZvtRef(self.session.terminal_id, after=after, amount=amount.cents)
        try:
            on_progress(ProgressEvent(ProgressKind.REFERENCE, processor_ref=ref.format()))
        except Exception:
            log.exception("could not store the terminal reference; not sending the payment")
            return SaleResult(SaleOutcome.NOT_FOUND, staff_message=(
                "the kiosk could not record the terminal reference, so the payment was not "
                "sent to the terminal"))
        watch = _SaleWatch(self, on_progress, ref, amount)
        result = self.session.exchange(
            messages.authorisation(amount.cents, amount.currency),
            on_intermediate=watch.intermediate, on_status=watch.status, cancel=self._cancel,
            deadline=time.monotonic() + self.settings.sale_timeout_s)
        return watch.outcome(result)

    def cancel(self) -> None:
        self._cancel.set()

    # -- query ---------------------------------------------------------------
    def query(self, payment_id: str, processor_ref: str = "") -> SaleResult:
        ref = ZvtRef.parse(processor_ref)
        if ref is None:
            return SaleResult(SaleOutcome.NOT_FOUND, staff_message=(
                "no terminal reference was recorded, so the payment was never sent"))
        if not self._busy.acquire(timeout=self.settings.lock_wait_s):
            return _unknown(ref, "terminal busy; ask again later")
        try:
            return self._query(ref)
        finally:
            self._busy.release()

    def _query(self, ref: ZvtRef) -> SaleResult:
        try:
            self.session.ensure_ready()
        except ZvtUnavailable as exc:
            return _unknown(ref, f"card terminal not reachable: {exc}")
        enquiry = self.session.exchange(messages.status_enquiry(self.session.password),
                                        status_enquiry=True)
        if enquiry.completion is None or enquiry.completion.terminal_status not in (0, None):
            return _unknown(ref, "terminal not idle: " + _enquiry_text(enquiry))
        known, last, why = self._last_transaction()
        if not known:
            return _unknown(ref, why)
        if ref.trace is not None:
            if last is None or last.fields.trace != ref.trace:
                return _unknown(ref, f"the terminal's last transaction is not trace "
                                     f"{ref.trace}; check its journal")
            return _settled(ref, last, ref.amount)
        if ref.after is None:
            return _unknown(ref, "no terminal context was recorded before the payment")
        if last is None or last.fields.trace == ref.after:
            return SaleResult(SaleOutcome.NOT_FOUND, processor_ref=ref.format(), staff_message=(
                "the terminal has no transaction after the one before this payment"))
        trace = last.fields.trace
        if trace == next_trace(ref.after) and last.fields.amount == ref.amount:
            return _settled(ref, last, ref.amount)
        return _unknown(ref, f"the terminal's last transaction (trace {trace}) cannot be "
                             "matched to this payment; check its journal")

    # -- after the sale ------------------------------------------------------
    def capture(self, payment_id: str, amount: Money, processor_ref: str = "") -> CaptureResult:
        # A ZVT authorisation (06 01) is a booked sale: there is nothing left to capture.
        return CaptureResult(CaptureOutcome.CAPTURED)

    def refund(self, payment_id: str, amount: Money, refund_id: str,
               processor_ref: str = "") -> RefundResult:
        seen = self.journal.get(refund_id)
        if seen is not None and seen[0] == DONE:
            return RefundResult(RefundOutcome.REFUNDED, refund_ref=seen[1])
        if seen is not None and seen[0] == SENT:
            return RefundResult(RefundOutcome.UNKNOWN, staff_message=(
                "this refund was sent to the terminal before and its outcome is unknown; "
                "check the terminal journal before doing anything else"))
        if not self._busy.acquire(timeout=self.settings.lock_wait_s):
            return RefundResult(RefundOutcome.FAILED, staff_message="terminal busy")
        try:
            return self._refund(payment_id, amount, refund_id, ZvtRef.parse(processor_ref))
        finally:
            self._busy.release()

    def _refund(self, payment_id: str, amount: Money, refund_id: str,
                ref: ZvtRef | None) -> RefundResult:
        try:
            self.session.ensure_ready()
        except ZvtUnavailable as exc:
            return RefundResult(RefundOutcome.FAILED,
                                staff_message=f"card terminal not reachable: {exc}")
        self.journal.record(refund_id, payment_id, amount.cents, SENT)
        result: Exchange | None = None
        password = self.session.password
        if ref is not None and ref.receipt is not None and ref.amount == amount.cents:
            result = self._admin(messages.reversal(password, ref.receipt))
            if result.abort is not None and result.abort.result_code in (0xB4, 0xB5):
                result = None  # reversal no longer possible (batch closed): refund instead
        if result is None:
            result = self._admin(messages.refund(password, amount.cents, amount.currency))
        status = result.statuses[-1] if result.statuses else None
        if result.completion is not None and status is not None and status.result_code == 0:
            done = ZvtRef(self.session.terminal_id).with_transaction(
                status.fields.trace, status.fields.receipt).format()
            self.journal.record(refund_id, payment_id, amount.cents, DONE, done)
            return RefundResult(RefundOutcome.REFUNDED, refund_ref=done)
        if result.sent is Sent.NO or result.refused or result.abort is not None:
            self.journal.record(refund_id, payment_id, amount.cents, FAILED,
                                detail=result.describe())
            return RefundResult(RefundOutcome.FAILED, staff_message=result.describe())
        return RefundResult(RefundOutcome.UNKNOWN, staff_message=(
            f"refund outcome unknown ({result.describe()}); check the terminal journal"))

    def _admin(self, command: Apdu) -> Exchange:
        result = self.session.exchange(command, on_status=lambda s: self._note_trace(
            s.fields.trace))
        return result

    def end_of_day(self) -> TerminalTotals:
        with self._busy:
            try:
                self.session.ensure_ready()
            except ZvtUnavailable as exc:
                raise ZvtError(f"card terminal not reachable: {exc}") from None
            result = self._admin(messages.end_of_day(self.session.password))
        status = next((s for s in reversed(result.statuses) if s.result_code == 0), None)
        if result.completion is None or status is None:
            raise ZvtError(f"end-of-day failed: {result.describe()}")
        fields = status.fields
        totals = fields.totals
        detail = f"ZVT end-of-day, terminal {fields.terminal_id or self.session.terminal_id}"
        if totals is not None:
            detail += f", receipts {totals.first_receipt}-{totals.last_receipt}"
        elif fields.totals_unreadable:
            detail += ", per-card totals in a layout we do not read"
        return TerminalTotals(totals.count if totals else 0,
                              Money(fields.amount or 0, self.settings.currency), detail)

    # -- health --------------------------------------------------------------
    def probe(self) -> Health:
        if not self._busy.acquire(blocking=False):
            return Health.good("ZVT terminal in use by a payment right now")
        try:
            try:
                self.session.ensure_ready()
            except ZvtUnavailable as exc:
                return Health.bad(f"ZVT terminal not reachable: {exc}")
            enquiry = self.session.exchange(messages.status_enquiry(self.session.password),
                                            status_enquiry=True)
        finally:
            self._busy.release()
        line = self.session.link.description if self.session.link else "no line"
        if enquiry.completion is None:
            return Health.bad(f"ZVT terminal on {line}: {enquiry.describe()}")
        text = _enquiry_text(enquiry)
        ok = enquiry.completion.terminal_status in (0, None)
        return Health(ok, f"ZVT terminal {self.session.terminal_id} on {line}: {text}")

    def close(self) -> None:
        self._cancel.set()
        with self._busy:
            self.session.drop()
        if self._on_close is not None:
            self._on_close()


class _SaleWatch:
    """Follows one authorisation: passes progress on, stores references as they come."""

    def __init__(self, terminal: ZvtTerminal, on_progress: ProgressCallback, ref: ZvtRef,
                 amount: Money) -> None:
        self.terminal = terminal
        self.on_progress = on_progress
        self.ref = ref
        self.amount = amount
        self.final: StatusInformation | None = None
        self.problem = ""

    def intermediate(self, message: IntermediateStatus) -> None:
        self._emit(ProgressEvent(message.kind, message.text))

    def status(self, message: StatusInformation) -> None:
        fields = message.fields
        if message.result_code is None:
            return
        self.final = message
        self.terminal._note_trace(fields.trace)
        if fields.trace is not None or fields.receipt is not None:
            self.ref = self.ref.with_transaction(fields.trace, fields.receipt,
                                                 fields.terminal_id)
            self._emit(ProgressEvent(ProgressKind.REFERENCE, processor_ref=self.ref.format()))
        if message.result_code == 0:
            crashpoints.reached("terminal.charged")
            if fields.amount is not None and fields.amount != self.amount.cents:
                self.problem = (f"terminal approved {fields.amount} minor units, "
                                f"not the {self.amount.cents} asked for")

    def _emit(self, event: ProgressEvent) -> None:
        try:
            self.on_progress(event)
        except Exception:  # the screen or ledger failed; the sale itself goes on
            log.exception("progress callback failed (%s)", event.kind.value)

    def outcome(self, result: Exchange) -> SaleResult:
        ref = self.ref.format()
        if result.sent is Sent.NO:
            return SaleResult(SaleOutcome.NOT_FOUND, processor_ref=ref,
                              staff_message=f"terminal did not take the payment: {result.error}")
        if result.refused:
            return SaleResult(SaleOutcome.NOT_FOUND, processor_ref=ref,
                              staff_message=result.describe())
        final = self.final
        approved = final is not None and final.result_code == 0
        if result.abort is not None:
            if approved:
                return _unknown(self.ref, "terminal approved, then aborted the command")
            code = result.abort.result_code
            if code is None and final is not None:
                code = final.result_code
            return _failed(self.ref, code, result.abort_requested)
        if result.completion is not None and final is not None:
            if not approved:
                return _failed(self.ref, final.result_code, result.abort_requested)
            if self.problem:
                return _unknown(self.ref, self.problem)
            return _approved(self.ref, final)
        return _unknown(self.ref, result.describe() or "no result from the terminal")


def _card(status: StatusInformation) -> CardDetails:
    fields = status.fields
    return CardDetails(codes.brand_of(fields.card_type, fields.card_name), fields.pan_last4,
                       fields.auth_code or (f"T{fields.trace:06d}" if fields.trace else ""))


def _approved(ref: ZvtRef, status: StatusInformation) -> SaleResult:
    fields = status.fields
    return SaleResult(SaleOutcome.APPROVED, card=_card(status), processor_ref=ref.format(),
                      staff_message=f"approved (trace {fields.trace}, receipt {fields.receipt})")


def _failed(ref: ZvtRef, code: int | None, we_asked: bool) -> SaleResult:
    if code is None:
        return _unknown(ref, "terminal aborted without a result code")
    text = codes.result_text(code)
    if code == codes.ABORTED:
        who = ("canceled by the kiosk (patient or timeout)" if we_asked
               else "canceled on the terminal or no card presented")
        return SaleResult(SaleOutcome.CANCELED, processor_ref=ref.format(),
                          staff_message=f"{who} ({code:02X}: {text})")
    if 0x01 <= code <= 0x63 or code in codes.CARD_PROBLEMS:
        return SaleResult(SaleOutcome.DECLINED, processor_ref=ref.format(),
                          decline_code=f"{code:02X}",
                          staff_message=f"declined: {text} ({code:02X})")
    return SaleResult(SaleOutcome.CANCELED, processor_ref=ref.format(),
                      staff_message=f"terminal could not complete the payment: {text} "
                                    f"({code:02X})")


def _settled(ref: ZvtRef, last: StatusInformation, amount: int | None) -> SaleResult:
    """The terminal's last transaction is ours: report what it says."""
    fields = last.fields
    ref = ref.with_transaction(fields.trace, fields.receipt, fields.terminal_id)
    if last.result_code == 0:
        if amount is not None and fields.amount is not None and fields.amount != amount:
            return _unknown(ref, "the terminal's transaction is for a different amount")
        return _approved(ref, last)
    return _failed(ref, last.result_code, False)


def _unknown(ref: ZvtRef, why: str) -> SaleResult:
    return SaleResult(SaleOutcome.UNKNOWN, processor_ref=ref.format(), staff_message=why)


def _enquiry_text(enquiry: Exchange) -> str:
    completion = enquiry.completion
    if completion is None:
        return enquiry.describe()
    status = completion.terminal_status
    state = "ready" if status in (0, None) else codes.result_text(status)
    software = f", software {completion.software}" if completion.software else ""
    return f"{state}{software}"
