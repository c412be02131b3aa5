from decimal import Decimal

import pytest

from kiosk.domain.money import Money, MoneyError


def test_parse_is_exact_cents() -> None:
    assert Money.parse("12.34") == Money(1234)
    assert Money.parse("$1,200.50") == Money(120050)
    assert Money.parse(Decimal("0.10")) + Money.parse("0.20") == Money.parse("0.30")


@pytest.mark.parametrize("bad", ["12.345", "abc", "", "NaN", "Infinity", "1e400x"])
def test_parse_refuses_non_amounts(bad: str) -> None:
    with pytest.raises(MoneyError):
        Money.parse(bad)


def test_floats_and_bools_are_refused() -> None:
    with pytest.raises(MoneyError):
        Money(12.5)  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        Money(True)
    with pytest.raises(MoneyError):
        Money.parse(0.1)  # type: ignore[arg-type]


def test_currencies_do_not_mix() -> None:
    with pytest.raises(MoneyError):
        Money(100, "USD") + Money(100, "EUR")
    with pytest.raises(MoneyError):
        _ = Money(100, "USD") < Money(100, "EUR")


def test_format() -> None:
    assert Money(123456).format() == "$1,234.56"
    assert Money(-500).format() == "-$5.00"
    assert Money(5, "EUR").format() == "€0.05"
    assert Money.total([Money(1), Money(2)]) == Money(3)
