"""The test server's Stripe account: PaymentIntents, charges, refunds and smart readers.

Every rule here is one Stripe documents for the server-driven Terminal
integration: a PaymentIntent for ``card_present`` is processed on a reader
(``process_payment_intent``), the reader's action is ``in_progress`` until a
card is presented (in tests: ``test_helpers/.../present_payment_method`` or
the reader's script), a decline leaves the PaymentIntent in
``requires_payment_method`` so the same PaymentIntent can be processed again,
an approval with manual capture leaves it in ``requires_capture``.

Time is lazy: a scripted card presentation or a session expiry happens at the
first request after it is due (:meth:`World.tick`), so no background threads
run and a killed client changes nothing until someone asks again.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from tests.stripe_server import objects

#: Stripe's documented test card numbers for simulated readers, and what they do.
TEST_CARDS: dict[str, tuple[str, str]] = {
    "4242424242424242": ("approve", "visa"),
    "5555555555554444": ("approve", "mastercard"),
    "378282246310005": ("approve", "amex"),
    "4000000000000002": ("decline", "generic_decline"),
    "4000000000009995": ("decline", "insufficient_funds"),
    "4000000000000069": ("decline", "expired_card"),
}
#: Reader script entries that are not cards: what the patient does instead.
CUSTOMER_CANCEL = "customer_cancel"  # presses cancel on the reader
NOTHING = "nothing"  # never presents a card (the kiosk's deadline must end it)

_DECLINE_MESSAGES = {
    "generic_decline": "Your card was declined.",
    "insufficient_funds": "Your card has insufficient funds.",
    "expired_card": "Your card has expired.",
}
_REUSABLE = ("requires_payment_method", "requires_confirmation")


class ApiError(Exception):
    """A Stripe error response: HTTP status and the ``{"error": {...}}`` body."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        self.status = status
        self.body = body
        super().__init__(body["error"].get("message", ""))


def invalid(message: str, *, code: str | None = None, param: str | None = None,
            status: int = 400) -> ApiError:
    return ApiError(status, objects.error("invalid_request_error", message, code=code,
                                          param=param))


def missing(kind: str, object_id: str, param: str) -> ApiError:
    return invalid(f"No such {kind}: '{object_id}'", code="resource_missing", param=param,
                   status=404)


@dataclass
class ReaderSim:
    """What the test makes the physical reader (and the patient in front of it) do."""

    script: deque[str] = field(default_factory=deque)
    present_delay_s: float = 0.05
    due: float | None = None  # when the next scripted presentation happens
    busy: bool = False  # another POS holds the reader with its own action
    stuck: bool = False  # the action never finishes, whatever is presented
    process_errors: deque[str] = field(default_factory=deque)  # next process calls fail so


class World:
    def __init__(self, clock: Any = time.time) -> None:
        self.lock = threading.RLock()
        self._clock = clock
        self.offset_s = 0.0
        self.intents: dict[str, dict[str, Any]] = {}
        self.charges: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.sessions: dict[str, dict[str, Any]] = {}
        self.session_settings: dict[str, dict[str, Any]] = {}
        self.readers: dict[str, dict[str, Any]] = {}
        self.sims: dict[str, ReaderSim] = {}
        self.locations: dict[str, dict[str, Any]] = {}
        self.order: dict[str, int] = {}  # creation order, for stable newest-first lists
        self._seq = 0

    # -- time ---------------------------------------------------------------
    def now(self) -> float:
        return self._clock() + self.offset_s

    def tick(self) -> None:
        """Let everything that is due happen (scripted cards, session expiry)."""
        now = self.now()
        for reader_id, sim in self.sims.items():
            if sim.due is not None and now >= sim.due:
                sim.due = None
                if sim.script:
                    self._present(reader_id, sim.script.popleft())
        for session in self.sessions.values():
            if session["status"] == "open" and now >= session["expires_at"]:
                session["status"] = "expired"

    def _remember(self, obj: dict[str, Any]) -> dict[str, Any]:
        self._seq += 1
        self.order[obj["id"]] = self._seq
        return obj

    # -- set-up ---------------------------------------------------------------
    def add_location(self, location_id: str, display_name: str) -> None:
        self.locations[location_id] = objects.location(id=location_id, display_name=display_name)

    def add_reader(self, reader_id: str, location: str | None,
                   device_type: str = "simulated_wisepos_e", label: str = "Kiosk reader") -> None:
        self.readers[reader_id] = objects.reader(
            id=reader_id, device_type=device_type, label=label, location=location,
            serial_number=objects.new_id("SN", 10), status="online")
        self.sims[reader_id] = ReaderSim()

    # -- PaymentIntents -----------------------------------------------------
    def create_intent(self, params: dict[str, Any]) -> dict[str, Any]:
        currency = params["currency"]
        if currency != currency.lower() or len(currency) != 3:
            raise invalid(f"Invalid currency: {currency}", code="parameter_invalid_string",
                          param="currency")
        if params["amount"] < 50:
            raise invalid("Amount must be at least $0.50 usd", code="amount_too_small",
                          param="amount")
        types = params.get("allowed_payment_method_types") or ["card"]
        for kind in types:
            if kind not in ("card", "card_present", "us_bank_account", "interac_present"):
                raise invalid(f"The payment method type {kind!r} is invalid.",
                              code="parameter_invalid_string",
                              param="allowed_payment_method_types")
        capture = params.get("capture_method", "automatic")
        if capture not in ("automatic", "automatic_async", "manual"):
            raise invalid(f"Invalid capture_method: {capture}", param="capture_method")
        intent = objects.payment_intent(
            id=objects.new_id("pi_"), amount=params["amount"], currency=currency,
            created=int(self.now()), capture_method=capture, allowed_types=types,
            metadata=params.get("metadata") or {}, description=params.get("description"),
            statement_descriptor=params.get("statement_descriptor"))
        self.intents[intent["id"]] = self._remember(intent)
        return intent

    def intent(self, intent_id: str) -> dict[str, Any]:
        intent = self.intents.get(intent_id)
        if intent is None:
            raise missing("payment_intent", intent_id, "intent")
        return intent

    def capture_intent(self, intent_id: str, params: dict[str, Any]) -> dict[str, Any]:
        intent = self.intent(intent_id)
        if intent["status"] != "requires_capture":
            raise self._unexpected_state(intent, "captured", ["requires_capture"])
        amount = params.get("amount_to_capture", intent["amount_capturable"])
        if amount > intent["amount_capturable"]:
            raise invalid("The amount to capture exceeds the amount capturable.",
                          code="amount_too_large", param="amount_to_capture")
        intent.update(status="succeeded", amount_received=amount, amount_capturable=0)
        charge = self.charges[intent["latest_charge"]]
        charge.update(captured=True, amount_captured=amount)
        return intent

    def cancel_intent(self, intent_id: str, params: dict[str, Any]) -> dict[str, Any]:
        intent = self.intent(intent_id)
        allowed = ["requires_payment_method", "requires_capture", "requires_confirmation",
                   "requires_action", "processing"]
        if intent["status"] not in allowed:
            raise self._unexpected_state(intent, "canceled", allowed)
        intent.update(status="canceled", canceled_at=int(self.now()), amount_capturable=0,
                      cancellation_reason=params.get("cancellation_reason"))
        return intent

    def _unexpected_state(self, intent: dict[str, Any], verb: str,
                          allowed: list[str]) -> ApiError:
        return ApiError(400, objects.error(
            "invalid_request_error",
            f"This PaymentIntent could not be {verb} because it has a status of "
            f"{intent['status']}. Only a PaymentIntent with one of the following statuses "
            f"may be {verb}: {', '.join(allowed)}.",
            code="payment_intent_unexpected_state",
            extra={"payment_intent": dict(intent)}))

    def list_intents(self, params: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
        return self._page(list(self.intents.values()), params)

    def _page(self, items: list[dict[str, Any]], params: dict[str, Any]
              ) -> tuple[list[dict[str, Any]], bool]:
        created = params.get("created")
        if isinstance(created, int):
            items = [i for i in items if i["created"] == created]
        elif isinstance(created, dict):
            ops = {"gt": int.__gt__, "gte": int.__ge__, "lt": int.__lt__, "lte": int.__le__}
            for op, bound in created.items():
                items = [i for i in items if ops[op](i["created"], bound)]
        items.sort(key=lambda i: self.order[i["id"]], reverse=True)
        after = params.get("starting_after")
        if after:
            ids = [i["id"] for i in items]
            if after not in ids:
                raise missing("object", after, "starting_after")
            items = items[ids.index(after) + 1:]
        limit = params.get("limit", 10)
        if not 1 <= limit <= 100:
            raise invalid("Invalid limit: must be between 1 and 100", param="limit")
        return items[:limit], len(items) > limit

    def search_intents(self, query: str) -> list[dict[str, Any]]:
        """The subset of Stripe's search language the kiosk uses: ``field:'value'`` AND ..."""
        clauses = [c.strip() for c in query.split(" AND ")]
        matches = list(self.intents.values())
        for clause in clauses:
            field_name, sep, value = clause.partition(":")
            if not sep or not (value.startswith("'") and value.endswith("'")):
                raise invalid(f"Unsupported search query: {query}", param="query")
            value = value[1:-1]
            if field_name.startswith("metadata['") and field_name.endswith("']"):
                key = field_name[len("metadata['"):-2]
                matches = [i for i in matches if i["metadata"].get(key) == value]
            elif field_name in ("status", "currency"):
                matches = [i for i in matches if i[field_name] == value]
            else:
                raise invalid(f"Unsupported search field {field_name}", param="query")
        matches.sort(key=lambda i: self.order[i["id"]], reverse=True)
        return matches

    # -- readers --------------------------------------------------------------
    def reader(self, reader_id: str) -> dict[str, Any]:
        reader = self.readers.get(reader_id)
        if reader is None:
            raise missing("terminal.reader", reader_id, "reader")
        return reader

    def _reader_available(self, reader_id: str) -> tuple[dict[str, Any], ReaderSim]:
        reader, sim = self.reader(reader_id), self.sims[reader_id]
        if reader["status"] != "online":
            raise invalid("Reader is currently offline, please ensure the reader is powered on "
                          "and connected to the internet before retrying your request.",
                          code="terminal_reader_offline")
        action = reader["action"]
        if sim.busy or (action is not None and action["status"] == "in_progress"):
            raise invalid("Reader is currently busy processing another request. Please retry "
                          "after the reader has finished, or cancel the current action.",
                          code="terminal_reader_busy")
        return reader, sim

    def set_display(self, reader_id: str, params: dict[str, Any]) -> dict[str, Any]:
        reader, _sim = self._reader_available(reader_id)
        reader["action"] = objects.display_action(params["cart"])
        return reader

    def process(self, reader_id: str, params: dict[str, Any]) -> dict[str, Any]:
        reader, sim = self._reader_available(reader_id)
        intent = self.intent(params["payment_intent"])
        if intent["status"] not in _REUSABLE:
            raise ApiError(400, objects.error(
                "invalid_request_error",
                f"PaymentIntent {intent['id']} has a status of {intent['status']} and cannot "
                "be processed.", code="intent_invalid_state", param="payment_intent"))
        if "card_present" not in intent["payment_method_types"]:
            raise invalid("This PaymentIntent does not allow card_present payments.",
                          code="intent_invalid_state", param="payment_intent")
        error = sim.process_errors.popleft() if sim.process_errors else ""
        if error == "timeout_lost":  # Stripe could not reach the reader; nothing started
            raise self._reader_timeout()
        reader["action"] = objects.process_action(intent["id"], params.get("process_config"))
        if sim.script and not sim.stuck:
            sim.due = self.now() + sim.present_delay_s
        if error == "timeout_reached":  # the reader got it, the answer did not come back
            raise self._reader_timeout()
        return reader

    @staticmethod
    def _reader_timeout() -> ApiError:
        return invalid("The request timed out while waiting for the reader to respond. The "
                       "reader may have received it: retrieve the reader to check its action "
                       "before retrying.", code="terminal_reader_timeout")

    def cancel_action(self, reader_id: str) -> dict[str, Any]:
        reader, sim = self.reader(reader_id), self.sims[reader_id]
        if reader["status"] != "online":
            raise invalid("Reader is currently offline.", code="terminal_reader_offline")
        action = reader["action"]
        if action is not None and action["status"] == "in_progress":
            reader["action"] = None
            sim.due = None
        return reader

    def present(self, reader_id: str, params: dict[str, Any]) -> dict[str, Any]:
        reader = self.reader(reader_id)
        action = reader["action"]
        if action is None or action["status"] != "in_progress" or \
                action["type"] != "process_payment_intent":
            raise invalid("This reader has no in-progress action to present a payment method "
                          "to.", code="terminal_reader_busy")
        number = (params.get("card_present") or {}).get("number", "4242424242424242")
        self._present(reader_id, number)
        return reader

    def _present(self, reader_id: str, what: str) -> None:
        reader, sim = self.readers[reader_id], self.sims[reader_id]
        action = reader["action"]
        if sim.stuck or what == NOTHING or action is None or action["status"] != "in_progress":
            return
        intent = self.intents[action["process_payment_intent"]["payment_intent"]]
        if what == CUSTOMER_CANCEL:
            action.update(status="failed", failure_code="customer_canceled",
                          failure_message="The customer canceled the payment on the reader.")
            return
        outcome, detail = TEST_CARDS.get(what, ("approve", "visa"))
        now = int(self.now())
        if outcome == "approve":
            charge = objects.charge(
                id=objects.new_id("ch_"), amount=intent["amount"], currency=intent["currency"],
                created=now, payment_intent=intent["id"], payment_method=objects.new_id("pm_"),
                details=objects.card_present_details(detail, what[-4:],
                                                     objects.new_id("", 6).upper(),
                                                     intent["amount"]),
                status="succeeded", captured=intent["capture_method"] == "automatic")
            self.charges[charge["id"]] = self._remember(charge)
            if intent["capture_method"] == "manual":
                intent.update(status="requires_capture", amount_capturable=intent["amount"])
            else:
                intent.update(status="succeeded", amount_received=intent["amount"])
            intent.update(latest_charge=charge["id"], payment_method=charge["payment_method"],
                          last_payment_error=None)
            action.update(status="succeeded")
            return
        message = _DECLINE_MESSAGES.get(detail, "Your card was declined.")
        charge = objects.charge(
            id=objects.new_id("ch_"), amount=intent["amount"], currency=intent["currency"],
            created=now, payment_intent=intent["id"], payment_method=objects.new_id("pm_"),
            details=objects.card_present_details("visa", what[-4:], None, intent["amount"]),
            status="failed", captured=False, failure_code="card_declined",
            failure_message=message, outcome_type="issuer_declined")
        self.charges[charge["id"]] = self._remember(charge)
        api_error = {"type": "card_error", "code": "card_declined", "decline_code": detail,
                     "message": message, "charge": charge["id"], "doc_url": None,
                     "param": None, "payment_method_type": "card_present"}
        intent.update(status="requires_payment_method", latest_charge=charge["id"],
                      last_payment_error=dict(api_error))
        action.update(status="failed", failure_code="card_declined", failure_message=message,
                      api_error=api_error)

    # -- expansion ------------------------------------------------------------
    def expand(self, obj: dict[str, Any], paths: list[str]) -> dict[str, Any]:
        """Replace ids by objects along dotted paths (``latest_charge``, ``data.x``)."""
        result = dict(obj)
        for path in paths:
            head, _, rest = path.partition(".")
            value = result.get(head)
            if head == "data" and isinstance(value, list):
                result["data"] = [self.expand(item, [rest]) for item in value]
            elif isinstance(value, str):
                target = self._lookup(value)
                if target is None:
                    raise invalid(f"This property cannot be expanded ({path}).", param="expand")
                result[head] = self.expand(target, [rest]) if rest else dict(target)
            elif isinstance(value, dict) and rest:
                result[head] = self.expand(value, [rest])
            elif value is not None and not isinstance(value, dict):
                raise invalid(f"This property cannot be expanded ({path}).", param="expand")
        return result

    def _lookup(self, object_id: str) -> dict[str, Any] | None:
        for store in (self.intents, self.charges, self.refunds, self.sessions, self.readers,
                      self.locations):
            if object_id in store:
                return store[object_id]
        return None
