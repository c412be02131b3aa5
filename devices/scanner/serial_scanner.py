"""A barcode/QR scanner on a serial line (RS-232 or USB-CDC), one code per line.

Its worker thread owns the port: it reads line-terminated codes, hands each
clean one to the callback, and reopens the port after the cable comes back.
"""

from __future__ import annotations

import logging
import threading
import time

import serial

from devices.scanner.codes import clean_code
from kiosk.ports.health import Health
from kiosk.ports.scanner import ScanCallback, ScanEvent

log = logging.getLogger(__name__)

TERMINATORS = {"cr": b"\r", "lf": b"\n", "crlf": b"\r\n"}


class SerialStatementScanner:
    name = "serial"

    def __init__(self, device: str, baudrate: int = 9600, terminator: str = "cr",
                 max_length: int = 64, reopen_after_s: float = 2.0) -> None:
        self.device = device
        self.baudrate = baudrate
        self.terminator = TERMINATORS[terminator]
        self.max_length = max_length
        self.reopen_after_s = reopen_after_s
        self._on_scan: ScanCallback | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.last_error = ""
        self.refused = 0  # lines that were not a code (noise, too long)

    def start(self, on_scan: ScanCallback) -> None:
        with self._lock:
            self._on_scan = on_scan
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="statement-scanner",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> None:
        with self._lock:
            self._stop.set()
            thread, self._thread = self._thread, None
            self._on_scan = None
        if thread is not None:
            thread.join(timeout=5)

    def prepare_test_scan(self) -> str:
        return f"Scan a statement with the scanner on {self.device} now."

    def probe(self) -> Health:
        if self._thread is not None and self._thread.is_alive():
            if self.last_error:
                return Health.bad(f"scanner on {self.device}: {self.last_error}")
            return Health.good(f"scanner on {self.device}: listening")
        try:
            serial.Serial(self.device, self.baudrate, timeout=0).close()
        except (serial.SerialException, OSError, ValueError) as exc:
            return Health.bad(f"scanner on {self.device}: cannot open ({exc})")
        return Health.good(f"scanner on {self.device}: port opens")

    def close(self) -> None:
        self.stop()

    # -- the worker --------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                port = serial.Serial(self.device, self.baudrate, timeout=0.2)
            except (serial.SerialException, OSError, ValueError) as exc:
                self.last_error = f"cannot open ({exc.__class__.__name__})"
                self._stop.wait(self.reopen_after_s)
                continue
            self.last_error = ""
            try:
                self._read_lines(port)
            except (serial.SerialException, OSError) as exc:
                self.last_error = f"line lost ({exc.__class__.__name__}); reopening"
                log.warning("scanner on %s: %s", self.device, self.last_error)
                self._stop.wait(self.reopen_after_s)
            finally:
                port.close()

    def _read_lines(self, port: serial.Serial) -> None:
        buffer = b""
        last_byte = time.monotonic()
        limit = self.max_length * 4
        while not self._stop.is_set():
            chunk = port.read(256)
            now = time.monotonic()
            if not chunk:
                if buffer and now - last_byte > 1.0:  # a code without its terminator
                    self._deliver(buffer)
                    buffer = b""
                continue
            last_byte = now
            buffer += chunk
            while self.terminator in buffer:
                line, buffer = buffer.split(self.terminator, 1)
                self._deliver(line)
            if len(buffer) > limit:
                self.refused += 1
                log.info("scanner on %s: discarded %d bytes without a line end", self.device,
                         len(buffer))
                buffer = b""

    def _deliver(self, line: bytes) -> None:
        code = clean_code(line.decode("latin-1").strip("\r\n"), self.max_length)
        if code is None:
            if line.strip():
                self.refused += 1
            return
        callback = self._on_scan
        if callback is not None:
            try:
                callback(ScanEvent(code, "serial"))
            except Exception:
                log.exception("scan callback failed")
