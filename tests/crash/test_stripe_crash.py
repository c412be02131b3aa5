"""Power cuts in the middle of Stripe card payments: one PaymentIntent, captured once, never lost.

A real child process is SIGKILLed after the PaymentIntent was created (its id
not yet stored), after the hand-off to the reader, while polling the reader,
after the approval but before the ledger commit, after capture, and at random
instants; the "Stripe account" is a separate process that outlives it.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.crash.harness import InvariantViolation
from tests.crash.stripe_harness import POINTS, StripeCampaign, StripeProcess

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")]


@pytest.fixture
def stripe() -> Iterator[StripeProcess]:
    process = StripeProcess()
    yield process
    process.stop()


def test_kills_at_every_stripe_step_never_charge_twice_or_lose_a_payment(
        tmp_path: Path, stripe: StripeProcess, capsys: pytest.CaptureFixture[str]) -> None:
    stats = StripeCampaign(tmp_path / "data", stripe, seed=5).run(hits=3, random_kills=16)
    with capsys.disabled():
        print(f"\nstripe crash campaign: {stats.rounds} rounds, {stats.kills} kills "
              f"({stats.random_kills} at random instants; by step: {stats.step_kills}), "
              f"{stats.payments} payments, {stats.intents} PaymentIntents, "
              f"{stats.captured} captured, {stats.declines_retried} declines")
    assert set(stats.step_kills) == set(POINTS)  # every step was really reached and killed
    assert stats.kills >= len(POINTS) * 3
    assert stats.captured > 20 and stats.declines_retried > 3


def _plant_a_new_payment_intent_on_every_try() -> None:
    """A planted bug: the PaymentIntent is created without our payment id as its key."""
    from stripe._payment_intent_service import PaymentIntentService

    original = PaymentIntentService.create

    def create(self: Any, params: Any, options: Any = None) -> Any:
        return original(self, params, {**(options or {}),
                                       "idempotency_key": str(uuid.uuid4())})

    PaymentIntentService.create = create  # type: ignore[method-assign]


def test_the_campaign_catches_a_planted_second_payment_intent(tmp_path: Path,
                                                             stripe: StripeProcess) -> None:
    campaign = StripeCampaign(tmp_path / "data", stripe, seed=9)
    with pytest.raises(InvariantViolation, match="more than one PaymentIntent"):
        campaign.run(hits=2, random_kills=0, plant=_plant_a_new_payment_intent_on_every_try,
                     points=("stripe.intent_created", "stripe.polling"))
