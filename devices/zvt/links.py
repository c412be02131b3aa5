"""ZVT links: move whole APDUs over a byte stream, serial (framed) or TCP (bare).

The serial link implements the transport protocol of PA00P016: each APDU goes
out as a frame (see :mod:`devices.zvt.framing`) and the receiver answers
with one ACK or NAK byte. A NAKed frame is sent again, up to ``max_resends``
times; a frame that arrives corrupted is answered with NAK so its sender
repeats it. Both sides of the line use this class: the kiosk (ECR) and the
terminal simulator. The simulator also uses its fault knobs (``nak_next``,
``corrupt_next``) to play a noisy line.

Over TCP there is no framing and no ACK byte: APDUs are written back to back
and a reader finds their ends from their length field.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from typing import Protocol

from devices.zvt.apdu import declared_length
from devices.zvt.framing import ACK, NAK, EventKind, FrameDecoder, FrameEvent, encode_frame
from devices.zvt.streams import (
    ByteStream,
    LinkGarbled,
    LinkRefused,
    LinkTimeout,
)

log = logging.getLogger(__name__)


class Link(Protocol):
    description: str

    def send(self, apdu: bytes) -> None:
        """Deliver one APDU; raises LinkRefused, LinkTimeout (no ACK) or LinkClosed."""
        ...

    def recv(self, timeout: float) -> bytes:
        """The next whole APDU; raises LinkTimeout, LinkGarbled or LinkClosed."""
        ...

    def close(self) -> None: ...


class SerialLink:
    def __init__(self, stream: ByteStream, inter_byte_timeout: float = 0.5,
                 ack_timeout: float = 5.0, max_resends: int = 3,
                 max_bad_frames: int = 3) -> None:
        self.stream = stream
        self.description = stream.description
        self.inter_byte_timeout = inter_byte_timeout
        self.ack_timeout = ack_timeout
        self.max_resends = max_resends
        self.max_bad_frames = max_bad_frames
        self.nak_next = 0  # simulator only: NAK this many good frames
        self.corrupt_next = 0  # simulator only: send this many frames with a wrong CRC
        self.counters = {"naks_received": 0, "naks_sent": 0, "resends": 0}
        self._decoder = FrameDecoder()
        self._pending: deque[bytes] = deque()

    # -- reading -----------------------------------------------------------
    def _events(self, deadline: float) -> list[FrameEvent]:
        """Read until something happens or the deadline passes (a started frame may
        finish past the deadline, as long as its bytes keep coming)."""
        while True:
            if self._decoder.in_frame:
                wait = self.inter_byte_timeout
            else:
                wait = deadline - time.monotonic()
                if wait <= 0:
                    return []
            chunk = self.stream.read(4096, wait)
            if not chunk:
                if self._decoder.in_frame:
                    event = self._decoder.abandon(
                        f"no byte for {self.inter_byte_timeout:.2f} s inside a frame")
                    return [event] if event else []
                continue
            events = self._decoder.feed(chunk)
            if events:
                return events

    def _take_frame(self, event: FrameEvent) -> None:
        if self.nak_next > 0:
            self.nak_next -= 1
            self._write_control(NAK)
            return
        self._write_control(ACK)
        self._pending.append(event.apdu)

    def _write_control(self, byte: int) -> None:
        if byte == NAK:
            self.counters["naks_sent"] += 1
        self.stream.write(bytes((byte,)))

    def recv(self, timeout: float) -> bytes:
        if self._pending:
            return self._pending.popleft()
        deadline = time.monotonic() + timeout
        bad = 0
        while True:
            events = self._events(deadline)
            if not events and time.monotonic() >= deadline:
                raise LinkTimeout(f"{self.description}: nothing received in {timeout:.1f} s")
            for event in events:
                if event.kind is EventKind.FRAME:
                    self._take_frame(event)
                elif event.kind is EventKind.BAD_FRAME:
                    self._write_control(NAK)
                    bad += 1
                    log.info("%s: refused a frame: %s", self.description, event.reason)
                    if bad > self.max_bad_frames:
                        raise LinkGarbled(f"{self.description}: {bad} bad frames in a row "
                                          f"(last: {event.reason})")
                elif event.kind is EventKind.NOISE:
                    log.debug("%s: %s", self.description, event.reason)
            if self._pending:
                return self._pending.popleft()

    # -- writing -----------------------------------------------------------
    def send(self, apdu: bytes) -> None:
        frame = encode_frame(apdu)
        sends = 0
        while True:
            out = frame
            if self.corrupt_next > 0:
                self.corrupt_next -= 1
                out = frame[:-2] + bytes(b ^ 0x5A for b in frame[-2:])
            self.stream.write(out)
            sends += 1
            if self._await_ack():
                return
            self.counters["naks_received"] += 1
            if sends > self.max_resends:
                raise LinkRefused(f"{self.description}: frame refused (NAK) {sends} times")
            self.counters["resends"] += 1

    def _await_ack(self) -> bool:
        """True on ACK, False on NAK; frames from the peer that cross ours are queued."""
        deadline = time.monotonic() + self.ack_timeout
        while True:
            events = self._events(deadline)
            if not events and time.monotonic() >= deadline:
                raise LinkTimeout(f"{self.description}: no ACK within {self.ack_timeout:.1f} s")
            answer: bool | None = None
            for event in events:  # all of them: the peer's next frame may share the read
                if event.kind is EventKind.ACK and answer is None:
                    answer = True
                elif event.kind is EventKind.NAK and answer is None:
                    answer = False
                elif event.kind is EventKind.FRAME:
                    self._take_frame(event)
                elif event.kind is EventKind.BAD_FRAME:
                    self._write_control(NAK)
            if answer is not None:
                return answer

    def discard_input(self) -> None:
        """Drop whatever is on the line and any half-read frame (a line that went dead)."""
        while self.stream.read(4096, 0.05):
            pass
        self._decoder = FrameDecoder()
        self._pending.clear()

    def close(self) -> None:
        self.stream.close()


class TcpLink:
    """Bare APDUs on a stream socket; the length field delimits them.

    With no frames to resynchronise on, an APDU that stops arriving halfway leaves the
    stream misaligned for good: after ``inter_byte_timeout`` without a byte the link
    gives up (LinkGarbled) and the session opens a new connection.
    """

    def __init__(self, stream: ByteStream, inter_byte_timeout: float = 0.5) -> None:
        self.stream = stream
        self.description = stream.description
        self.inter_byte_timeout = inter_byte_timeout
        self._buffer = bytearray()
        self._last_byte = 0.0

    def send(self, apdu: bytes) -> None:
        self.stream.write(apdu)

    def recv(self, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        while True:
            total = declared_length(bytes(self._buffer[:5]))
            if total is not None and len(self._buffer) >= total:
                apdu = bytes(self._buffer[:total])
                del self._buffer[:total]
                return apdu
            now = time.monotonic()
            if self._buffer and now - self._last_byte > self.inter_byte_timeout:
                size = len(self._buffer)
                self._buffer.clear()
                raise LinkGarbled(f"{self.description}: an APDU stopped after {size} bytes")
            wait = deadline - now
            if wait <= 0:
                raise LinkTimeout(f"{self.description}: nothing received in {timeout:.1f} s")
            if self._buffer:
                wait = min(wait, self.inter_byte_timeout)
            chunk = self.stream.read(65536, wait)
            if chunk:
                self._buffer += chunk
                self._last_byte = time.monotonic()

    def discard_input(self) -> None:
        while self.stream.read(65536, 0.05):
            pass
        self._buffer.clear()

    def close(self) -> None:
        self.stream.close()
