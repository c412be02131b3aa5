"""Counter tenders: card, cash (change never negative), check (number only); receipts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kiosk.counter.tenders import TenderRefused
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentStatus, PostingStatus
from kiosk.ledger.models import AuditRow, OutboxRow, PaymentEventRow
from kiosk.payments.service import PaymentRequest
from tests.counter.conftest import Desk
from tests.helpers import card_numbers_in, find


def request_for(desk: Desk, cents: int, key: str = "accents") -> PaymentRequest:
    patient = find(desk.app, key)
    statement = desk.app.pms.statement(patient.id)
    return PaymentRequest(patient_id=patient.id, display_name=patient.display_name,
                          amount=Money(cents), statement_balance=statement.total_due,
                          session_ref="counter-test")


def test_cash_records_change_and_goes_through_the_lifecycle(desk: Desk) -> None:
    tenders = desk.services.tenders
    result = tenders.take_cash(desk.rita, request_for(desk, 1_234), Money(2_000))
    assert result.approved and result.change_due == Money(766)
    view = desk.app.payments.view(result.payment_id)
    assert view.status is PaymentStatus.CAPTURED and view.method == "cash"
    assert view.channel == "counter" and view.posting_status is PostingStatus.QUEUED
    with desk.app.ledger.read() as session:
        steps = [(e.from_status, e.to_status) for e in session.scalars(
            select(PaymentEventRow).where(PaymentEventRow.payment_id == result.payment_id)
            .order_by(PaymentEventRow.id))]
        actors = set(session.scalars(select(AuditRow.actor).where(
            AuditRow.subject == result.payment_id)))
    assert steps == [("", "created"), ("created", "approved"), ("approved", "captured")]
    assert actors == {"staff:rita"}
    assert desk.app.sync.drain_once().posted == 1


def test_short_cash_is_refused_and_records_nothing(desk: Desk) -> None:
    with pytest.raises(TenderRefused) as refused:
        desk.services.tenders.take_cash(desk.rita, request_for(desk, 1_000), Money(999))
    assert refused.value.code == "tendered_short"
    with desk.app.ledger.read() as session:
        assert session.scalars(select(OutboxRow)).first() is None


def test_exact_cash_gives_zero_change(desk: Desk) -> None:
    result = desk.services.tenders.take_cash(desk.rita, request_for(desk, 500), Money(500))
    assert result.change_due == Money(0)


@pytest.mark.parametrize("number", ["", "12a4", "12345678901", "4111111111111111"])
def test_check_numbers_are_short_digits_only(desk: Desk, number: str) -> None:
    with pytest.raises(TenderRefused):
        desk.services.tenders.take_check(desk.rita, request_for(desk, 500), number)


def test_check_and_its_receipt_and_reprint(desk: Desk) -> None:
    tenders = desk.services.tenders
    result = tenders.take_check(desk.rita, request_for(desk, 4_000), " 1042 ")
    assert result.approved and result.check_number == "1042"
    printed, text = tenders.print_receipt(desk.rita, result.payment_id)
    assert printed.ok and "Check number" in text and "1042" in text and "$40.00" in text
    _again, copy = tenders.print_receipt(desk.rita, result.payment_id, reprint=True)
    assert "APPROVED - COPY" in copy and "COPY" not in text


def test_cash_receipt_shows_cash_given_and_change(desk: Desk) -> None:
    tenders = desk.services.tenders
    result = tenders.take_cash(desk.rita, request_for(desk, 1_234), Money(2_000))
    text = tenders.print_receipt(desk.rita, result.payment_id)[1]
    assert "Cash given" in text and "$20.00" in text and "$7.66" in text


def test_card_at_the_counter_uses_the_terminal_and_the_same_lifecycle(desk: Desk) -> None:
    tenders = desk.services.tenders
    declined = tenders.start_card(desk.rita, request_for(desk, 1_301))  # magic: decline
    first = tenders.authorize_card(desk.rita, declined)
    assert first.status is PaymentStatus.DECLINED and first.can_retry
    payment_id = tenders.start_card(desk.rita, request_for(desk, 2_500))
    result = tenders.authorize_card(desk.rita, payment_id)
    assert result.approved and result.card.last4
    text = tenders.print_receipt(desk.rita, payment_id)[1]
    assert result.card.last4 in text
    assert card_numbers_in(text.encode()) == []


def test_amount_bounded_by_payable_for_every_method(desk: Desk) -> None:
    from kiosk.payments.policy import AmountRefused

    too_much = request_for(desk, 10_000_000)
    with pytest.raises(AmountRefused):
        desk.services.tenders.take_cash(desk.rita, too_much, Money(10_000_000))
    with pytest.raises(AmountRefused):
        desk.services.tenders.take_check(desk.rita, too_much, "77")
