"""Initial ledger schema: payments, payment events, outbox, audit log.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-27

Migrations are frozen history: they use plain SQLAlchemy types, never the
application's models, so later model changes cannot alter what ran here.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

_APPEND_ONLY_SQLITE = """
CREATE TRIGGER audit_log_no_{verb} BEFORE {event} ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
"""
_APPEND_ONLY_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$ LANGUAGE plpgsql
"""
_APPEND_ONLY_POSTGRES = """
CREATE TRIGGER audit_log_no_{verb} BEFORE {event} ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
"""


def upgrade() -> None:
    utc = sa.DateTime(timezone=True)
    op.create_table(
        "payments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("terminal_id", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("session_ref", sa.String(64), nullable=False),
        sa.Column("patient_id", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("statement_code", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("refunded_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("processor", sa.String(32), nullable=False),
        sa.Column("processor_ref", sa.String(128), nullable=False),
        sa.Column("card_brand", sa.String(24), nullable=False),
        sa.Column("card_last4", sa.String(4), nullable=False),
        sa.Column("auth_code", sa.String(16), nullable=False),
        sa.Column("last_message", sa.String(240), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount_cents > 0", name="ck_payments_amount_positive"),
        sa.CheckConstraint("refunded_cents >= 0 AND refunded_cents <= amount_cents",
                           name="ck_payments_refund_bounded"),
    )
    op.create_index("ix_payments_status", "payments", ["status"])
    op.create_index("ix_payments_patient", "payments", ["patient_id"])
    op.create_index("ix_payments_session", "payments", ["session_ref"])
    op.create_index("ix_payments_created", "payments", ["created_at"])

    op.create_table(
        "payment_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("payment_id", sa.String(36), sa.ForeignKey("payments.id"), nullable=False),
        sa.Column("at", utc, nullable=False),
        sa.Column("from_status", sa.String(20), nullable=False),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("detail", sa.String(240), nullable=False),
    )
    op.create_index("ix_payment_events_payment", "payment_events", ["payment_id"])

    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("posting_id", sa.String(36), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("payment_id", sa.String(36), sa.ForeignKey("payments.id"), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", utc, nullable=True),
        sa.Column("last_error", sa.String(240), nullable=False),
        sa.Column("pms_ref", sa.String(128), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("posted_at", utc, nullable=True),
        sa.CheckConstraint("amount_cents > 0", name="ck_outbox_amount_positive"),
    )
    op.create_index("ix_outbox_status_seq", "outbox", ["status", "seq"])
    op.create_index("ix_outbox_payment", "outbox", ["payment_id"])

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("terminal_id", sa.String(40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(128), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("mac", sa.String(64), nullable=False),
        sa.UniqueConstraint("terminal_id", "seq", name="uq_audit_terminal_seq"),
    )

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb, event in (("update", "UPDATE"), ("delete", "DELETE")):
            op.execute(_APPEND_ONLY_SQLITE.format(verb=verb, event=event))
    elif dialect == "postgresql":
        op.execute(_APPEND_ONLY_POSTGRES_FUNCTION)
        for verb, event in (("update", "UPDATE"), ("delete", "DELETE")):
            op.execute(_APPEND_ONLY_POSTGRES.format(verb=verb, event=event))


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("outbox")
    op.drop_table("payment_events")
    op.drop_table("payments")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
