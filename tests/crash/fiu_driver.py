"""Takes payments while fiu-ctrl injects write and fsync failures into this process.

Prints ``ACK <payment id>`` only for a payment it would have shown as approved
to the patient; the test then proves every ACK survived in the ledger.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.app import build_app
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentKind
from kiosk.payments.service import PaymentRequest
from tests.conftest import make_config, secrets
from tests.crash.remote_terminal import RemoteTerminal


def main(data_dir: str, socket_path: str, count: int) -> None:
    app = build_app(make_config(Path(data_dir)), secrets=secrets(),
                    terminal=RemoteTerminal(socket_path))
    app.reconcile()
    print("READY", flush=True)
    sys.stdin.readline()  # the test enables the faults, then says go
    for n in range(count):
        try:
            payment_id = app.payments.start(PaymentRequest(
                patient_id="P000003", display_name="José N.", amount=Money(2_000 + n),
                statement_balance=None, kind=PaymentKind.COPAY))
            result = app.payments.authorize(payment_id)
        except Exception as exc:  # the disk failed: the patient sees "please see the desk"
            print(f"ERR {exc.__class__.__name__}", flush=True)
            continue
        print(f"{'ACK' if result.approved else 'NOACK'} {payment_id}", flush=True)
    print("DONE", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
