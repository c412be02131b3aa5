"""The dashboard's figures for one clinic day: payments by hour, method and channel.

Plain data for the counter's charts (the UI draws them; nothing here knows
Qt). Amounts are gross payments taken (refunds are shown separately), hours
are the clinic's local hours.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from kiosk.domain.money import Money
from kiosk.ledger.database import Ledger
from kiosk.reports.close import CHANNELS, METHODS
from kiosk.reports.day import day_activity


@dataclass(frozen=True, slots=True)
class Bucket:
    label: str  # "09" for an hour, "card" for a method, "kiosk" for a channel
    count: int
    amount: Money


@dataclass(frozen=True, slots=True)
class HourBucket:
    hour: int  # 0..23, clinic time
    count: int
    amount: Money
    by_method: tuple[Bucket, ...]  # stacked bars: one per method in METHODS order


@dataclass(frozen=True, slots=True)
class Dashboard:
    day: date
    timezone: str
    by_hour: tuple[HourBucket, ...]  # always 24 buckets
    by_method: tuple[Bucket, ...]
    by_channel: tuple[Bucket, ...]
    payments: Bucket  # all payments of the day
    refunds: Bucket  # refunds and voids done that day
    in_doubt: int  # payments and refunds whose outcome is not known yet


def dashboard(ledger: Ledger, day: date, timezone: str, currency: str) -> Dashboard:
    with ledger.read() as session:
        activity = day_activity(session, day, timezone)
    zone = ZoneInfo(timezone)

    def money(cents: int) -> Money:
        return Money(cents, currency)

    hours: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    methods: dict[str, list[int]] = defaultdict(list)
    channels: dict[str, list[int]] = defaultdict(list)
    for sale in activity.sales:
        hours[sale.at.astimezone(zone).hour][sale.method].append(sale.amount_cents)
        methods[sale.method].append(sale.amount_cents)
        channels[sale.channel].append(sale.amount_cents)
    method_names = [*METHODS, *sorted(set(methods) - set(METHODS))]
    by_hour = []
    for hour in range(24):
        per = hours.get(hour, {})
        by_hour.append(HourBucket(
            hour, sum(len(v) for v in per.values()), money(sum(sum(v) for v in per.values())),
            tuple(Bucket(m, len(per.get(m, [])), money(sum(per.get(m, []))))
                  for m in method_names)))
    channel_names = [*CHANNELS, *sorted(set(channels) - set(CHANNELS))]
    return Dashboard(
        day, timezone, tuple(by_hour),
        tuple(Bucket(m, len(methods[m]), money(sum(methods[m]))) for m in method_names),
        tuple(Bucket(c, len(channels[c]), money(sum(channels[c]))) for c in channel_names),
        Bucket("payments", len(activity.sales),
               money(sum(s.amount_cents for s in activity.sales))),
        Bucket("refunds", len(activity.refunds),
               money(sum(r.amount_cents for r in activity.refunds))),
        sum(1 for u in activity.unsettled if u.kind != "payment_pending"),
    )
