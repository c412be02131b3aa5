"""The tamper-evident audit log: who did what to which payment, and who viewed whose statement."""

from kiosk.audit.anchor import AnchorFile
from kiosk.audit.chain import AuditChain, VerifyReport, verify_chain

__all__ = ["AnchorFile", "AuditChain", "VerifyReport", "verify_chain"]
