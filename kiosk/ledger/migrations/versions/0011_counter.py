"""Counter mode and the shared ledger: staff, tenders, refunds, resolutions, kiosk sessions,
terminal batches.

Revision ID: 0011_counter
Revises: 0010_notices
Create Date: 2026-11-27

Frozen history: plain SQLAlchemy types, never the application's models.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_counter"
down_revision = "0010_notices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = sa.DateTime(timezone=True)
    op.create_table(
        "staff_users",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("username", sa.String(40), nullable=False, unique=True),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", utc, nullable=True),
        sa.Column("last_sign_in_at", utc, nullable=True),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
    )
    op.create_table(
        "counter_tenders",
        sa.Column("payment_id", sa.String(36), sa.ForeignKey("payments.id"), primary_key=True),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("tendered_cents", sa.BigInteger(), nullable=False),
        sa.Column("change_cents", sa.BigInteger(), nullable=False),
        sa.Column("check_number", sa.String(10), nullable=False),
        sa.Column("staff_id", sa.String(36), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.CheckConstraint("change_cents >= 0", name="ck_tenders_change_not_negative"),
        sa.CheckConstraint("tendered_cents >= 0", name="ck_tenders_tendered_not_negative"),
    )
    op.create_table(
        "refunds",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("payment_id", sa.String(36), sa.ForeignKey("payments.id"), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("terminal_id", sa.String(40), nullable=False),
        sa.Column("requested_by", sa.String(36), nullable=False),
        sa.Column("approved_by", sa.String(36), nullable=False),
        sa.Column("reason", sa.String(24), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("refund_ref", sa.String(128), nullable=False),
        sa.Column("last_message", sa.String(240), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.Column("done_at", utc, nullable=True),
        sa.CheckConstraint("amount_cents > 0", name="ck_refunds_amount_positive"),
    )
    op.create_index("ix_refunds_payment", "refunds", ["payment_id"])
    op.create_index("ix_refunds_status", "refunds", ["status"])
    op.create_index("ix_refunds_done", "refunds", ["done_at"])
    op.create_table(
        "posting_resolutions",
        sa.Column("posting_id", sa.String(36), sa.ForeignKey("outbox.posting_id"),
                  primary_key=True),
        sa.Column("decision", sa.String(24), nullable=False),
        sa.Column("note", sa.String(240), nullable=False),
        sa.Column("staff_id", sa.String(36), nullable=False),
        sa.Column("at", utc, nullable=False),
    )
    op.create_table(
        "kiosk_sessions",
        sa.Column("kiosk_id", sa.String(40), primary_key=True),
        sa.Column("session_ref", sa.String(64), nullable=False),
        sa.Column("patient_id", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("payment_id", sa.String(36), nullable=True),
        sa.Column("step", sa.String(24), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("taken_by", sa.String(36), nullable=False),
        sa.Column("taken_at", utc, nullable=True),
        sa.Column("updated_at", utc, nullable=False),
    )
    op.create_table(
        "terminal_batches",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("terminal_id", sa.String(40), nullable=False),
        sa.Column("business_date", sa.String(10), nullable=False),
        sa.Column("processor", sa.String(32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("net_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("detail", sa.String(240), nullable=False),
        sa.Column("closed_by", sa.String(64), nullable=False),
        sa.Column("closed_at", utc, nullable=False),
    )
    op.create_index("ix_terminal_batches_day", "terminal_batches",
                    ["business_date", "terminal_id"])


def downgrade() -> None:
    for table in ("terminal_batches", "kiosk_sessions", "posting_resolutions", "refunds",
                  "counter_tenders", "staff_users"):
        op.drop_table(table)
