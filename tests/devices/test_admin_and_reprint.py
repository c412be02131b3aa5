"""Admin-screen device tests, receipt reprints, and the serial-device config."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kiosk.app import App
from kiosk.config import ConfigError, load_config
from kiosk.config.load import _refuse_device_simulators_outside_demo
from kiosk.config.schema import Config
from kiosk.device_checks import check_terminal, print_test_receipt
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentKind
from kiosk.payments.service import PaymentRequest
from kiosk.reprint import NoReceipt, receipt_for_payment, reprint
from tests.conftest import REPO
from tests.helpers import find, request
from tests.zvt.test_payment_path import zvt_config

ESCPOS_SIM = {"kind": "escpos", "escpos": {"timeout_ms": 500, "simulator": {"enabled": True}}}


@pytest.fixture
def device_app(app_factory: Any) -> App:
    app: App = app_factory(terminal=zvt_config(), printer=ESCPOS_SIM)
    return app


def test_admin_checks_on_the_simulated_hardware(device_app: App) -> None:
    app = device_app
    health = check_terminal(app.terminal)
    assert health.ok and "ready" in health.detail
    printed = print_test_receipt(app.printer, app.config.clinic.name)
    assert printed.ok
    sim: Any = app.printer.simulator  # type: ignore[attr-defined]
    app.printer.close()
    assert "TEST ONLY - NOT A RECEIPT" in sim.printed_text()


def test_a_receipt_can_be_rebuilt_and_reprinted_from_the_ledger(device_app: App) -> None:
    app = device_app
    patient = find(app, "accents")
    payment_id = app.payments.start(request(app, patient, 2_000, statement_code="STEMDQET3UW"))
    assert app.payments.authorize(payment_id).approved
    receipt = receipt_for_payment(app.ledger, payment_id, "Test Clinic")
    view = app.payments.view(payment_id)
    assert receipt.reference == payment_id and receipt.card_last4 == view.card.last4
    assert receipt.status_line == "APPROVED - COPY"
    assert receipt.statement_code == "STEMDQET3UW"
    assert reprint(app.ledger, app.printer, payment_id, "Test Clinic").ok
    declined = app.payments.start(request(app, patient, 1_301))
    app.payments.authorize(declined)
    with pytest.raises(NoReceipt, match="took no money"):
        receipt_for_payment(app.ledger, declined, "Test Clinic")
    refused = reprint(app.ledger, app.printer, "no-such-payment", "Test Clinic")
    assert not refused.ok and "no payment" in refused.staff_message


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text)
    return path


def test_the_shipped_zvt_example_loads() -> None:
    config = load_config(REPO / "config" / "example-zvt.toml", environ={})
    assert config.terminal.kind == "zvt" and config.terminal.zvt.simulator.enabled
    assert config.printer.kind == "escpos" and config.scanner.kind == "simulated"


@pytest.mark.parametrize(("body", "key", "problem"), [
    ('mode = "demo"\n[terminal]\nkind = "zvt"\n', "terminal", "terminal.zvt.device is required"),
    ('mode = "demo"\n[terminal]\nkind = "zvt"\n[terminal.zvt]\ntransport = "tcp"\n',
     "terminal", "terminal.zvt.host is required"),
    ('mode = "demo"\n[printer]\nkind = "escpos"\n[printer.escpos]\ntransport = "usb"\n'
     'usb_vendor_id = "0x04b8"\n', "printer", "usb_product_id is required"),
    ('mode = "demo"\n[scanner]\nkind = "serial"\n', "scanner", "scanner.serial.device"),
    ('mode = "demo"\n[terminal.zvt]\nbaudrate = 9601\n', "terminal.zvt.baudrate", ""),
    ('mode = "demo"\n[terminal.zvt]\npasword = "1"\n', "terminal.zvt.pasword", "unknown key"),
])
def test_bad_device_config_names_the_key(tmp_path: Path, body: str, key: str,
                                         problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(_write(tmp_path, body), environ={})
    assert caught.value.key.startswith(key) and problem in caught.value.problem


@pytest.mark.parametrize(("section", "key"), [
    ({"terminal": {"kind": "zvt", "zvt": {"simulator": {"enabled": True}}}},
     "terminal.zvt.simulator.enabled"),
    ({"printer": {"kind": "escpos", "escpos": {"simulator": {"enabled": True}}}},
     "printer.escpos.simulator.enabled"),
    ({"scanner": {"kind": "simulated"}}, "scanner.kind"),
])
def test_device_simulators_are_refused_outside_demo(section: dict[str, Any], key: str) -> None:
    # Only the device check is exercised: the demo PMS would be refused first in production.
    config = Config.model_validate({"mode": "production", **section})
    with pytest.raises(ConfigError) as caught:
        _refuse_device_simulators_outside_demo(config, "kiosk.toml")
    assert caught.value.key == key and "demo" in caught.value.problem


def test_the_zvt_password_is_a_secret_not_a_config_key(tmp_path: Path) -> None:
    body = 'mode = "demo"\n[terminal.zvt]\npassword = "000000"\n'
    with pytest.raises(ConfigError, match="secret"):
        load_config(_write(tmp_path, body), environ={})


def test_the_currency_reaches_the_terminal(app_factory: Any) -> None:
    app: App = app_factory(terminal=zvt_config(), clinic={"currency": "EUR"})
    patient = find(app, "accents")
    payment_id = app.payments.start(PaymentRequest(
        patient_id=patient.id, display_name=patient.display_name, amount=Money(900, "EUR"),
        statement_balance=None, kind=PaymentKind.COPAY))
    assert app.payments.authorize(payment_id).approved
    txns = app.terminal.simulator.state.transactions()  # type: ignore[attr-defined]
    assert txns[-1].currency == "EUR"
