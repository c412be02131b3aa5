"""Bad input gets a clear message and changes nothing: patients, PMS answers, amounts."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select, text

from kiosk.app import App
from kiosk.domain.money import Money, MoneyError
from kiosk.domain.patient import PatientQuery
from kiosk.ledger.models import AuditRow, PaymentRow
from kiosk.payments.policy import AmountRefused
from kiosk.ports.pms import PmsBadResponse
from kiosk.receipts import render_text
from tests.helpers import SHOW, card_numbers_in, find, request


def counts(app: App) -> tuple[int, int]:
    with app.ledger.read() as session:
        return (session.scalar(select(func.count()).select_from(PaymentRow)) or 0,
                session.scalar(select(func.count()).select_from(AuditRow)) or 0)


def test_pms_garbage_shows_nothing_and_records_nothing(app: App) -> None:
    patient = find(app, "accents")
    before = counts(app)
    app.pms.faults.set("garbage")  # type: ignore[attr-defined]
    for _ in range(10):
        with pytest.raises(PmsBadResponse) as refused:
            app.lookup.statement(patient)
        assert str(refused.value)
    assert counts(app) == before  # no "statement viewed" for a statement never shown


@pytest.mark.parametrize("typed", ["12.345", "-5", "0", "1e3x", "$", "99999999999999999999.99"])
def test_impossible_amounts_never_start_a_payment(app: App, typed: str) -> None:
    patient = find(app, "accents")
    before = counts(app)
    with pytest.raises((MoneyError, AmountRefused)):
        app.payments.start(request(app, patient, Money.parse(typed).cents))
    assert counts(app) == before


def test_impossible_dates_cannot_be_built() -> None:
    with pytest.raises(ValueError):
        PatientQuery("Nunez", date(1972, 2, 30))


def test_no_card_number_reaches_the_ledger_logs_or_receipts(app_factory: Any, data_dir: Any,
                                                           caplog: pytest.LogCaptureFixture
                                                           ) -> None:
    caplog.set_level(logging.DEBUG)
    app = app_factory()
    receipts = []
    for key, cents in (("accents", 1_000), ("two_part", 1_304), ("hyphen", 1_301)):
        payment_id = app.payments.start(request(app, find(app, key), cents))
        app.payments.authorize(payment_id)
        view = app.payments.view(payment_id)
        from kiosk.receipts import receipt_for

        receipts.append(render_text(receipt_for(view, "Clinic", "", "ST1", "")))
    app.sync.drain_once()
    app.close()
    # Ours: the ledger (and its WAL), the audit anchor. Not the demo PMS's or the
    # terminal's own files, which stand for systems outside the kiosk.
    ours = [p for p in data_dir.rglob("*") if p.is_file() and
            (p.name.startswith("ledger.sqlite3") or "audit-anchor" in str(p))]
    assert any(p.name == "ledger.sqlite3" for p in ours)
    scanned = b"".join(path.read_bytes() for path in ours)
    scanned += caplog.text.encode() + "".join(receipts).encode()
    assert card_numbers_in(scanned) == []
    # and the scanner itself does find one, so an empty result means something
    assert card_numbers_in(b"card 4242424242424242 here") == [b"4242424242424242"]


def test_patient_details_never_reach_the_ledger(app_factory: Any, data_dir: Any) -> None:
    app = app_factory()
    patient = find(app, "accents")
    statement = app.lookup.statement(patient)
    payment_id = app.payments.start(request(app, patient, 1_000))
    app.payments.authorize(payment_id)
    with app.ledger.read() as session:
        dumped = "\n".join(str(row) for row in session.execute(text(
            "SELECT * FROM payments UNION ALL SELECT id, terminal_id, actor, action, subject, "
            "detail, mac, at, seq, '', '', '', '', '', '', '', '', '', '', '', '', '', '' "
            "FROM audit_log")).all())
    app.close()
    ledger_bytes = (data_dir / "ledger.sqlite3").read_bytes()
    for secret in ("Núñez", "Nunez", "1972-07-04", SHOW["accents"].phone, "60616"):
        assert secret not in dumped
        assert secret.encode() not in ledger_bytes
    assert "José N." in dumped  # the masked name is what it keeps
    assert statement.lines  # the statement itself was real
