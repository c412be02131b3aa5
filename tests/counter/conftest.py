"""Counter fixtures. Modules whose subject is the ledger (refunds, queue and takeover, day
close, import) also run on PostgreSQL by importing ``tests.backends``'s fixtures; the rest
(staff rules, tender validation, the session's logic) run on SQLite only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from kiosk.app import App
from kiosk.counter.services import CounterServices, counter_for
from kiosk.domain.staff import Role, StaffSession
from kiosk.staff.passwords import Passwords

#: Cheap Argon2 parameters: the tests are about our rules, not the hash's cost.
FAST = {"time_cost": 1, "memory_kib": 8192, "parallelism": 1}
PASSWORD = "correct horse battery"


@dataclass
class Desk:
    app: App
    services: CounterServices
    rita: StaffSession  # receptionist
    sam: StaffSession  # supervisor


def fast_passwords() -> Passwords:
    return Passwords(**FAST)


@pytest.fixture
def desk(app_factory: Any) -> Desk:
    app = app_factory(terminal_id="counter-1", channel="counter")
    services = counter_for(app, fast_passwords())
    accounts = services.accounts
    accounts.add("rita", "Rita Reception", Role.RECEPTIONIST, PASSWORD, "test")
    accounts.add("sam", "Sam Supervisor", Role.SUPERVISOR, PASSWORD, "test")
    accounts.add("ada", "Ada Admin", Role.ADMIN, PASSWORD, "test")
    rita = accounts.sign_in("rita", PASSWORD).session
    sam = accounts.sign_in("sam", PASSWORD).session
    assert rita is not None and sam is not None
    return Desk(app, services, rita, sam)
