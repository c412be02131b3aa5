"""Crash-safe payment orchestration: the heart of the product."""

from kiosk.payments.policy import AmountPolicy, AmountRefused
from kiosk.payments.reconcile import ReconcileReport, reconcile
from kiosk.payments.service import AttemptResult, PaymentRequest, PaymentService

__all__ = [
    "AmountPolicy",
    "AmountRefused",
    "AttemptResult",
    "PaymentRequest",
    "PaymentService",
    "ReconcileReport",
    "reconcile",
]
