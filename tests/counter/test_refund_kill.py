"""Refunds under SIGKILL: a child process refunds, dies at every refund step boundary and
at random instants; after each death the counter's start-up settles what it left.

Invariants, checked against the simulated processor's own file (which the dead
process never owned): no refund id was paid out twice; after start-up every refund the
processor made is DONE in the ledger with its reversal queued, and the payment's
``refunded_cents`` equals what the processor refunded for it.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk import crashpoints
from kiosk.app import App, build_app
from kiosk.counter.refunds import RefundStatus
from kiosk.counter.services import counter_for, start_counter
from kiosk.domain.money import Money
from kiosk.domain.payment import PostingKind
from kiosk.domain.staff import Role
from kiosk.ledger.counter_models import RefundRow
from kiosk.ledger.models import OutboxRow, PaymentRow
from tests.conftest import make_config, secrets
from tests.counter.conftest import PASSWORD, fast_passwords
from tests.helpers import find, request

POINTS = ("refund.requested", "refund.sending", "refund.sent", "refund.done")


def open_app(data_dir: Path) -> App:
    return build_app(make_config(data_dir, terminal_id="counter-1", channel="counter"),
                     secrets=secrets())


def child(data_dir: Path, payment_id: str, point: str | None, refunds: int,
          cents: int) -> None:
    """Runs in the forked process: sign in, get approval, refund ``cents`` at a time."""
    try:
        app = open_app(data_dir)
        services = counter_for(app, fast_passwords())
        rita = services.accounts.sign_in("rita", PASSWORD).session
        assert rita is not None
        if point:
            crashpoints.arm(point)
        for _ in range(refunds):
            _, approval = services.accounts.approve(rita, "sam", PASSWORD, "refund", payment_id)
            assert approval is not None
            services.refunds.refund(rita, approval, payment_id, Money(cents), "other")
    except BaseException:
        os._exit(3)
    os._exit(0)


def processor_refunds(app: App) -> dict[str, int]:
    path = app.terminal.state.path  # type: ignore[attr-defined]
    with contextlib.closing(sqlite3.connect(path)) as db:
        return {r[0]: r[1] for r in db.execute("SELECT refund_id, amount FROM refunds")}


def check(data_dir: Path, payment_id: str) -> int:
    """Play the counter's next start, then check the invariants; returns refunds done."""
    app = open_app(data_dir)
    try:
        start_counter(counter_for(app, fast_passwords()))
        made = processor_refunds(app)
        with app.ledger.read() as session:
            rows = {r.id: r for r in session.scalars(select(RefundRow))}
            reversals = set(session.scalars(select(OutboxRow.posting_id).where(
                OutboxRow.kind == PostingKind.REVERSAL.value)))
            refunded = session.scalar(select(PaymentRow.refunded_cents).where(
                PaymentRow.id == payment_id))
        assert set(made) <= set(rows), "the processor refunded under an id we never recorded"
        for refund_id, row in rows.items():
            if refund_id in made:
                assert row.status == RefundStatus.DONE.value, (refund_id, row.status)
                assert refund_id in reversals and made[refund_id] == row.amount_cents
            else:
                assert row.status == RefundStatus.FAILED.value, (refund_id, row.status)
                assert refund_id not in reversals
        assert refunded == sum(made.values())
        return len(made)
    finally:
        app.close()


def run_child(data_dir: Path, payment_id: str, point: str | None, refunds: int,
              kill_after_s: float | None = None, cents: int = 100) -> int:
    pid = os.fork()
    if pid == 0:
        child(data_dir, payment_id, point, refunds, cents)
    if kill_after_s is not None:
        time.sleep(kill_after_s)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return status


@pytest.fixture
def paid(data_dir: Path) -> str:
    app = open_app(data_dir)
    try:
        services = counter_for(app, fast_passwords())
        services.accounts.add("rita", "Rita", Role.RECEPTIONIST, PASSWORD, "test")
        services.accounts.add("sam", "Sam", Role.SUPERVISOR, PASSWORD, "test")
        payment_id = app.payments.start(request(app, find(app, "accents"), 5_000))
        assert app.payments.authorize(payment_id).approved
        return payment_id
    finally:
        app.close()


@pytest.mark.parametrize("point", POINTS)
def test_killed_at_each_refund_step(data_dir: Path, paid: str, point: str) -> None:
    status = run_child(data_dir, paid, point, refunds=1)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    done = check(data_dir, paid)
    assert done == (0 if point == "refund.requested" else 1)


def test_killed_at_random_instants(data_dir: Path, paid: str) -> None:
    rng = random.Random(8)
    kills = 0
    for _ in range(6):
        status = run_child(data_dir, paid, None, refunds=25, cents=10,
                           kill_after_s=rng.uniform(0.3, 1.0))
        kills += int(os.WIFSIGNALED(status))
        check(data_dir, paid)
    assert kills >= 2, "the kills should land while refunds run"
