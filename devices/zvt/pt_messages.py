"""ZVT messages, terminal side: what a payment terminal sends, and how it reads ECR commands.

Used by the terminal simulator and by tests (the fuzz corpus is built from
these). Layouts mirror :mod:`devices.zvt.messages`; the ECR-side parser there
is what reads them back.
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.zvt.apdu import Apdu
from devices.zvt.bcd import (
    CURRENCY_ALPHA,
    BcdError,
    bcd_decode,
    bcd_encode,
    currency_code,
    length_prefix,
)
from devices.zvt.bmp import BmpError, parse_bmps
from devices.zvt.messages import MessageError


def _ll(number: int, value: bytes, digits: int = 2) -> bytes:
    return bytes((number,)) + length_prefix(len(value), digits) + value


def _tlv(tag: int, value: bytes) -> bytes:
    if len(value) < 0x80:
        return bytes((tag, len(value))) + value
    if len(value) < 0x100:
        return bytes((tag, 0x81, len(value))) + value
    return bytes((tag, 0x82)) + len(value).to_bytes(2, "big") + value


def pan_field(digits: str, masked: bool = True) -> bytes:
    """BMP 22: packed digits, 'E' for each masked digit, 'F' padding to whole bytes."""
    shown = ("E" * (len(digits) - 4) + digits[-4:]) if masked else digits
    if len(shown) % 2:
        shown += "F"
    return _ll(0x22, bytes.fromhex(shown))


@dataclass(frozen=True, slots=True)
class Transaction:
    trace: int
    receipt: int
    amount: int
    currency: str
    result: int
    terminal_id: str
    card_type: int = 10
    card_name: str = "Visa"
    pan: str = "4000000000001234"
    auth_code: str = "123456"
    time: str = "120000"
    date: str = "0101"


def status_information(txn: Transaction, pan_masked: bool = True) -> Apdu:
    data = (b"\x27" + bytes((txn.result,)) + b"\x04" + bcd_encode(txn.amount, 6)
            + b"\x0B" + bcd_encode(txn.trace, 3) + b"\x0C" + bytes.fromhex(txn.time)
            + b"\x0D" + bytes.fromhex(txn.date) + b"\x0E" + bytes.fromhex("2912")
            + b"\x29" + bytes.fromhex(txn.terminal_id) + b"\x49" + currency_code(txn.currency)
            + b"\x87" + bcd_encode(txn.receipt, 2) + b"\x8A" + bytes((txn.card_type,))
            + _ll(0x8B, txn.card_name.encode("ascii") + b"\x00")
            + pan_field(txn.pan, pan_masked) + b"\x17" + bcd_encode(1, 2)
            + b"\x3B" + txn.auth_code.encode("ascii").ljust(8, b"\x00")[:8]
            + b"\x19\x40" + b"\x2A" + b"123456789012345")
    return Apdu(0x04, 0x0F, data)


def failed_status(trace: int | None, amount: int, currency: str, result: int,
                  terminal_id: str) -> Apdu:
    data = b"\x27" + bytes((result,)) + b"\x04" + bcd_encode(amount, 6)
    if trace is not None:
        data += b"\x0B" + bcd_encode(trace, 3)
    data += b"\x29" + bytes.fromhex(terminal_id) + b"\x49" + currency_code(currency)
    return Apdu(0x04, 0x0F, data)


def totals_field(first: int, last: int, rows: list[tuple[int, int]]) -> bytes:
    """BMP 60: receipt range and (count, amount) for the 7 scheme groups."""
    value = bcd_encode(first, 2) + bcd_encode(last, 2)
    for count, amount in rows:
        value += bytes((min(count, 255),)) + bcd_encode(amount, 6)
    return _ll(0x60, value, 3)


def end_of_day_status(trace: int, receipt: int, total: int, terminal_id: str,
                      totals: bytes) -> Apdu:
    data = (b"\x27\x00\x04" + bcd_encode(total, 6) + b"\x0B" + bcd_encode(trace, 3)
            + b"\x87" + bcd_encode(receipt, 2) + b"\x0C\x18\x00\x00\x0D\x01\x01"
            + b"\x29" + bytes.fromhex(terminal_id) + totals)
    return Apdu(0x04, 0x0F, data)


def intermediate(code: int, text: str = "") -> Apdu:
    data = bytes((code,))
    if text:
        data += b"\x00\x06" + _tlv_container(_tlv(0x24, _tlv(0x07, text.encode("latin-1"))))
    return Apdu(0x04, 0xFF, data)


def _tlv_container(content: bytes) -> bytes:
    if len(content) < 0x80:
        return bytes((len(content),)) + content
    return bytes((0x82,)) + len(content).to_bytes(2, "big") + content


def completion(terminal_id: str, currency: str) -> Apdu:
    return Apdu(0x06, 0x0F, b"\x19\x00\x29" + bytes.fromhex(terminal_id) + b"\x49"
                + currency_code(currency))


def enquiry_completion(software: str, status: int) -> Apdu:
    raw = software.encode("ascii")
    return Apdu(0x06, 0x0F, length_prefix(len(raw), 3) + raw + bytes((status,)))


def abort(code: int) -> Apdu:
    return Apdu(0x06, 0x1E, bytes((code,)))


def print_line(text: str) -> Apdu:
    return Apdu(0x06, 0xD1, b"\x00" + text.encode("latin-1"))


def text_block(lines: list[str]) -> Apdu:
    inner = b"".join(_tlv(0x07, line.encode("latin-1")) for line in lines)
    return Apdu(0x06, 0xD3, b"\x06" + _tlv_container(_tlv(0x25, inner)))


# -- reading ECR commands ----------------------------------------------------
@dataclass(frozen=True, slots=True)
class EcrCommand:
    kind: str  # registration | status | authorisation | reversal | refund | end_of_day |
    #            repeat_receipt | abort | log_off | ack | nack
    password: str = ""
    amount: int | None = None
    currency: str = ""
    receipt: int | None = None
    config_byte: int = 0
    code: int = 0


_KINDS = {(0x06, 0x00): "registration", (0x05, 0x01): "status", (0x06, 0x01): "authorisation",
          (0x06, 0x30): "reversal", (0x06, 0x31): "refund", (0x06, 0x50): "end_of_day",
          (0x06, 0x20): "repeat_receipt", (0x06, 0xB0): "abort", (0x06, 0x02): "log_off"}
_WITH_PASSWORD = {"registration", "status", "reversal", "refund", "end_of_day",
                  "repeat_receipt"}


def parse_ecr_command(apdu: Apdu) -> EcrCommand:
    if apdu.cls == 0x80:
        return EcrCommand("ack")
    if apdu.cls == 0x84:
        return EcrCommand("nack", code=apdu.instr)
    kind = _KINDS.get(apdu.command)
    if kind is None:
        raise MessageError(f"{apdu.name}: command not supported by this terminal")
    data = apdu.data
    password = ""
    try:
        if kind in _WITH_PASSWORD:
            if len(data) < 3:
                raise MessageError(f"{apdu.name}: password missing")
            password, data = data[:3].hex(), data[3:]
        config, currency = 0, ""
        if kind == "registration":
            if not data:
                raise MessageError("06 00: config byte missing")
            config, data = data[0], data[1:]
            if len(data) >= 2 and data[0] not in (0x03, 0x06):
                currency = CURRENCY_ALPHA.get(bcd_decode(data[:2]), "?")
                data = data[2:]
        fields = parse_bmps(data)
    except (BmpError, BcdError) as exc:
        raise MessageError(f"{apdu.name}: {exc}") from None
    if fields.currency is not None:
        currency = CURRENCY_ALPHA.get(fields.currency, "?")
    return EcrCommand(kind, password, fields.amount, currency, fields.receipt, config)
