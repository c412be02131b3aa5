"""ZVT messages, ECR side: the commands we send and the terminal's messages we read.

Command layouts follow PA00P015 (Registration 06 00, Status Enquiry 05 01,
Authorisation 06 01, Repeat Receipt 06 20, Reversal 06 30, Refund 06 31,
End-of-Day 06 50, Abort 06 B0, Log-Off 06 02). Every terminal message is
answered at the application level with ``80 00 00`` (or ``84 xx 00`` when we
refuse it); that answer is the session's job, not this module's.

:func:`parse_pt_message` turns an APDU from the terminal into one of the typed
messages below or raises :class:`MessageError` with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.zvt import codes
from devices.zvt.apdu import Apdu
from devices.zvt.bcd import BcdError, bcd_encode, currency_code, read_length_prefix
from devices.zvt.bmp import BmpError, Fields, clean_text, parse_bmps
from kiosk.ports.terminal import ProgressKind


class MessageError(ValueError):
    """A terminal message we cannot accept; ``str()`` says why (never card data)."""


# -- ECR -> PT ---------------------------------------------------------------
#: Registration config byte: the ECR prints payment (0x02) and administration (0x04)
#: receipts, wants intermediate status (0x08), controls payment (0x10, no amount entry
#: on the terminal) and administration (0x20).
CONFIG_ECR_PRINTS = 0x02 | 0x04
CONFIG_DEFAULT = 0x08 | 0x10 | 0x20

POSITIVE_ACK = Apdu(0x80, 0x00)


def negative_ack(code: int) -> Apdu:
    return Apdu(0x84, code)


def _password(password: str) -> bytes:
    if len(password) != 6 or not password.isdigit():
        raise ValueError("the ZVT password must be six digits")
    return bytes.fromhex(password)


def registration(password: str, currency: str, config_byte: int) -> Apdu:
    return Apdu(0x06, 0x00, _password(password) + bytes((config_byte,)) + currency_code(currency)
                + b"\x03\x00")


def status_enquiry(password: str) -> Apdu:
    return Apdu(0x05, 0x01, _password(password))


def authorisation(amount_cents: int, currency: str) -> Apdu:
    if amount_cents <= 0:
        raise ValueError("an authorisation needs a positive amount")
    return Apdu(0x06, 0x01, b"\x04" + bcd_encode(amount_cents, 6) + b"\x49"
                + currency_code(currency))


def reversal(password: str, receipt: int) -> Apdu:
    return Apdu(0x06, 0x30, _password(password) + b"\x87" + bcd_encode(receipt, 2))


def refund(password: str, amount_cents: int, currency: str) -> Apdu:
    return Apdu(0x06, 0x31, _password(password) + b"\x04" + bcd_encode(amount_cents, 6)
                + b"\x49" + currency_code(currency))


def end_of_day(password: str) -> Apdu:
    return Apdu(0x06, 0x50, _password(password))


def repeat_receipt(password: str) -> Apdu:
    return Apdu(0x06, 0x20, _password(password))


ABORT = Apdu(0x06, 0xB0)
LOG_OFF = Apdu(0x06, 0x02)


# -- PT -> ECR ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AppAck:
    """``80 00`` (positive) or ``84 xx`` (negative, xx = reason; ``84 9C`` = busy, wait)."""

    positive: bool
    code: int = 0

    @property
    def text(self) -> str:
        return "accepted" if self.positive else codes.result_text(self.code)


@dataclass(frozen=True, slots=True)
class IntermediateStatus:
    code: int
    kind: ProgressKind
    text: str


@dataclass(frozen=True, slots=True)
class StatusInformation:
    fields: Fields

    @property
    def result_code(self) -> int | None:
        return self.fields.result_code


@dataclass(frozen=True, slots=True)
class Completion:
    fields: Fields
    software: str = ""  # status enquiry only
    terminal_status: int | None = None  # status enquiry only: 00 = ready


@dataclass(frozen=True, slots=True)
class Abort:
    result_code: int | None
    fields: Fields

    @property
    def text(self) -> str:
        if self.result_code is None:
            return "aborted without a result code"
        return codes.result_text(self.result_code)


@dataclass(frozen=True, slots=True)
class PrintOut:
    """A receipt line or text block for the ECR to print. Its text is not kept: the
    kiosk prints its own receipt, and terminal receipts may carry a masked PAN."""

    lines: int


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A terminal request we do not handle (input, menus, date setting): refused with 84 83."""

    command: tuple[int, int]


PtMessage = (AppAck | IntermediateStatus | StatusInformation | Completion | Abort | PrintOut
             | Unsupported)

#: Commands a terminal may legitimately send that a kiosk ECR declines.
_DECLINED_REQUESTS = {(0x04, 0x01), (0x04, 0x0D), (0x04, 0x0E), (0x06, 0xE0), (0x06, 0xE1),
                      (0x06, 0xE2), (0x06, 0xE3), (0x06, 0xE4), (0x06, 0x85), (0x06, 0x86),
                      (0x06, 0x87), (0x06, 0x88), (0x06, 0xD0), (0x06, 0xF0)}


def parse_pt_message(apdu: Apdu, status_enquiry: bool = False) -> PtMessage:
    """Read one terminal message. ``status_enquiry`` selects the 06 0F layout of 05 01."""
    try:
        return _parse(apdu, status_enquiry)
    except (BmpError, BcdError) as exc:
        raise MessageError(f"{apdu.name}: {exc}") from None


def _parse(apdu: Apdu, status_enquiry: bool) -> PtMessage:
    cls, instr, data = apdu.cls, apdu.instr, apdu.data
    if cls == 0x80:
        if instr != 0x00 or data:
            raise MessageError(f"{apdu.name}: a positive acknowledgement carries no data")
        return AppAck(True)
    if cls == 0x84:
        if data:
            raise MessageError(f"{apdu.name}: an acknowledgement carries no data")
        return AppAck(instr in (0x00, 0x9C), instr)
    if (cls, instr) == (0x04, 0xFF):
        if not data:
            raise MessageError("04 FF: intermediate status without a status code")
        kind, text = codes.intermediate(data[0])
        if len(data) > 2:  # <status> <timeout> [06 <TLV with display texts>]
            fields = parse_bmps(data[2:])
            if fields.seen - {0x06}:
                raise MessageError("04 FF: only a TLV container may follow the timeout")
            if data[0] == 0xFF and fields.texts:
                text = " ".join(fields.texts)[:80]
        return IntermediateStatus(data[0], kind, text)
    if (cls, instr) == (0x04, 0x0F):
        return StatusInformation(parse_bmps(data))
    if (cls, instr) == (0x06, 0x0F):
        if status_enquiry and len(data) == 1:  # only the terminal status
            return Completion(Fields(), "", data[0])
        if status_enquiry and data and data[0] >> 4 == 0xF:  # <software LLL> <status> ...
            return _enquiry_completion(data)
        return Completion(parse_bmps(data))
    if (cls, instr) == (0x06, 0x1E):
        if not data:
            return Abort(None, Fields())
        return Abort(data[0], parse_bmps(data[1:]))
    if (cls, instr) == (0x06, 0xD1):
        if not data:
            raise MessageError("06 D1: print line without its attribute byte")
        return PrintOut(1)
    if (cls, instr) == (0x06, 0xD3):
        fields = parse_bmps(data)
        if fields.seen - {0x06}:
            raise MessageError("06 D3: a text block holds only a TLV container")
        return PrintOut(len(fields.texts))
    if (cls, instr) in _DECLINED_REQUESTS:
        return Unsupported((cls, instr))
    raise MessageError(f"{apdu.name}: not a message a terminal sends")


def _enquiry_completion(data: bytes) -> Completion:
    """05 01 ends with ``06 0F <software LLL-var> <terminal status> [06 <TLV>]``."""
    if len(data) < 4:
        raise MessageError("06 0F: status enquiry completion cut short")
    try:
        size = read_length_prefix(data[:3])
    except BcdError as exc:
        raise MessageError(f"06 0F: software version length: {exc}") from None
    if 3 + size + 1 > len(data):
        raise MessageError("06 0F: software version longer than the message")
    software = clean_text(data[3:3 + size], 40)
    status = data[3 + size]
    return Completion(parse_bmps(data[4 + size:]), software, status)
