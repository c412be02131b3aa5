"""Which ways to pay the kiosk can offer right now, decided without Qt.

A server-driven card reader has no offline mode: when the processor cannot be
reached (or the reader is off), card payments are impossible and the kiosk
should say so *before* the patient taps, and offer what still works:

- pay on your phone, when a hosted payment page can still be made (the
  patient's phone uses its own network; only page creation needs ours);
- otherwise the clinic's own payment portal, if configured, as a plain QR link
  that needs no call from the kiosk at all;
- the front desk, always.

Postings to the PMS do not depend on any of this: they wait in the outbox
and are sent by the sync worker whenever the PMS is reachable.

:func:`payment_options` calls each part's side-effect-free ``probe()``; it
blocks for up to the configured network timeouts, so call it on a worker
(for example when the Amount screen is confirmed, and again after a failed
attempt, before showing the Method screen).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.payments.phone import PhonePayments
from kiosk.ports.health import Health
from kiosk.ports.terminal import CardTerminal


class _Probed(Protocol):
    def probe(self) -> Health: ...


@dataclass(frozen=True, slots=True)
class PaymentOptions:
    card: bool  # the card terminal is ready
    phone: bool  # a pay-on-your-phone page can be made now
    portal_url: str  # when phone is False: the clinic's own pay page to show as a QR ("" = none)
    card_detail: str  # for staff and logs: why card is (not) offered
    phone_detail: str
    front_desk: bool = True  # always possible

    @property
    def offline(self) -> bool:
        """Neither card nor phone: only the front desk (or the portal link) is left."""
        return not (self.card or self.phone)


def payment_options(terminal: CardTerminal, phone: PhonePayments | None,
                    portal_url: str = "") -> PaymentOptions:
    card = _probe(terminal)
    if phone is None or not terminal.supports_pay_on_phone:
        phone_ok, phone_detail = False, "pay on your phone is not configured"
    else:
        phone_ok, phone_detail = _probe(phone.checkout)
    return PaymentOptions(card=card[0], phone=phone_ok,
                          portal_url="" if phone_ok else portal_url,
                          card_detail=card[1], phone_detail=phone_detail)


def _probe(part: _Probed) -> tuple[bool, str]:
    try:
        health = part.probe()
    except Exception as exc:  # a probe must not take the kiosk down; it is just "not ready"
        return False, f"probe failed: {exc.__class__.__name__}"
    return health.ok, health.detail
