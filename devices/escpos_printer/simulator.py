"""An ESC/POS printer at the far end of a pseudo-terminal (demo mode and tests).

It answers real-time status requests (``DLE EOT 1`` and ``DLE EOT 4``) as a
thermal printer does, keeps every other byte it was sent, and can be switched
offline (no answer at all) or out of paper (answers, prints nothing).
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import threading
import tty

_STATUS = {"none": (0x12, 0x12), "out_of_paper": (0x12, 0x72), "paper_low": (0x12, 0x1E),
           "cover_open": (0x1A, 0x12)}
_COMMANDS = re.compile(
    rb"\x1b@|\x1dV[AB].|\x1d\(k(..)|\x1b[!\-EGMJadt{3].|\x1d[!BbLVh-w].|\x10\x04.",
    re.DOTALL)


class EscposPrinterSimulator:
    def __init__(self, fault: str = "none") -> None:
        self.fault = fault
        self._received = bytearray()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.device = os.ttyname(self._slave)
        self._thread = threading.Thread(target=self._serve, name="escpos-simulator",
                                        daemon=True)
        self._thread.start()

    @property
    def received(self) -> bytes:
        with self._lock:
            return bytes(self._received)

    def clear(self) -> None:
        with self._lock:
            self._received.clear()

    def printed_text(self) -> str:
        """What a person would read on the paper, roughly (commands and QR data removed)."""
        data = self.received
        out = bytearray()
        at = 0
        while at < len(data):
            match = _COMMANDS.match(data, at)
            if match is None:
                out.append(data[at])
                at += 1
                continue
            at = match.end()
            if match.group(1) is not None:  # GS ( k pL pH: skip its parameters
                at += match.group(1)[0] | match.group(1)[1] << 8
        return out.decode("cp437", "replace")

    def _serve(self) -> None:
        pending = b""
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self._master], [], [], 0.1)
                chunk = os.read(self._master, 4096) if ready else b""
            except OSError:
                return
            if not chunk:
                continue
            data = pending + chunk
            pending = b""
            at = 0
            while at < len(data):
                index = data.find(b"\x10\x04", at)
                if index < 0 or index + 2 >= len(data):
                    keep = data[at:] if index < 0 else data[at:index]
                    if index >= 0:
                        pending = data[index:]
                    self._keep(keep)
                    break
                self._keep(data[at:index])
                self._answer(data[index + 2])
                at = index + 3

    def _keep(self, data: bytes) -> None:
        if data and self.fault in ("none", "paper_low"):
            with self._lock:
                self._received += data

    def _answer(self, which: int) -> None:
        if self.fault == "offline":
            return  # a switched-off printer says nothing
        online, paper = _STATUS.get(self.fault, _STATUS["none"])
        os.write(self._master, bytes((online if which == 1 else paper,)))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)
