"""What a patient may pay, decided in the core (screens only reflect it).

Payable = the PMS balance − our payments not yet posted (including any whose
outcome is still in doubt), so a balance is never paid twice between the
kiosk, the counter and the offline cache. A clinic may allow a copay or
prepayment toward a visit, which is bounded by the clinic's limit instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentKind


class AmountRefused(ValueError):
    """An amount the core will not take. ``patient_message`` is kind and short."""

    def __init__(self, code: str, patient_message: str) -> None:
        self.code = code
        self.patient_message = patient_message
        super().__init__(f"{code}: {patient_message}")


@dataclass(frozen=True, slots=True)
class AmountPolicy:
    currency: str = "USD"
    allow_copay: bool = False
    allow_prepayment: bool = False
    max_unbounded: Money = field(default_factory=lambda: Money(50_000))

    def allowed_kinds(self) -> tuple[PaymentKind, ...]:
        kinds = [PaymentKind.BALANCE]
        if self.allow_copay:
            kinds.append(PaymentKind.COPAY)
        if self.allow_prepayment:
            kinds.append(PaymentKind.PREPAYMENT)
        return tuple(kinds)

    def check(self, amount: Money, kind: PaymentKind, payable: Money) -> None:
        if amount.currency != self.currency:
            raise AmountRefused("currency", f"Payments here are in {self.currency}.")
        if kind is PaymentKind.BALANCE and payable.cents <= 0:
            raise AmountRefused("nothing_due", "There is nothing to pay on this account.")
        if amount.cents == 0:
            raise AmountRefused("zero", "Please enter an amount greater than zero.")
        if amount.cents < 0:
            raise AmountRefused("negative", "Please enter an amount greater than zero.")
        if kind is PaymentKind.BALANCE:
            if amount > payable:
                raise AmountRefused(
                    "above_payable", f"The most you can pay today is {payable.format()}."
                )
            return
        if kind not in self.allowed_kinds():
            raise AmountRefused("kind_not_allowed", "Please pay toward your balance.")
        if amount > self.max_unbounded:
            raise AmountRefused(
                "above_limit", f"The most you can pay today is {self.max_unbounded.format()}."
            )
