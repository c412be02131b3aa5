"""Statement scanners: serial (a real pty), keyboard wedge (key timings), simulator."""

from __future__ import annotations

import os
import threading
import time
import tty
from collections.abc import Iterator
from datetime import date

import pytest

from devices.scanner.codes import clean_code
from devices.scanner.serial_scanner import SerialStatementScanner
from devices.scanner.simulated import SimulatedScanner
from devices.scanner.wedge import KeyAction, KeyboardWedgeScanner, WedgeParser
from kiosk.app import App
from kiosk.device_checks import read_test_scan
from kiosk.lookup.service import LookupOutcome
from kiosk.ports.scanner import ScanEvent


class Collector:
    def __init__(self) -> None:
        self.events: list[ScanEvent] = []
        self.arrived = threading.Event()

    def __call__(self, event: ScanEvent) -> None:
        self.events.append(event)
        self.arrived.set()

    def wait_for(self, count: int, timeout: float = 3.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while len(self.events) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return [e.code for e in self.events]


@pytest.fixture
def pty_pair() -> Iterator[tuple[int, str]]:
    master, slave = os.openpty()
    tty.setraw(slave)
    yield master, os.ttyname(slave)
    os.close(master)
    os.close(slave)


def test_clean_code() -> None:
    assert clean_code("  STEMDQET3UW\r\n") == "STEMDQET3UW"
    assert clean_code("") is None and clean_code("\x00\x01bad") is None
    assert clean_code("x" * 65) is None and clean_code("x" * 64) == "x" * 64
    assert clean_code("Ünïcode") is None


def test_serial_scanner_reads_terminated_lines(pty_pair: tuple[int, str]) -> None:
    master, device = pty_pair
    scanner = SerialStatementScanner(device, terminator="cr", max_length=20)
    got = Collector()
    scanner.start(got)
    time.sleep(0.3)  # the worker opens the port
    os.write(master, b"STEMDQET3UW\rST12")
    os.write(master, b"34567\r\x00\x01\x02\xff\r" + b"A" * 100 + b"\rSTLAST\r")
    assert got.wait_for(3) == ["STEMDQET3UW", "ST1234567", "STLAST"]
    assert scanner.refused == 2  # the binary junk and the 100-character line
    assert scanner.probe().ok
    assert repr(got.events[0]) == "ScanEvent(source='serial', 11 characters)"  # no code in logs
    scanner.stop()
    os.write(master, b"AFTERSTOP\r")
    time.sleep(0.3)
    assert len(got.events) == 3


def test_serial_scanner_with_crlf_and_a_missing_device(pty_pair: tuple[int, str]) -> None:
    master, device = pty_pair
    scanner = SerialStatementScanner(device, terminator="crlf")
    got = Collector()
    scanner.start(got)
    time.sleep(0.3)
    os.write(master, b"ONE\r\nTWO\r\n")
    assert got.wait_for(2) == ["ONE", "TWO"]
    scanner.close()
    missing = SerialStatementScanner("/dev/clinicpay-no-scanner")
    assert not missing.probe().ok
    missing.start(Collector())
    time.sleep(0.3)
    health = missing.probe()
    assert not health.ok and "cannot open" in health.detail
    missing.close()


def test_a_wedge_burst_ending_in_enter_is_a_scan() -> None:
    parser = WedgeParser(max_gap_ms=50, min_length=4)
    t = 10.0
    for char in "STEMDQET3UW":
        assert parser.feed(char, t).action is KeyAction.HOLD
        t += 0.008
    result = parser.feed("\r", t)
    assert (result.action, result.code) == (KeyAction.SCAN, "STEMDQET3UW")


def test_a_person_typing_gets_every_key_back() -> None:
    parser = WedgeParser(max_gap_ms=50, min_length=4)
    typed = ""
    t = 0.0
    for char in "Nunez":
        result = parser.feed(char, t)
        assert result.action is not KeyAction.SCAN
        typed += result.text
        t += 0.2  # people type a few keys a second
    last = parser.feed("\r", t)
    assert last.action is KeyAction.TYPED and last.enter
    assert typed + last.text == "Nunez"
    # a short fast burst (a double key press) is typing, not a scan
    assert parser.feed("a", 5.0).action is KeyAction.HOLD
    assert parser.feed("b", 5.01).action is KeyAction.HOLD
    done = parser.feed("\n", 5.02)
    assert done.action is KeyAction.TYPED and done.text == "ab"
    # the timer releases a held key once the burst has gone quiet
    parser.feed("x", 6.0)
    assert parser.flush(6.01).action is KeyAction.HOLD
    flushed = parser.flush(6.2)
    assert flushed.action is KeyAction.TYPED and flushed.text == "x"


def test_keyboard_wedge_scanner_reports_scans_to_the_callback() -> None:
    scanner = KeyboardWedgeScanner(max_gap_ms=50, min_length=4)
    got = Collector()
    scanner.start(got)
    for index, char in enumerate("ST1234\r"):
        scanner.feed(char, 1.0 + index * 0.005)
    assert [e.code for e in got.events] == ["ST1234"] and got.events[0].source == "keyboard"
    assert scanner.probe().ok


def test_read_test_scan_with_the_simulator_and_without_a_scanner() -> None:
    check = read_test_scan(SimulatedScanner(("STEMDQET3UW",), delay_s=0.05), timeout_s=3)
    assert check.ok and check.preview == "ST…UW (11 characters)"
    assert not read_test_scan(None).ok
    silent = read_test_scan(KeyboardWedgeScanner(), timeout_s=0.2)
    assert not silent.ok and "no scan" in silent.detail


def test_a_scanned_statement_still_needs_the_date_of_birth(app_factory: object) -> None:
    app: App = app_factory(scanner={"kind": "simulated",  # type: ignore[operator]
                                    "simulated": {"codes": ["STEMDQET3UW"]}})
    assert app.scanner is not None and app.scanner.name == "simulated"
    got = Collector()
    app.scanner.start(got)
    app.scanner.scan()  # type: ignore[attr-defined]
    code = got.wait_for(1)[0]
    wrong = app.lookup.find_by_statement_code(code, date(1970, 1, 1))
    assert wrong.outcome is LookupOutcome.NO_MATCH and wrong.patient is None
    right = app.lookup.find_by_statement_code(code, date(1972, 7, 4))
    assert right.outcome is LookupOutcome.MATCH and right.patient is not None
