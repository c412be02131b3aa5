"""The HL7 v2 PMS adapter (see :mod:`kiosk.pms.hl7.adapter`)."""

from kiosk.pms.hl7.adapter import Hl7Pms, StatementSource
from kiosk.pms.hl7.message import Dft03Format
from kiosk.pms.hl7.mllp import MllpClient

__all__ = ["Dft03Format", "Hl7Pms", "MllpClient", "StatementSource"]
