"""The tests' side of the test server: faults, the reader's script, the patient's phone."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from tests.stripe_server.server import READER_ID

APPROVE = "4242424242424242"
DECLINE = "4000000000000002"
INSUFFICIENT = "4000000000009995"


class Control:
    def __init__(self, url: str) -> None:
        self.url = url

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def reader(self, reader_id: str = READER_ID, **settings: Any) -> dict[str, Any]:
        """script=[card numbers or "customer_cancel"/"nothing"], present_delay_ms, status,
        busy, stuck, process_errors=["timeout_reached" | "timeout_lost"], clear_action."""
        return self._call("POST", f"/_test/readers/{reader_id}", settings)  # type: ignore[no-any-return]

    def fault(self, method: str, path: str, kind: str, times: int = 1, delay_ms: int = 0) -> None:
        self._call("POST", "/_test/faults", {"rules": [
            {"method": method, "path": path, "kind": kind, "times": times,
             "delay_ms": delay_ms}]})

    def clear_faults(self) -> None:
        self._call("DELETE", "/_test/faults")

    def state(self) -> dict[str, Any]:
        return self._call("GET", "/_test/state")  # type: ignore[no-any-return]

    def pay_page(self, session_id: str, method: str = "card", outcome: str = "paid") -> Any:
        return self._call("POST", f"/_test/checkout/{session_id}/complete",
                          {"method": method, "outcome": outcome})

    def settle(self, intent_id: str, outcome: str = "succeeded") -> Any:
        return self._call("POST", f"/_test/payment_intents/{intent_id}/settle",
                          {"outcome": outcome})

    def advance(self, seconds: float) -> None:
        self._call("POST", "/_test/clock", {"advance_s": seconds})

    # -- questions the tests ask -------------------------------------------------
    def intents_for(self, payment_id: str) -> list[dict[str, Any]]:
        return [i for i in self.state()["intents"]
                if i["metadata"].get("kiosk_payment_id") == payment_id]

    def requests(self, key: str) -> int:
        return int(self.state()["requests"].get(key, 0))
