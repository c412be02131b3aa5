"""The words of every notice, in the kiosk's languages, and how dates and methods read.

Kept apart from the layout so a translator edits one table. What a notice may
say is deliberately small: clinic, amount, how it was paid (brand and last
four only), reference, date, a link. Never a diagnosis, a service, a name.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

LANGUAGES = ("en", "es")

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "receipt_subject": "Your payment receipt from {clinic}",
        "receipt_title": "Payment receipt",
        "amount_paid": "Amount paid",
        "paid_with": "Paid with",
        "date": "Date",
        "reference": "Reference",
        "card_ending": "{brand} ending in {last4}",
        "view_receipt": "View your receipt online",
        "scan_receipt": "Scan to see this receipt on your phone",
        "view_account": "View your account online",
        "scan_account": "Scan to see your account on your phone",
        "why_receipt": "You received this because you asked for a receipt at {clinic}.",
        "thanks": "Thank you for your payment.",
        "sms_receipt": "Payment of {amount} received. Ref {reference}",
        "reminder_subject": "A balance reminder from {clinic}",
        "reminder_title": "Balance reminder",
        "balance": "Balance due",
        "pay_online": "Pay online",
        "scan_pay": "Scan to pay on your phone",
        "why_reminder": "You received this because you asked for balance reminders. "
                        "To stop them, tell our front desk.",
        "sms_reminder": "Balance due: {amount}. Ref {reference}. Reply STOP to opt out.",
        "method_cash": "Cash",
        "method_check": "Check",
        "method_phone": "Card, paid on your phone",
        "method_card": "Card",
    },
    "es": {
        "receipt_subject": "Su recibo de pago de {clinic}",
        "receipt_title": "Recibo de pago",
        "amount_paid": "Importe pagado",
        "paid_with": "Forma de pago",
        "date": "Fecha",
        "reference": "Referencia",
        "card_ending": "{brand} terminada en {last4}",
        "view_receipt": "Ver su recibo en línea",
        "scan_receipt": "Escanee para ver este recibo en su teléfono",
        "view_account": "Ver su cuenta en línea",
        "scan_account": "Escanee para ver su cuenta en su teléfono",
        "why_receipt": "Recibió este mensaje porque pidió un recibo en {clinic}.",
        "thanks": "Gracias por su pago.",
        "sms_receipt": "Pago de {amount} recibido. Ref {reference}",
        "reminder_subject": "Recordatorio de saldo de {clinic}",
        "reminder_title": "Recordatorio de saldo",
        "balance": "Saldo pendiente",
        "pay_online": "Pagar en línea",
        "scan_pay": "Escanee para pagar en su teléfono",
        "why_reminder": "Recibió este mensaje porque pidió recordatorios de saldo. "
                        "Para dejar de recibirlos, avise a recepción.",
        "sms_reminder": "Saldo pendiente: {amount}. Ref {reference}. Responda STOP para no "
                        "recibir más.",
        "method_cash": "Efectivo",
        "method_check": "Cheque",
        "method_phone": "Tarjeta, pagado en su teléfono",
        "method_card": "Tarjeta",
    },
}

_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"),
}

_BRANDS = {"visa": "Visa", "mastercard": "Mastercard", "amex": "American Express",
           "discover": "Discover", "jcb": "JCB", "diners": "Diners Club",
           "unionpay": "UnionPay", "interac": "Interac", "maestro": "Maestro",
           "girocard": "girocard"}


def language(code: str) -> str:
    """A supported language for ``code`` ("es-MX" -> "es"); English otherwise."""
    base = (code or "en").split("-")[0].split("_")[0].lower()
    return base if base in LANGUAGES else "en"


def words(lang: str) -> dict[str, str]:
    return _WORDS[language(lang)]


def when(moment: datetime, timezone: str, lang: str) -> str:
    """"Nov 28, 2026, 2:05 PM CST" / "28 nov 2026, 14:05 CST" in the clinic's time zone."""
    local = moment.astimezone(ZoneInfo(timezone))
    zone = local.tzname() or ""
    month = _MONTHS[language(lang)][local.month - 1]
    if language(lang) == "es":
        return f"{local.day} {month} {local.year}, {local:%H:%M} {zone}".rstrip()
    hour = local.hour % 12 or 12
    half = "AM" if local.hour < 12 else "PM"
    return f"{month} {local.day}, {local.year}, {hour}:{local:%M} {half} {zone}".rstrip()


def paid_with(method: str, brand: str, last4: str, lang: str) -> str:
    table = words(lang)
    if method == "card":
        name = _BRANDS.get(brand.lower(), brand.title()) if brand else table["method_card"]
        return table["card_ending"].format(brand=name, last4=last4) if last4 else name
    return table.get(f"method_{method}", method.capitalize())
