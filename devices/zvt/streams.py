"""Byte streams under a ZVT link: a serial port, a socket, or a pty master (simulator).

Each stream reads with a timeout (returning ``b""`` when nothing came) and
turns every way a line can die (unplugged USB adapter, closed socket, hung-up
pty) into :class:`LinkClosed`, so the layers above deal with one error type.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import select
import socket
import time
from typing import Protocol

import serial

log = logging.getLogger(__name__)

_SLICE = 0.05  # a serial read returns at least this often, so waits stay responsive


class LinkError(Exception):
    """The line to the terminal failed; ``str()`` says how (for IT)."""


class LinkClosed(LinkError):
    """The line is gone: cable pulled, port vanished, peer closed."""


class LinkTimeout(LinkError):
    """Nothing (complete) arrived in time."""


class LinkRefused(LinkError):
    """The peer answered every attempt to send a frame with NAK."""


class LinkGarbled(LinkError):
    """Frame after frame arrived corrupted."""


class ByteStream(Protocol):
    description: str

    def read(self, max_bytes: int, timeout: float) -> bytes: ...

    def write(self, data: bytes) -> None: ...

    def close(self) -> None: ...


class SerialStream:
    """A serial port through pyserial: 8 data bits, no parity, 2 stop bits for ZVT."""

    def __init__(self, port: str, baudrate: int = 9600, stop_bits: float = 2,
                 write_timeout: float = 5.0) -> None:
        self.description = f"serial {port} at {baudrate} baud"
        try:
            self._port = serial.Serial(
                port=port, baudrate=baudrate, bytesize=serial.EIGHTBITS,
                parity=serial.PARITY_NONE,
                stopbits=serial.STOPBITS_TWO if stop_bits == 2 else serial.STOPBITS_ONE,
                timeout=_SLICE, write_timeout=write_timeout, xonxoff=False, rtscts=False,
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            raise LinkClosed(f"cannot open {port}: {exc}") from None
        self.line_control = self._assert_line_control()
        try:  # whatever a previous owner of the port left unread is not ours
            self._port.reset_input_buffer()
        except (serial.SerialException, OSError) as exc:
            raise LinkClosed(f"{self.description}: {exc}") from None

    def _assert_line_control(self) -> bool:
        """Raise DTR and RTS, which some terminals wait for. A pty (the simulator, or
        some USB gadgets) has no modem lines and refuses the ioctl: carry on without."""
        try:
            self._port.dtr = True
            self._port.rts = True
        except (OSError, serial.SerialException) as exc:
            log.debug("%s: no modem control lines (%s); continuing without DTR/RTS",
                      self.description, exc)
            return False
        return True

    def read(self, max_bytes: int, timeout: float) -> bytes:
        # The port's own timeout stays fixed: changing it re-applies the whole termios
        # setup on every call. Waiting longer is a loop of short reads.
        deadline = time.monotonic() + timeout
        try:
            while True:
                first = self._port.read(1)
                if first:
                    break
                if time.monotonic() >= deadline:
                    return b""
            waiting = self._port.in_waiting
            rest = self._port.read(min(waiting, max_bytes - 1)) if waiting else b""
            return bytes(first + rest)
        except (serial.SerialException, OSError) as exc:
            raise LinkClosed(f"{self.description}: {exc}") from None

    def write(self, data: bytes) -> None:
        try:
            self._port.write(data)
            self._port.flush()
        except serial.SerialTimeoutException:
            raise LinkClosed(f"{self.description}: write timed out (no flow)") from None
        except (serial.SerialException, OSError) as exc:
            raise LinkClosed(f"{self.description}: {exc}") from None

    def close(self) -> None:
        with contextlib.suppress(serial.SerialException, OSError):
            self._port.close()


class FdStream:
    """A raw file descriptor (the simulator's end of a pty)."""

    def __init__(self, fd: int, description: str = "pty") -> None:
        self.fd = fd
        self.description = description

    def read(self, max_bytes: int, timeout: float) -> bytes:
        try:
            ready, _, _ = select.select([self.fd], [], [], max(timeout, 0.0))
            if not ready:
                return b""
            data = os.read(self.fd, max_bytes)
        except OSError as exc:
            if exc.errno == errno.EINTR:
                return b""
            raise LinkClosed(f"{self.description}: {exc}") from None
        if not data:
            raise LinkClosed(f"{self.description}: end of file")
        return data

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:
                written = os.write(self.fd, view)
                view = view[written:]
        except OSError as exc:
            raise LinkClosed(f"{self.description}: {exc}") from None

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


class SocketStream:
    """A TCP connection (ZVT over IP, port 20007 by default)."""

    def __init__(self, sock: socket.socket, description: str) -> None:
        self._sock = sock
        self.description = description

    @classmethod
    def connect(cls, host: str, port: int, timeout: float) -> SocketStream:
        try:
            sock = socket.create_connection((host, port), timeout=timeout)
        except OSError as exc:
            raise LinkClosed(f"cannot connect to {host}:{port}: {exc}") from None
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(sock, f"tcp {host}:{port}")

    def read(self, max_bytes: int, timeout: float) -> bytes:
        try:
            self._sock.settimeout(max(timeout, 0.001))
            data = self._sock.recv(max_bytes)
        except TimeoutError:
            return b""
        except OSError as exc:
            raise LinkClosed(f"{self.description}: {exc}") from None
        if not data:
            raise LinkClosed(f"{self.description}: connection closed by the peer")
        return data

    def write(self, data: bytes) -> None:
        try:
            self._sock.settimeout(5.0)
            self._sock.sendall(data)
        except OSError as exc:
            raise LinkClosed(f"{self.description}: {exc}") from None

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.close()
