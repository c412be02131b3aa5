"""Amounts and dates written the way a voice should say them, in English or Spanish.

"$243.73" read by a speech engine comes out as "dollar sign two four three
point seven three" on some voices; "243 dollars and 73 cents" is said the way
a cashier says it. Numbers stay as digits: espeak-ng reads digits as words in
the voice's own language.
"""

from __future__ import annotations

from datetime import date

from kiosk.domain.money import Money

_CURRENCY = {
    "en": {"USD": ("dollar", "dollars", "cent", "cents"),
           "CAD": ("dollar", "dollars", "cent", "cents"),
           "EUR": ("euro", "euros", "cent", "cents"),
           "GBP": ("pound", "pounds", "penny", "pence"),
           "MXN": ("peso", "pesos", "centavo", "centavos")},
    "es": {"USD": ("dólar", "dólares", "centavo", "centavos"),
           "CAD": ("dólar", "dólares", "centavo", "centavos"),
           "EUR": ("euro", "euros", "céntimo", "céntimos"),
           "GBP": ("libra", "libras", "penique", "peniques"),
           "MXN": ("peso", "pesos", "centavo", "centavos")},
}
_JOIN = {"en": "and", "es": "con"}
_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}
_NEGATIVE = {"en": "minus", "es": "menos"}


def _language(language: str) -> str:
    base = language.split("-")[0].lower()
    return base if base in _CURRENCY else "en"


def spoken_amount(amount: Money, language: str) -> str:
    lang = _language(language)
    names = _CURRENCY[lang].get(amount.currency, _CURRENCY[lang]["USD"])
    whole, cents = divmod(abs(amount.cents), 100)
    major = f"{whole} {names[0] if whole == 1 else names[1]}"
    minor = f"{cents} {names[2] if cents == 1 else names[3]}"
    if cents == 0:
        words = major
    elif whole == 0:
        words = minor
    else:
        words = f"{major} {_JOIN[lang]} {minor}"
    return f"{_NEGATIVE[lang]} {words}" if amount.cents < 0 else words


def spoken_date(day: date, language: str) -> str:
    lang = _language(language)
    month = _MONTHS[lang][day.month - 1]
    if lang == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{month} {day.day}, {day.year}"
