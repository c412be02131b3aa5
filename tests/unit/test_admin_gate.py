from kiosk.admin import DEMO_PIN, AdminGate, GateOutcome
from kiosk.secrets import SecretStore


def test_right_pin_opens_wrong_pins_lock_for_a_while() -> None:
    now = [100.0]
    gate = AdminGate("8642", None, "kiosk:k1", max_failures=3, lockout_s=60,
                     clock=lambda: now[0])
    assert gate.check("1111").outcome is GateOutcome.WRONG
    assert gate.check("2222").outcome is GateOutcome.WRONG
    locked = gate.check("3333")
    assert locked.outcome is GateOutcome.LOCKED and locked.retry_after_s == 60
    assert gate.check("8642").outcome is GateOutcome.LOCKED  # even the right one waits
    now[0] += 61
    assert gate.check("8642").outcome is GateOutcome.OPEN


def test_pin_comes_from_secrets_demo_has_a_default_production_has_none() -> None:
    empty = SecretStore({}, use_keyring=False)
    assert AdminGate.from_secrets(empty, demo=True, ledger=None, actor="k").check(DEMO_PIN) \
        .outcome is GateOutcome.OPEN
    production = AdminGate.from_secrets(empty, demo=False, ledger=None, actor="k")
    assert not production.enabled
    assert production.check(DEMO_PIN).outcome is GateOutcome.DISABLED
    store = SecretStore({"KIOSK_SECRET_ADMIN_PIN": "97531"}, use_keyring=False)
    gate = AdminGate.from_secrets(store, demo=False, ledger=None, actor="k")
    assert gate.check("97531").outcome is GateOutcome.OPEN
