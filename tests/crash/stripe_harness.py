"""A crash campaign for card payments on the Stripe reader.

The "Stripe account" (tests/stripe_server) runs in its own process, so it
outlives every kiosk process the campaign kills, like the real Stripe does.
A kiosk child (``os.fork``) takes payments with the real core and the real
Stripe adapter and dies by SIGKILL at a named step (after the PaymentIntent
was created, after the hand-off to the reader, while polling, after the
approval but before the ledger commit, after capture, ...) or at a random
instant. The reader keeps running its script meanwhile: a patient can tap a
card while the kiosk is dead.

After every death the parent plays the next start-up (open the ledger,
reconcile) and checks, against Stripe's own state:

1. no payment ever got a second PaymentIntent;
2. every PaymentIntent belongs to a payment the ledger recorded first;
3. after reconciliation no PaymentIntent waits for capture, and every captured
   one is a CAPTURED ledger payment with its posting queued, captured for
   exactly its amount (once);
4. every CAPTURED ledger payment is a succeeded PaymentIntent;
5. nothing is left in doubt.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
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
from tests.conftest import REPO, _merge, make_config
from tests.crash.harness import InvariantViolation
from tests.stripe.conftest import stripe_overrides, stripe_secrets
from tests.stripe_server.control import APPROVE, DECLINE, Control

POINTS = ("stripe.intent_created", "stripe.handed_off", "stripe.polling", "terminal.charged",
          "payment.approved", "terminal.captured", "payment.captured", "reconcile.queried")
AMOUNTS = (1_000, 2_500, 4_000, 1_500, 3_300)
PAYMENTS_PER_ROUND = 3


class StripeProcess:
    """``python -m tests.stripe_server`` in its own process."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "tests.stripe_server"],
                                        cwd=REPO, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.startswith("LISTENING "):
            self.stop()
            raise RuntimeError(f"test server did not start: {line!r}")
        self.url = line.split(" ", 1)[1]
        self.control = Control(self.url)

    def stop(self) -> None:
        self.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(10)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@dataclass
class Stats:
    rounds: int = 0
    kills: int = 0
    step_kills: dict[str, int] = field(default_factory=dict)
    random_kills: int = 0
    payments: int = 0
    intents: int = 0
    captured: int = 0
    declines_retried: int = 0


def _config_overrides(url: str) -> dict[str, Any]:
    return _merge(stripe_overrides(url, phone="none"),
                  {"terminal": {"sale_timeout_s": 10}})


def _child(data_dir: Path, url: str, round_no: int, arm: tuple[str, int] | None,
           plant: Callable[[], None] | None) -> None:
    """Runs in the forked child; never returns (exits or is killed)."""
    try:
        if plant is not None:
            plant()
        if arm is not None:
            crashpoints.arm(*arm)
        app = build_app(make_config(data_dir, **_config_overrides(url)),
                        secrets=stripe_secrets())
        app.reconcile()
        rng = random.Random(round_no)
        for k in range(PAYMENTS_PER_ROUND):
            payment_id = app.payments.start(PaymentRequest(
                patient_id="P000003", display_name="José N.",
                amount=Money(rng.choice(AMOUNTS)), statement_balance=None,
                kind=PaymentKind.COPAY, session_ref=f"s{round_no}-{k}"))
            result = app.payments.authorize(payment_id)
            if result.status is PaymentStatus.DECLINED:
                result = app.payments.authorize(payment_id)  # same payment, same PaymentIntent
            if result.can_retry:
                app.payments.abandon(payment_id)
        app.close()
        os._exit(0)
    except BaseException:
        os._exit(3)


class StripeCampaign:
    def __init__(self, data_dir: Path, stripe: StripeProcess, seed: int = 1) -> None:
        self.data_dir = data_dir
        self.stripe = stripe
        self.rng = random.Random(seed)
        self.stats = Stats()
        self._open().close()

    def _open(self) -> App:
        return build_app(make_config(self.data_dir, **_config_overrides(self.stripe.url)),
                         secrets=stripe_secrets())

    def _script(self) -> None:
        """The next patients at the reader: mostly good cards, some declined ones."""
        cards = [DECLINE if self.rng.random() < 0.25 else APPROVE for _ in range(30)]
        self.stripe.control.reader(script=cards, present_delay_ms=self.rng.choice((5, 20, 60)))

    def round(self, arm: tuple[str, int] | None, kill_after_s: float | None,
              plant: Callable[[], None] | None = None, check: bool = True) -> None:
        self.stats.rounds += 1
        self._script()
        pid = os.fork()
        if pid == 0:
            _child(self.data_dir, self.stripe.url, self.stats.rounds, arm, plant)
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
        elif not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
            raise InvariantViolation(f"child failed with status {status:#x} (not a kill)")
        if check:
            self.check()

    def check(self) -> None:
        """Play the next start-up, then check every invariant against Stripe's state."""
        app = self._open()
        try:
            app.reconcile()
            self._check(app)
        finally:
            app.close()

    def _check(self, app: App) -> None:
        state = self.stripe.control.state()
        with app.ledger.read() as session:
            payments = {row.id: row for row in session.scalars(select(PaymentRow))}
            queued = {row.payment_id for row in session.scalars(
                select(OutboxRow).where(OutboxRow.kind == PostingKind.PAYMENT.value))}
        by_payment: dict[str, list[dict[str, Any]]] = {}
        for intent in state["intents"]:
            by_payment.setdefault(intent["metadata"].get("kiosk_payment_id", "?"), []) \
                .append(intent)
        twice = {p: [i["id"] for i in found] for p, found in by_payment.items()
                 if len(found) > 1}
        if twice:
            raise InvariantViolation(f"more than one PaymentIntent for a payment: {twice}")
        orphans = set(by_payment) - set(payments)
        if orphans:
            raise InvariantViolation(f"PaymentIntents for payments the ledger never had: "
                                     f"{orphans}")
        for payment_id, (intent,) in ((p, f) for p, f in by_payment.items()):
            row = payments[payment_id]
            if intent["status"] == "requires_capture":
                raise InvariantViolation(f"{payment_id}: approved at Stripe, not captured after "
                                         f"reconciliation (ledger: {row.status})")
            if intent["status"] == "succeeded":
                if row.status != PaymentStatus.CAPTURED.value:
                    raise InvariantViolation(f"{payment_id}: captured at Stripe, ledger says "
                                             f"{row.status}")
                if intent["amount_received"] != row.amount_cents:
                    raise InvariantViolation(f"{payment_id}: captured {intent['amount_received']}"
                                             f" of {row.amount_cents}")
                if payment_id not in queued:
                    raise InvariantViolation(f"{payment_id}: captured without a posting")
        for payment_id, row in payments.items():
            if row.status in (PaymentStatus.APPROVED.value, PaymentStatus.CAPTURED.value):
                found = by_payment.get(payment_id, [])
                if not found or found[0]["status"] != "succeeded":
                    raise InvariantViolation(f"{payment_id}: ledger {row.status} but Stripe "
                                             f"says {found[0]['status'] if found else 'nothing'}")
            if row.status in (PaymentStatus.AUTHORIZING.value, PaymentStatus.UNKNOWN.value):
                raise InvariantViolation(f"{payment_id}: still {row.status} after reconciliation")
        self.stats.payments = len(payments)
        self.stats.intents = len(state["intents"])
        self.stats.captured = sum(1 for i in state["intents"] if i["status"] == "succeeded")
        self.stats.declines_retried = sum(1 for c in state["charges"] if c["status"] == "failed")

    def run(self, hits: int, random_kills: int, plant: Callable[[], None] | None = None,
            points: tuple[str, ...] = POINTS) -> Stats:
        """Each point killed at its 1st..``hits``-th pass, then random instants, then a clean
        round and a final check."""
        for hit in range(1, hits + 1):
            for point in points:
                if point == "reconcile.queried":
                    # Leave a payment in doubt without the parent's restart, so the next
                    # child's own start-up reconciliation is what gets killed.
                    self.round(("stripe.polling", hit), None, plant, check=False)
                    self.round((point, 1), None, plant)  # one payment is in doubt
                    continue
                self.round((point, hit), None, plant)
        for _ in range(random_kills):
            self.round(None, self.rng.uniform(0.02, 0.3), plant)
        self.round(None, None, plant)
        return self.stats
