"""ZVT code tables: result codes, intermediate statuses, card types.

Texts follow PA00P015 (chapter "Error-Messages", "Intermediate status", "List
of ZVT card-type IDs"), shortened. Result codes 01-63 come from the card
issuer's or network's authorisation system (05 = do not honour); 64-FF are
the terminal's own.
"""

from __future__ import annotations

from kiosk.ports.terminal import ProgressKind

RESULT_TEXT: dict[int, str] = {
    0x00: "no error", 0x05: "declined (do not honour)", 0x33: "card expired (issuer)",
    0x37: "PIN required", 0x51: "insufficient funds",
    0x64: "card not readable", 0x65: "card data not present", 0x66: "processing error",
    0x67: "function not permitted for ec and Maestro cards",
    0x68: "function not permitted for credit and tank cards", 0x6A: "turnover file full",
    0x6B: "function deactivated (terminal not registered)",
    0x6C: "aborted (timeout or abort key)", 0x6E: "card in blocked list",
    0x6F: "wrong currency", 0x71: "credit not sufficient (chip card)", 0x72: "chip error",
    0x73: "card data incorrect", 0x74: "DUKPT engine exhausted", 0x75: "text not authentic",
    0x76: "PAN not in white list", 0x77: "end-of-day batch not possible",
    0x78: "card expired", 0x79: "card not yet valid", 0x7A: "card unknown",
    0x7B: "fallback to magnetic stripe not possible", 0x7C: "fallback not possible",
    0x7D: "communication error (host not reachable)", 0x7E: "fallback not possible",
    0x83: "function not possible", 0x85: "key missing", 0x89: "PIN pad defective",
    0x9A: "ZVT protocol error", 0x9B: "error from dial-up / communication fault",
    0x9C: "please wait", 0xA0: "receiver not ready", 0xA1: "remote station does not respond",
    0xA3: "no connection", 0xB1: "memory full", 0xB2: "merchant journal full",
    0xB4: "already reversed", 0xB5: "reversal not possible",
    0xB7: "pre-authorisation incorrect", 0xB8: "error pre-authorisation",
    0xBF: "voltage supply too low", 0xC0: "card locking mechanism defective",
    0xC1: "merchant card locked", 0xC2: "diagnosis required", 0xC3: "maximum amount exceeded",
    0xC4: "card profile invalid", 0xC5: "payment method not supported",
    0xC6: "currency not applicable", 0xC8: "amount too small",
    0xC9: "max. transaction amount too small", 0xCB: "function only allowed in EURO",
    0xCC: "printer not ready", 0xCD: "cashback not possible",
    0xD2: "function not permitted for service cards", 0xDC: "card inserted",
    0xDD: "error during card eject", 0xDE: "error during card insertion",
    0xE0: "remote maintenance activated", 0xE2: "card reader does not answer",
    0xE3: "shutter closed", 0xE4: "terminal activation required",
    0xF0: "open end-of-day batch present", 0xF1: "ec-cash/Maestro offline error",
    0xF5: "OPT error", 0xF6: "OPT data not available",
    0xFA: "error transmitting offline transactions", 0xFB: "turnover data set defective",
    0xFC: "necessary device not present or defective", 0xFD: "baud rate not supported",
    0xFE: "register unknown", 0xFF: "system error",
}

#: Terminal-side result codes that are about the card (the patient may try another card).
CARD_PROBLEMS = frozenset({0x64, 0x65, 0x6E, 0x71, 0x72, 0x73, 0x76, 0x78, 0x79, 0x7A,
                           0x7B, 0x7C, 0x7E, 0xC3, 0xC5})
#: The customer or a timeout (or our own abort) stopped it.
ABORTED = 0x6C


def result_text(code: int) -> str:
    if 0x01 <= code <= 0x63 and code not in RESULT_TEXT:
        return f"declined by the card issuer (code {code:02X})"
    return RESULT_TEXT.get(code, f"terminal error {code:02X}")


# Intermediate status (04 FF): code -> (what the screen shows, short text in English).
_PRESENT = ProgressKind.PRESENT_CARD
_WORK = ProgressKind.PROCESSING
_REMOVE = ProgressKind.REMOVE_CARD
_SAY = ProgressKind.MESSAGE
INTERMEDIATE: dict[int, tuple[ProgressKind, str]] = {
    0x00: (_SAY, "Please confirm the amount on the terminal"),
    0x01: (_SAY, "Please enter your PIN on the terminal"),
    0x02: (_SAY, "Please enter your PIN on the terminal"),
    0x03: (_SAY, "Card not accepted"), 0x04: (_WORK, "Processing, please wait"),
    0x05: (_WORK, "Please wait"), 0x06: (_WORK, "Please wait"),
    0x07: (_SAY, "Card not accepted"), 0x08: (_SAY, "Card not recognised"),
    0x09: (_SAY, "Card expired"), 0x0A: (_PRESENT, "Insert, tap or swipe your card"),
    0x0B: (_REMOVE, "Please remove your card"), 0x0C: (_SAY, "Card could not be read"),
    0x0D: (_SAY, "Processing error"), 0x0E: (_WORK, "Please wait"),
    0x0F: (_WORK, "The terminal is closing its day, please wait"),
    0x10: (_SAY, "Invalid card"), 0x11: (_SAY, "Balance shown on the terminal"),
    0x12: (_SAY, "Terminal malfunction"), 0x13: (_SAY, "Payment not possible"),
    0x14: (_SAY, "Insufficient funds"), 0x15: (_SAY, "Incorrect PIN"),
    0x16: (_SAY, "Limit not sufficient"), 0x17: (_WORK, "Please wait"),
    0x18: (_SAY, "PIN tries exceeded"), 0x19: (_SAY, "Card data incorrect"),
    0x1A: (_SAY, "Terminal in service mode"), 0x1B: (_WORK, "Approved"),
    0x1C: (_WORK, "Approved"), 0x1D: (_SAY, "Declined"),
    0x2A: (_PRESENT, "Please insert your card"), 0x2C: (_SAY, "Please choose the application"),
    0x4B: (_REMOVE, "Please remove your card"), 0x5E: (_WORK, "Card read"),
    0x68: (_WORK, "Card read"), 0x6A: (_SAY, "Entering PIN"), 0x6D: (_WORK, "PIN entered"),
    0xE0: (_SAY, "Please choose the application on the terminal"),
    0xE1: (_SAY, "Please choose the language on the terminal"),
    0xF1: (_WORK, "Offline"), 0xF2: (_WORK, "Online"), 0xF3: (_WORK, "Offline payment"),
}


def intermediate(code: int) -> tuple[ProgressKind, str]:
    if code in INTERMEDIATE:
        return INTERMEDIATE[code]
    if 0x41 <= code <= 0x5D:  # "<status>, please remove card"
        return (_REMOVE, "Please remove your card")
    return (_SAY, "Please follow the instructions on the terminal")


#: ZVT card-type ids (BMP 8A) -> the brand names our receipts use.
CARD_BRANDS: dict[int, str] = {
    5: "girocard", 6: "mastercard", 8: "amex", 10: "visa", 11: "visa", 12: "diners",
    13: "vpay", 14: "jcb", 46: "maestro", 198: "unionpay", 232: "discover",
}


def brand_of(card_type: int | None, card_name: str) -> str:
    if card_type is not None and card_type in CARD_BRANDS:
        return CARD_BRANDS[card_type]
    name = "".join(ch for ch in card_name.lower() if ch.isalnum())
    for known in ("mastercard", "visa", "amex", "maestro", "girocard", "discover", "jcb",
                  "diners"):
        if known in name:
            return known
    if "americanexpress" in name:
        return "amex"
    return name[:24] or "card"
