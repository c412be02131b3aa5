"""ZVT serial framing: ``DLE STX`` + stuffed APDU + ``DLE ETX`` + CRC (low byte first).

Every 0x10 (DLE) inside the APDU is sent twice. The receiver answers each
frame with one byte: ACK (0x06) when the CRC matches, NAK (0x15) otherwise.
Over TCP none of this exists: APDUs travel bare (see :mod:`devices.zvt.links`).

:class:`FrameDecoder` is a byte-at-a-time state machine that never raises on
input: whatever arrives (line noise, a frame cut short, a wrong CRC, a stray
ACK) becomes an event with a reason, so a corrupted line cannot crash or hang
the reader. Timing (inter-byte timeouts) is the link's job; it calls
:meth:`FrameDecoder.abandon` when a frame stalls.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from devices.zvt.crc import frame_crc

DLE, STX, ETX, ACK, NAK = 0x10, 0x02, 0x03, 0x06, 0x15
#: CLASS INSTR + 3 length bytes + 65535 data bytes: nothing longer can be an APDU.
MAX_APDU = 2 + 3 + 0xFFFF


class FrameError(ValueError):
    """A frame that cannot be accepted; ``str()`` says why, for IT (never card data)."""


def stuff(apdu: bytes) -> bytes:
    return apdu.replace(b"\x10", b"\x10\x10")


def encode_frame(apdu: bytes) -> bytes:
    if not apdu:
        raise FrameError("refusing to frame an empty APDU")
    if len(apdu) > MAX_APDU:
        raise FrameError(f"APDU of {len(apdu)} bytes is longer than any ZVT APDU")
    return bytes((DLE, STX)) + stuff(apdu) + bytes((DLE, ETX)) + frame_crc(apdu)


class EventKind(enum.Enum):
    FRAME = "frame"  # a whole frame with a good CRC: ``apdu`` holds it, unstuffed
    BAD_FRAME = "bad_frame"  # a frame was started but cannot be accepted: answer NAK
    ACK = "ack"  # a single ACK byte outside a frame
    NAK = "nak"  # a single NAK byte outside a frame
    NOISE = "noise"  # bytes outside any frame, ignored


@dataclass(frozen=True, slots=True)
class FrameEvent:
    kind: EventKind
    apdu: bytes = b""
    reason: str = ""


class _State(enum.Enum):
    IDLE = 0
    IDLE_DLE = 1  # DLE seen outside a frame: STX starts one
    BODY = 2
    BODY_DLE = 3  # DLE seen inside a frame: DLE, ETX (or a restart) follows
    CRC_LOW = 4
    CRC_HIGH = 5


class FrameDecoder:
    """Turns a byte stream into :class:`FrameEvent` s. Bounded memory, never raises."""

    def __init__(self, max_apdu: int = MAX_APDU) -> None:
        self.max_apdu = max_apdu
        self._state = _State.IDLE
        self._body = bytearray()
        self._crc_low = 0

    @property
    def in_frame(self) -> bool:
        """True while a frame has started and not yet ended (the inter-byte clock runs)."""
        return self._state not in (_State.IDLE, _State.IDLE_DLE)

    def abandon(self, reason: str) -> FrameEvent | None:
        """The line went quiet mid-frame: drop it (the caller answers NAK)."""
        if not self.in_frame:
            self._state = _State.IDLE
            return None
        self._reset()
        return FrameEvent(EventKind.BAD_FRAME, reason=reason)

    def _reset(self) -> None:
        self._state = _State.IDLE
        self._body = bytearray()

    def feed(self, data: bytes) -> list[FrameEvent]:
        events: list[FrameEvent] = []
        noise = 0
        for byte in data:
            state = self._state
            if state is _State.IDLE:
                if byte == DLE:
                    self._state = _State.IDLE_DLE
                elif byte == ACK:
                    events.append(FrameEvent(EventKind.ACK))
                elif byte == NAK:
                    events.append(FrameEvent(EventKind.NAK))
                else:
                    noise += 1
            elif state is _State.IDLE_DLE:
                if byte == STX:
                    if noise:
                        events.append(_noise(noise))
                        noise = 0
                    self._body = bytearray()
                    self._state = _State.BODY
                elif byte != DLE:  # DLE DLE stays "DLE seen"
                    noise += 2
                    self._state = _State.IDLE
                else:
                    noise += 1
            elif state is _State.BODY:
                if byte == DLE:
                    self._state = _State.BODY_DLE
                else:
                    self._append(byte, events)
            elif state is _State.BODY_DLE:
                if byte == DLE:
                    self._state = _State.BODY
                    self._append(DLE, events)
                elif byte == ETX:
                    self._state = _State.CRC_LOW
                elif byte == STX:
                    events.append(FrameEvent(EventKind.BAD_FRAME,
                                             reason="a new frame started inside a frame"))
                    self._body = bytearray()
                    self._state = _State.BODY
                else:
                    events.append(FrameEvent(
                        EventKind.BAD_FRAME,
                        reason=f"unstuffed DLE followed by 0x{byte:02X} inside a frame"))
                    self._reset()
            elif state is _State.CRC_LOW:
                self._crc_low = byte
                self._state = _State.CRC_HIGH
            else:  # CRC_HIGH
                events.append(self._finish(byte))
        if noise:
            events.append(_noise(noise))
        return events

    def _append(self, byte: int, events: list[FrameEvent]) -> None:
        if len(self._body) >= self.max_apdu:
            events.append(FrameEvent(EventKind.BAD_FRAME,
                                     reason=f"frame longer than {self.max_apdu} bytes"))
            self._reset()
            return
        self._body.append(byte)

    def _finish(self, crc_high: int) -> FrameEvent:
        body = bytes(self._body)
        self._reset()
        received = bytes((self._crc_low, crc_high))
        if not body:
            return FrameEvent(EventKind.BAD_FRAME, reason="empty frame (no APDU)")
        expected = frame_crc(body)
        if received != expected:
            return FrameEvent(EventKind.BAD_FRAME,
                              reason=f"CRC mismatch (received {received.hex()}, "
                                     f"computed {expected.hex()})")
        return FrameEvent(EventKind.FRAME, apdu=body)


def _noise(count: int) -> FrameEvent:
    return FrameEvent(EventKind.NOISE, reason=f"{count} byte(s) outside a frame ignored")


def decode_frame(data: bytes) -> bytes:
    """Decode exactly one whole frame (nothing before or after it); raise FrameError."""
    decoder = FrameDecoder()
    events = decoder.feed(data)
    frames = [e for e in events if e.kind is EventKind.FRAME]
    problems = [e.reason or f"stray {e.kind.value.upper()} byte" for e in events
                if e.kind is not EventKind.FRAME]
    if decoder.in_frame:
        problems.append("frame cut short (no DLE ETX and CRC)")
    if problems:
        raise FrameError("; ".join(problems))
    if len(frames) != 1:
        raise FrameError("no frame found" if not frames else f"{len(frames)} frames, expected 1")
    return frames[0].apdu
