"""ZVT card terminals (the ECR side, our own implementation) and a terminal simulator.

Layers, bottom up: :mod:`crc` and :mod:`framing` (serial frames), :mod:`apdu`,
:mod:`bcd` and :mod:`bmp` (the APDU and its fields), :mod:`messages` (commands
and terminal messages), :mod:`streams` and :mod:`links` (serial or TCP),
:mod:`session` (the ECR dialogue) and :mod:`terminal` (the ``CardTerminal``
port). :mod:`simulator`, :mod:`sim_state` and :mod:`sim_host` are the
terminal side for demo mode and tests. Sources: docs/zvt.md.
"""

from devices.zvt.factory import build_zvt_terminal
from devices.zvt.terminal import ZvtError, ZvtTerminal

__all__ = ["ZvtError", "ZvtTerminal", "build_zvt_terminal"]
