"""A scriptable card terminal whose memory lives in a file, not in the kiosk process."""

from devices.simulated_terminal.state import TerminalState
from devices.simulated_terminal.terminal import MAGIC_AMOUNTS, SimulatedTerminal

__all__ = ["MAGIC_AMOUNTS", "SimulatedTerminal", "TerminalState"]
