"""The simulated terminal hosted in its own process, for the I/O-fault test.

Faults injected into the kiosk process (fiu-run) must hit the kiosk's files,
not the terminal's: a real terminal does not lose its memory when the kiosk's
disk fills up. The server owns the simulator; the kiosk talks to it over a
Unix socket through :class:`RemoteTerminal`, which implements the port.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Client, Listener
from pathlib import Path
from typing import Any

from devices.simulated_terminal import SimulatedTerminal
from kiosk.domain.money import Money
from kiosk.ports.health import Health
from kiosk.ports.terminal import (
    CaptureResult,
    ProgressCallback,
    ProgressEvent,
    RefundResult,
    SaleResult,
    TerminalTotals,
)


def serve(socket_path: str, state_path: str) -> None:
    terminal = SimulatedTerminal(Path(state_path), step_delay_ms=0)
    with Listener(socket_path, family="AF_UNIX") as listener:
        print("LISTENING", flush=True)
        while True:
            with listener.accept() as connection:
                try:
                    while True:
                        method, args = connection.recv()
                        if method == "stop":
                            return
                        events: list[ProgressEvent] = []
                        if method == "sale":
                            result: Any = terminal.sale(args[0], args[1], events.append)
                        else:
                            result = getattr(terminal, method)(*args)
                        connection.send((result, events))
                except EOFError:
                    continue  # the kiosk died or closed; wait for the next one


class RemoteTerminal:
    name = "simulated"
    supports_pay_on_phone = False

    def __init__(self, socket_path: str) -> None:
        self._connection = Client(socket_path, family="AF_UNIX")

    def _call(self, method: str, *args: Any) -> Any:
        self._connection.send((method, args))
        result, _events = self._connection.recv()
        return result

    def sale(self, payment_id: str, amount: Money, on_progress: ProgressCallback) -> SaleResult:
        self._connection.send(("sale", (payment_id, amount)))
        result, events = self._connection.recv()
        for event in events:
            on_progress(event)
        return result  # type: ignore[no-any-return]

    def cancel(self) -> None:
        return None

    def query(self, payment_id: str, processor_ref: str = "") -> SaleResult:
        return self._call("query", payment_id, processor_ref)  # type: ignore[no-any-return]

    def capture(self, payment_id: str, amount: Money, processor_ref: str = "") -> CaptureResult:
        return self._call("capture", payment_id, amount, processor_ref)  # type: ignore[no-any-return]

    def refund(self, payment_id: str, amount: Money, refund_id: str,
               processor_ref: str = "") -> RefundResult:
        return self._call("refund", payment_id, amount, refund_id)  # type: ignore[no-any-return]

    def end_of_day(self) -> TerminalTotals:
        return self._call("end_of_day")  # type: ignore[no-any-return]

    def probe(self) -> Health:
        return self._call("probe")  # type: ignore[no-any-return]

    def close(self) -> None:
        self._connection.close()


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2])
