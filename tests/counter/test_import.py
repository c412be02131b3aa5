"""Historical payments from CSV: validated, reported, imported all or nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from kiosk.domain.payment import PaymentStatus, PostingStatus
from kiosk.importer.payments_csv import import_payments
from kiosk.ledger.counter_models import CounterTenderRow, RefundRow
from kiosk.ledger.models import OutboxRow, PaymentRow
from tests.backends import app_factory, ledger_db_url  # noqa: F401
from tests.counter.conftest import Desk
from tests.helpers import card_numbers_in

HEADER = ["external_id", "occurred_at", "patient_id", "display_name", "amount", "method",
          "channel", "status", "refunded_amount", "card_brand", "card_last4", "auth_code",
          "processor_ref", "check_number", "in_pms"]
GOOD = [
    ["OLD-1", "2025-06-02T09:15:00", "P001", "Maria G.", "125.00", "card", "counter",
     "captured", "", "visa", "4242", "A1B2C3", "ch_1", "", "yes"],
    ["OLD-2", "2025-06-02T10:40:00-05:00", "P002", "José N.", "40", "cash", "counter",
     "", "", "", "", "", "", "", "yes"],
    ["OLD-3", "2025-06-02T11:05:00", "P003", "Ana G.", "60.50", "check", "counter",
     "partly_refunded", "10.50", "", "", "", "", "1042", "no"],
    ["OLD-4", "2025-06-02T16:30:00", "P004", "Emily S.", "15.00", "card", "kiosk",
     "refunded", "", "mastercard", "0005", "", "ch_4", "", "yes"],
]


def write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(desk: Desk, path: Path, **kwargs: object) -> object:
    return import_payments(desk.app.ledger, path, "USD", "America/Chicago", "test",
                           **kwargs)  # type: ignore[arg-type]


def count(desk: Desk, model: type) -> int:
    with desk.app.ledger.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_good_file_is_imported_with_postings_refunds_and_checks(desk: Desk,
                                                                   tmp_path: Path) -> None:
    calls: list[tuple[int, int, str]] = []
    report = import_payments(desk.app.ledger, write(tmp_path / "old.csv", GOOD), "USD",
                             "America/Chicago", "test",
                             on_progress=lambda d, t, p: calls.append((d, t, p)))
    assert report.ok and report.imported == 4 and report.total is not None
    assert report.total.cents == 12_500 + 4_000 + 6_050 + 1_500
    assert calls[-1] == (4, 4, "importing") and {c[2] for c in calls} >= {"validating"}
    with desk.app.ledger.read() as session:
        statuses = {r[0]: r[1] for r in session.execute(
            select(PaymentRow.display_name, PaymentRow.status))}
        postings = {(o.kind, o.status) for o in session.scalars(select(OutboxRow))}
        refunds = list(session.scalars(select(RefundRow)))
        check = session.scalars(select(CounterTenderRow)).one()
        paid_at = session.scalar(select(PaymentRow.created_at).where(
            PaymentRow.display_name == "Maria G."))
    assert statuses["Ana G."] == PaymentStatus.PARTLY_REFUNDED.value
    assert statuses["Emily S."] == PaymentStatus.REFUNDED.value
    assert ("payment", "queued") in postings and ("reversal", "posted") in postings
    assert sorted(r.amount_cents for r in refunds) == [1_050, 1_500]
    assert check.check_number == "1042"
    assert paid_at is not None and paid_at.hour == 14  # 09:15 Chicago (CDT) = 14:15 UTC
    again = run(desk, tmp_path / "old.csv")
    assert again.ok and again.imported == 0 and again.already_imported == 4  # type: ignore[attr-defined]
    assert count(desk, PaymentRow) == 4


def test_one_bad_row_imports_nothing_and_every_problem_is_reported(desk: Desk,
                                                                   tmp_path: Path) -> None:
    bad = [*GOOD,
           ["OLD-5", "yesterday", "P005", "Maria Garcia", "-3", "bitcoin", "", "", "", "", "",
            "", "", "", ""],
           ["OLD-6", "2025-06-02T12:00", "P006", "Li W.", "9.99", "card", "", "", "",
            "visa", "4111111111111111", "", "", "", ""],
           ["OLD-1", "2025-06-02T12:00", "P001", "Maria G.", "1", "cash", "", "", "", "", "",
            "", "", "", ""]]
    report = run(desk, write(tmp_path / "bad.csv", bad))
    assert not report.ok and report.imported == 0  # type: ignore[attr-defined]
    problems = {(e.line, e.column) for e in report.errors}  # type: ignore[attr-defined]
    assert {(6, "occurred_at"), (6, "display_name"), (6, "amount"), (6, "method"),
            (7, "card_last4"), (8, "external_id")} <= problems
    messages = " ".join(e.message for e in report.errors)  # type: ignore[attr-defined]
    assert "4111" not in messages and card_numbers_in(messages.encode()) == []
    assert count(desk, PaymentRow) == 0 and count(desk, OutboxRow) == 0


def test_dry_run_validates_and_writes_nothing(desk: Desk, tmp_path: Path) -> None:
    report = run(desk, write(tmp_path / "old.csv", GOOD), dry_run=True)
    assert report.ok and report.valid == 4 and report.imported == 0  # type: ignore[attr-defined]
    assert count(desk, PaymentRow) == 0


def test_missing_or_unknown_columns_stop_before_any_row(desk: Desk, tmp_path: Path) -> None:
    report = run(desk, write(tmp_path / "x.csv", [["1"]], ["external_id", "ssn"]))
    assert not report.ok  # type: ignore[attr-defined]
    assert {e.message for e in report.errors} == {  # type: ignore[attr-defined]
        "required columns missing", "unknown columns"}


def test_a_database_failure_mid_file_rolls_the_whole_file_back(desk: Desk,
                                                               tmp_path: Path) -> None:
    """A real failure from the database on the third payment: not one row stays."""
    with desk.app.ledger.engine.begin() as connection:
        if desk.app.ledger.dialect == "sqlite":
            connection.execute(text(
                "CREATE TRIGGER refuse_third BEFORE INSERT ON payments WHEN "
                "NEW.amount_cents = 6050 BEGIN SELECT RAISE(ABORT, 'disk says no'); END"))
        else:
            connection.execute(text(
                "CREATE FUNCTION refuse_third() RETURNS trigger AS $$ BEGIN "
                "IF NEW.amount_cents = 6050 THEN RAISE EXCEPTION 'disk says no'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"))
            connection.execute(text(
                "CREATE TRIGGER refuse_third BEFORE INSERT ON payments FOR EACH ROW "
                "EXECUTE FUNCTION refuse_third()"))
    with pytest.raises(DBAPIError, match="disk says no"):
        run(desk, write(tmp_path / "old.csv", GOOD), batch=1)
    assert count(desk, PaymentRow) == 0 and count(desk, OutboxRow) == 0
    assert count(desk, RefundRow) == 0


def test_imported_postings_not_in_the_pms_are_sent_by_the_sync(desk: Desk,
                                                              tmp_path: Path) -> None:
    rows = [["OLD-9", "2025-06-02T09:00", "P-unknown", "Jo K.", "5",
             "cash", "", "", "", "", "", "", "", "", "no"]]
    run(desk, write(tmp_path / "one.csv", rows))
    desk.app.sync.drain_once()  # the demo PMS refuses an unknown patient: set aside
    with desk.app.ledger.read() as session:
        assert session.scalar(select(OutboxRow.status)) == PostingStatus.ATTENTION.value
