"""Build the ZVT terminal adapter from configuration (called by ``kiosk.app`` only).

In demo mode with ``terminal.zvt.simulator.enabled`` the bundled simulator is
started on a real pty (or a loopback TCP port) and the adapter connects to it
exactly as to hardware; the simulator stops when the terminal is closed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from devices.zvt.journal import RefundJournal
from devices.zvt.links import Link, SerialLink, TcpLink
from devices.zvt.messages import CONFIG_DEFAULT, CONFIG_ECR_PRINTS
from devices.zvt.session import EcrSession, Timeouts
from devices.zvt.streams import SerialStream, SocketStream
from devices.zvt.terminal import ZvtSettings, ZvtTerminal

if TYPE_CHECKING:
    from devices.zvt.sim_host import SimulatorHost
    from kiosk.config.schema import Config
    from kiosk.secrets import SecretStore

log = logging.getLogger(__name__)

PASSWORD_SECRET = "zvt_password"
DEFAULT_PASSWORD = "000000"


def build_zvt_terminal(config: Config, data_dir: Path,
                       secrets: SecretStore | None = None) -> ZvtTerminal:
    zvt = config.terminal.zvt
    timeouts = Timeouts(inter_byte=zvt.inter_byte_timeout_ms / 1000,
                        ack=zvt.ack_timeout_ms / 1000,
                        response=zvt.response_timeout_ms / 1000,
                        progress=float(zvt.progress_timeout_s),
                        abort_grace=float(zvt.abort_grace_s))
    password = (secrets.get(PASSWORD_SECRET) if secrets is not None else None) \
        or DEFAULT_PASSWORD
    if len(password) != 6 or not password.isdigit():
        raise ValueError(f"the secret {PASSWORD_SECRET} must be six digits")
    transport, device, host, port = zvt.transport, zvt.device, zvt.host, zvt.port
    on_close, running = None, None
    if zvt.simulator.enabled:
        if not config.is_demo:
            raise ValueError("the ZVT simulator runs only in demo mode")
        running = _start_simulator(config, data_dir, timeouts)
        on_close = running.stop
        if zvt.simulator.transport == "tcp":
            transport = "tcp"
            host, _, port_text = running.address.rpartition(":")
            port = int(port_text)
        else:
            transport, device = "serial", running.address

    def open_link() -> Link:
        if transport == "tcp":
            return TcpLink(SocketStream.connect(host, port, timeouts.response),
                           inter_byte_timeout=timeouts.inter_byte)
        return SerialLink(SerialStream(device, zvt.baudrate),
                          inter_byte_timeout=timeouts.inter_byte, ack_timeout=timeouts.ack)

    config_byte = CONFIG_DEFAULT | (CONFIG_ECR_PRINTS if zvt.ecr_prints_receipts else 0)
    session = EcrSession(open_link, timeouts, password, config.clinic.currency, config_byte)
    settings = ZvtSettings(currency=config.clinic.currency,
                           sale_timeout_s=float(config.terminal.sale_timeout_s),
                           learn_last_trace=zvt.learn_last_trace)
    terminal = ZvtTerminal(session, settings, RefundJournal(data_dir / "zvt-refunds.sqlite3"),
                           on_close=on_close)
    terminal.simulator = running
    return terminal


def _start_simulator(config: Config, data_dir: Path, timeouts: Timeouts) -> SimulatorHost:
    from devices.zvt.sim_host import SimulatorHost
    from devices.zvt.sim_state import SimState
    from devices.zvt.simulator import SimSettings, ZvtTerminalSimulator

    sim = config.terminal.zvt.simulator
    state = Path(sim.state_path) if sim.state_path else data_dir / "zvt-simulator.sqlite3"
    simulator = ZvtTerminalSimulator(SimState(state), SimSettings(
        step_delay=sim.step_delay_ms / 1000, outcome=sim.outcome, script=tuple(sim.script),
        cut_s=sim.cut_ms / 1000))
    if sim.transport == "tcp":
        host = SimulatorHost.on_tcp(simulator)
    else:
        host = SimulatorHost.on_pty(simulator, inter_byte_timeout=timeouts.inter_byte,
                                    ack_timeout=timeouts.ack)
    log.info("ZVT terminal simulator (demo) listening on %s", host.address)
    return host
