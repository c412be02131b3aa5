"""The ECR side of a ZVT conversation: one command at a time, the terminal as master.

After the ECR sends a command, the terminal answers ``80 00 00`` (accepted)
or ``84 xx 00`` (refused), then becomes master: it sends intermediate status
(04 FF), status information (04 0F), print lines, and finally Completion
(06 0F) or Abort (06 1E). The ECR answers each with ``80 00 00``.
:meth:`EcrSession.exchange` plays that dialogue and reports what happened,
including *how far* it got, because after a payment command an ending
without Completion or Abort means the outcome is unknown.

Timeouts: ``response`` for the first answer to a command, ``progress`` for
silence while the terminal is master (the spec's T4 is 180 s), an overall
``deadline`` after which the session asks the terminal to abort, and
``abort_grace`` for the terminal to act on that request. A cancel is only a
request (Abort 06 B0): the exchange ends when the terminal says so.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from devices.zvt.apdu import Apdu, ApduError, parse_apdu
from devices.zvt.links import Link
from devices.zvt.messages import (
    ABORT,
    POSITIVE_ACK,
    Abort,
    AppAck,
    Completion,
    IntermediateStatus,
    MessageError,
    PrintOut,
    StatusInformation,
    Unsupported,
    negative_ack,
    parse_pt_message,
    registration,
)
from devices.zvt.streams import LinkClosed, LinkError, LinkGarbled, LinkRefused, LinkTimeout

log = logging.getLogger(__name__)

_POLL = 0.1  # how often a waiting exchange looks at the cancel flag


@dataclass(frozen=True, slots=True)
class Timeouts:
    inter_byte: float = 0.5
    ack: float = 5.0
    response: float = 5.0
    progress: float = 180.0
    abort_grace: float = 30.0


class Sent(enum.Enum):
    NO = "no"  # the terminal never took the command (refused frames, no line)
    MAYBE = "maybe"  # it went out but its receipt was not confirmed
    YES = "yes"


@dataclass
class Exchange:
    command: str
    sent: Sent = Sent.NO
    answer: AppAck | None = None  # the terminal's answer to the command itself
    statuses: list[StatusInformation] = field(default_factory=list)
    completion: Completion | None = None
    abort: Abort | None = None
    abort_requested: bool = False
    abort_refused: bool = False
    garbled: list[str] = field(default_factory=list)
    error: str = ""  # why it ended without Completion or Abort

    @property
    def refused(self) -> bool:
        return self.answer is not None and not self.answer.positive

    @property
    def finished(self) -> bool:
        return self.completion is not None or self.abort is not None

    def describe(self) -> str:
        if self.refused and self.answer is not None:
            return (f"terminal refused {self.command}: {self.answer.text} "
                    f"(84 {self.answer.code:02X})")
        if self.abort is not None:
            return f"{self.command} aborted: {self.abort.text}"
        parts = [self.error] if self.error else []
        if self.garbled:
            parts.append(f"unreadable message ({self.garbled[-1]})")
        return "; ".join(parts) or f"{self.command} completed"


class ZvtUnavailable(Exception):
    """The terminal cannot be reached or would not register; nothing was sent."""


class EcrSession:
    """One line to one terminal. Not thread-safe: the terminal adapter serialises calls."""

    def __init__(self, open_link: Callable[[], Link], timeouts: Timeouts, password: str,
                 currency: str, config_byte: int) -> None:
        self._open_link = open_link
        self.timeouts = timeouts
        self.password = password
        self.currency = currency
        self.config_byte = config_byte
        self._link: Link | None = None
        self.terminal_id = ""
        #: Bumped each time a new line is opened: what we learnt on the old one is stale.
        self.generation = 0

    @property
    def link(self) -> Link | None:
        return self._link

    def ensure_ready(self) -> None:
        """Open the line and register (06 00) if not done yet; raise ZvtUnavailable."""
        if self._link is not None:
            return
        try:
            self._link = self._open_link()
        except LinkError as exc:
            raise ZvtUnavailable(str(exc)) from None
        self.generation += 1
        result = self.exchange(registration(self.password, self.currency, self.config_byte))
        if result.completion is None:
            self.drop()
            raise ZvtUnavailable(f"registration failed: {result.describe()}")
        self.terminal_id = result.completion.fields.terminal_id or self.terminal_id

    def drop(self) -> None:
        if self._link is not None:
            try:
                self._link.close()
            finally:
                self._link = None

    def exchange(self, command: Apdu, *,
                 on_intermediate: Callable[[IntermediateStatus], None] | None = None,
                 on_status: Callable[[StatusInformation], None] | None = None,
                 cancel: threading.Event | None = None, deadline: float | None = None,
                 status_enquiry: bool = False) -> Exchange:
        result = Exchange(command.name)
        link = self._link
        if link is None:
            result.error = "no line to the terminal"
            return result
        try:
            link.send(command.encode())
        except LinkRefused as exc:
            result.error = str(exc)
            return result
        except LinkError as exc:
            result.sent, result.error = Sent.MAYBE, str(exc)
            self.drop()
            return result
        result.sent = Sent.YES
        try:
            self._run(link, result, on_intermediate, on_status, cancel, deadline, status_enquiry)
        except (LinkClosed, LinkGarbled, LinkRefused, LinkTimeout) as exc:
            result.error = str(exc)
            self.drop()
        return result

    def _run(self, link: Link, result: Exchange,
             on_intermediate: Callable[[IntermediateStatus], None] | None,
             on_status: Callable[[StatusInformation], None] | None,
             cancel: threading.Event | None, deadline: float | None,
             status_enquiry: bool) -> None:
        t = self.timeouts
        waiting_first = True
        quiet_since = time.monotonic()
        abort_by: float | None = None
        while True:
            now = time.monotonic()
            if not result.abort_requested and (
                    (cancel is not None and cancel.is_set())
                    or (deadline is not None and now >= deadline)):
                log.info("asking the terminal to abort %s", result.command)
                result.abort_requested = True
                abort_by = now + t.abort_grace
                link.send(ABORT.encode())
            if abort_by is not None and now >= abort_by:
                result.error = (f"the terminal did not end {result.command} within "
                                f"{t.abort_grace:.0f} s of the abort request")
                return
            limit = t.response if waiting_first else t.progress
            if now - quiet_since >= limit:
                result.error = (f"no answer to {result.command} within {limit:.0f} s"
                                if waiting_first else
                                f"terminal silent for {limit:.0f} s during {result.command}")
                return
            try:
                raw = link.recv(_POLL)
            except LinkTimeout:
                continue
            quiet_since = time.monotonic()
            try:
                message = parse_pt_message(parse_apdu(raw), status_enquiry)
            except (ApduError, MessageError) as exc:
                log.warning("unreadable terminal message during %s: %s", result.command, exc)
                result.garbled.append(str(exc))
                link.send(negative_ack(0x9A).encode())
                continue
            if isinstance(message, AppAck):
                if waiting_first:
                    waiting_first = False
                    result.answer = message
                    if not message.positive:
                        return
                elif result.abort_requested and not message.positive:
                    result.abort_refused = True  # too late to abort: the terminal goes on
                continue
            waiting_first = False
            if isinstance(message, IntermediateStatus):
                link.send(POSITIVE_ACK.encode())
                if on_intermediate is not None:
                    on_intermediate(message)
            elif isinstance(message, StatusInformation):
                result.statuses.append(message)
                if on_status is not None:
                    on_status(message)  # before our answer: the reference is stored first
                link.send(POSITIVE_ACK.encode())
            elif isinstance(message, PrintOut):
                link.send(POSITIVE_ACK.encode())
            elif isinstance(message, Completion):
                link.send(POSITIVE_ACK.encode())
                result.completion = message
                return
            elif isinstance(message, Abort):
                link.send(POSITIVE_ACK.encode())
                result.abort = message
                return
            elif isinstance(message, Unsupported):
                link.send(negative_ack(0x83).encode())
