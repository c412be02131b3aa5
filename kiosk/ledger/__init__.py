"""The local ledger: payments, their events, the outbox and the audit log.

Every money-moving change is committed durably before the side effect it
announces, and together with the outbox row that will tell the PMS.
"""

from kiosk.ledger.database import Ledger, LedgerError, open_ledger
from kiosk.ledger.transaction import LedgerTx

__all__ = ["Ledger", "LedgerError", "LedgerTx", "open_ledger"]

# Counter-mode tables (issue 8) share the models' metadata; importing them here registers
# them whichever ledger module is imported first.
from kiosk.ledger import counter_models as _counter_models  # noqa: F401
