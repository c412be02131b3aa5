import pytest

from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentKind
from kiosk.payments.policy import AmountPolicy, AmountRefused

B = PaymentKind.BALANCE


@pytest.mark.parametrize(("cents", "payable", "code"), [
    (0, 5_000, "zero"),
    (-100, 5_000, "negative"),
    (5_001, 5_000, "above_payable"),
    (100, 0, "nothing_due"),
    (100, -2_000, "nothing_due"),  # a credit balance
])
def test_balance_amounts_are_bounded(cents: int, payable: int, code: str) -> None:
    with pytest.raises(AmountRefused) as refused:
        AmountPolicy().check(Money(cents), B, Money(payable))
    assert refused.value.code == code
    assert refused.value.patient_message


def test_exact_and_partial_balance_are_fine() -> None:
    AmountPolicy().check(Money(5_000), B, Money(5_000))
    AmountPolicy().check(Money(1), B, Money(5_000))


def test_copay_is_bounded_by_the_clinic_not_the_balance() -> None:
    policy = AmountPolicy(allow_copay=True, max_unbounded=Money(10_000))
    policy.check(Money(2_500), PaymentKind.COPAY, Money(0))
    with pytest.raises(AmountRefused, match="above_limit"):
        policy.check(Money(10_001), PaymentKind.COPAY, Money(0))
    with pytest.raises(AmountRefused, match="kind_not_allowed"):
        AmountPolicy().check(Money(2_500), PaymentKind.COPAY, Money(0))
    with pytest.raises(AmountRefused, match="kind_not_allowed"):
        policy.check(Money(2_500), PaymentKind.PREPAYMENT, Money(0))


def test_other_currency_is_refused() -> None:
    with pytest.raises(AmountRefused, match="currency"):
        AmountPolicy().check(Money(100, "EUR"), B, Money(5_000))
