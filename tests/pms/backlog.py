"""A posting backlog in a real ledger, fast: one payment through the core, then copies.

Taking a thousand payments through the payment core costs a minute of fsyncs (the
outage and crash tests do that already); the drain tests and the benchmark only need
the queue, so the first payment's rows are copied with new ids in one commit.
"""

from __future__ import annotations

import uuid

from kiosk.app import App
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentKind
from kiosk.ledger.models import OutboxRow, PaymentRow
from kiosk.payments.service import PaymentRequest


def queue_payments(app: App, count: int, patients: list[str]) -> list[str]:
    """Queue ``count`` captured payments (round-robin over ``patients``); their ids in order."""
    first = app.payments.start(PaymentRequest(
        patient_id=patients[0], display_name="Test P.", amount=Money(1_500),
        statement_balance=None, kind=PaymentKind.COPAY))
    assert app.payments.authorize(first).approved
    ids = [first]
    with app.ledger.transaction() as tx:
        payment = tx.session.get(PaymentRow, first)
        outbox = tx.session.query(OutboxRow).filter_by(payment_id=first).one()
        assert payment is not None
        columns = [c.key for c in PaymentRow.__table__.columns]
        copies = []
        for n in range(1, count):
            copy = PaymentRow(**{c: getattr(payment, c) for c in columns})
            copy.id = str(uuid.uuid4())
            copy.patient_id = patients[n % len(patients)]
            copy.amount_cents = 1_500 + n % 500
            copies.append(copy)
            ids.append(copy.id)
        tx.session.add_all(copies)
        tx.session.flush()  # payments before the outbox rows that name them
        tx.session.add_all([OutboxRow(
            posting_id=copy.id, kind=outbox.kind, payment_id=copy.id,
            amount_cents=copy.amount_cents, currency=outbox.currency, status=outbox.status,
            attempts=0, created_at=outbox.created_at) for copy in copies])
    return ids
