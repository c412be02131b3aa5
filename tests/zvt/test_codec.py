"""The ZVT byte layers against known values: CRC, framing, APDU, BCD, BMPs, messages."""

from __future__ import annotations

import re

import pytest

from devices.zvt import messages
from devices.zvt import pt_messages as pt
from devices.zvt.apdu import Apdu, ApduError, parse_apdu
from devices.zvt.bcd import BcdError, bcd_decode, bcd_encode, currency_code
from devices.zvt.bmp import BmpError, parse_bmps
from devices.zvt.crc import crc16_kermit, frame_crc
from devices.zvt.framing import (
    EventKind,
    FrameDecoder,
    FrameError,
    decode_frame,
    encode_frame,
)
from devices.zvt.messages import (
    Abort,
    AppAck,
    Completion,
    IntermediateStatus,
    MessageError,
    StatusInformation,
    parse_pt_message,
)
from kiosk.ports.terminal import ProgressKind
from tests.helpers import card_numbers_in


def _bitwise_kermit(data: bytes) -> int:
    """An independent bit-by-bit CRC-16/KERMIT, to check the table-driven one."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
    return crc


def test_crc_is_kermit() -> None:
    assert crc16_kermit(b"123456789") == 0x2189  # the catalogue check value
    for sample in (b"", b"\x80\x00\x00", bytes(range(256)), b"\x10\x10\x03"):
        assert crc16_kermit(sample) == _bitwise_kermit(sample)


def test_frame_layout_stuffs_dle_and_sends_crc_low_byte_first() -> None:
    apdu = bytes.fromhex("06d3021010")
    frame = encode_frame(apdu)
    crc = _bitwise_kermit(apdu + b"\x03")
    assert frame == (b"\x10\x02" + bytes.fromhex("06d30210101010") + b"\x10\x03"
                     + bytes((crc & 0xFF, crc >> 8)))
    assert frame_crc(apdu) == bytes((crc & 0xFF, crc >> 8))
    assert decode_frame(frame) == apdu


def test_decoder_handles_any_split_and_noise() -> None:
    frames = [encode_frame(b"\x04\xff\x01\x0a"), encode_frame(bytes.fromhex("801010101000"))]
    stream = b"\x00\x42" + frames[0] + b"\x06" + frames[1]
    whole = FrameDecoder().feed(stream)
    assert [e.kind for e in whole] == [EventKind.NOISE, EventKind.FRAME, EventKind.ACK,
                                       EventKind.FRAME]
    decoder = FrameDecoder()
    pieces = [e for byte in stream for e in decoder.feed(bytes((byte,)))]
    assert [(e.kind, e.apdu) for e in pieces if e.kind is EventKind.FRAME] == \
        [(e.kind, e.apdu) for e in whole if e.kind is EventKind.FRAME]


@pytest.mark.parametrize(("raw", "reason"), [
    (encode_frame(b"\x80\x00\x00")[:-1] + b"\x00", "CRC mismatch"),
    (b"\x10\x02\x80\x00\x00\x10\x07\x00\x00", "DLE followed by 0x07"),
    (b"\x10\x02\x80\x00", "cut short"),
    (b"\x10\x02\x10\x03\x00\x00", "empty frame"),
    (b"\x10\x02\x80\x10\x02\x00", "new frame started"),
    (b"\x06", "stray ACK"),
    (b"", "no frame"),
])
def test_bad_frames_are_refused_with_the_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(FrameError, match=reason):
        decode_frame(raw)


def test_a_stalled_frame_is_abandoned() -> None:
    decoder = FrameDecoder()
    assert decoder.feed(b"\x10\x02\x80") == []
    assert decoder.in_frame
    event = decoder.abandon("inter-byte timeout")
    assert event is not None and event.kind is EventKind.BAD_FRAME
    assert not decoder.in_frame and decoder.abandon("again") is None


def test_apdu_lengths_including_the_extended_form() -> None:
    short = Apdu(0x06, 0x01, b"\x04" + bytes(6))
    assert short.encode()[:3] == b"\x06\x01\x07"
    long = Apdu(0x06, 0xD3, bytes(300))
    raw = long.encode()
    assert raw[:5] == b"\x06\xd3\xff\x2c\x01"  # FF then 300 little-endian
    assert parse_apdu(raw) == long and parse_apdu(short.encode()) == short
    with pytest.raises(ApduError, match="declares 10 bytes, 9 received"):
        parse_apdu(b"\x06\x01\x07" + bytes(6))
    with pytest.raises(ApduError, match="shorter than its 3-byte header"):
        parse_apdu(b"\x80\x00")
    assert "data bytes" in repr(long) and "00 00" not in repr(long)


def test_bcd_and_currency_codes() -> None:
    assert bcd_encode(1234, 6) == bytes.fromhex("000000001234")
    assert bcd_decode(bytes.fromhex("001234")) == 1234
    assert currency_code("EUR") == b"\x09\x78" and currency_code("USD") == b"\x08\x40"
    with pytest.raises(BcdError):
        bcd_decode(b"\x1a")
    with pytest.raises(BcdError):
        bcd_encode(10**12, 6)


def test_commands_carry_the_configured_currency() -> None:
    assert messages.authorisation(1234, "EUR").encode() == bytes.fromhex(
        "0601 0a 04 000000001234 49 0978".replace(" ", ""))
    assert messages.authorisation(1234, "USD").encode().endswith(b"\x49\x08\x40")
    reg = messages.registration("000000", "CAD", messages.CONFIG_DEFAULT)
    assert reg.encode() == bytes.fromhex("0600 08 000000 38 0124 0300".replace(" ", ""))
    assert messages.status_enquiry("123456").encode() == bytes.fromhex("050103123456")
    assert messages.ABORT.encode() == b"\x06\xb0\x00"
    with pytest.raises(ValueError, match="six digits"):
        messages.end_of_day("12ab56")


def _sample(pan: str = "4000001234567899", masked: bool = True) -> Apdu:
    return pt.status_information(pt.Transaction(
        trace=42, receipt=7, amount=1234, currency="EUR", result=0, terminal_id="52500038",
        card_type=6, card_name="Mastercard", pan=pan, auth_code="A1B2C3"), pan_masked=masked)


def test_status_information_gives_what_a_receipt_needs() -> None:
    message = parse_pt_message(_sample())
    assert isinstance(message, StatusInformation)
    f = message.fields
    assert (f.result_code, f.amount, f.trace, f.receipt, f.terminal_id, f.currency) == \
        (0, 1234, 42, 7, "52500038", 978)
    assert (f.card_type, f.card_name, f.pan_last4, f.auth_code) == \
        (6, "Mastercard", "7899", "A1B2C3")


def test_a_full_card_number_is_reduced_to_its_last_four_at_the_parser() -> None:
    pan = "4111111111111111"
    message = parse_pt_message(_sample(pan, masked=False))
    assert isinstance(message, StatusInformation)
    assert message.fields.pan_last4 == "1111"
    text = repr(message).encode()
    assert pan.encode() not in text and card_numbers_in(text) == []


def test_free_text_that_looks_like_a_card_number_is_scrubbed() -> None:
    apdu = pt.intermediate(0xFF, "Card 4111 1111 1111 1111 read")
    message = parse_pt_message(apdu)
    assert isinstance(message, IntermediateStatus)
    assert "4111" not in message.text and "****" in message.text


@pytest.mark.parametrize(("data", "reason"), [
    (b"\x27\x00\x5f\x01", "unknown BMP 0x5F at offset 2"),
    (b"\x27\x00\x27\x00", "BMP 0x27 (result code) appears twice"),
    (b"\x04\x00\x00", "BMP 0x04 (amount) needs 6 bytes, 2 left"),
    (b"\x04\x00\x00\x00\x00\x12\x3a", "BMP 0x04 (amount): not packed BCD"),
    (b"\x22\xf1\x31\x12", "BMP 0x22 (PAN): length byte 0x31"),
    (b"\x22\xf0\xf2\xab\xcd", "neither a digit nor E/F"),
    (b"\x06\x85\x00", "length form 0x85 not supported"),
    (b"\x06\x03\x07\x05\x41", "needs 5 bytes, 1 left"),
])
def test_bad_fields_are_refused_with_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(BmpError, match=re.escape(reason)):
        parse_bmps(data)


def test_terminal_message_kinds() -> None:
    assert parse_pt_message(Apdu(0x80, 0x00)) == AppAck(True)
    refused = parse_pt_message(Apdu(0x84, 0x83))
    assert isinstance(refused, AppAck) and not refused.positive
    assert refused.text == "function not possible"
    status = parse_pt_message(pt.intermediate(0x0A))
    assert isinstance(status, IntermediateStatus) and status.kind is ProgressKind.PRESENT_CARD
    abort = parse_pt_message(pt.abort(0x6C))
    assert isinstance(abort, Abort) and abort.result_code == 0x6C
    enquiry = parse_pt_message(pt.enquiry_completion("SIM 1.0", 0), status_enquiry=True)
    assert isinstance(enquiry, Completion)
    assert (enquiry.software, enquiry.terminal_status) == ("SIM 1.0", 0)
    bare = parse_pt_message(Apdu(0x06, 0x0F, b"\xdc"), status_enquiry=True)
    assert isinstance(bare, Completion) and bare.terminal_status == 0xDC
    plain = parse_pt_message(pt.completion("52500038", "EUR"), status_enquiry=True)
    assert isinstance(plain, Completion) and plain.terminal_status is None
    done = parse_pt_message(pt.completion("52500038", "EUR"))
    assert isinstance(done, Completion) and done.fields.terminal_id == "52500038"
    with pytest.raises(MessageError, match="not a message a terminal sends"):
        parse_pt_message(Apdu(0x06, 0x01, b""))
    with pytest.raises(MessageError, match="carries no data"):
        parse_pt_message(Apdu(0x80, 0x00, b"\x01"))


def test_end_of_day_totals() -> None:
    rows = [(1, 500), (0, 0), (2, 3000), (0, 0), (3, 4500), (0, 0), (1, 100)]
    apdu = pt.end_of_day_status(99, 12, 8100, "52500038", pt.totals_field(5, 11, rows))
    message = parse_pt_message(apdu)
    assert isinstance(message, StatusInformation)
    totals = message.fields.totals
    assert totals is not None
    assert (totals.first_receipt, totals.last_receipt, totals.count, totals.amount) == \
        (5, 11, 7, 8100)
