"""The Stripe reader adapter, through the real ``stripe`` SDK, against the loopback server.

Each test plays what a patient and a reader do (the reader's script, faults)
and checks both what the port returned and what the "Stripe account" holds.
"""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import pytest

from devices.stripe_terminal import StripeTerminal
from kiosk.domain.money import Money
from kiosk.ports.terminal import CaptureOutcome, RefundOutcome, SaleOutcome
from tests.stripe.conftest import Events, make_terminal
from tests.stripe_server import READER_ID, S700_READER_ID, StripeServer
from tests.stripe_server.control import APPROVE, DECLINE, INSUFFICIENT, Control

CREATE = "POST /v1/payment_intents"
PROCESS = "POST /v1/terminal/readers/(?P<id>[^/]+)/process_payment_intent"
CANCEL_ACTION = "POST /v1/terminal/readers/(?P<id>[^/]+)/cancel_action"


def pid() -> str:
    return str(uuid.uuid4())


def test_approve_then_capture(terminal: StripeTerminal, control: Control) -> None:
    control.reader(script=[APPROVE])
    events, payment = Events(), pid()
    result = terminal.sale(payment, Money(4_250), events)
    assert result.outcome is SaleOutcome.APPROVED, result
    assert result.card.brand == "visa" and result.card.last4 == "4242"
    assert len(result.card.auth_code) == 6
    assert events.kinds()[:2] == ["reference", "present_card"]
    assert events[0].processor_ref == result.processor_ref
    [intent] = control.intents_for(payment)
    assert intent["id"] == result.processor_ref
    assert intent["status"] == "requires_capture"
    assert intent["capture_method"] == "manual"
    assert intent["allowed_payment_method_types"] == ["card_present"]
    assert intent["metadata"]["kiosk_method"] == "card"
    first = terminal.capture(payment, Money(4_250), result.processor_ref)
    again = terminal.capture(payment, Money(4_250), result.processor_ref)
    assert first.outcome is again.outcome is CaptureOutcome.CAPTURED
    [intent] = control.intents_for(payment)
    assert intent["status"] == "succeeded" and intent["amount_received"] == 4_250
    reader = control.state()["readers"][0]
    assert reader["action"]["status"] == "succeeded"


def test_an_s700_reader_and_a_card_presented_through_the_test_helper(
        server: StripeServer, control: Control) -> None:
    """The patient's card arrives through Stripe's own test helper, called with the SDK."""
    terminal = make_terminal(server.url, sale={"reader_id": S700_READER_ID})
    outcome: dict[str, Any] = {}
    worker = threading.Thread(
        target=lambda: outcome.setdefault("r", terminal.sale(pid(), Money(7_700), Events())))
    worker.start()
    _until(lambda: _action_status(control, S700_READER_ID) == "in_progress")
    sdk = terminal._client
    assert sdk is not None
    reader = sdk.v1.test_helpers.terminal.readers.present_payment_method(
        S700_READER_ID, params={"card_present": {"number": "5555555555554444"}})
    assert reader.device_type == "simulated_stripe_s700"
    worker.join(5)
    assert outcome["r"].outcome is SaleOutcome.APPROVED
    assert outcome["r"].card.brand == "mastercard" and outcome["r"].card.last4 == "4444"


def test_the_cart_is_shown_on_the_reader_before_processing(terminal: StripeTerminal,
                                                            control: Control) -> None:
    control.reader(script=["nothing"])
    done = threading.Event()

    def pay() -> None:
        terminal.sale(pid(), Money(1_999), Events())
        done.set()

    threading.Thread(target=pay, daemon=True).start()
    time.sleep(0.3)
    assert control.requests("POST /v1/terminal/readers/(?P<id>[^/]+)/set_reader_display") == 1
    terminal.cancel()
    assert done.wait(5)


def test_decline_then_approve_reuses_the_same_payment_intent(terminal: StripeTerminal,
                                                              control: Control) -> None:
    payment = pid()
    control.reader(script=[DECLINE])
    declined = terminal.sale(payment, Money(3_000), Events())
    assert declined.outcome is SaleOutcome.DECLINED
    assert declined.decline_code == "generic_decline"
    assert "same PaymentIntent" in declined.staff_message
    control.reader(script=[INSUFFICIENT])
    again = terminal.sale(payment, Money(3_000), Events())
    assert again.outcome is SaleOutcome.DECLINED and again.decline_code == "insufficient_funds"
    control.reader(script=[APPROVE])
    approved = terminal.sale(payment, Money(3_000), Events())
    assert approved.outcome is SaleOutcome.APPROVED
    assert declined.processor_ref == again.processor_ref == approved.processor_ref
    assert len(control.intents_for(payment)) == 1
    assert control.requests(CREATE) == 3  # three creates, one PaymentIntent (idempotency)


def test_a_payment_intent_in_the_wrong_state_is_reported_not_replaced(
        terminal: StripeTerminal, control: Control) -> None:
    """Someone canceled the PaymentIntent at Stripe: no new one is made for this payment."""
    payment = pid()
    control.reader(script=[DECLINE])
    first = terminal.sale(payment, Money(3_000), Events())
    sdk = terminal._client
    assert sdk is not None
    sdk.v1.payment_intents.cancel(first.processor_ref)
    again = terminal.sale(payment, Money(3_000), Events())
    assert again.outcome is SaleOutcome.CANCELED
    assert "is canceled and cannot take a card" in again.staff_message
    assert "start a new payment" in again.staff_message
    assert len(control.intents_for(payment)) == 1
    assert control.requests(PROCESS) == 1


def test_the_patient_cancels_on_the_reader(terminal: StripeTerminal, control: Control) -> None:
    control.reader(script=["customer_cancel"])
    result = terminal.sale(pid(), Money(1_000), Events())
    assert result.outcome is SaleOutcome.CANCELED
    assert "customer_canceled" in result.staff_message


def test_cancel_mid_payment_clears_the_reader_and_takes_nothing(terminal: StripeTerminal,
                                                                 control: Control) -> None:
    control.reader(script=["nothing"])
    payment, outcome = pid(), {}

    def pay() -> None:
        outcome["result"] = terminal.sale(payment, Money(2_000), Events())

    worker = threading.Thread(target=pay)
    worker.start()
    _until(lambda: _action_status(control) == "in_progress")
    terminal.cancel()
    worker.join(5)
    result = outcome["result"]
    assert result.outcome is SaleOutcome.CANCELED
    assert "canceled by the patient" in result.staff_message
    assert control.state()["readers"][0]["action"] is None
    assert control.intents_for(payment)[0]["status"] == "requires_payment_method"
    assert control.requests(CANCEL_ACTION) == 1


def test_a_card_approved_while_canceling_is_approved(terminal: StripeTerminal,
                                                     control: Control,
                                                     server: StripeServer) -> None:
    """The PaymentIntent is the truth: a cancel that comes too late does not undo a charge."""
    control.reader(script=["nothing"])
    payment, outcome = pid(), {}
    worker = threading.Thread(
        target=lambda: outcome.setdefault("r", terminal.sale(payment, Money(2_000), Events())))
    worker.start()
    _until(lambda: _action_status(control) == "in_progress")
    with server.world.lock:  # the card is tapped and approved just as cancel is pressed
        server.world._present(READER_ID, APPROVE)
        terminal.cancel()
    worker.join(5)
    assert outcome["r"].outcome is SaleOutcome.APPROVED


def test_reader_timeout_that_really_succeeded_is_not_a_failure(terminal: StripeTerminal,
                                                               control: Control) -> None:
    """terminal_reader_timeout can be a false negative: the reader got the payment."""
    control.reader(script=[APPROVE], process_errors=["timeout_reached"])
    payment = pid()
    result = terminal.sale(payment, Money(5_500), Events())
    assert result.outcome is SaleOutcome.APPROVED, result
    assert control.requests(PROCESS) == 1  # checked the reader, did not send it again
    assert len(control.intents_for(payment)) == 1


def test_reader_timeout_that_did_not_reach_the_reader_is_safe_to_retry(
        terminal: StripeTerminal, control: Control) -> None:
    control.reader(script=[APPROVE], process_errors=["timeout_lost"])
    payment = pid()
    first = terminal.sale(payment, Money(5_500), Events())
    assert first.outcome is SaleOutcome.CANCELED
    assert "did not answer in time" in first.staff_message
    assert "nothing was charged" in first.staff_message
    second = terminal.sale(payment, Money(5_500), Events())
    assert second.outcome is SaleOutcome.APPROVED
    assert len(control.intents_for(payment)) == 1


def test_reader_busy_with_another_action_is_left_alone(terminal: StripeTerminal,
                                                       control: Control) -> None:
    control.reader(busy=True)
    result = terminal.sale(pid(), Money(1_000), Events())
    assert result.outcome is SaleOutcome.CANCELED
    assert "busy" in result.staff_message and "nothing was charged" in result.staff_message
    assert control.requests(CANCEL_ACTION) == 0


def test_reader_offline(terminal: StripeTerminal, control: Control) -> None:
    control.reader(status="offline")
    result = terminal.sale(pid(), Money(1_000), Events())
    assert result.outcome is SaleOutcome.CANCELED
    assert "offline" in result.staff_message
    health = terminal.probe()
    assert not health.ok and "offline" in health.detail


def test_stuck_in_progress_is_canceled_at_the_deadline(server: StripeServer,
                                                       control: Control) -> None:
    terminal = make_terminal(server.url, sale={"timeout_s": 0.4})
    control.reader(script=[APPROVE], stuck=True)
    started = time.monotonic()
    result = terminal.sale(pid(), Money(1_000), Events())
    assert result.outcome is SaleOutcome.CANCELED
    assert "no card within" in result.staff_message
    assert time.monotonic() - started < 3
    assert control.requests(CANCEL_ACTION) == 1


def test_server_errors_are_retried_with_the_same_key(terminal: StripeTerminal,
                                                     control: Control) -> None:
    control.reader(script=[APPROVE])
    control.fault("POST", "/v1/payment_intents", "http_500")
    control.fault("POST", "/v1/payment_intents", "reset_after")  # made, answer lost
    payment = pid()
    result = terminal.sale(payment, Money(2_200), Events())
    assert result.outcome is SaleOutcome.APPROVED
    assert len(control.intents_for(payment)) == 1


def test_a_lost_answer_to_the_hand_off_is_replayed_not_repeated(terminal: StripeTerminal,
                                                               control: Control) -> None:
    control.reader(script=[APPROVE])
    control.fault("POST", "/v1/terminal/readers/.*/process_payment_intent", "reset_after")
    result = terminal.sale(pid(), Money(2_200), Events())
    assert result.outcome is SaleOutcome.APPROVED


def test_slow_capture_is_retried_and_captured_once(server: StripeServer,
                                                   control: Control) -> None:
    terminal = make_terminal(server.url, read_timeout_ms=500)
    control.reader(script=[APPROVE])
    payment = pid()
    sale = terminal.sale(payment, Money(3_100), Events())
    control.fault("POST", "/v1/payment_intents/.*/capture", "slow", delay_ms=1_500)
    captured = terminal.capture(payment, Money(3_100), sale.processor_ref)
    assert captured.outcome is CaptureOutcome.CAPTURED
    assert control.intents_for(payment)[0]["amount_received"] == 3_100


def test_persistent_server_errors_before_the_reader_take_nothing(terminal: StripeTerminal,
                                                                 control: Control) -> None:
    control.fault("POST", "/v1/payment_intents", "http_500", times=3)
    result = terminal.sale(pid(), Money(1_000), Events())
    assert result.outcome is SaleOutcome.CANCELED
    assert "HTTP 500" in result.staff_message and "nothing was charged" in result.staff_message


def test_stripe_unreachable(server: StripeServer) -> None:
    url = server.url
    server.stop()
    terminal = make_terminal(url, max_network_retries=0, connect_timeout_ms=200)
    result = terminal.sale(pid(), Money(1_000), Events())
    assert result.outcome is SaleOutcome.CANCELED
    assert "unreachable" in result.staff_message and "nothing was charged" in result.staff_message
    health = terminal.probe()
    assert not health.ok and "unreachable" in health.detail
    assert terminal.query(pid()).outcome is SaleOutcome.UNKNOWN
    assert terminal.capture(pid(), Money(1_000), "pi_x").outcome is CaptureOutcome.UNKNOWN


def test_query_by_reference_and_by_metadata(terminal: StripeTerminal, control: Control) -> None:
    control.reader(script=[APPROVE])
    payment = pid()
    sale = terminal.sale(payment, Money(1_234), Events())
    by_ref = terminal.query(payment, sale.processor_ref)
    by_metadata = terminal.query(payment)
    assert by_ref.outcome is by_metadata.outcome is SaleOutcome.APPROVED
    assert by_metadata.processor_ref == sale.processor_ref
    assert by_metadata.card == sale.card
    assert terminal.query(pid()).outcome is SaleOutcome.NOT_FOUND


def test_query_ends_a_reader_action_left_running(terminal: StripeTerminal,
                                                 control: Control, server: StripeServer) -> None:
    """A kiosk that died mid-payment left the reader waiting: query settles it, never sells."""
    control.reader(script=["nothing"])
    payment = pid()
    intent = terminal._client.v1.payment_intents.create(  # type: ignore[union-attr]
        params={"amount": 1_500, "currency": "usd", "capture_method": "manual",
                "allowed_payment_method_types": ["card_present"],
                "metadata": {"kiosk_payment_id": payment}})
    terminal._client.v1.terminal.readers.process_payment_intent(  # type: ignore[union-attr]
        READER_ID, params={"payment_intent": intent.id})
    result = terminal.query(payment)
    assert result.outcome is SaleOutcome.CANCELED
    assert control.state()["readers"][0]["action"] is None
    assert control.requests(PROCESS) == 1


def test_refunds_full_partial_and_idempotent(terminal: StripeTerminal, control: Control) -> None:
    control.reader(script=[APPROVE])
    payment = pid()
    sale = terminal.sale(payment, Money(10_000), Events())
    terminal.capture(payment, Money(10_000), sale.processor_ref)
    part = terminal.refund(payment, Money(2_500), "refund-1", sale.processor_ref)
    same = terminal.refund(payment, Money(2_500), "refund-1", sale.processor_ref)
    assert part.outcome is same.outcome is RefundOutcome.REFUNDED
    assert part.refund_ref == same.refund_ref
    too_much = terminal.refund(payment, Money(9_000), "refund-2")
    assert too_much.outcome is RefundOutcome.FAILED
    assert "amount_too_large" in too_much.staff_message
    rest = terminal.refund(payment, Money(7_500), "refund-3")
    assert rest.outcome is RefundOutcome.REFUNDED
    refunds = control.state()["refunds"]
    assert sorted(r["amount"] for r in refunds) == [2_500, 7_500]
    assert {r["metadata"]["kiosk_refund_id"] for r in refunds} == {"refund-1", "refund-3"}
    assert terminal.refund(payment, Money(1), "refund-4").outcome is RefundOutcome.FAILED


def test_end_of_day_totals_come_from_the_payment_intent_list(terminal: StripeTerminal,
                                                             control: Control) -> None:
    amounts = (1_000, 2_000, 3_000)
    for cents in amounts:
        control.reader(script=[APPROVE])
        payment = pid()
        sale = terminal.sale(payment, Money(cents), Events())
        terminal.capture(payment, Money(cents), sale.processor_ref)
    control.reader(script=[DECLINE])
    terminal.sale(pid(), Money(9_900), Events())  # declined: not in the totals
    terminal.refund(payment, Money(500), "r-eod")
    totals = terminal.end_of_day()
    assert totals.count == 3
    assert totals.amount == Money(sum(amounts) - 500)
    assert "3 card and 0 phone" in totals.detail


def test_probe_checks_key_reader_and_location(server: StripeServer, control: Control) -> None:
    good = make_terminal(server.url).probe()
    assert good.ok and "online" in good.detail and "Riverside Family Clinic" in good.detail
    assert "test key" in good.detail
    assert not make_terminal(server.url, key="sk_test_wrong").probe().ok
    assert "API key" in make_terminal(server.url, key="sk_test_wrong").probe().detail
    assert not make_terminal(server.url, key=None).probe().ok
    elsewhere = StripeTerminal("sk_test_clinicpay_0123456789",
                               make_terminal(server.url).settings,
                               make_terminal(server.url).sale_settings,
                               location_id="tml_otherplace1")
    health = elsewhere.probe()
    assert not health.ok and "tml_otherplace1" in health.detail
    before = control.state()
    assert before["intents"] == [] and before["readers"][0]["action"] is None


def test_no_key_means_no_sale_and_a_clear_message(server: StripeServer) -> None:
    result = make_terminal(server.url, key=None).sale(pid(), Money(1_000), Events())
    assert result.outcome is SaleOutcome.CANCELED
    assert "stripe_api_key" in result.staff_message


def _action_status(control: Control, reader_id: str = READER_ID) -> str | None:
    [reader] = [r for r in control.state()["readers"] if r["id"] == reader_id]
    action = reader["action"]
    return action["status"] if action and action["type"] == "process_payment_intent" else None


def _until(condition: object, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.01)
    pytest.fail("condition not reached")
