"""The systemd notify protocol against a real datagram socket, as systemd listens."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.sdnotify import Watchdog, notify, watchdog_interval_s


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    path = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(2)
    yield sock, path
    sock.close()


def received(sock: socket.socket) -> list[str]:
    messages = []
    sock.setblocking(False)
    try:
        while True:
            messages.append(sock.recv(4096).decode())
    except BlockingIOError:
        return messages
    finally:
        sock.setblocking(True)


def test_ready_and_status_reach_the_socket(listener: tuple[socket.socket, str]) -> None:
    sock, path = listener
    watchdog = Watchdog({"NOTIFY_SOCKET": path})
    assert watchdog.ready("in service")
    assert sock.recv(4096) == b"READY=1\nSTATUS=in service"
    assert notify("STOPPING=1", {"NOTIFY_SOCKET": path})
    assert sock.recv(4096) == b"STOPPING=1"


def test_abstract_socket_names_work() -> None:
    name = f"clinicpay-test-{os.getpid()}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name)
    sock.settimeout(2)
    try:
        assert notify("WATCHDOG=1", {"NOTIFY_SOCKET": "@" + name})
        assert sock.recv(4096) == b"WATCHDOG=1"
    finally:
        sock.close()


def test_without_systemd_nothing_is_sent() -> None:
    assert not notify("READY=1", {})
    assert not notify("READY=1", {"NOTIFY_SOCKET": "vsock:2:1234"})
    assert not Watchdog({}).armed and not Watchdog({}).tick()


def test_the_watchdog_pings_at_half_the_interval(listener: tuple[socket.socket, str]) -> None:
    sock, path = listener
    now = [100.0]
    env = {"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "30000000"}
    watchdog = Watchdog(env, clock=lambda: now[0])
    assert watchdog.period_s == 15
    ticks = []
    for _ in range(240):  # a minute of the GUI's 250 ms ticks
        ticks.append(watchdog.tick())
        now[0] += 0.25
    assert sum(ticks) == 4 and watchdog.pings == 4
    assert received(sock) == ["WATCHDOG=1"] * 4


def test_watchdog_pid_of_another_process_is_not_ours() -> None:
    env = {"WATCHDOG_USEC": "20000000"}
    assert watchdog_interval_s(env) == 20
    assert watchdog_interval_s(dict(env, WATCHDOG_PID=str(os.getpid()))) == 20
    # under cage the service's main process is cage, our parent
    assert watchdog_interval_s(dict(env, WATCHDOG_PID=str(os.getppid()))) == 20
    assert watchdog_interval_s(dict(env, WATCHDOG_PID="999999999")) is None
    assert watchdog_interval_s({"WATCHDOG_USEC": "zero"}) is None
