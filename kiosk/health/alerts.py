"""Telling IT that a kiosk is out of service, once, and again when it is back.

The decision (:class:`AlertPolicy`) is a small state machine kept in a JSON
file in the data folder, so a kiosk that restarts again and again does not
forget what it already said:

* a part counts as failing once it has failed, and as recovered only after
  it has worked for ``alert_after_s`` without a break; so a flapping part
  neither escapes notice nor sends an alert and a recovery every minute;
* IT is emailed when a part has been failing for ``alert_after_s``; again
  when another part joins it, or after ``repeat_after_h`` while it lasts;
  and once more (``notify_recovery``) when every part it was told about
  has recovered.

The email goes through the notice outbox (a notice of kind ``it_alert`` to
``health.it_email``, sealed like any address, retried with backoff, at most
one waiting at a time). When the ledger itself cannot be opened there is no
outbox: :class:`DirectSender` hands the email straight to the notifier.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.domain.notice import Channel, NoticeKind, NoticeStatus
from kiosk.health.checks import Check
from kiosk.health.status import write_atomic
from kiosk.notify.sealing import Sealed
from kiosk.ports.notifier import Notice

if TYPE_CHECKING:
    from kiosk.app import App
    from kiosk.config.schema import Config
    from kiosk.ports.notifier import Notifier

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Alert:
    """One email to IT. ``kind``: ``out_of_service`` | ``reminder`` | ``recovered``."""

    kind: str
    parts: tuple[str, ...]
    subject: str
    text: str


@dataclass
class AlertState:
    failing_since: dict[str, datetime] = field(default_factory=dict)
    ok_since: dict[str, datetime] = field(default_factory=dict)
    told: tuple[str, ...] = ()  # the parts IT was last told about
    told_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {"failing_since": {k: v.isoformat() for k, v in self.failing_since.items()},
                "ok_since": {k: v.isoformat() for k, v in self.ok_since.items()},
                "told": list(self.told),
                "told_at": self.told_at.isoformat() if self.told_at else None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AlertState:
        def times(raw: Any) -> dict[str, datetime]:
            return {str(k): datetime.fromisoformat(str(v)) for k, v in dict(raw or {}).items()}

        told_at = data.get("told_at")
        return cls(times(data.get("failing_since")), times(data.get("ok_since")),
                   tuple(str(p) for p in data.get("told") or ()),
                   datetime.fromisoformat(told_at) if told_at else None)


class AlertPolicy:
    def __init__(self, state_path: Path, alert_after: timedelta, repeat_after: timedelta,
                 notify_recovery: bool = True) -> None:
        self.state_path = state_path
        self.alert_after = alert_after
        self.repeat_after = repeat_after
        self.notify_recovery = notify_recovery
        self.state = self._load()

    def _load(self) -> AlertState:
        try:
            return AlertState.from_json(json.loads(self.state_path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return AlertState()
        except (OSError, ValueError, TypeError, AttributeError):
            log.warning("alert state at %s unreadable; starting afresh", self.state_path)
            return AlertState()

    def save(self) -> None:
        write_atomic(self.state_path, self.state.to_json())

    def observe(self, failing: Sequence[str], checked: Sequence[str],
                now: datetime) -> tuple[str, tuple[str, ...]] | None:
        """Record one round of checks; returns ``(kind, parts)`` when IT should be told.

        ``checked`` names every part that was checked this round (a part not
        checked keeps its state); ``failing`` those of them that failed.
        """
        state = self.state
        failing_now = set(failing)
        for name in checked:
            if name in failing_now:
                state.failing_since.setdefault(name, now)
                state.ok_since.pop(name, None)
            elif name in state.failing_since:
                since = state.ok_since.setdefault(name, now)
                if now - since >= self.alert_after:  # recovered for good
                    del state.failing_since[name]
                    del state.ok_since[name]
        due = tuple(sorted(name for name, since in state.failing_since.items()
                           if now - since >= self.alert_after))
        if due:
            new = set(due) - set(state.told)
            repeat = state.told_at is not None and now - state.told_at >= self.repeat_after
            if new or not state.told or repeat:
                kind = "reminder" if state.told and not new else "out_of_service"
                state.told, state.told_at = due, now
                return kind, due
            return None
        if state.told and not set(state.told) & set(state.failing_since):
            told = state.told
            state.told, state.told_at = (), None
            return ("recovered", told) if self.notify_recovery else None
        return None


def compose(kind: str, parts: Sequence[str], checks: Sequence[Check], config: Config,
            since: dict[str, datetime], status_file: Path) -> Alert:
    """The email: which parts, since when, what each check said; no patient data."""
    terminal, clinic = config.terminal_id, config.clinic.name
    details = {c.name: c.detail for c in checks}
    if kind == "recovered":
        subject = f"[ClinicPay] {terminal} is back in service"
        lines = [f"The kiosk {terminal} at {clinic} works again: " + ", ".join(parts)
                 + " recovered."]
    else:
        subject = f"[ClinicPay] {terminal} out of service: " + ", ".join(parts)
        lines = [f"The kiosk {terminal} at {clinic} needs attention"
                 + (" (still)." if kind == "reminder" else "."), ""]
        for part in parts:
            when = since.get(part)
            stamp = when.strftime("%Y-%m-%d %H:%M UTC") if when else "unknown"
            lines.append(f"- {part}: failing since {stamp}: {details.get(part, 'no detail')}")
        lines += ["", "This is repeated every "
                  f"{int(config.health.repeat_after_h)} h while it lasts"
                  + ("; another message says when the kiosk is back in service."
                     if config.health.notify_recovery else ".")]
    lines += ["", f"Status file: {status_file}",
              "On the kiosk: `kiosk doctor` (docs/deploy.md, \"Diagnose\")."]
    return Alert(kind, tuple(parts), subject, "\n".join(lines) + "\n")


def alert_notice(notice_id: str, channel: Channel, sealed: Sealed,
                 created_at: datetime | None) -> Notice:
    """The notice worker's view of a queued IT alert (see :class:`OutboxSender`)."""
    body = json.loads(sealed.reference)
    return Notice(id=notice_id, channel=channel.value, to=sealed.to,
                  subject=str(body["subject"]), text=str(body["text"]), created_at=created_at)


class OutboxSender:
    """Queue the alert in the notice outbox; one IT alert waits at a time (the newest)."""

    def __init__(self, app: App, to: str) -> None:
        self.app = app
        self.to = to

    def __call__(self, alert: Alert) -> bool:
        from kiosk.ledger.models import NoticeRow

        app = self.app
        notices = app.notices
        if notices is None or not notices.sealer.enabled:
            log.warning("cannot queue an IT alert: no notice channel is configured")
            return False
        now = app.ledger.clock()
        actor = app.actor
        payload = Sealed(self.to, "en", json.dumps({"subject": alert.subject,
                                                    "text": alert.text}))
        with app.ledger.transaction() as tx:
            from sqlalchemy import select

            waiting = tx.session.scalars(select(NoticeRow).where(
                NoticeRow.kind == NoticeKind.IT_ALERT.value,
                NoticeRow.status == NoticeStatus.QUEUED.value,
                NoticeRow.claimed_at.is_(None))).all()
            for old in waiting:  # superseded by this newer picture
                old.status, old.sealed, old.updated_at = NoticeStatus.CANCELED.value, None, now
                tx.audit(actor, "notice.canceled", old.id, kind=old.kind, reason="superseded")
            notice_id = str(uuid.uuid4())
            row = NoticeRow(
                id=notice_id, kind=NoticeKind.IT_ALERT.value, channel=Channel.EMAIL.value,
                payment_id=None, patient_id="", amount_cents=0,
                currency=app.config.clinic.currency, status=NoticeStatus.QUEUED.value,
                attempts=0, next_attempt_at=None, claimed_at=None, in_doubt=False,
                last_error="", provider_ref="", sealed=notices.sealer.seal_notice(notice_id,
                                                                                  payload),
                pms_handover=False, actor=actor[:64], created_at=now, queued_at=now,
                updated_at=now, sent_at=None)
            tx.session.add(row)
            tx.audit(actor, "notice.queued", notice_id, kind=row.kind, channel=row.channel,
                     alert=alert.kind, parts=",".join(alert.parts))
        if app.notice_worker is not None:
            app.notice_worker.wake()
        return True


class DirectSender:
    """Without a ledger: hand the email to the notifier at once (one attempt per alert)."""

    def __init__(self, notifier: Notifier, to: str) -> None:
        self.notifier = notifier
        self.to = to

    def __call__(self, alert: Alert) -> bool:
        notice = Notice(id=str(uuid.uuid4()), channel=Channel.EMAIL.value, to=self.to,
                        subject=alert.subject, text=alert.text, created_at=datetime.now(UTC))
        try:
            result = self.notifier.send(notice)
        except Exception as exc:
            log.warning("IT alert not sent: %s", exc)
            return False
        if not result.accepted:
            log.warning("IT alert not accepted by the %s server", self.notifier.name)
        return result.accepted


Sender = Callable[[Alert], bool]
