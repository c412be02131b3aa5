"""The notifier port: receipts and notices by email or text message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.ports.health import Health


@dataclass(frozen=True, slots=True)
class Notice:
    id: str  # idempotency key: a notice is accepted by the server at most once
    channel: str  # email | sms
    to: str
    subject: str
    text: str
    html: str = ""

    def __repr__(self) -> str:
        return f"Notice(id={self.id!r}, channel={self.channel!r}, to=<redacted>)"


@dataclass(frozen=True, slots=True)
class SendResult:
    accepted: bool
    transient: bool = True  # when not accepted: worth retrying?
    detail: str = ""


class Notifier(Protocol):
    name: str

    def send(self, notice: Notice) -> SendResult: ...

    def probe(self) -> Health: ...
