from datetime import date

from kiosk.domain.money import Money
from kiosk.speech.spoken import spoken_amount, spoken_date


def test_amounts_as_a_person_says_them() -> None:
    assert spoken_amount(Money(24373), "en") == "243 dollars and 73 cents"
    assert spoken_amount(Money(24373), "es") == "243 dólares con 73 centavos"
    assert spoken_amount(Money(100), "en") == "1 dollar"
    assert spoken_amount(Money(1), "es-419") == "1 centavo"
    assert spoken_amount(Money(-500), "en") == "minus 5 dollars"
    assert spoken_amount(Money(105, "EUR"), "es") == "1 euro con 5 céntimos"


def test_dates() -> None:
    assert spoken_date(date(1972, 7, 4), "en") == "July 4, 1972"
    assert spoken_date(date(1972, 7, 4), "es") == "4 de julio de 1972"
    assert spoken_date(date(2026, 1, 1), "fr") == "January 1, 2026"  # unknown: English
