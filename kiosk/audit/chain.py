"""HMAC chaining of audit rows, one chain per terminal.

``mac[n] = HMAC-SHA256(key, mac[n-1] || canonical(entry[n]))`` with a zero
genesis link. The key comes from the secret store, never the database, so
someone who can edit the database file cannot forge a consistent chain.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.audit.anchor import Anchor, AnchorFile
from kiosk.ledger.locks import advisory_lock
from kiosk.ledger.models import AuditRow

log = logging.getLogger(__name__)

GENESIS = "0" * 64
_SAFE_DETAIL_TYPES = (str, int, bool, type(None))


def _canonical(terminal_id: str, seq: int, at: str, actor: str, action: str, subject: str,
               detail: str) -> bytes:
    return json.dumps([terminal_id, seq, at, actor, action, subject, detail],
                      separators=(",", ":"), ensure_ascii=True).encode()


def compute_mac(key: bytes, prev_mac: str, row: AuditRow) -> str:
    message = prev_mac.encode() + _canonical(
        row.terminal_id, row.seq, row.at, row.actor, row.action, row.subject, row.detail
    )
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def canonical_detail(detail: Mapping[str, Any]) -> str:
    """Details are flat and scalar: a nested structure would hide PHI from review."""
    for name, value in detail.items():
        if not isinstance(value, _SAFE_DETAIL_TYPES):
            raise TypeError(f"audit detail {name!r} must be a scalar, got {type(value).__name__}")
    return json.dumps(dict(detail), sort_keys=True, separators=(",", ":"), ensure_ascii=True)


class AuditChain:
    """Appends to one terminal's chain inside the caller's transaction."""

    def __init__(self, key: bytes, terminal_id: str, anchor: AnchorFile) -> None:
        if len(key) < 16:
            raise ValueError("the audit key must be at least 16 bytes")
        self._key = key
        self.terminal_id = terminal_id
        self.anchor = anchor

    def append(self, session: Session, *, at: datetime, actor: str, action: str,
               subject: str = "", detail: Mapping[str, Any] | None = None) -> Anchor:
        """Add one row; the caller commits and then calls :meth:`anchor_committed`.

        On a shared ledger two processes of one terminal (or its GUI and sync
        threads) may append at once; the advisory lock makes the read of the
        last link and the insert of the next one a unit (a no-op on SQLite).
        """
        advisory_lock(session, "audit", self.terminal_id)
        last = session.execute(
            select(AuditRow.seq, AuditRow.mac)
            .where(AuditRow.terminal_id == self.terminal_id)
            .order_by(AuditRow.seq.desc())
            .limit(1)
        ).first()
        seq, prev_mac = (last[0] + 1, last[1]) if last else (1, GENESIS)
        row = AuditRow(
            terminal_id=self.terminal_id, seq=seq, at=at.isoformat(), actor=actor,
            action=action, subject=subject, detail=canonical_detail(detail or {}), mac="",
        )
        row.mac = compute_mac(self._key, prev_mac, row)
        session.add(row)
        return Anchor(seq, row.mac)

    def anchor_committed(self, anchor: Anchor) -> None:
        """Best effort after the commit: a failed anchor write is healed at the next start.

        The transaction is already durable; reporting this as a failure would make
        the caller believe it was not, and a retry could then record a step twice.
        """
        try:
            self.anchor.write(anchor)
        except OSError as exc:
            log.error("could not write the audit anchor (%s); it is resynced at the next "
                      "start", exc.strerror or exc.__class__.__name__)

    def resync_anchor(self, session: Session) -> Anchor | None:
        """At start: move the anchor forward over rows committed just before a crash.

        Only rows that verify are accepted, so this never hides tampering.
        """
        report = verify_chain(session, self._key, self.terminal_id, self.anchor)
        if report.ok and report.last is not None and report.anchor_behind:
            self.anchor.write(report.last)
        return report.last


@dataclass
class VerifyReport:
    terminal_id: str
    entries: int = 0
    problems: list[str] = field(default_factory=list)
    last: Anchor | None = None
    anchor_behind: int = 0  # rows committed after the anchor was last written (crash window)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(session: Session, key: bytes, terminal_id: str,
                 anchor_file: AnchorFile | None) -> VerifyReport:
    report = VerifyReport(terminal_id)
    rows: Iterable[AuditRow] = session.scalars(
        select(AuditRow).where(AuditRow.terminal_id == terminal_id).order_by(AuditRow.seq)
    )
    prev_mac, expected_seq = GENESIS, 1
    for row in rows:
        report.entries += 1
        if row.seq != expected_seq:
            report.problems.append(
                f"entry {expected_seq} is missing (next entry found is {row.seq})"
            )
        if not hmac.compare_digest(compute_mac(key, prev_mac, row), row.mac):
            report.problems.append(f"entry {row.seq} was altered (its MAC does not match)")
        prev_mac, expected_seq = row.mac, row.seq + 1
        report.last = Anchor(row.seq, row.mac)
    if anchor_file is None:
        return report
    anchor = anchor_file.read()
    if anchor is None:
        if report.entries:
            report.problems.append(f"the anchor file {anchor_file.path} is missing")
        return report
    if anchor.seq < 0:
        report.problems.append(f"the anchor file {anchor_file.path} is unreadable")
        return report
    last_seq = report.last.seq if report.last else 0
    if anchor.seq > last_seq:
        report.problems.append(
            f"the log ends at entry {last_seq} but the anchor records entry {anchor.seq}: "
            "the newest entries were deleted or rolled back"
        )
    else:
        at_anchor = session.scalar(
            select(AuditRow.mac).where(AuditRow.terminal_id == terminal_id,
                                       AuditRow.seq == anchor.seq)
        ) if anchor.seq else GENESIS
        if at_anchor != anchor.mac:
            report.problems.append(f"entry {anchor.seq} does not match the anchor")
        report.anchor_behind = last_seq - anchor.seq
    return report
