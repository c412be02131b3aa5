"""A crash campaign: run payments in a child process, SIGKILL it, check the invariants.

The child is a real process (``os.fork``) running the real core against real
files; it dies by SIGKILL, either at a named step boundary of the lifecycle
(``kiosk.crashpoints``) or at a random instant chosen by the parent. After
every death the parent plays the next start-up (open the ledger, reconcile)
and checks, against the simulated terminal's own file and the demo PMS's own
file, which the dead process never owned:

1. no payment was charged more than once;
2. every charge has an APPROVED or CAPTURED ledger row with its posting queued;
3. every approved ledger row was really charged, exactly once;
4. the PMS holds at most one record per payment, and only for approved ones;
5. posting requests beyond one per posting happened only after a kill.

At the end a clean run drains everything: the PMS holds exactly one record
per approved payment.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from kiosk import crashpoints
from kiosk.app import App, build_app
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentKind, PaymentStatus, PostingKind
from kiosk.ledger.models import OutboxRow, PaymentRow
from kiosk.payments.service import PaymentRequest
from tests.conftest import make_config, secrets

#: Amounts the child pays: mostly approvals, and the terminal's awkward cases.
AMOUNTS = (1_000, 2_500, 4_000, 1_304, 1_305, 1_306, 1_301, 1_500, 3_300)
PAYMENTS_PER_ROUND = 3
SYNC_POINTS = ("sync.sending", "sync.accepted", "sync.posted")


class InvariantViolation(AssertionError):
    pass


@dataclass
class Stats:
    rounds: int = 0
    kills: int = 0
    step_kills: dict[str, int] = field(default_factory=dict)
    random_kills: int = 0
    clean_exits: int = 0
    payments: int = 0
    charged: int = 0
    posted: int = 0
    resends: int = 0


def _child(data_dir: Path, round_no: int, arm: tuple[str, int] | None,
           plant: Callable[[], None] | None) -> None:
    """Runs in the forked child; never returns (exits or is killed)."""
    try:
        if plant is not None:
            plant()
        if arm is not None:
            crashpoints.arm(*arm)
        app = build_app(make_config(data_dir), secrets=secrets())
        app.reconcile()
        rng = random.Random(round_no)
        for k in range(PAYMENTS_PER_ROUND):
            cents = rng.choice(AMOUNTS)
            payment_id = app.payments.start(PaymentRequest(
                patient_id="P000003", display_name="José N.", amount=Money(cents),
                statement_balance=None, kind=PaymentKind.COPAY, session_ref=f"r{round_no}-{k}",
            ))
            result = app.payments.authorize(payment_id)
            if result.can_retry:
                app.payments.abandon(payment_id)
        app.sync.drain_once()
        app.close()
        os._exit(0)
    except BaseException:
        os._exit(3)


class Campaign:
    def __init__(self, data_dir: Path, seed: int = 1) -> None:
        self.data_dir = data_dir
        self.rng = random.Random(seed)
        self.stats = Stats()
        # Create the files once, so every child starts from an existing clinic.
        app = self._open()
        app.close()

    def _open(self) -> App:
        return build_app(make_config(self.data_dir), secrets=secrets())

    def round(self, arm: tuple[str, int] | None, kill_after_s: float | None,
              plant: Callable[[], None] | None = None) -> None:
        self.stats.rounds += 1
        pid = os.fork()
        if pid == 0:
            _child(self.data_dir, self.stats.rounds, arm, plant)
        if kill_after_s is not None:
            time.sleep(kill_after_s)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            self.stats.kills += 1
            if arm is not None:
                self.stats.step_kills[arm[0]] = self.stats.step_kills.get(arm[0], 0) + 1
            else:
                self.stats.random_kills += 1
        elif os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
            self.stats.clean_exits += 1
        else:
            raise InvariantViolation(f"child failed with status {status:#x} (not a kill)")
        self.check()

    def check(self, final: bool = False) -> None:
        """Play the next start-up, then check every invariant."""
        app = self._open()
        try:
            app.reconcile()
            if final:
                report = app.sync.drain_once()
                if report.failed:
                    raise InvariantViolation(f"final drain failed: {report.error}")
            self._check(app, final)
        finally:
            app.close()

    def _check(self, app: App, final: bool) -> None:
        charges: dict[str, int] = app.terminal.state.charge_counts()  # type: ignore[attr-defined]
        twice = {pid: n for pid, n in charges.items() if n > 1}
        if twice:
            raise InvariantViolation(f"charged more than once: {twice}")
        with app.ledger.read() as session:
            payments = {row.id: row for row in session.scalars(select(PaymentRow))}
            outbox = {row.posting_id: row for row in session.scalars(
                select(OutboxRow).where(OutboxRow.kind == PostingKind.PAYMENT.value))}
        approved = {pid for pid, row in payments.items()
                    if row.status in (PaymentStatus.APPROVED.value, PaymentStatus.CAPTURED.value)}
        for pid in charges:
            row = payments.get(pid)
            if row is None or pid not in approved:
                raise InvariantViolation(
                    f"payment {pid} was charged but the ledger says "
                    f"{row.status if row else 'nothing'}")
            if pid not in outbox:
                raise InvariantViolation(f"approved payment {pid} has no posting queued")
        phantom = approved - set(charges)
        if phantom:
            raise InvariantViolation(f"approved in the ledger, never charged: {phantom}")
        in_doubt = [pid for pid, row in payments.items()
                    if row.status in (PaymentStatus.AUTHORIZING.value,
                                      PaymentStatus.UNKNOWN.value)]
        if in_doubt:
            raise InvariantViolation(f"still in doubt after reconciliation: {in_doubt}")
        pms: Any = app.pms
        recorded = pms.server.posting_counts()
        requests = pms.server.request_counts()
        if any(n != 1 for n in recorded.values()):
            raise InvariantViolation(f"the PMS holds duplicates: {recorded}")
        if set(recorded) - approved:
            raise InvariantViolation("the PMS holds postings for unapproved payments")
        resends = sum(requests.values()) - len(requests)
        if resends > self.stats.kills:
            raise InvariantViolation(f"{resends} resends but only {self.stats.kills} failures")
        self.stats.payments = len(payments)
        self.stats.charged = len(charges)
        self.stats.posted = len(recorded)
        self.stats.resends = resends
        if final and set(recorded) != approved:
            raise InvariantViolation(
                f"after the final sync {len(approved - set(recorded))} approved payments "
                "are missing from the PMS")

    def run(self, kills: int, random_share: float = 0.4, max_rounds: int = 2_000,
            plant: Callable[[], None] | None = None,
            points: tuple[str, ...] = crashpoints.POINTS) -> Stats:
        """Rounds until ``kills`` children have been killed; then a clean final check."""
        cycle = 0
        while self.stats.kills < kills and self.stats.rounds < max_rounds:
            if self.rng.random() < random_share:
                self.round(None, self.rng.uniform(0.0, 0.12), plant)
            else:
                point = points[cycle % len(points)]
                self.round((point, 1 + (cycle // len(points)) % 3), None, plant)
                cycle += 1
        self.round(None, None)  # one undisturbed run, then drain and check everything
        self.check(final=True)
        return self.stats
