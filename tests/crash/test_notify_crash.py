"""Power cuts while notices are queued and sent: each delivered, none twice but in the window.

A real child process is SIGKILLed at every boundary of the notice worker and
at random instants, while a real SMTP server and a Twilio stand-in (in their
own process) count what they accepted; for a stretch of rounds the servers
are down altogether (see notify_harness.py).
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

import pytest

from devices.twilio_sms import TwilioSms
from kiosk.ports.notifier import LookupOutcome, LookupResult
from tests.crash.notify_harness import InvariantViolation, NotifyCampaign

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")]


def test_kills_and_an_outage_never_lose_a_notice_or_text_twice(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    campaign = NotifyCampaign(tmp_path, seed=2026)
    stats = campaign.run(kills=40, outage=(12, 20), min_random_kills=5)
    queue_ms = sorted(stats.queue_ms)
    with capsys.disabled():
        print(f"\nnotice crash campaign: {stats.rounds} rounds, {stats.kills} kills "
              f"({stats.random_kills} at random instants; by step: {stats.step_kills}), "
              f"{stats.outage_rounds} rounds with the servers down, {stats.notices} notices, "
              f"{stats.emails_delivered} emails ({stats.email_resends} resent in the window), "
              f"{stats.texts_delivered} texts; queue_receipt median "
              f"{statistics.median(queue_ms):.1f} ms, max {queue_ms[-1]:.1f} ms")
    assert stats.kills >= 40
    assert set(stats.step_kills) == {"notify.claimed", "notify.sending", "notify.accepted",
                                     "notify.sent"}
    assert stats.random_kills >= 5 and stats.outage_rounds >= 8
    assert stats.texts_delivered + stats.emails_delivered - stats.email_resends \
        == stats.notices
    # a kill after acceptance forced email resends (same Message-ID), never a text resend
    assert stats.email_resends >= 1


def _plant_no_lookup() -> None:
    """A planted bug: the SMS adapter never finds what it already sent, so it resends."""

    def lookup(self: TwilioSms, notice: object, since: object) -> LookupResult:
        return LookupResult(LookupOutcome.NOT_FOUND)

    TwilioSms.lookup = lookup  # type: ignore[assignment,method-assign]


def test_the_campaign_catches_a_resend_after_acceptance(tmp_path: Path) -> None:
    campaign = NotifyCampaign(tmp_path, seed=7)
    with pytest.raises(InvariantViolation, match="text messages sent twice"):
        campaign.run(kills=12, random_share=0.0, plant=_plant_no_lookup,
                     points=("notify.accepted",))
