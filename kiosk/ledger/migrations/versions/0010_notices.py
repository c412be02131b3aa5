"""Notices: the outbox of receipts and reminders by email and SMS, and reminder opt-ins.

Revision ID: 0010_notices
Revises: 0001_initial
Create Date: 2026-11-28

Frozen history: plain SQLAlchemy types, never the application's models.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_notices"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = sa.DateTime(timezone=True)
    op.create_table(
        "notices",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("payment_id", sa.String(36), sa.ForeignKey("payments.id"), nullable=True),
        sa.Column("patient_id", sa.String(64), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", utc, nullable=True),
        sa.Column("claimed_at", utc, nullable=True),
        sa.Column("in_doubt", sa.Boolean(), nullable=False),
        sa.Column("last_error", sa.String(240), nullable=False),
        sa.Column("provider_ref", sa.String(128), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=True),
        sa.Column("pms_handover", sa.Boolean(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("queued_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.Column("sent_at", utc, nullable=True),
    )
    op.create_index("ix_notices_status_due", "notices", ["status", "next_attempt_at"])
    op.create_index("ix_notices_payment", "notices", ["payment_id"])
    op.create_index("ix_notices_patient", "notices",
                    ["patient_id", "kind", "channel", "created_at"])

    op.create_table(
        "reminder_optins",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("patient_id", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("given_at", utc, nullable=False),
        sa.Column("revoked_at", utc, nullable=True),
        sa.UniqueConstraint("patient_id", "channel", name="uq_reminder_optins_patient_channel"),
    )


def downgrade() -> None:
    op.drop_table("reminder_optins")
    op.drop_table("notices")
