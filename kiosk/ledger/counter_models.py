"""Ledger tables of counter mode and the shared ledger (issue 8; migration 0011_counter).

Kept apart from :mod:`kiosk.ledger.models` so the payment core's tables stay
as they were. The same rules hold: no PHI beyond the PMS patient id and a
masked name, no card data, no bank data beyond a check number.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.ledger.models import Base, UtcDateTime


class StaffUserRow(Base):
    """A receptionist, supervisor or admin. Only an Argon2 hash of the password is kept."""

    __tablename__ = "staff_users"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean)
    #: Failed sign-ins since the last success; reaching the limit sets ``locked_until``.
    failed_attempts: Mapped[int] = mapped_column(Integer)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CounterTenderRow(Base):
    """How a counter payment was tendered: cash given and change, or a check's number."""

    __tablename__ = "counter_tenders"

    payment_id: Mapped[str] = mapped_column(ForeignKey("payments.id"), primary_key=True)
    method: Mapped[str] = mapped_column(String(16))
    tendered_cents: Mapped[int] = mapped_column(BigInteger)
    change_cents: Mapped[int] = mapped_column(BigInteger)
    #: Digits only, at most 10: never routing or account numbers, never card-like.
    check_number: Mapped[str] = mapped_column(String(10))
    staff_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())

    __table_args__ = (
        CheckConstraint("change_cents >= 0", name="ck_tenders_change_not_negative"),
        CheckConstraint("tendered_cents >= 0", name="ck_tenders_tendered_not_negative"),
    )


class RefundRow(Base):
    """One refund or void, approved by a supervisor; its id is the processor's and PMS's key.

    ``status``: requested (approved and recorded; no money moved) -> sent (the
    processor was asked; outcome unknown until recorded) -> done | failed.
    """

    __tablename__ = "refunds"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    payment_id: Mapped[str] = mapped_column(ForeignKey("payments.id"))
    kind: Mapped[str] = mapped_column(String(8))  # refund | void
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(12))
    #: The counter whose terminal carries it (and which resolves it after a crash).
    terminal_id: Mapped[str] = mapped_column(String(40))
    requested_by: Mapped[str] = mapped_column(String(36))
    approved_by: Mapped[str] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(String(24))  # a code, never free text (no PHI)
    attempts: Mapped[int] = mapped_column(Integer)
    refund_ref: Mapped[str] = mapped_column(String(128))
    last_message: Mapped[str] = mapped_column(String(240))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)

    __table_args__ = (
        Index("ix_refunds_payment", "payment_id"),
        Index("ix_refunds_status", "status"),
        Index("ix_refunds_done", "done_at"),
        CheckConstraint("amount_cents > 0", name="ck_refunds_amount_positive"),
    )


class PostingResolutionRow(Base):
    """A staff decision that settles a posting outside the sync, with a note."""

    __tablename__ = "posting_resolutions"

    posting_id: Mapped[str] = mapped_column(ForeignKey("outbox.posting_id"), primary_key=True)
    decision: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(String(240))
    staff_id: Mapped[str] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class KioskSessionRow(Base):
    """The one live patient session of each kiosk, so the front desk can take it over."""

    __tablename__ = "kiosk_sessions"

    kiosk_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    session_ref: Mapped[str] = mapped_column(String(64))
    patient_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(80))  # masked: "Maria G."
    amount_cents: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    currency: Mapped[str] = mapped_column(String(3))
    payment_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    step: Mapped[str] = mapped_column(String(24))
    state: Mapped[str] = mapped_column(String(12))  # active | taken_over | ended
    taken_by: Mapped[str] = mapped_column(String(36))
    taken_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TerminalBatchRow(Base):
    """A terminal's end-of-day totals, recorded when its batch was closed."""

    __tablename__ = "terminal_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    terminal_id: Mapped[str] = mapped_column(String(40))
    business_date: Mapped[str] = mapped_column(String(10))  # the clinic's day, YYYY-MM-DD
    processor: Mapped[str] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(Integer)
    net_cents: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    detail: Mapped[str] = mapped_column(String(240))
    closed_by: Mapped[str] = mapped_column(String(64))
    closed_at: Mapped[datetime] = mapped_column(UtcDateTime())

    __table_args__ = (Index("ix_terminal_batches_day", "business_date", "terminal_id"),)
