"""Balance reminders: who gets one today, and queueing them (``kiosk notify due``).

Only patients who opted in get one: at the kiosk or counter (recorded in the
ledger with time, channel and place) or in the PMS (when its adapter can
list opt-ins). A patient gets one only when their payable balance (the PMS
balance less our payments the PMS does not show yet) reaches the clinic's
minimum, at most once per ``cadence_days`` per channel, and never during
quiet hours. Each reminder sent is a notice row: that row is the record of
what went out, and what the cadence is reckoned from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from kiosk.crypto import DecryptionError
from kiosk.domain.money import Money
from kiosk.domain.notice import Channel
from kiosk.ledger.database import Ledger
from kiosk.ledger.models import ReminderOptInRow
from kiosk.ledger.queries import unposted_holds
from kiosk.notify.address import AddressError, mask, normalise
from kiosk.notify.content import ClinicInfo, ReminderFacts, reminder_notice
from kiosk.notify.outbox import last_reminder_at
from kiosk.notify.quiet import QuietHours
from kiosk.notify.sealing import Sealer
from kiosk.notify.service import NoticeService
from kiosk.ports.contacts import ReminderOptIns
from kiosk.ports.pms import Pms, PmsError, PmsRejected


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    cadence: timedelta
    min_balance_cents: int
    max_per_run: int


@dataclass(frozen=True, slots=True)
class _OptIn:
    patient_id: str
    channel: Channel
    to: str
    lang: str
    source: str
    given_at: datetime


@dataclass(frozen=True, slots=True)
class PlannedReminder:
    patient_id: str
    channel: Channel
    masked_to: str
    balance: Money
    reference: str
    source: str  # where the opt-in was given: kiosk | counter | pms
    text: str  # the plain text that would go out (no address in it)
    _to: str = field(repr=False, default="")
    _lang: str = field(repr=False, default="en")


@dataclass
class ReminderPlan:
    due: list[PlannedReminder] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    quiet_until: datetime | None = None
    queued: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


class ReminderPlanner:
    def __init__(self, ledger: Ledger, sealer: Sealer, pms: Pms, notices: NoticeService,
                 clinic: ClinicInfo, settings: ReminderSettings, quiet: QuietHours) -> None:
        self.ledger = ledger
        self.sealer = sealer
        self.pms = pms
        self.notices = notices
        self.clinic = clinic
        self.settings = settings
        self.quiet = quiet

    def plan(self, now: datetime | None = None) -> ReminderPlan:
        """Who would get a reminder now, and why the others would not. Writes nothing."""
        moment = now or self.ledger.clock()
        plan = ReminderPlan()
        if self.quiet.contains(moment):
            plan.quiet_until = self.quiet.ends_after(moment)
        for optin in self._optins(plan):
            if len(plan.due) >= self.settings.max_per_run:
                plan.skip("over_run_limit")
                continue
            self._consider(optin, moment, plan)
            if plan.errors:
                break  # the PMS is down: stop rather than half-plan
        return plan

    def run(self, dry_run: bool, now: datetime | None = None) -> ReminderPlan:
        """Plan, and unless ``dry_run`` or in quiet hours, queue what is due."""
        plan = self.plan(now)
        if dry_run or plan.quiet_until is not None:
            return plan
        for item in plan.due:
            plan.queued.append(self.notices.queue_reminder(
                item.patient_id, item.channel, item._to, item.balance, item.reference,
                language=item._lang, actor=f"reminders:{self.notices.actor}"))
        return plan

    def _consider(self, optin: _OptIn, now: datetime, plan: ReminderPlan) -> None:
        if optin.channel not in self.notices.channels:
            plan.skip("channel_not_configured")
            return
        with self.ledger.read() as session:
            last = last_reminder_at(session, optin.patient_id, optin.channel)
        if last is not None and now - last < self.settings.cadence:
            plan.skip("sent_recently")
            return
        try:
            statement = self.pms.statement(optin.patient_id)
        except PmsRejected:
            plan.skip("unknown_to_pms")
            return
        except PmsError as exc:
            plan.errors.append(f"PMS unavailable: {exc}")
            return
        with self.ledger.read() as session:
            holds = unposted_holds(session, optin.patient_id, statement.currency)
        payable = statement.total_due - holds
        if payable.cents < self.settings.min_balance_cents:
            plan.skip("below_minimum")
            return
        preview = reminder_notice("preview", Channel.SMS, "", ReminderFacts(
            statement.statement_code, payable), self.clinic, optin.lang, now)
        plan.due.append(PlannedReminder(
            optin.patient_id, optin.channel, mask(optin.channel, optin.to), payable,
            statement.statement_code, optin.source, preview.text, optin.to, optin.lang))

    def _optins(self, plan: ReminderPlan) -> list[_OptIn]:
        found: dict[tuple[str, Channel], _OptIn] = {}
        with self.ledger.read() as session:
            rows = session.scalars(select(ReminderOptInRow).where(
                ReminderOptInRow.revoked_at.is_(None),
                ReminderOptInRow.sealed.is_not(None))
                .order_by(ReminderOptInRow.patient_id, ReminderOptInRow.channel)).all()
        for row in rows:
            try:
                sealed = self.sealer.open_optin(row.id, row.sealed or b"")
            except DecryptionError:
                plan.skip("unreadable_optin")
                continue
            found[(row.patient_id, Channel(row.channel))] = _OptIn(
                row.patient_id, Channel(row.channel), sealed.to, sealed.lang, row.source,
                row.given_at)
        if isinstance(self.pms, ReminderOptIns):
            try:
                from_pms = self.pms.reminder_optins()
            except PmsError as exc:
                plan.errors.append(f"PMS opt-ins unavailable: {exc}")
                from_pms = []
            for item in from_pms:
                try:
                    channel = Channel(item.channel)
                    to = normalise(channel, item.address, self.notices.default_region)
                except (ValueError, AddressError):
                    plan.skip("unusable_pms_optin")
                    continue
                key = (item.patient_id, channel)
                if key not in found or found[key].given_at < item.given_at:
                    found[key] = _OptIn(item.patient_id, channel, to, "en", "pms",
                                        item.given_at)
        return [found[key] for key in sorted(found)]
