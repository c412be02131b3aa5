"""Import historical payments from a CSV file: validate everything, then all or nothing.

1. The whole file is read and every row validated (:mod:`kiosk.importer.rows`);
   a file with any bad row imports nothing and the report lists every problem.
2. Rows already imported (the payment id is derived from ``external_id``) are
   skipped, so running the same file twice is harmless; a row that reuses an
   ``external_id`` with different figures is an error.
3. The rest go in with **one** ledger transaction: payments in their final
   status with their events, the PMS postings (POSTED when ``in_pms`` says
   the PMS already has them, otherwise QUEUED for the sync worker), refunds
   and their reversals, check numbers, and one audit entry for the file
   (its SHA-256, row count and total). A failure rolls the whole file back.

``on_progress(done, total, phase)`` is called as rows are validated and
written, for a progress bar (phase: ``reading`` | ``validating`` | ``importing``).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentStatus, PostingKind, PostingStatus
from kiosk.importer.rows import OPTIONAL, REQUIRED, HistoricPayment, RowError, parse_row
from kiosk.ledger.counter_models import CounterTenderRow, RefundRow
from kiosk.ledger.database import Ledger
from kiosk.ledger.models import OutboxRow, PaymentEventRow, PaymentRow

Progress = Callable[[int, int, str], None]
MAX_BYTES = 64 * 1024 * 1024


@dataclass
class ImportReport:
    file: str
    sha256: str = ""
    rows: int = 0
    valid: int = 0
    imported: int = 0
    already_imported: int = 0
    total: Money | None = None
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def committed(self) -> bool:
        return self.ok and not self.dry_run and self.imported > 0


def import_payments(ledger: Ledger, path: Path, currency: str, timezone: str, actor: str,
                    dry_run: bool = False, on_progress: Progress | None = None,
                    batch: int = 500) -> ImportReport:
    progress = on_progress or (lambda done, total, phase: None)
    report = ImportReport(str(path), dry_run=dry_run)
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.errors.append(RowError(0, "", f"cannot read the file: {exc.strerror}"))
        return report
    if len(data) > MAX_BYTES:
        report.errors.append(RowError(0, "", "the file is larger than 64 MB; split it"))
        return report
    report.sha256 = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.errors.append(RowError(0, "", "the file is not UTF-8 text"))
        return report
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in (*REQUIRED, *OPTIONAL)]
    if missing or unknown:
        if missing:
            report.errors.append(RowError(1, ",".join(missing), "required columns missing"))
        if unknown:
            report.errors.append(RowError(1, ",".join(unknown), "unknown columns"))
        return report
    reader.fieldnames = header
    raw_rows = list(reader)
    report.rows = len(raw_rows)
    progress(0, report.rows, "reading")

    parsed: list[HistoricPayment] = []
    seen: dict[str, int] = {}
    now = ledger.clock()
    for index, raw in enumerate(raw_rows, start=2):
        if None in raw:  # more cells than columns
            report.errors.append(RowError(index, "", "more values than columns"))
            continue
        row, problems = parse_row(index, raw, currency, timezone, now)
        report.errors.extend(problems)
        if row is not None:
            if row.external_id in seen:
                report.errors.append(RowError(index, "external_id",
                                              f"repeats line {seen[row.external_id]}"))
            else:
                seen[row.external_id] = index
                parsed.append(row)
        if (index - 1) % 200 == 0:
            progress(index - 1, report.rows, "validating")
    progress(report.rows, report.rows, "validating")
    report.valid = len(parsed)  # told even when the file is refused: how far off it is
    if report.errors:
        return report
    report.total = Money(sum(p.amount.cents for p in parsed), currency)

    fresh = _skip_imported(ledger, parsed, report)
    if report.errors or dry_run:
        return report
    with ledger.transaction() as tx:
        for done, payment in enumerate(fresh, start=1):
            _insert(tx.session, payment)
            if done % batch == 0:
                tx.session.flush()
                progress(done, len(fresh), "importing")
        tx.audit(actor, "payments.imported", path.name[:120], sha256=report.sha256,
                 rows=len(fresh), skipped=report.already_imported,
                 total_cents=sum(p.amount.cents for p in fresh))
    report.imported = len(fresh)
    progress(len(fresh), len(fresh), "importing")
    return report


def _skip_imported(ledger: Ledger, parsed: list[HistoricPayment],
                   report: ImportReport) -> list[HistoricPayment]:
    existing: dict[str, tuple[int, str]] = {}
    ids = [p.payment_id for p in parsed]
    with ledger.read() as session:
        for start in range(0, len(ids), 500):
            for row in session.execute(select(PaymentRow.id, PaymentRow.amount_cents,
                                              PaymentRow.patient_id)
                                       .where(PaymentRow.id.in_(ids[start:start + 500]))):
                existing[row[0]] = (row[1], row[2])
    fresh = []
    for payment in parsed:
        found = existing.get(payment.payment_id)
        if found is None:
            fresh.append(payment)
        elif found == (payment.amount.cents, payment.patient_id):
            report.already_imported += 1
        else:
            report.errors.append(RowError(payment.line, "external_id",
                                          "was imported before with other figures"))
    return fresh


def _insert(session: Session, p: HistoricPayment) -> None:
    status = {"captured": PaymentStatus.CAPTURED, "partly_refunded":
              PaymentStatus.PARTLY_REFUNDED, "refunded": PaymentStatus.REFUNDED,
              "voided": PaymentStatus.VOIDED}[p.status]
    posting = PostingStatus.POSTED if p.in_pms else PostingStatus.QUEUED
    session.add(PaymentRow(
        id=p.payment_id, terminal_id=p.terminal_id, channel=p.channel,
        session_ref=f"import:{p.external_id}"[:64], patient_id=p.patient_id,
        display_name=p.display_name, statement_code="", kind="balance", method=p.method,
        amount_cents=p.amount.cents, refunded_cents=p.refunded.cents,
        currency=p.amount.currency, status=status.value, attempts=1, processor="import",
        processor_ref=p.processor_ref, card_brand=p.card_brand, card_last4=p.card_last4,
        auth_code=p.auth_code, last_message="imported", created_at=p.occurred_at,
        updated_at=p.refunded_at if p.refunded.cents else p.occurred_at))
    session.flush()  # the parent before its children (no ORM relationships)
    session.add(PaymentEventRow(payment_id=p.payment_id, at=p.occurred_at, from_status="",
                                to_status=PaymentStatus.CAPTURED.value, attempt=1,
                                detail=f"imported ({p.external_id})"[:240]))
    session.add(OutboxRow(
        posting_id=p.payment_id, kind=PostingKind.PAYMENT.value, payment_id=p.payment_id,
        amount_cents=p.amount.cents, currency=p.amount.currency, status=posting.value,
        attempts=0, next_attempt_at=None, last_error="",
        pms_ref="imported" if p.in_pms else "", created_at=p.occurred_at,
        posted_at=p.occurred_at if p.in_pms else None))
    if p.check_number:
        session.add(CounterTenderRow(payment_id=p.payment_id, method="check", tendered_cents=0,
                                     change_cents=0, check_number=p.check_number,
                                     staff_id="import", created_at=p.occurred_at))
    if p.refunded.cents:
        session.add(PaymentEventRow(payment_id=p.payment_id, at=p.refunded_at,
                                    from_status=PaymentStatus.CAPTURED.value,
                                    to_status=status.value, attempt=1, detail="imported"))
        session.add(RefundRow(
            id=p.refund_id, payment_id=p.payment_id,
            kind="void" if p.status == "voided" else "refund", amount_cents=p.refunded.cents,
            currency=p.amount.currency, method=p.method, status="done",
            terminal_id=p.terminal_id, requested_by="import", approved_by="import",
            reason="other", attempts=0, refund_ref="", last_message="imported",
            created_at=p.refunded_at, updated_at=p.refunded_at, done_at=p.refunded_at))
        session.add(OutboxRow(
            posting_id=p.refund_id, kind=PostingKind.REVERSAL.value, payment_id=p.payment_id,
            amount_cents=p.refunded.cents, currency=p.amount.currency, status=posting.value,
            attempts=0, next_attempt_at=None, last_error="",
            pms_ref="imported" if p.in_pms else "", created_at=p.refunded_at,
            posted_at=p.refunded_at if p.in_pms else None))
