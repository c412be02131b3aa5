"""The ports: small ``Protocol`` contracts the core needs from the outside world.

Adapters live in ``devices/`` (hardware) and ``kiosk/pms/`` (practice
management systems); each comes with a simulator so demo mode and tests can
script every outcome.
"""

from kiosk.ports.checkout import (
    CheckoutLink,
    CheckoutOpened,
    CheckoutState,
    CheckoutStatus,
    HostedCheckout,
)
from kiosk.ports.health import Health
from kiosk.ports.notifier import (
    InlineImage,
    LookupOutcome,
    LookupResult,
    Notice,
    Notifier,
    SendResult,
    SentLookup,
)
from kiosk.ports.pms import Pms, PmsBadResponse, PmsError, PmsRejected, PmsUnavailable, PostReceipt
from kiosk.ports.printer import PrintResult, ReceiptPrinter
from kiosk.ports.scanner import ScanCallback, ScanEvent, StatementScanner
from kiosk.ports.speaker import Speaker
from kiosk.ports.terminal import (
    CaptureOutcome,
    CaptureResult,
    CardTerminal,
    ProgressEvent,
    ProgressKind,
    RefundOutcome,
    RefundResult,
    SaleOutcome,
    SaleResult,
    TerminalTotals,
)

__all__ = [
    "CaptureOutcome",
    "CaptureResult",
    "CardTerminal",
    "CheckoutLink",
    "CheckoutOpened",
    "CheckoutState",
    "CheckoutStatus",
    "Health",
    "HostedCheckout",
    "InlineImage",
    "LookupOutcome",
    "LookupResult",
    "Notice",
    "Notifier",
    "Pms",
    "PmsBadResponse",
    "PmsError",
    "PmsRejected",
    "PmsUnavailable",
    "PostReceipt",
    "PrintResult",
    "ProgressEvent",
    "ProgressKind",
    "ReceiptPrinter",
    "RefundOutcome",
    "RefundResult",
    "SaleOutcome",
    "SaleResult",
    "ScanCallback",
    "ScanEvent",
    "SendResult",
    "SentLookup",
    "Speaker",
    "StatementScanner",
    "TerminalTotals",
]
