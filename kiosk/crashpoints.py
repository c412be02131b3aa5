"""Named step boundaries where the crash tests kill the process.

Production code calls :func:`reached` at each boundary of the payment and
sync lifecycles. Normally that is one dictionary lookup and nothing else. A
crash test arms a point in its child process (:func:`arm`); when the point is
reached for the n-th time the process sends itself SIGKILL, which is as abrupt
as a power cut for everything above the operating system. The in-process
model-based test uses ``mode="raise"`` instead, to simulate the crash without
losing the test process.
"""

from __future__ import annotations

import os
import signal

#: Every boundary the lifecycle passes, in roughly the order a payment meets them.
POINTS = (
    "payment.created",  # CREATED committed, terminal untouched
    "payment.authorizing",  # AUTHORIZING committed, sale not yet sent
    "terminal.charged",  # the terminal has taken the money; the kiosk has not heard yet
    "payment.approved",  # APPROVED + outbox row committed, not yet captured
    "terminal.captured",  # the processor captured; the ledger still says APPROVED
    "payment.captured",  # CAPTURED committed
    "payment.resolved",  # a declined/canceled/unknown outcome committed
    "sync.sending",  # about to send a posting to the PMS
    "sync.accepted",  # the PMS accepted the posting; POSTED not yet committed
    "sync.posted",  # POSTED committed
    "reconcile.queried",  # the terminal answered a reconciliation query; nothing committed
    # counter refunds and voids (issue 8)
    "refund.requested",  # the approved refund is committed; nothing sent
    "refund.sending",  # SENT committed; the processor not yet asked
    "refund.sent",  # the processor refunded; the ledger does not know yet
    "refund.done",  # DONE, the payment's refunded amount and the reversal committed
)

#: Boundaries inside device adapters and the phone flow (armed by their own crash tests;
#: kept apart so the core campaign does not spend rounds on points its simulator never hits).
ADAPTER_POINTS = (
    "stripe.intent_created",  # Stripe made the PaymentIntent; its id is not stored yet
    "stripe.handed_off",  # the reader was asked to process it; no answer seen yet
    "stripe.polling",  # each look at the reader while the patient presents a card
    "phone.page_created",  # the Checkout page exists; its id is not stored yet
)

#: The notice worker's boundaries (kept apart so the payment campaign does not arm them).
NOTIFY_POINTS = (
    "notify.claimed",  # attempt recorded (claimed, in doubt from now on); nothing sent yet
    "notify.sending",  # about to hand the notice to the server
    "notify.accepted",  # the server accepted it; SENT not yet committed
    "notify.sent",  # SENT committed, address erased
)


class SimulatedCrash(BaseException):
    """Raised at an armed point in ``raise`` mode; a BaseException so no handler eats it."""


_armed: dict[str, int] = {}
_mode = "kill"


def arm(point: str, hit: int = 1, mode: str = "kill") -> None:
    global _mode
    if point not in POINTS and point not in ADAPTER_POINTS and point not in NOTIFY_POINTS:
        raise ValueError(f"unknown crash point {point!r}")
    _armed.clear()
    _armed[point] = hit
    _mode = mode


def disarm() -> None:
    _armed.clear()


def reached(point: str) -> None:
    if not _armed or point not in _armed:
        return
    _armed[point] -= 1
    if _armed[point] > 0:
        return
    _armed.clear()
    if _mode == "raise":
        raise SimulatedCrash(point)
    os.kill(os.getpid(), signal.SIGKILL)
