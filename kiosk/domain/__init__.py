"""Domain types shared by every layer: money, patients, statements, payments."""

from kiosk.domain.money import Money
from kiosk.domain.patient import Patient, PatientQuery
from kiosk.domain.payment import (
    PaymentKind,
    PaymentStatus,
    PostingKind,
    PostingStatus,
)
from kiosk.domain.posting import Posting
from kiosk.domain.statement import LineItem, PriorPayment, Statement

__all__ = [
    "LineItem",
    "Money",
    "Patient",
    "PatientQuery",
    "PaymentKind",
    "PaymentStatus",
    "Posting",
    "PostingKind",
    "PostingStatus",
    "PriorPayment",
    "Statement",
]
