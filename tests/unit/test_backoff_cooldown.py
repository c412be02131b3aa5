import random

from kiosk.lookup.cooldown import Cooldown
from kiosk.sync.backoff import Backoff


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    backoff = Backoff(1_000, 60_000, random.Random(1))
    delays = [backoff.delay_s(n) for n in range(1, 12)]
    for n, delay in enumerate(delays, start=1):
        step = min(60_000, 1_000 * 2 ** (n - 1)) / 1000
        assert step / 2 <= delay <= step
    assert max(delays) <= 60
    assert len({round(d, 6) for d in delays}) == len(delays)  # jittered, not fixed


def test_cooldown_after_repeated_failures_then_expires() -> None:
    now = [0.0]
    cooldown = Cooldown(max_failures=3, window_s=60, cooldown_s=120, clock=lambda: now[0])
    assert not cooldown.record_failure()
    assert not cooldown.record_failure()
    assert cooldown.record_failure()  # the third failure starts it
    assert cooldown.remaining_s() == 120
    now[0] = 119.5
    assert 0 < cooldown.remaining_s() <= 1
    now[0] = 121
    assert cooldown.remaining_s() == 0


def test_failures_outside_the_window_do_not_count() -> None:
    now = [0.0]
    cooldown = Cooldown(max_failures=2, window_s=10, cooldown_s=5, clock=lambda: now[0])
    cooldown.record_failure()
    now[0] = 11
    assert not cooldown.record_failure()
