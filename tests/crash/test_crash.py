"""Power cuts in the middle of payments: never charged twice, never lost.

Runs at least 200 SIGKILLs of a real child process at every step boundary of
the payment and sync lifecycles and at random instants (see harness.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kiosk.domain.money import Money
from kiosk.payments.service import PaymentService
from tests.crash.harness import Campaign, InvariantViolation

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")]


def test_two_hundred_kills_never_charge_twice_or_lose_a_payment(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]
                                                                 ) -> None:
    stats = Campaign(tmp_path / "data", seed=2026).run(kills=220)
    with capsys.disabled():
        print(f"\ncrash campaign: {stats.rounds} rounds, {stats.kills} kills "
              f"({stats.random_kills} at random instants; by step: {stats.step_kills}), "
              f"{stats.payments} payments, {stats.charged} charged, {stats.posted} posted, "
              f"{stats.resends} resends")
    assert stats.kills >= 200
    # every step boundary was really hit, not just armed
    assert set(stats.step_kills) >= {"payment.created", "payment.authorizing",
                                     "terminal.charged", "payment.approved", "payment.captured",
                                     "sync.sending", "sync.accepted", "reconcile.queried"}
    assert stats.random_kills >= 50
    assert stats.posted == stats.charged > 100
    # kills between "the PMS accepted" and "we recorded it" force resends, nothing else does
    assert stats.resends >= stats.step_kills["sync.accepted"]


def _plant_sell_again_instead_of_query() -> None:
    """A planted bug: reconciliation sells again instead of asking the terminal."""

    def resolve(self: PaymentService, payment_id: str, live: bool) -> object:
        view = self.view(payment_id)
        result = self.terminal.sale(payment_id, Money(view.amount.cents), lambda _e: None)
        return self._apply(payment_id, result, live)

    PaymentService.resolve = resolve  # type: ignore[assignment,method-assign]


def test_the_campaign_catches_a_planted_double_charge(tmp_path: Path) -> None:
    campaign = Campaign(tmp_path / "data", seed=7)
    with pytest.raises(InvariantViolation, match="charged more than once"):
        campaign.run(kills=40, random_share=0.0, plant=_plant_sell_again_instead_of_query,
                     points=("terminal.charged", "payment.authorizing"))
