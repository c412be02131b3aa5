"""Model-based test (Hypothesis): random interleavings of sales, outcomes, crashes,
restarts, PMS outages and syncs, checked against the payment and outbox invariants."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
)
from sqlalchemy import select

from kiosk import crashpoints
from kiosk.app import App, build_app
from kiosk.domain.money import Money
from kiosk.domain.payment import RETRYABLE, PaymentKind, PaymentStatus
from kiosk.ledger.models import OutboxRow, PaymentRow
from kiosk.payments.service import PaymentRequest
from kiosk.pms.demo import DemoPms
from tests.conftest import make_config, secrets

OUTCOMES = ("approve", "decline", "cancel", "timeout", "disconnect", "unknown",
            "unknown_declined")
SALE_POINTS = ("payment.authorizing", "terminal.charged", "payment.approved",
               "terminal.captured", "payment.captured", "payment.resolved",
               "reconcile.queried")
SYNC_POINTS = ("sync.sending", "sync.accepted", "sync.posted")
APPROVED = {PaymentStatus.APPROVED.value, PaymentStatus.CAPTURED.value}

_TEMPLATE: dict[str, Path] = {}


def template_pms() -> Path:
    """Generate the demo clinic once per session; each example gets a copy."""
    if "path" not in _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="clinicpay-template-"))
        DemoPms(folder / "demo-pms.sqlite3")
        _TEMPLATE["path"] = folder / "demo-pms.sqlite3"
    return _TEMPLATE["path"]


class PaymentMachine(RuleBasedStateMachine):
    payments = Bundle("payments")

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="clinicpay-model-"))
        shutil.copy(template_pms(), self.folder / "demo-pms.sqlite3")
        self.crashes = 0
        self.app = self._start()

    def _start(self) -> App:
        app = build_app(make_config(self.folder), secrets=secrets())
        app.reconcile()
        return app

    def _crashed(self) -> None:
        """The process died: drop everything in memory, start again from the files."""
        crashpoints.disarm()
        self.crashes += 1
        self.app.close()
        self.app = self._start()

    def _run(self, action: Any, point: str | None) -> None:
        if point is not None:
            crashpoints.arm(point, mode="raise")
        try:
            action()
        except crashpoints.SimulatedCrash:
            self._crashed()
        finally:
            crashpoints.disarm()

    @rule(target=payments, cents=st.integers(100, 50_000))
    def new_payment(self, cents: int) -> str:
        if 1_301 <= cents <= 1_306:
            cents += 10  # keep scripted outcomes under the test's control
        return self.app.payments.start(PaymentRequest(
            patient_id="P000003", display_name="José N.", amount=Money(cents),
            statement_balance=None, kind=PaymentKind.COPAY))

    @rule(payment=payments, outcome=st.sampled_from(OUTCOMES),
          crash=st.none() | st.sampled_from(SALE_POINTS))
    def attempt(self, payment: str, outcome: str, crash: str | None) -> None:
        if self.app.payments.view(payment).status not in RETRYABLE:
            return
        self.app.terminal.outcome = outcome  # type: ignore[attr-defined]
        self._run(lambda: self.app.payments.authorize(payment), crash)

    @rule(payment=payments)
    def walk_away(self, payment: str) -> None:
        self.app.payments.abandon(payment)

    @rule()
    def power_cut(self) -> None:
        self._crashed()

    @rule(fault=st.sampled_from(("none", "none", "down", "garbage", "flaky", "error")),
          crash=st.none() | st.sampled_from(SYNC_POINTS))
    def sync(self, fault: str, crash: str | None) -> None:
        self.app.pms.faults.set(fault, percent=50)  # type: ignore[attr-defined]
        self._run(self.app.sync.drain_once, crash)
        self.app.pms.faults.set("none")  # type: ignore[attr-defined]

    # -- invariants ---------------------------------------------------------
    def _state(self) -> tuple[dict[str, int], dict[str, str], set[str], dict[str, int]]:
        charges = self.app.terminal.state.charge_counts()  # type: ignore[attr-defined]
        with self.app.ledger.read() as session:
            statuses = {r.id: r.status for r in session.scalars(select(PaymentRow))}
            queued = {r.payment_id for r in session.scalars(select(OutboxRow))}
        recorded = self.app.pms.server.posting_counts()  # type: ignore[attr-defined]
        return charges, statuses, queued, recorded

    @invariant()
    def never_charged_twice_never_lost(self) -> None:
        charges, statuses, queued, recorded = self._state()
        assert all(n == 1 for n in charges.values()), charges
        approved = {pid for pid, status in statuses.items() if status in APPROVED}
        assert set(charges) == approved, (charges, statuses)
        assert approved <= queued
        assert all(n == 1 for n in recorded.values()), recorded
        assert set(recorded) <= approved

    @precondition(lambda self: True)
    @rule()
    def nothing(self) -> None:
        """Lets Hypothesis end a run between actions."""

    def teardown(self) -> None:
        try:
            self._crashed()  # one last restart, then the PMS is up for good
            report = self.app.sync.drain_once()
            assert not report.failed, report
            charges, statuses, _queued, recorded = self._state()
            approved = {pid for pid, status in statuses.items() if status in APPROVED}
            assert recorded == {pid: 1 for pid in approved}
            assert set(charges) == approved
        finally:
            self.app.close()
            shutil.rmtree(self.folder, ignore_errors=True)


PaymentMachine.TestCase.settings = settings(
    max_examples=40, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_payment_machine = pytest.mark.slow(PaymentMachine.TestCase)
