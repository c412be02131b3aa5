"""A ZVT payment terminal (the PT side), for demo mode and tests.

It speaks the same protocol as a real terminal through the same link classes
as the kiosk, keeps its journal in its own file (:class:`SimState`), and plays
scripted trouble. Outcomes come, in order of precedence, from the configured
script, from a well-known test amount (:data:`MAGIC_AMOUNTS`), or from the
default outcome:

``approve`` ``decline`` (05) ``cancel`` (customer presses cancel, 6C)
``timeout`` (no card, 6C) ``refuse`` (84 83: command refused)
``nak_storm`` (NAKs the kiosk's next 3 frames: recoverable)
``nak_storm_fatal`` (NAKs 4: the kiosk gives up) ``corrupt_crc`` (the status
information goes out twice with a wrong CRC first) ``silence`` (takes the
command, never answers) ``cut_before_charge`` / ``cut_after_charge`` /
``cut_after_decline`` (the line goes dead for ``cut_s`` seconds mid-payment)
``garbage`` (charges, then sends an unreadable status information)
``leak_pan`` (approves and sends the *full* card number, as a badly configured
terminal might: the kiosk must keep only the last four digits).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass

from devices.zvt import pt_messages as pt
from devices.zvt.apdu import Apdu, ApduError, parse_apdu
from devices.zvt.links import Link
from devices.zvt.messages import POSITIVE_ACK, MessageError, negative_ack
from devices.zvt.pt_messages import EcrCommand, Transaction
from devices.zvt.sim_state import SimState, SimTxn
from devices.zvt.streams import LinkClosed, LinkError, LinkGarbled, LinkTimeout

log = logging.getLogger(__name__)

OUTCOMES = ("approve", "decline", "cancel", "timeout", "refuse", "nak_storm", "nak_storm_fatal",
            "corrupt_crc", "silence", "cut_before_charge", "cut_after_charge",
            "cut_after_decline", "garbage", "leak_pan")

#: Amounts (minor units) that always produce one outcome, for demos and tests.
MAGIC_AMOUNTS = {
    1301: "decline", 1302: "cancel", 1303: "timeout", 1304: "cut_after_charge",
    1305: "garbage", 1306: "cut_after_decline", 1307: "nak_storm", 1308: "corrupt_crc",
    1309: "silence", 1310: "leak_pan", 1311: "cut_before_charge", 1312: "refuse",
}
_CARDS = ((10, "Visa", "4"), (6, "Mastercard", "5"), (8, "American Express", "3"),
          (232, "Discover", "6"))
_EURO_CARDS = ((10, "Visa", "4"), (6, "Mastercard", "5"), (5, "girocard", "6"),
               (46, "Maestro", "6"))


@dataclass(frozen=True, slots=True)
class SimSettings:
    terminal_id: str = "52500038"
    software: str = "ClinicPay ZVT simulator 1.0"
    step_delay: float = 0.0  # pause between the terminal's steps (demo pacing)
    outcome: str = "approve"
    script: tuple[str, ...] = ()
    cut_s: float = 1.0  # how long the line stays dead in a "cut" outcome
    ack_wait_s: float = 5.0  # how long to wait for the kiosk's 80 00 00


class _Interrupted(Exception):
    """The kiosk sent a new command while we waited for an acknowledgement."""

    def __init__(self, command: EcrCommand) -> None:
        super().__init__(command.kind)
        self.command = command


class ZvtTerminalSimulator:
    def __init__(self, state: SimState, settings: SimSettings | None = None) -> None:
        self.state = state
        self.settings = settings or SimSettings()
        self.currency = "EUR"
        self._abort_pending = False
        self._card_stage = False

    # -- serving -------------------------------------------------------------
    def serve(self, link: Link, stop: threading.Event) -> None:
        """Answer the kiosk on ``link`` until ``stop`` is set or the line closes."""
        queued: EcrCommand | None = None
        while not stop.is_set():
            try:
                command = queued or self._next_command(link, 0.2)
                queued = None
                if command is not None:
                    self._handle(link, command, stop)
            except _Interrupted as interrupted:
                queued = interrupted.command
            except LinkClosed:
                return
            except (LinkTimeout, LinkGarbled, LinkError) as exc:
                log.info("simulator: %s", exc)

    def _next_command(self, link: Link, timeout: float) -> EcrCommand | None:
        try:
            raw = link.recv(timeout)
        except LinkTimeout:
            return None
        try:
            return pt.parse_ecr_command(parse_apdu(raw))
        except (ApduError, MessageError) as exc:
            log.info("simulator refused a command: %s", exc)
            self._send(link, negative_ack(0x83))
            return None

    @staticmethod
    def _send(link: Link, apdu: Apdu) -> None:
        link.send(apdu.encode())

    def _say(self, link: Link, apdu: Apdu) -> None:
        """Send a message as master and wait for the kiosk's acknowledgement."""
        self._send(link, apdu)
        deadline = time.monotonic() + self.settings.ack_wait_s
        while time.monotonic() < deadline:
            command = self._next_command(link, 0.1)
            if command is None:
                continue
            if command.kind in ("ack", "nack"):
                return
            if command.kind == "abort":
                self._answer_abort(link)
                continue
            raise _Interrupted(command)
        raise LinkTimeout("simulator: no acknowledgement from the kiosk")

    def _answer_abort(self, link: Link) -> None:
        if self._card_stage:
            self._abort_pending = True
            self._send(link, POSITIVE_ACK)
        else:
            self._send(link, negative_ack(0x83))  # too late to stop

    def _pause(self, seconds: float, stop: threading.Event) -> None:
        stop.wait(seconds)

    def _cut(self, link: Link, stop: threading.Event) -> None:
        """The line goes dead: nothing is read or answered, and what was sent is lost."""
        log.info("simulator: line cut for %.1f s", self.settings.cut_s)
        stop.wait(self.settings.cut_s)
        discard = getattr(link, "discard_input", None)
        if discard is not None:
            discard()

    # -- commands ------------------------------------------------------------
    def _handle(self, link: Link, command: EcrCommand, stop: threading.Event) -> None:
        kind = command.kind
        if kind in ("ack", "nack"):
            return
        if kind == "abort":
            self._send(link, negative_ack(0x83))  # nothing running to abort
            return
        if kind == "registration":
            if command.currency and command.currency != "?":
                self.currency = command.currency
            self._send(link, POSITIVE_ACK)
            self._say(link, pt.completion(self.settings.terminal_id, self.currency))
        elif kind == "status":
            self._send(link, POSITIVE_ACK)
            self._say(link, pt.enquiry_completion(self.settings.software, 0x00))
        elif kind == "log_off":
            self._send(link, POSITIVE_ACK)
        elif kind == "authorisation":
            self._authorise(link, command, stop)
        elif kind == "repeat_receipt":
            self._repeat_receipt(link)
        elif kind == "end_of_day":
            self._end_of_day(link, stop)
        elif kind in ("reversal", "refund"):
            self._money_back(link, command, stop)

    def _outcome(self, amount: int) -> str:
        return (self.state.next_scripted(self.settings.script) or MAGIC_AMOUNTS.get(amount)
                or self.settings.outcome)

    def _authorise(self, link: Link, command: EcrCommand, stop: threading.Event) -> None:
        amount = command.amount or 0
        if command.currency and command.currency != self.currency:
            self._send(link, POSITIVE_ACK)
            self._say(link, pt.abort(0x6F))  # wrong currency
            return
        outcome = self._outcome(amount)
        if outcome == "silence":
            return
        if outcome == "refuse":
            self._send(link, negative_ack(0x83))
            return
        self._send(link, POSITIVE_ACK)
        step = self.settings.step_delay
        if outcome == "nak_storm":
            _set(link, "nak_next", 3)
        elif outcome == "nak_storm_fatal":
            _set(link, "nak_next", 4)
        self._abort_pending, self._card_stage = False, True
        try:
            self._say(link, pt.intermediate(0x0A))
            waited = 0.0
            card_wait = max(step * 4, 0.3) if outcome == "timeout" else step
            while waited < card_wait and not self._abort_pending and not stop.is_set():
                self._poll_abort(link, 0.05)
                waited += 0.05
            self._poll_abort(link, 0.0)
        finally:
            self._card_stage = False
        if self._abort_pending or outcome in ("cancel", "timeout"):
            self._say(link, pt.abort(0x6C))
            return
        self._say(link, pt.intermediate(0x04))
        self._pause(step, stop)
        if outcome == "cut_before_charge":
            self._cut(link, stop)
            return
        trace, receipt = self.state.next_numbers()
        txn = self._transaction(trace, receipt, amount,
                                0x05 if outcome in ("decline", "cut_after_decline") else 0x00)
        self._book(txn)
        if outcome in ("cut_after_charge", "cut_after_decline"):
            self._cut(link, stop)
            return
        if txn.result != 0:
            self._say(link, pt.failed_status(trace, amount, self.currency, txn.result,
                                             self.settings.terminal_id))
            self._say(link, pt.abort(txn.result))
            return
        if outcome == "garbage":
            self._say(link, Apdu(0x04, 0x0F, b"\x27\x00\x5F\x01\x02"))  # unknown BMP 5F
        else:
            if outcome == "corrupt_crc":
                _set(link, "corrupt_next", 2)
            self._say(link, pt.status_information(txn, pan_masked=outcome != "leak_pan"))
        self._say(link, pt.intermediate(0x0B))
        self._say(link, pt.completion(self.settings.terminal_id, self.currency))

    def _poll_abort(self, link: Link, timeout: float) -> None:
        command = self._next_command(link, timeout)
        if command is None or command.kind in ("ack", "nack"):
            return
        if command.kind == "abort":
            self._answer_abort(link)
            return
        raise _Interrupted(command)

    def _transaction(self, trace: int, receipt: int, amount: int, result: int) -> Transaction:
        digest = hashlib.sha256(f"{self.settings.terminal_id}:{trace}".encode()).hexdigest()
        number = int(digest[:8], 16)
        cards = _EURO_CARDS if self.currency == "EUR" else _CARDS
        card_type, name, first = cards[number % len(cards)]
        pan = _luhn_complete(first + f"{number % 10**14:014d}")
        now = time.localtime()
        return Transaction(trace, receipt, amount, self.currency, result,
                           self.settings.terminal_id, card_type, name, pan,
                           digest[8:14].upper(), time.strftime("%H%M%S", now),
                           time.strftime("%m%d", now))

    def _book(self, txn: Transaction, kind: str = "sale", charged: bool | None = None) -> None:
        self.state.record(SimTxn(txn.trace, txn.receipt, kind, txn.amount, txn.currency,
                                 txn.result, txn.result == 0 if charged is None else charged,
                                 False, txn.card_type, txn.card_name, txn.pan[-4:],
                                 txn.auth_code))

    def _repeat_receipt(self, link: Link) -> None:
        self._send(link, POSITIVE_ACK)
        last = self.state.last()
        if last is not None:
            self._say(link, pt.print_line("** COPY **"))
            self._say(link, pt.print_line(f"Card {'*' * 12}{last.last4}"))
            txn = Transaction(last.trace, last.receipt, last.amount, last.currency, last.result,
                              self.settings.terminal_id, last.card_type, last.card_name,
                              "0" * 12 + last.last4, last.auth_code)
            if last.kind == "end_of_day" or last.result != 0:
                self._say(link, pt.failed_status(last.trace, last.amount, last.currency,
                                                 last.result, self.settings.terminal_id))
            else:
                self._say(link, pt.status_information(txn))
        self._say(link, pt.completion(self.settings.terminal_id, self.currency))

    def _money_back(self, link: Link, command: EcrCommand, stop: threading.Event) -> None:
        self._send(link, POSITIVE_ACK)
        original = None
        if command.kind == "reversal":
            original = self.state.open_sale_by_receipt(command.receipt or -1)
            if original is None or original.reversed:
                self._say(link, pt.abort(0xB4 if original else 0xB5))
                return
        self._say(link, pt.intermediate(0x0A))
        self._pause(self.settings.step_delay, stop)
        amount = original.amount if original else (command.amount or 0)
        trace, receipt = self.state.next_numbers()
        txn = self._transaction(trace, receipt, amount, 0)
        if original is not None:
            self.state.mark_reversed(original.trace)
        self._book(txn, command.kind, charged=False)
        self._say(link, pt.status_information(txn))
        self._say(link, pt.completion(self.settings.terminal_id, self.currency))

    def _end_of_day(self, link: Link, stop: threading.Event) -> None:
        self._send(link, POSITIVE_ACK)
        self._say(link, pt.intermediate(0x0E))
        self._pause(self.settings.step_delay, stop)
        txns, _batch = self.state.close_batch()
        groups = {5: 0, 14: 1, 6: 2, 8: 3, 10: 4, 12: 5}
        rows = [[0, 0] for _ in range(7)]
        total = 0
        for txn in txns:
            if txn.kind == "sale" and txn.charged and not txn.reversed:
                sign = 1
            elif txn.kind == "refund":
                sign = -1
            else:
                continue
            row = rows[groups.get(txn.card_type, 6)]
            row[0] += 1
            row[1] += sign * txn.amount
            total += sign * txn.amount
        receipts = [t.receipt for t in txns] or [0]
        trace, receipt = self.state.next_numbers()
        totals = pt.totals_field(min(receipts), max(receipts),
                                 [(count, max(amount, 0)) for count, amount in rows])
        self.state.record(SimTxn(trace, receipt, "end_of_day", max(total, 0), self.currency, 0,
                                 False, False, 0, "", "", ""))
        self._say(link, pt.end_of_day_status(trace, receipt, max(total, 0),
                                             self.settings.terminal_id, totals))
        self._say(link, pt.completion(self.settings.terminal_id, self.currency))


def _set(link: Link, knob: str, value: int) -> None:
    if hasattr(link, knob):  # serial faults; a TCP link has no frames to spoil
        setattr(link, knob, value)


def _luhn_complete(partial: str) -> str:
    """Append the check digit so the test card number is a valid-looking PAN."""
    total = 0
    for index, char in enumerate(reversed(partial)):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return partial + str((10 - total % 10) % 10)
