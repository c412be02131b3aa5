"""SQLAlchemy 2 typed models of the ledger.

The ledger holds no PHI beyond the PMS patient id and a masked display name
("Maria G."), and no card data beyond brand, last four and authorisation code.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, whatever the database keeps."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the ledger; use an aware UTC time")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class PaymentRow(Base):
    __tablename__ = "payments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(16))
    #: The kiosk or counter session that made it (lets a restarted kiosk find its work).
    session_ref: Mapped[str] = mapped_column(String(64), default="")
    patient_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(80))
    statement_code: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(16))
    method: Mapped[str] = mapped_column(String(16))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    refunded_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    processor: Mapped[str] = mapped_column(String(32))
    processor_ref: Mapped[str] = mapped_column(String(128), default="")
    card_brand: Mapped[str] = mapped_column(String(24), default="")
    card_last4: Mapped[str] = mapped_column(String(4), default="")
    auth_code: Mapped[str] = mapped_column(String(16), default="")
    #: The latest staff-facing message (decline reason, terminal error); never card data.
    last_message: Mapped[str] = mapped_column(String(240), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        Index("ix_payments_status", "status"),
        Index("ix_payments_patient", "patient_id"),
        Index("ix_payments_session", "session_ref"),
        Index("ix_payments_created", "created_at"),
        CheckConstraint("amount_cents > 0", name="ck_payments_amount_positive"),
        CheckConstraint("refunded_cents >= 0 AND refunded_cents <= amount_cents",
                        name="ck_payments_refund_bounded"),
    )


class PaymentEventRow(Base):
    """Every status change of every payment, in order: the payment's own history."""

    __tablename__ = "payment_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    payment_id: Mapped[str] = mapped_column(ForeignKey("payments.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20))
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    detail: Mapped[str] = mapped_column(String(240), default="")

    __table_args__ = (Index("ix_payment_events_payment", "payment_id"),)


class OutboxRow(Base):
    """One posting waiting for (or done with) the PMS.

    ``seq`` orders the drain; ``posting_id`` is the idempotency key the PMS
    de-duplicates on (the payment id for a payment, the refund id for a reversal).
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    posting_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    payment_id: Mapped[str] = mapped_column(ForeignKey("payments.id"))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_error: Mapped[str] = mapped_column(String(240), default="")
    pms_ref: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    posted_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)

    __table_args__ = (
        Index("ix_outbox_status_seq", "status", "seq"),
        Index("ix_outbox_payment", "payment_id"),
        CheckConstraint("amount_cents > 0", name="ck_outbox_amount_positive"),
    )


class AuditRow(Base):
    """Append-only, HMAC-chained per terminal: ``mac = HMAC(key, prev_mac + entry)``."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    terminal_id: Mapped[str] = mapped_column(String(40))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(40))  # ISO 8601 UTC, exactly as hashed
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(128), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON, no PHI
    mac: Mapped[str] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("terminal_id", "seq", name="uq_audit_terminal_seq"),)


# -- notices: receipts and reminders by email and text message (issue 10) ------------------


class NoticeRow(Base):
    """One receipt or reminder on its way to an email or SMS server: the notice outbox.

    ``id`` is the idempotency key the server sees (the email's Message-ID). The
    address, and anything else personal, sits only in ``sealed`` (AES-GCM bound
    to this id) and is erased when the server accepts the notice.
    """

    __tablename__ = "notices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # receipt | reminder
    channel: Mapped[str] = mapped_column(String(8))  # email | sms
    payment_id: Mapped[str | None] = mapped_column(ForeignKey("payments.id"), nullable=True)
    patient_id: Mapped[str] = mapped_column(String(64))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    #: Set while a worker is handing the notice over; a stale claim means it died doing so.
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    #: The last attempt may have reached the server: ask it before sending again.
    in_doubt: Mapped[bool] = mapped_column(Boolean, default=False)
    last_error: Mapped[str] = mapped_column(String(240), default="")
    provider_ref: Mapped[str] = mapped_column(String(128), default="")
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    #: The address still has to be handed to the PMS before it is erased.
    pms_handover: Mapped[bool] = mapped_column(Boolean, default=False)
    actor: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: When it (re)entered the queue: the give-up clock starts here.
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)

    __table_args__ = (
        Index("ix_notices_status_due", "status", "next_attempt_at"),
        Index("ix_notices_payment", "payment_id"),
        Index("ix_notices_patient", "patient_id", "kind", "channel", "created_at"),
    )


class ReminderOptInRow(Base):
    """A patient's consent to balance reminders on one channel, given at the kiosk or counter."""

    __tablename__ = "reminder_optins"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    patient_id: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(8))
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    source: Mapped[str] = mapped_column(String(16))  # kiosk | counter
    actor: Mapped[str] = mapped_column(String(64))
    given_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)

    __table_args__ = (
        UniqueConstraint("patient_id", "channel", name="uq_reminder_optins_patient_channel"),
    )


def utc_now() -> datetime:
    return datetime.now(UTC)
