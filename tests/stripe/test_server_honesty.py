"""The test server is only worth something if it refuses what Stripe refuses.

- parameters are checked against the SDK's own ``stripe.params`` TypedDicts;
- every field of every object it returns is a field the SDK's resource class
  declares (so the adapter is not tested against invented fields);
- idempotency behaves as Stripe documents it;
- mypy checks the adapter's calls against the same TypedDicts (the project's
  strict mypy run covers ``devices/``; the last test shows it would catch the
  old ``payment_method_types`` parameter).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import stripe

from tests.conftest import REPO
from tests.stripe.conftest import Events
from tests.stripe_server import API_KEY, READER_ID, StripeServer
from tests.stripe_server.control import APPROVE, Control


def client(server: StripeServer, key: str = API_KEY) -> stripe.StripeClient:
    stripe.enable_telemetry = False
    return stripe.StripeClient(key, base_addresses={"api": server.url}, max_network_retries=0)


def test_the_old_payment_method_types_parameter_is_refused(server: StripeServer) -> None:
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client(server).v1.payment_intents.create(params={  # type: ignore[typeddict-unknown-key]
            "amount": 1_000, "currency": "usd", "payment_method_types": ["card_present"]})
    assert caught.value.http_status == 400
    assert caught.value.code == "parameter_unknown"
    assert caught.value.param == "payment_method_types"
    assert server.versions == {"2026-10-28.endive"}  # the API version these rules are from


@pytest.mark.parametrize("params, param", [
    ({"amount": "ten", "currency": "usd"}, "amount"),
    ({"currency": "usd"}, "amount"),
    ({"amount": 1_000, "currency": "usd", "metadata": {"a": {"b": "c"}}}, "metadata[a]"),
    ({"amount": 1_000, "currency": "usd", "capture_method": "manual",
      "automatic_payment_methods": {"enabled": "yes"}}, "automatic_payment_methods[enabled]"),
])
def test_bad_parameters_are_refused_with_stripes_error(server: StripeServer,
                                                       params: dict[str, Any],
                                                       param: str) -> None:
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client(server).v1.payment_intents.create(params=params)  # type: ignore[arg-type]
    assert caught.value.param == param


def test_unknown_nested_reader_parameter_is_refused(server: StripeServer) -> None:
    intent = client(server).v1.payment_intents.create(params={
        "amount": 1_000, "currency": "usd", "allowed_payment_method_types": ["card_present"]})
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client(server).v1.terminal.readers.process_payment_intent(READER_ID, params={
            "payment_intent": intent.id,
            "process_config": {"skip_tiping": True}})  # type: ignore[typeddict-unknown-key]
    assert caught.value.param == "process_config[skip_tiping]"


def test_a_wrong_key_is_refused(server: StripeServer) -> None:
    with pytest.raises(stripe.AuthenticationError):
        client(server, "sk_test_not_the_key").v1.terminal.readers.retrieve(READER_ID)


def test_idempotency_same_key_same_params_replays_other_params_refused(
        server: StripeServer) -> None:
    c = client(server)
    params: Any = {"amount": 1_000, "currency": "usd",
                   "allowed_payment_method_types": ["card_present"]}
    first = c.v1.payment_intents.create(params=params, options={"idempotency_key": "k1"})
    again = c.v1.payment_intents.create(params=params, options={"idempotency_key": "k1"})
    assert first.id == again.id
    assert again.last_response is not None
    assert again.last_response.headers.get("Idempotent-Replayed") == "true"
    with pytest.raises(stripe.IdempotencyError):
        c.v1.payment_intents.create(params={**params, "amount": 1_001},
                                    options={"idempotency_key": "k1"})
    assert len(Control(server.url).state()["intents"]) == 1


def test_every_returned_field_is_one_the_sdk_declares(server: StripeServer,
                                                      control: Control) -> None:
    from devices.stripe_terminal import StripeCheckout
    from kiosk.domain.money import Money
    from tests.stripe.conftest import make_terminal, settings

    control.reader(script=[APPROVE])
    terminal = make_terminal(server.url)
    sale = terminal.sale("shape-check", Money(1_000), Events())
    terminal.capture("shape-check", Money(1_000), sale.processor_ref)
    terminal.refund("shape-check", Money(100), "shape-refund", sale.processor_ref)
    page = StripeCheckout(API_KEY, settings(server.url), "k").create(
        "shape-phone", 1, Money(1_000), "x", 1_800).link
    assert page is not None
    control.pay_page(page.processor_ref)
    state = control.state()
    declared = {
        "payment_intent": stripe.PaymentIntent, "charge": stripe.Charge,
        "refund": stripe.Refund, "checkout.session": stripe.checkout.Session,
        "terminal.reader": stripe.terminal.Reader, "terminal.location": stripe.terminal.Location,
    }
    objects = (state["intents"] + state["charges"] + state["refunds"] + state["sessions"]
               + state["readers"])
    assert {o["object"] for o in objects} >= {"payment_intent", "charge", "refund",
                                              "checkout.session", "terminal.reader"}
    for obj in objects:
        unknown = set(obj) - set(_annotations(declared[obj["object"]]))
        assert not unknown, f"{obj['object']} has fields the SDK does not know: {unknown}"
    details = [c["payment_method_details"] for c in state["charges"]]
    present = next(d for d in details if d["type"] == "card_present")["card_present"]
    assert not set(present) - set(_annotations(stripe.Charge.PaymentMethodDetails.CardPresent))
    action = state["readers"][0]["action"]
    assert not set(action) - set(_annotations(stripe.terminal.Reader.Action))


def _annotations(cls: type) -> dict[str, Any]:
    names: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        names.update(getattr(klass, "__annotations__", {}))
    return names


@pytest.mark.slow
def test_mypy_catches_a_parameter_the_api_no_longer_takes(tmp_path: Path) -> None:
    """The adapter is type-checked against stripe.params: the old Terminal guides' parameter
    name fails the check, so it can never reach Stripe (where it would be a 400)."""
    source = (REPO / "devices/stripe_terminal/sale.py").read_text()
    planted = source.replace('"allowed_payment_method_types": ["card_present"]',
                             '"payment_method_types": ["card_present"]')
    assert planted != source
    target = tmp_path / "sale_planted.py"
    target.write_text(planted)
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
                           "--cache-dir", str(REPO / ".mypy_cache"), str(target)],
                          capture_output=True, text=True, cwd=REPO, check=False, timeout=600)
    assert done.returncode == 1, done.stdout
    assert "payment_method_types" in done.stdout and "TypedDict" in done.stdout
