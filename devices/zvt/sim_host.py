"""Run the ZVT terminal simulator on a real pseudo-terminal or a TCP port.

``SimulatorHost.on_pty`` opens a pty pair: the simulator serves the master
side on a daemon thread and the kiosk opens the slave by its path
(``/dev/pts/N``) with pyserial, exactly as it would open ``/dev/ttyUSB0``. The
host keeps the slave open itself so the kiosk can close and reopen the port
(after a lost line) without the simulator seeing a hang-up.

Run standalone (its own process, so its journal outlives a killed kiosk)::

    python -m devices.zvt.sim_host --state /tmp/sim.sqlite3 [--tcp 20007] [--outcome decline]

It prints ``READY <device or host:port>`` and serves until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import sys
import threading
import tty
from collections.abc import Callable
from pathlib import Path

from devices.zvt.links import SerialLink, TcpLink
from devices.zvt.sim_state import SimState
from devices.zvt.simulator import OUTCOMES, SimSettings, ZvtTerminalSimulator
from devices.zvt.streams import FdStream, SocketStream

log = logging.getLogger(__name__)


class SimulatorHost:
    """A running simulator. ``address`` is the pty path or ``host:port``."""

    def __init__(self, simulator: ZvtTerminalSimulator, address: str) -> None:
        self.simulator = simulator
        self.address = address
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._closers: list[int | socket.socket] = []

    @property
    def state(self) -> SimState:
        return self.simulator.state

    @classmethod
    def on_pty(cls, simulator: ZvtTerminalSimulator, inter_byte_timeout: float = 0.5,
               ack_timeout: float = 5.0) -> SimulatorHost:
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo or line editing before the kiosk configures the port
        host = cls(simulator, os.ttyname(slave))
        host._closers = [master, slave]
        link = SerialLink(FdStream(master, f"simulator pty {host.address}"),
                          inter_byte_timeout=inter_byte_timeout, ack_timeout=ack_timeout)
        host._start(lambda: simulator.serve(link, host._stop))
        return host

    @classmethod
    def on_tcp(cls, simulator: ZvtTerminalSimulator, host: str = "127.0.0.1",
               port: int = 0) -> SimulatorHost:
        server = socket.create_server((host, port))
        server.settimeout(0.2)
        bound = server.getsockname()
        running = cls(simulator, f"{bound[0]}:{bound[1]}")
        running._closers = [server]

        def serve_connections() -> None:
            while not running._stop.is_set():
                try:
                    connection, peer = server.accept()
                except TimeoutError:
                    continue
                except OSError:
                    return
                stream = SocketStream(connection, f"simulator tcp {peer[0]}:{peer[1]}")
                try:
                    simulator.serve(TcpLink(stream), running._stop)
                finally:
                    stream.close()

        running._start(serve_connections)
        return running

    def _start(self, target: Callable[[], None]) -> None:
        self._thread = threading.Thread(target=target, name="zvt-simulator", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        for item in self._closers:
            try:
                if isinstance(item, int):
                    os.close(item)
                else:
                    item.close()
            except OSError:
                pass
        self._closers = []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devices.zvt.sim_host")
    parser.add_argument("--state", required=True, help="simulator journal (SQLite file)")
    parser.add_argument("--tcp", type=int, metavar="PORT", help="serve TCP instead of a pty")
    parser.add_argument("--outcome", default="approve", choices=OUTCOMES)
    parser.add_argument("--script", default="", help="comma-separated outcomes, then --outcome")
    parser.add_argument("--step-delay-ms", type=int, default=0)
    parser.add_argument("--cut-ms", type=int, default=1000)
    parser.add_argument("--ack-ms", type=int, default=5000,
                        help="how long to wait for the kiosk's ACK byte and 80 00 00")
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("KIOSK_LOG", "WARNING").upper())
    script = tuple(s for s in args.script.split(",") if s)
    simulator = ZvtTerminalSimulator(SimState(Path(args.state)), SimSettings(
        step_delay=args.step_delay_ms / 1000, outcome=args.outcome, script=script,
        cut_s=args.cut_ms / 1000, ack_wait_s=args.ack_ms / 1000))
    host = (SimulatorHost.on_tcp(simulator, port=args.tcp) if args.tcp is not None
            else SimulatorHost.on_pty(simulator, ack_timeout=args.ack_ms / 1000))
    done = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: done.set())
    print(f"READY {host.address}", flush=True)
    done.wait()
    host.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
