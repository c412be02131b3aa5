"""Fuzzing the ZVT reader: random and mutated bytes at the framing layer, and well-formed
frames (valid CRC) carrying mutated APDUs at the message parser.

A seeded generator rather than Hypothesis, to reach well over 100,000 cases per layer
in a few seconds. Every input must end in exactly one of: accepted, or refused with a
non-empty reason. Any other exception (or a hang, caught by the timeout) fails the test.
A small Hypothesis property checks the frame round trip on top.
"""

from __future__ import annotations

import random
import time
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.zvt import pt_messages as pt
from devices.zvt.apdu import Apdu, ApduError, parse_apdu
from devices.zvt.bmp import BMP_TABLE
from devices.zvt.framing import EventKind, FrameDecoder, FrameError, decode_frame, encode_frame
from devices.zvt.messages import MessageError, StatusInformation, parse_pt_message
from tests.helpers import card_numbers_in

SEED = 20261127
CASES = 120_000


def _corpus() -> list[bytes]:
    sale = pt.Transaction(trace=123, receipt=45, amount=9_876, currency="EUR", result=0,
                          terminal_id="52500038", pan="4111111111111111")
    rows = [(1, 100), (2, 200), (0, 0), (1, 5_000), (4, 1_234), (0, 0), (0, 0)]
    apdus = [
        pt.status_information(sale), pt.status_information(sale, pan_masked=False),
        pt.failed_status(124, 500, "USD", 0x05, "52500038"),
        pt.end_of_day_status(125, 46, 6_534, "52500038", pt.totals_field(1, 45, rows)),
        pt.intermediate(0x0A), pt.intermediate(0xFF, "Bitte warten / please wait"),
        pt.completion("52500038", "EUR"), pt.enquiry_completion("SIM 1.0", 0),
        pt.abort(0x6C), pt.print_line("Card ************1111"),
        pt.text_block(["line one", "line two"]), Apdu(0x80, 0x00), Apdu(0x84, 0x83),
        Apdu(0x06, 0xD3, bytes(300)),
    ]
    return [apdu.encode() for apdu in apdus]


_TAGS = bytes(BMP_TABLE) + b"\xff\x00\x5f"


def _mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        op = rng.randrange(9)
        at = rng.randrange(len(out) + 1)
        if op == 0 and out:
            out[min(at, len(out) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1 and out:
            out[min(at, len(out) - 1)] = rng.randrange(256)
        elif op == 2:
            out[at:at] = rng.randbytes(rng.randrange(1, 4))
        elif op == 3 and out:
            del out[at:at + rng.randrange(1, 6)]
        elif op == 4:
            del out[rng.randrange(len(out) + 1):]
        elif op == 5 and len(out) > 2:
            out[2] = rng.randrange(256)  # the length byte
        elif op == 6:
            out[at:at] = bytes((rng.choice(_TAGS),))
        elif op == 7 and out:
            start = rng.randrange(len(out))
            out[at:at] = out[start:start + rng.randrange(1, 8)]
        else:
            out += rng.randbytes(rng.randrange(1, 8))
    return bytes(out)


@pytest.mark.timeout(120)
def test_framing_layer_refuses_noise_and_damage_with_a_reason() -> None:
    rng = random.Random(SEED)
    frames = [encode_frame(apdu) for apdu in _corpus()]
    outcome: Counter[str] = Counter()
    started = time.perf_counter()
    stream = bytearray()
    for index in range(CASES):
        if index % 2:
            case = rng.randbytes(rng.randrange(0, 48))
            if rng.random() < 0.3:  # noise that looks like a frame start
                case = b"\x10\x02" + case
        else:
            case = _mutate(rng, rng.choice(frames))
        try:
            decode_frame(case)
            outcome["accepted"] += 1
        except FrameError as exc:
            reason = str(exc)
            assert reason, "a refusal must say why"
            outcome[reason.split(" (")[0].split(":")[0][:40]] += 1
        if len(stream) < 400_000:
            stream += case
    # The same bytes as one stream, in random chunks, through the streaming decoder.
    decoder = FrameDecoder()
    offset = 0
    while offset < len(stream):
        size = rng.randrange(1, 64)
        for event in decoder.feed(bytes(stream[offset:offset + size])):
            if event.kind is EventKind.BAD_FRAME:
                assert event.reason
            outcome["stream " + event.kind.value] += 1
        offset += size
    elapsed = time.perf_counter() - started
    refused = CASES - outcome["accepted"]
    print(f"\nframing fuzz: {CASES} cases + {len(stream)} streamed bytes in {elapsed:.2f} s; "
          f"accepted {outcome['accepted']}, refused {refused}; {dict(outcome.most_common(8))}")
    assert refused > CASES // 2 and outcome["accepted"] > 100
    assert outcome["stream frame"] > 100 and outcome["stream bad_frame"] > 1_000


@pytest.mark.timeout(120)
def test_message_parser_refuses_mutated_apdus_in_valid_frames() -> None:
    rng = random.Random(SEED + 1)
    corpus = _corpus()
    outcome: Counter[str] = Counter()
    started = time.perf_counter()
    for _ in range(CASES):
        original = rng.choice(corpus)
        if rng.random() < 0.7:  # mutate the data block, keep the length honest
            apdu = parse_apdu(original)
            raw = Apdu(apdu.cls, apdu.instr, _mutate(rng, apdu.data)[:0xFFFF]).encode()
        else:  # mutate anything, the header included
            raw = _mutate(rng, original) or b"\x00"
        assert decode_frame(encode_frame(raw)) == raw  # a good frame: the CRC is valid
        try:
            message = parse_pt_message(parse_apdu(raw), status_enquiry=rng.random() < 0.2)
        except (ApduError, MessageError) as exc:
            reason = str(exc)
            assert reason, "a refusal must say why"
            outcome["refused"] += 1
            outcome[type(exc).__name__] += 1
            continue
        outcome["accepted " + type(message).__name__] += 1
        if isinstance(message, StatusInformation):
            assert card_numbers_in(repr(message).encode()) == []
            assert len(message.fields.pan_last4) in (0, 4)
    elapsed = time.perf_counter() - started
    print(f"\nmessage fuzz: {CASES} framed APDUs in {elapsed:.2f} s; {dict(outcome)}")
    assert outcome["refused"] > CASES // 3 and outcome["MessageError"] > CASES // 4
    assert outcome["accepted StatusInformation"] > 100


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=1, max_size=600))
def test_any_apdu_survives_a_frame_round_trip(apdu: bytes) -> None:
    assert decode_frame(encode_frame(apdu)) == apdu
    events = FrameDecoder().feed(encode_frame(apdu) + encode_frame(apdu))
    assert [e.apdu for e in events] == [apdu, apdu]
