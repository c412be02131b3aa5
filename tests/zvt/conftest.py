"""ZVT fixtures: the terminal simulator on a real pty (or TCP) and an adapter wired to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from devices.zvt.journal import RefundJournal
from devices.zvt.links import Link, SerialLink, TcpLink
from devices.zvt.messages import CONFIG_DEFAULT
from devices.zvt.session import EcrSession, Timeouts
from devices.zvt.sim_host import SimulatorHost
from devices.zvt.sim_state import SimState
from devices.zvt.simulator import SimSettings, ZvtTerminalSimulator
from devices.zvt.streams import SerialStream, SocketStream
from devices.zvt.terminal import ZvtSettings, ZvtTerminal

#: Short protocol timeouts so trouble shows in a second, not in minutes.
FAST = Timeouts(inter_byte=0.2, ack=1.0, response=1.0, progress=1.5, abort_grace=2.0)


@pytest.fixture
def sim_factory(tmp_path: Path) -> Iterator[Callable[..., SimulatorHost]]:
    hosts: list[SimulatorHost] = []

    def start(transport: str = "pty", **settings: Any) -> SimulatorHost:
        settings.setdefault("cut_s", 0.5)
        simulator = ZvtTerminalSimulator(SimState(tmp_path / f"sim-{len(hosts)}.sqlite3"),
                                         SimSettings(**settings))
        host = (SimulatorHost.on_pty(simulator, FAST.inter_byte, FAST.ack)
                if transport == "pty" else SimulatorHost.on_tcp(simulator))
        hosts.append(host)
        return host

    yield start
    for host in hosts:
        host.stop()


def opener(host: SimulatorHost, transport: str = "pty") -> Callable[[], Link]:
    if transport == "pty":
        return lambda: SerialLink(SerialStream(host.address), FAST.inter_byte, FAST.ack)
    address, _, port = host.address.rpartition(":")
    return lambda: TcpLink(SocketStream.connect(address, int(port), FAST.response))


@pytest.fixture
def terminal_factory(tmp_path: Path) -> Iterator[Callable[..., ZvtTerminal]]:
    terminals: list[ZvtTerminal] = []

    def build(host: SimulatorHost, transport: str = "pty", currency: str = "EUR",
              **settings: Any) -> ZvtTerminal:
        session = EcrSession(opener(host, transport), FAST, "000000", currency, CONFIG_DEFAULT)
        terminal = ZvtTerminal(session, ZvtSettings(currency, **settings),
                               RefundJournal(tmp_path / f"journal-{len(terminals)}.sqlite3"))
        terminals.append(terminal)
        return terminal

    yield build
    for terminal in terminals:
        terminal.close()
