"""The notifier port: receipts and notices by email or text message.

A notifier hands one :class:`Notice` to a server (an SMTP relay, an SMS
gateway) and says whether the server *accepted* it. Acceptance is the line
that matters: once accepted, the core never sends that notice again. The
notice id is the idempotency key and travels to the server where its protocol
has room for one (SMTP: the Message-ID header).

Calls block their caller (run them on the notice worker, never the GUI
thread), carry timeouts, and return results instead of raising.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from kiosk.ports.health import Health


@dataclass(frozen=True, slots=True)
class InlineImage:
    """An image the HTML part shows inline (the receipt's QR code)."""

    cid: str  # Content-ID without angle brackets; the HTML refers to it as "cid:<cid>"
    mime: str  # "image/png"
    data: bytes

    def __repr__(self) -> str:
        return f"InlineImage(cid={self.cid!r}, {len(self.data)} bytes)"


@dataclass(frozen=True, slots=True)
class Notice:
    id: str  # idempotency key: a notice is accepted by the server at most once
    channel: str  # email | sms
    to: str
    subject: str
    text: str
    html: str = ""
    images: tuple[InlineImage, ...] = ()
    #: When the notice was made; the email's Date header, identical on every resend.
    created_at: datetime | None = None

    def __repr__(self) -> str:
        return f"Notice(id={self.id!r}, channel={self.channel!r}, to=<redacted>)"


@dataclass(frozen=True, slots=True)
class SendResult:
    accepted: bool
    transient: bool = True  # when not accepted: worth retrying?
    detail: str = ""  # for staff and IT; never the address or the message text
    #: When not accepted: the server may have accepted it anyway (a timeout after the
    #: message was handed over). Ask with :meth:`SentLookup.lookup` before resending.
    uncertain: bool = False
    ref: str = ""  # the server's id for the accepted message (Message-ID, gateway SID)


class Notifier(Protocol):
    name: str

    def send(self, notice: Notice) -> SendResult: ...

    def probe(self) -> Health:
        """Can we reach the server and log in? Sends nothing."""
        ...


class LookupOutcome(enum.StrEnum):
    FOUND = "found"  # the server holds this notice already: do not send it again
    NOT_FOUND = "not_found"  # the server never took it: sending is safe
    UNKNOWN = "unknown"  # could not ask (down, garbled answer): try again later


@dataclass(frozen=True, slots=True)
class LookupResult:
    outcome: LookupOutcome
    ref: str = ""
    detail: str = ""


@runtime_checkable
class SentLookup(Protocol):
    """Optional: a notifier whose server can say whether it already holds a notice.

    Used only for a notice whose last attempt may have reached the server (a
    crash or timeout after handing it over), so an unknown outcome is resolved
    by asking, not by sending again. SMTP has no such question; SMS gateways
    that list sent messages do.
    """

    def lookup(self, notice: Notice, since: datetime) -> LookupResult: ...
