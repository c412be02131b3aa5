"""Kiosk killed mid-payment with a ZVT terminal: never charged twice, never lost.

The simulator runs in its own process on a real pty (a terminal does not die with
the kiosk) and keeps its journal in its own file. A child process runs the real
core against it and is SIGKILLed at the lifecycle's step boundaries and at random
instants; after each death the parent plays the next start-up (reconcile) and
checks the ledger against the terminal's journal, by trace number:

1. every trace the terminal charged belongs to exactly one APPROVED/CAPTURED payment;
2. every approved payment names a trace the terminal really charged;
3. nothing is left AUTHORIZING or UNKNOWN after reconciliation.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from devices.zvt.reference import ZvtRef
from devices.zvt.sim_state import SimState
from devices.zvt.terminal import ZvtTerminal
from kiosk import crashpoints
from kiosk.app import App, build_app
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentKind, PaymentStatus
from kiosk.ledger.models import PaymentRow
from kiosk.payments.service import PaymentRequest
from kiosk.ports.terminal import SaleOutcome, SaleResult
from tests.conftest import REPO, make_config, secrets

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="needs a pty and SIGKILL")]

#: Mostly approvals, and the terminal's awkward cases (see devices/zvt/simulator.py).
AMOUNTS = (1_000, 2_500, 1_304, 1_305, 1_311, 1_301, 1_309, 4_000)
POINTS = ("payment.created", "payment.authorizing", "terminal.charged", "payment.approved",
          "payment.captured", "payment.resolved", "reconcile.queried")


_APPROVAL_STEPS = ("terminal.charged", "payment.approved", "payment.captured")


class Violation(AssertionError):
    pass


@pytest.fixture
def simulator(tmp_path: Path) -> Iterator[tuple[str, SimState]]:
    state = tmp_path / "terminal.sqlite3"
    process = subprocess.Popen(
        [sys.executable, "-m", "devices.zvt.sim_host", "--state", str(state), "--cut-ms", "300",
         "--ack-ms", "1000"],
        cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline().split()
    assert line and line[0] == "READY", line
    yield line[1], SimState(state)
    process.terminate()
    process.wait(timeout=10)


def _config(data_dir: Path, device: str) -> Any:
    return make_config(data_dir, terminal={"kind": "zvt", "zvt": {
        "device": device, "inter_byte_timeout_ms": 200, "ack_timeout_ms": 1_000,
        "response_timeout_ms": 1_000, "progress_timeout_s": 1, "abort_grace_s": 2}})


def _child(data_dir: Path, device: str, round_no: int, arm: tuple[str, int] | None,
           plant: Callable[[], None] | None) -> None:
    try:
        if plant is not None:
            plant()
        if arm is not None:
            crashpoints.arm(*arm)
        app = build_app(_config(data_dir, device), secrets=secrets())
        app.reconcile()
        rng = random.Random(round_no)
        amounts = [rng.choice(AMOUNTS), rng.choice(AMOUNTS)]
        if arm is not None and arm[0] in _APPROVAL_STEPS:
            amounts[0] = 1_000  # make sure the armed step is reached
        for k, cents in enumerate(amounts):
            payment_id = app.payments.start(PaymentRequest(
                patient_id="P000003", display_name="José N.", amount=Money(cents),
                statement_balance=None, kind=PaymentKind.COPAY, session_ref=f"r{round_no}-{k}"))
            if not app.payments.authorize(payment_id).approved:
                app.payments.abandon(payment_id)
        app.close()
        os._exit(0)
    except BaseException:
        os._exit(3)


class ZvtCampaign:
    def __init__(self, data_dir: Path, device: str, state: SimState, seed: int) -> None:
        self.data_dir, self.device, self.state = data_dir, device, state
        self.rng = random.Random(seed)
        self.kills: dict[str, int] = {}
        self.rounds = 0

    def round(self, arm: tuple[str, int] | None, kill_after_s: float | None,
              plant: Callable[[], None] | None) -> None:
        self.rounds += 1
        pid = os.fork()
        if pid == 0:
            _child(self.data_dir, self.device, self.rounds, arm, plant)
        if kill_after_s is not None:
            time.sleep(kill_after_s)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            key = arm[0] if arm else "random"
            self.kills[key] = self.kills.get(key, 0) + 1
        elif not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
            raise Violation(f"child failed with status {status:#x} (not a kill)")
        self.check()

    def check(self) -> None:
        app: App = build_app(_config(self.data_dir, self.device), secrets=secrets())
        try:
            for _attempt in range(5):  # the simulated line may still be cut: try again soon
                if not app.reconcile().still_unknown:
                    break
                time.sleep(0.5)
            with app.ledger.read() as session:
                rows = list(session.scalars(select(PaymentRow)))
        finally:
            app.close()
        charged = self.state.charges()
        approved: dict[int, str] = {}
        for row in rows:
            if row.status in (PaymentStatus.AUTHORIZING.value, PaymentStatus.UNKNOWN.value):
                raise Violation(f"payment {row.id} still {row.status} after reconciliation "
                                f"({row.processor_ref}: {row.last_message}; rounds {self.rounds}, "
                                f"kills {self.kills}; terminal {self.state.transactions()[-3:]})")
            if row.status not in (PaymentStatus.APPROVED.value, PaymentStatus.CAPTURED.value):
                continue
            ref = ZvtRef.parse(row.processor_ref)
            if ref is None or ref.trace is None:
                raise Violation(f"approved payment {row.id} names no terminal transaction")
            if ref.trace in approved:
                raise Violation(f"trace {ref.trace} approved for two payments")
            approved[ref.trace] = row.id
        for trace, amount in charged.items():
            if trace not in approved:
                raise Violation(f"the terminal charged {amount} (trace {trace}) but no "
                                "payment in the ledger is approved for it")
        phantom = set(approved) - set(charged)
        if phantom:
            raise Violation(f"approved in the ledger, never charged: traces {phantom}")

    def run(self, kills: int, plant: Callable[[], None] | None = None,
            random_share: float = 0.35) -> dict[str, int]:
        cycle = 0
        while sum(self.kills.values()) < kills and self.rounds < kills * 4:
            if self.rng.random() < random_share:
                self.round(None, self.rng.uniform(0.05, 1.2), plant)
            else:
                self.round((POINTS[cycle % len(POINTS)], 1 + (cycle // (2 * len(POINTS))) % 2),
                           None, plant)
                cycle += 1
        self.round(None, None, plant)
        return self.kills


def test_kills_mid_payment_never_charge_twice_or_lose_a_payment(
        tmp_path: Path, simulator: tuple[str, SimState],
        capsys: pytest.CaptureFixture[str]) -> None:
    device, state = simulator
    campaign = ZvtCampaign(tmp_path / "data", device, state, seed=6)
    kills = campaign.run(kills=28)
    charged = len(state.charges())
    with capsys.disabled():
        print(f"\nzvt crash campaign: {campaign.rounds} rounds, kills {kills}, "
              f"{charged} charges on the terminal, {len(state.transactions())} transactions")
    assert sum(kills.values()) >= 28
    assert set(POINTS) <= set(kills)  # every step boundary was really hit, not just armed
    assert charged >= 5


def _plant_assume_nothing_happened() -> None:
    """A planted bug: when the answer was lost, assume the terminal did nothing."""

    def query(self: ZvtTerminal, payment_id: str, processor_ref: str = "") -> SaleResult:
        ref = ZvtRef.parse(processor_ref)
        if ref is None or ref.trace is None:
            return SaleResult(SaleOutcome.NOT_FOUND)
        return original(self, payment_id, processor_ref)

    original = ZvtTerminal.query
    ZvtTerminal.query = query  # type: ignore[method-assign]


def test_the_campaign_catches_a_planted_lost_charge(tmp_path: Path,
                                                    simulator: tuple[str, SimState]) -> None:
    device, state = simulator
    campaign = ZvtCampaign(tmp_path / "data", device, state, seed=3)
    with pytest.raises(Violation, match="no payment in the ledger is approved"):
        campaign.run(kills=14, plant=_plant_assume_nothing_happened, random_share=0.0)
