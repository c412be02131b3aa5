"""End-of-day reconciliation: ledger x PMS x processor, by method and channel; exports."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kiosk.app import App
from kiosk.domain.money import Money
from kiosk.reports.close import DayReport, build_report, record_batch
from kiosk.reports.dashboard import dashboard
from kiosk.reports.day import clinic_today, day_bounds
from kiosk.reports.export import report_csv, report_json
from kiosk.reports.pdf import write_pdf
from tests.backends import app_factory, ledger_db_url  # noqa: F401
from tests.counter.conftest import PASSWORD, Desk
from tests.counter.test_tenders import request_for
from tests.helpers import find, request

TZ = "America/Chicago"


def today(desk: Desk) -> date:
    return clinic_today(desk.app.ledger.clock(), TZ)


def report(desk: Desk) -> DayReport:
    return build_report(desk.app.ledger, today(desk), TZ, "USD", "Test Clinic")


@pytest.fixture
def day(desk: Desk, app_factory: Any, data_dir: Path) -> tuple[Desk, App]:  # noqa: F811
    """A small day: card, cash and check at the counter, card at a kiosk, a refund, a
    refused posting, synced once; the counter's batch closed."""
    kiosk = app_factory(terminal_id="kiosk-1", channel="kiosk", terminal={
        "simulated": {"state_path": str(data_dir / "kiosk-terminal.sqlite3")}})
    tenders = desk.services.tenders
    card = tenders.start_card(desk.rita, request_for(desk, 2_500))
    assert tenders.authorize_card(desk.rita, card).approved
    tenders.take_cash(desk.rita, request_for(desk, 1_000, "two_part"), Money(2_000))
    tenders.take_check(desk.rita, request_for(desk, 4_000, "hyphen"), "311")
    tenders.take_cash(desk.rita, request_for(desk, 700, "closed"), Money(700))  # refused
    kiosk_payment = kiosk.payments.start(request(kiosk, find(kiosk, "apostrophe"), 1_200))
    assert kiosk.payments.authorize(kiosk_payment).approved
    ok, approval = desk.services.accounts.approve(desk.rita, "sam", PASSWORD, "refund", card)
    assert ok.ok and approval
    desk.services.refunds.refund(desk.rita, approval, card, Money(500), "wrong_amount")
    desk.app.sync.drain_once()
    totals = desk.app.terminal.end_of_day()
    record_batch(desk.app.ledger, "counter-1", today(desk), "simulated", totals.count,
                 totals.amount, totals.detail, "test")
    return desk, kiosk


def test_day_figures_by_method_and_channel(day: tuple[Desk, App]) -> None:
    desk, _kiosk = day
    result = report(desk)
    lines = {(line.method, line.channel): line for line in result.lines}
    assert set(lines) == {("card", "counter"), ("cash", "counter"), ("check", "counter"),
                          ("card", "kiosk")}
    card = lines[("card", "counter")]
    assert (card.ledger.count, card.ledger.gross, card.ledger.refunds, card.ledger.net) == (
        1, Money(2_500), Money(500), Money(2_000))
    assert card.pms_posted_net == Money(2_000)
    cash = lines[("cash", "counter")]
    assert cash.ledger.net == Money(1_700) and cash.pms_posted_net == Money(1_000)
    assert cash.pms_waiting_net == Money(700)  # the refused one
    assert result.total.count == 5 and result.total.net == Money(8_900)
    [drawer] = result.drawers
    assert drawer.cash == Money(1_700) and drawer.checks == Money(4_000)


def test_every_mismatch_is_listed_with_what_to_do(day: tuple[Desk, App]) -> None:
    desk, kiosk = day
    result = report(desk)
    codes = {(m.code, m.subject) for m in result.mismatches}
    assert ("no_batch", "kiosk-1") in codes  # the kiosk did not close its batch
    refused = [m for m in result.mismatches if m.code == "pms_refused"]
    assert len(refused) == 1 and "account is closed" in refused[0].detail
    assert "resolve" in refused[0].action
    terminals = {t.terminal_id: t for t in result.terminals}
    assert terminals["counter-1"].matches is True
    assert terminals["counter-1"].ledger_net == Money(2_000)
    assert not result.balanced
    # a batch that disagrees with the ledger is an error naming both figures
    record_batch(kiosk.ledger, "kiosk-1", today(desk), "simulated", 1, Money(1_100), "", "t")
    differs = [m for m in report(desk).mismatches if m.code == "processor_differs"]
    assert len(differs) == 1 and differs[0].amount == Money(-100)
    assert "$11.00" in differs[0].detail and "$12.00" in differs[0].detail


def test_a_payment_in_doubt_and_a_waiting_posting_are_reported(desk: Desk) -> None:
    doubt = desk.app.payments.start(request_for(desk, 900))
    with desk.app.ledger.transaction() as tx:
        from kiosk.domain.payment import PaymentStatus

        tx.transition(tx.payment(doubt), PaymentStatus.AUTHORIZING, "test", attempts=1)
    desk.services.tenders.take_cash(desk.rita, request_for(desk, 300, "two_part"), Money(300))
    codes = {m.code: m for m in report(desk).mismatches}
    assert codes["payment_in_doubt"].severity == "error"
    assert "never charges again" in codes["payment_in_doubt"].action
    assert codes["pms_waiting"].severity == "warning"


def test_a_balanced_day(desk: Desk) -> None:
    desk.services.tenders.take_cash(desk.rita, request_for(desk, 300), Money(500))
    desk.app.sync.drain_once()
    result = report(desk)
    assert result.balanced and result.mismatches == ()


def test_the_clinic_day_follows_its_time_zone() -> None:
    start, end = day_bounds(date(2026, 3, 8), TZ)  # DST starts: a 23-hour day
    assert (end - start).total_seconds() == 23 * 3600
    assert start.astimezone(ZoneInfo("UTC")) == datetime(2026, 3, 8, 6, tzinfo=ZoneInfo("UTC"))


def test_dashboard_by_hour_method_and_channel(day: tuple[Desk, App]) -> None:
    desk, _ = day
    board = dashboard(desk.app.ledger, today(desk), TZ, "USD")
    assert len(board.by_hour) == 24
    assert sum(b.count for b in board.by_hour) == board.payments.count == 5
    methods = {b.label: b for b in board.by_method}
    assert methods["card"].count == 2 and methods["cash"].amount == Money(1_700)
    channels = {b.label: b for b in board.by_channel}
    assert channels["kiosk"].count == 1 and channels["counter"].count == 4
    assert board.refunds.amount == Money(500)
    hour = datetime.now(ZoneInfo(TZ)).hour
    assert board.by_hour[hour].count == 5 or board.by_hour[(hour - 1) % 24].count > 0


def test_exports_carry_the_same_figures(day: tuple[Desk, App], tmp_path: Path) -> None:
    desk, _ = day
    result = report(desk)
    data = json.loads(json.dumps(report_json(result)))
    assert data["total"]["net_cents"] == 8_900 and data["balanced"] is False
    assert {m["code"] for m in data["mismatches"]} >= {"no_batch", "pms_refused"}
    rows = list(csv.reader(io.StringIO(report_csv(result))))
    total = next(r for r in rows if r[0] == "total")
    assert total[6] == "89.00"
    pdf = write_pdf(result, dashboard(desk.app.ledger, today(desk), TZ, "USD"),
                    tmp_path / "close.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert b"Nunez" not in pdf.read_bytes()
    if shutil.which("pdftoppm"):  # poppler-utils, installed by scripts/test
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf),
                        str(tmp_path / "page")], check=True, timeout=60)
        assert (tmp_path / "page-1.png").stat().st_size > 5_000
