"""The payment lifecycle table matches ARCHITECTURE.md's diagram."""

import pytest

from kiosk.domain.payment import (
    TRANSITIONS,
    PaymentStatus,
    TransitionError,
    check_transition,
)

S = PaymentStatus


def test_every_status_has_a_rule() -> None:
    assert set(TRANSITIONS) == set(PaymentStatus)


@pytest.mark.parametrize(("start", "end"), [
    (S.CREATED, S.AUTHORIZING),
    (S.AUTHORIZING, S.APPROVED),
    (S.APPROVED, S.CAPTURED),
    (S.AUTHORIZING, S.DECLINED),
    (S.DECLINED, S.AUTHORIZING),  # the patient tries again within the same payment
    (S.CANCELED, S.AUTHORIZING),
    (S.AUTHORIZING, S.UNKNOWN),
    (S.UNKNOWN, S.APPROVED),  # resolved by a query
    (S.UNKNOWN, S.ABANDONED),
    (S.AUTHORIZING, S.PENDING),
    (S.CAPTURED, S.PARTLY_REFUNDED),
    (S.PARTLY_REFUNDED, S.REFUNDED),
    (S.CAPTURED, S.VOIDED),
])
def test_allowed(start: PaymentStatus, end: PaymentStatus) -> None:
    check_transition(start, end)


@pytest.mark.parametrize(("start", "end"), [
    (S.CREATED, S.APPROVED),  # never approved without going through the terminal
    (S.UNKNOWN, S.AUTHORIZING),  # an unknown outcome is never retried by selling again
    (S.APPROVED, S.AUTHORIZING),
    (S.CAPTURED, S.AUTHORIZING),
    (S.ABANDONED, S.AUTHORIZING),
    (S.REFUNDED, S.CAPTURED),
])
def test_refused(start: PaymentStatus, end: PaymentStatus) -> None:
    with pytest.raises(TransitionError):
        check_transition(start, end)
