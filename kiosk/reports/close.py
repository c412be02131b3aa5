"""End-of-day reconciliation: processor totals x our ledger x PMS postings.

Three sources, compared for the clinic's day:

- the **ledger**: sales and refunds by method and channel (what we believe);
- the **PMS**: which of those the PMS holds (outbox POSTED), which wait, and
  which it refused (the outbox is our record of what the PMS accepted);
- the **processor**: each terminal's closed batch (``terminal_batches``,
  written by ``kiosk report --close-batch`` on that device) against the card
  and phone money the ledger says went through that terminal.

Every difference becomes a :class:`Mismatch` with what to do about it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from kiosk.domain.money import Money
from kiosk.ledger.counter_models import TerminalBatchRow
from kiosk.ledger.database import Ledger
from kiosk.reports.day import DayActivity, DayRefund, DaySale, day_activity

METHODS = ("card", "cash", "check", "phone")
CHANNELS = ("kiosk", "counter", "phone")
PROCESSOR_METHODS = frozenset({"card", "phone"})


@dataclass(frozen=True, slots=True)
class Totals:
    count: int
    gross: Money
    refunds: Money

    @property
    def net(self) -> Money:
        return self.gross - self.refunds


@dataclass(frozen=True, slots=True)
class MethodChannelLine:
    method: str
    channel: str
    ledger: Totals
    pms_posted_net: Money  # what the PMS holds of this line's sales minus its refunds
    pms_waiting_net: Money  # queued, refused or missing


@dataclass(frozen=True, slots=True)
class TerminalLine:
    terminal_id: str
    ledger_net: Money  # card + phone sales minus refunds carried by this terminal
    ledger_count: int
    processor_net: Money | None  # None: no batch closed for the day
    processor_count: int | None
    batches: int

    @property
    def matches(self) -> bool | None:
        return None if self.processor_net is None else self.processor_net == self.ledger_net


@dataclass(frozen=True, slots=True)
class Drawer:
    """Cash and checks a counter should hold at the end of the day."""

    terminal_id: str
    cash: Money
    checks: Money
    check_count: int


@dataclass(frozen=True, slots=True)
class Mismatch:
    code: str
    severity: str  # error: money or records disagree | warning: not yet settled | info
    subject: str  # payment, refund or terminal id
    amount: Money | None
    detail: str  # what is wrong, for staff
    action: str  # what to do


@dataclass(frozen=True)
class DayReport:
    day: date
    timezone: str
    currency: str
    clinic_name: str
    generated_at: datetime
    start: datetime
    end: datetime
    lines: tuple[MethodChannelLine, ...]
    total: Totals
    pms_posted_net: Money
    terminals: tuple[TerminalLine, ...]
    drawers: tuple[Drawer, ...]
    mismatches: tuple[Mismatch, ...] = field(default_factory=tuple)

    @property
    def balanced(self) -> bool:
        return not any(m.severity in ("error", "warning") for m in self.mismatches)


def record_batch(ledger: Ledger, terminal_id: str, day: date, processor: str, count: int,
                 net: Money, detail: str, actor: str) -> None:
    """Keep a terminal's end-of-day totals in the shared ledger (audited)."""
    with ledger.transaction() as tx:
        tx.session.add(TerminalBatchRow(
            terminal_id=terminal_id, business_date=day.isoformat(), processor=processor[:32],
            count=count, net_cents=net.cents, currency=net.currency, detail=detail[:240],
            closed_by=actor[:64], closed_at=ledger.clock()))
        tx.audit(actor, "terminal.batch_closed", terminal_id, day=day.isoformat(),
                 count=count, net_cents=net.cents)


def build_report(ledger: Ledger, day: date, timezone: str, currency: str,
                 clinic_name: str) -> DayReport:
    with ledger.read() as session:
        activity = day_activity(session, day, timezone)
        batches = session.scalars(select(TerminalBatchRow).where(
            TerminalBatchRow.business_date == day.isoformat())).all()
        batch_totals: dict[str, tuple[int, int, int]] = {}
        for batch in batches:
            count, net, number = batch_totals.get(batch.terminal_id, (0, 0, 0))
            batch_totals[batch.terminal_id] = (count + batch.count, net + batch.net_cents,
                                               number + 1)
    lines = _lines(activity, currency)
    total = Totals(sum(line.ledger.count for line in lines),
                   _cents(currency, sum(line.ledger.gross.cents for line in lines)),
                   _cents(currency, sum(line.ledger.refunds.cents for line in lines)))
    terminals = _terminals(activity, batch_totals, currency)
    mismatches = _mismatches(activity, terminals, currency)
    return DayReport(day, timezone, currency, clinic_name, ledger.clock(), activity.start,
                     activity.end, lines, total,
                     _cents(currency, sum(line.pms_posted_net.cents for line in lines)), terminals,
                     _drawers(activity, currency), tuple(mismatches))


def _order(value: str, known: tuple[str, ...]) -> tuple[int, str]:
    return (known.index(value) if value in known else len(known), value)


def _lines(activity: DayActivity, currency: str) -> tuple[MethodChannelLine, ...]:
    keys: set[tuple[str, str]] = {(s.method, s.channel) for s in activity.sales}
    keys |= {(r.method, r.channel) for r in activity.refunds}
    result = []
    for method, channel in sorted(keys, key=lambda k: (_order(k[0], METHODS),
                                                       _order(k[1], CHANNELS))):
        sales = [s for s in activity.sales if (s.method, s.channel) == (method, channel)]
        refunds = [r for r in activity.refunds if (r.method, r.channel) == (method, channel)]
        posted = sum(s.amount_cents for s in sales if s.posting.status == "posted") \
            - sum(r.amount_cents for r in refunds if r.posting.status == "posted")
        net = sum(s.amount_cents for s in sales) - sum(r.amount_cents for r in refunds)
        result.append(MethodChannelLine(
            method, channel,
            Totals(len(sales), _cents(currency, sum(s.amount_cents for s in sales)),
                   _cents(currency, sum(r.amount_cents for r in refunds))),
            _cents(currency, posted), _cents(currency, net - posted)))
    return tuple(result)


def _terminals(activity: DayActivity, batches: dict[str, tuple[int, int, int]],
               currency: str) -> tuple[TerminalLine, ...]:
    sales: dict[str, list[DaySale]] = defaultdict(list)
    refunds: dict[str, list[DayRefund]] = defaultdict(list)
    for sale in activity.sales:
        if sale.method in PROCESSOR_METHODS:
            sales[sale.terminal_id].append(sale)
    for refund in activity.refunds:
        if refund.method in PROCESSOR_METHODS:
            refunds[refund.terminal_id].append(refund)
    result = []
    for terminal_id in sorted(set(sales) | set(refunds) | set(batches)):
        net = sum(s.amount_cents for s in sales[terminal_id]) \
            - sum(r.amount_cents for r in refunds[terminal_id])
        batch = batches.get(terminal_id)
        result.append(TerminalLine(
            terminal_id, _cents(currency, net), len(sales[terminal_id]),
            _cents(currency, batch[1]) if batch else None,
            batch[0] if batch else None, batch[2] if batch else 0))
    return tuple(result)


def _drawers(activity: DayActivity, currency: str) -> tuple[Drawer, ...]:
    cash: dict[str, int] = defaultdict(int)
    checks: dict[str, list[int]] = defaultdict(list)
    for sale in activity.sales:
        if sale.method == "cash":
            cash[sale.terminal_id] += sale.amount_cents
        elif sale.method == "check":
            checks[sale.terminal_id].append(sale.amount_cents)
    for refund in activity.refunds:
        if refund.method in ("cash", "check"):  # money handed back at that desk
            cash[refund.terminal_id] -= refund.amount_cents
    return tuple(Drawer(t, _cents(currency, cash[t]), _cents(currency, sum(checks[t])),
                        len(checks[t])) for t in sorted(set(cash) | set(checks)))


def _mismatches(activity: DayActivity, terminals: tuple[TerminalLine, ...],
                currency: str) -> list[Mismatch]:
    found: list[Mismatch] = []

    def add(code: str, severity: str, subject: str, cents: int | None, detail: str,
            action: str) -> None:
        found.append(Mismatch(code, severity, subject,
                              _cents(currency, cents) if cents is not None else None,
                              detail, action))

    for item in activity.unsettled:
        if item.kind == "payment_in_doubt":
            add("payment_in_doubt", "error", item.subject, item.amount_cents,
                f"the outcome of this payment on {item.terminal_id} is not known yet",
                f"restart {item.terminal_id}: it asks its terminal (never charges again); "
                "do not take this amount again until it is resolved")
        elif item.kind == "payment_pending":
            add("payment_pending", "info", item.subject, item.amount_cents,
                "a bank payment is still settling", "nothing to do; it settles by itself")
        else:
            add("refund_in_doubt", "error", item.subject, item.amount_cents,
                f"the processor may or may not have made this refund ({item.terminal_id})",
                f"restart {item.terminal_id}: it asks the processor again with the same "
                "refund id; hand out no money meanwhile")
    records: list[tuple[str, str, int, str, str, str]] = [
        (s.payment_id, "payment", s.amount_cents, s.posting.status, s.posting.error,
         s.posting.decision) for s in activity.sales]
    records += [(r.refund_id, "reversal", r.amount_cents, r.posting.status, r.posting.error,
                 r.posting.decision) for r in activity.refunds]
    for subject, kind, cents, status, error, decision in records:
        if status == "posted":
            continue
        if status == "queued":
            add("pms_waiting", "warning", subject, cents, f"this {kind} is not in the PMS yet",
                "check that sync runs (queue screen: last sync); it posts by itself")
        elif status == "attention":
            add("pms_refused", "error", subject, cents,
                f"the PMS refused this {kind}: {error}",
                "fix the cause in the PMS and retry it, or resolve it in the queue with a note")
        elif status == "resolved":
            add("pms_resolved", "info", subject, cents,
                f"settled by staff outside the sync ({decision})", "nothing to do")
        else:
            add("pms_missing", "error", subject, cents,
                f"this {kind} has no posting at all", "contact IT: the ledger is inconsistent")
    for sale in activity.sales:
        if sale.method in PROCESSOR_METHODS and not sale.processor_ref:
            add("no_processor_ref", "warning", sale.payment_id, sale.amount_cents,
                "a card payment without the processor's reference",
                "look the payment up at the processor by our payment id (its reference)")
    for line in terminals:
        if line.processor_net is None:
            if line.ledger_count or line.ledger_net.cents:
                add("no_batch", "warning", line.terminal_id, line.ledger_net.cents,
                    f"no batch was closed on {line.terminal_id} for this day",
                    f"close the batch on {line.terminal_id} (at a counter: \"Close this "
                    "terminal's batch\"; on a kiosk: kiosk report --close-batch) and run the "
                    "report again")
        elif not line.matches:
            add("processor_differs", "error", line.terminal_id,
                line.processor_net.cents - line.ledger_net.cents,
                f"{line.terminal_id}'s batch says {line.processor_net.format()} "
                f"({line.processor_count} sales), the ledger {line.ledger_net.format()} "
                f"({line.ledger_count} sales)",
                "compare the terminal's journal with this terminal's card payments in the "
                "CSV export; an approval missing from the ledger is found by restarting the "
                "device (it asks the terminal)")
    return found


def _cents(currency: str, cents: int) -> Money:
    return Money(int(cents), currency)
