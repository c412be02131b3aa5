"""Money as integer minor units (cents) with a currency.

Floats never enter: the constructor refuses them, and parsing goes through
``Decimal`` so "12.34" is exactly 1234 cents.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

# Minor units per major unit for the currencies a clinic here may be configured with.
_EXPONENT = {"USD": 2, "EUR": 2, "CAD": 2, "GBP": 2, "CHF": 2, "MXN": 2, "JPY": 0}
_SYMBOL = {"USD": "$", "CAD": "$", "MXN": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


class MoneyError(ValueError):
    """An amount that cannot be money: a float, a mixed currency, too many decimals."""


@dataclass(frozen=True, slots=True, order=False)
class Money:
    cents: int
    currency: str = "USD"

    def __post_init__(self) -> None:
        # bool is an int subclass; True cents is a bug, not an amount.
        if not isinstance(self.cents, int) or isinstance(self.cents, bool):
            raise MoneyError(f"money must be integer cents, got {type(self.cents).__name__}")
        if self.currency not in _EXPONENT:
            raise MoneyError(f"unsupported currency {self.currency!r}")

    # -- construction -------------------------------------------------------
    @classmethod
    def zero(cls, currency: str = "USD") -> Money:
        return cls(0, currency)

    @classmethod
    def parse(cls, text: str | Decimal, currency: str = "USD") -> Money:
        """Parse a decimal amount in major units ("12.34", "$1,200.50")."""
        if isinstance(text, float):
            raise MoneyError("refusing a float amount; pass a string or Decimal")
        raw = str(text).strip().replace(",", "")
        for symbol in set(_SYMBOL.values()):
            raw = raw.replace(symbol, "")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise MoneyError(f"{text!r} is not an amount") from None
        if not value.is_finite():
            raise MoneyError(f"{text!r} is not an amount")
        exponent = _EXPONENT.get(currency)
        if exponent is None:
            raise MoneyError(f"unsupported currency {currency!r}")
        scaled = value.scaleb(exponent)
        if scaled != scaled.to_integral_value():
            raise MoneyError(f"{text!r} has more than {exponent} decimal places")
        return cls(int(scaled), currency)

    # -- arithmetic ---------------------------------------------------------
    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise MoneyError(f"cannot combine money with {type(other).__name__}")
        if other.currency != self.currency:
            raise MoneyError(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.cents + other.cents, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.cents - other.cents, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.cents, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.cents < other.cents

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.cents <= other.cents

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.cents > other.cents

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.cents >= other.cents

    def __bool__(self) -> bool:
        return self.cents != 0

    @property
    def is_positive(self) -> bool:
        return self.cents > 0

    @staticmethod
    def total(amounts: list[Money] | tuple[Money, ...], currency: str = "USD") -> Money:
        result = Money.zero(currency)
        for amount in amounts:
            result = result + amount
        return result

    # -- presentation -------------------------------------------------------
    def to_decimal(self) -> Decimal:
        return Decimal(self.cents).scaleb(-_EXPONENT[self.currency]).quantize(
            Decimal(1).scaleb(-_EXPONENT[self.currency]), rounding=ROUND_HALF_EVEN
        )

    def format(self) -> str:
        """"$1,234.56" / "-$5.00": the form patients see on screens and receipts."""
        sign = "-" if self.cents < 0 else ""
        magnitude = abs(self.to_decimal())
        symbol = _SYMBOL.get(self.currency, self.currency + " ")
        return f"{sign}{symbol}{magnitude:,}"

    def __str__(self) -> str:
        return self.format()
