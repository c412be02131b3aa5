"""A blocking MLLP client: one message out, one acknowledgement back, with timeouts.

The connection is kept between messages (receivers that keep it open save a
handshake per posting). Receivers that close after each message, or a
connection reset by a restart or a firewall, show up as EOF or a reset while
we send or wait: the client reconnects and sends the *same* message again,
up to ``attempts`` times. That is safe because the message is byte-identical
and its MSH-10 is stable, so the receiver can drop the duplicate. A read
timeout is different: the receiver may be working on it, so the connection
is dropped and the caller gets :class:`PmsUnavailable`; the sync worker
resends later, again with the same MSH-10.
"""

from __future__ import annotations

import logging
import socket
import threading

from kiosk.ports.pms import PmsBadResponse, PmsUnavailable

log = logging.getLogger(__name__)

START, END = b"\x0b", b"\x1c\x0d"
MAX_ACK_BYTES = 1_000_000


class _Dropped(Exception):
    """The connection closed or reset before the whole acknowledgement arrived."""


class MllpClient:
    def __init__(self, host: str, port: int, connect_timeout_s: float = 5,
                 read_timeout_s: float = 30, attempts: int = 3) -> None:
        self.host = host
        self.port = port
        self.connect_timeout_s = connect_timeout_s
        self.read_timeout_s = read_timeout_s
        self.attempts = attempts
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        #: Messages written to a socket, resends included (for tests and logs).
        self.sends = 0
        self.reconnects = 0

    def exchange(self, message: str) -> str:
        """Send one message and return the acknowledgement's text."""
        frame = START + message.encode("utf-8") + END
        with self._lock:
            for attempt in range(1, self.attempts + 1):
                sock = self._connected()
                try:
                    self.sends += 1
                    sock.sendall(frame)
                    return self._read_frame(sock).decode("utf-8", errors="replace")
                except (_Dropped, ConnectionResetError, BrokenPipeError,
                        ConnectionAbortedError) as exc:
                    self._drop()
                    self.reconnects += 1
                    log.info("MLLP connection dropped (%s); resending, attempt %d of %d",
                             exc.__class__.__name__, attempt + 1, self.attempts)
                except TimeoutError:
                    self._drop()
                    raise PmsUnavailable(f"HL7 receiver {self.host}:{self.port} did not "
                                         f"acknowledge within {self.read_timeout_s:g} s") from None
                except OSError as exc:
                    self._drop()
                    raise PmsUnavailable(f"HL7 connection failed: {exc.strerror or exc}") \
                        from None
            raise PmsUnavailable(f"HL7 receiver {self.host}:{self.port} closed the connection "
                                 f"{self.attempts} times before acknowledging")

    def _connected(self) -> socket.socket:
        if self._sock is None:
            try:
                sock = socket.create_connection((self.host, self.port),
                                                timeout=self.connect_timeout_s)
            except TimeoutError:
                raise PmsUnavailable(f"HL7 receiver {self.host}:{self.port}: connect timed "
                                     "out") from None
            except OSError as exc:
                raise PmsUnavailable(f"HL7 receiver {self.host}:{self.port} unreachable: "
                                     f"{exc.strerror or exc}") from None
            sock.settimeout(self.read_timeout_s)
            self._sock = sock
        return self._sock

    def _read_frame(self, sock: socket.socket) -> bytes:
        buffer = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                raise _Dropped("EOF")
            buffer += chunk
            start = buffer.find(START)
            end = buffer.find(END, start + 1) if start >= 0 else -1
            if end >= 0:
                return buffer[start + 1:end]
            if len(buffer) > MAX_ACK_BYTES:
                self._drop()
                raise PmsBadResponse("the HL7 receiver sent more than 1 MB without a frame end")

    def probe(self) -> None:
        """Open a connection (or keep the open one); raise PmsUnavailable if we cannot."""
        with self._lock:
            self._connected()

    def _drop(self) -> None:
        if self._sock is not None:
            try:
                self._sock.close()
            finally:
                self._sock = None

    def close(self) -> None:
        with self._lock:
            self._drop()
