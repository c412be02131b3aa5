"""What counter mode needs from the core, wired once from a built application."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.counter.queue import PostingQueue
from kiosk.counter.refunds import RefundService, RefundView
from kiosk.counter.search import CounterSearch
from kiosk.counter.takeover import SessionBoard
from kiosk.counter.tenders import CounterTenders
from kiosk.domain.staff import Role
from kiosk.flow.services import ClinicInfo
from kiosk.payments.service import PaymentService
from kiosk.staff.accounts import LockoutPolicy, StaffAccounts
from kiosk.staff.passwords import Passwords

if TYPE_CHECKING:
    from kiosk.app import App


@dataclass(frozen=True)
class CounterSettings:
    auto_lock_s: int = 300
    stuck_session_s: int = 180
    currency: str = "USD"
    timezone: str = "America/Chicago"
    demo: bool = False


@dataclass
class CounterServices:
    accounts: StaffAccounts
    search: CounterSearch
    tenders: CounterTenders
    refunds: RefundService
    queue: PostingQueue
    board: SessionBoard
    clinic: ClinicInfo
    settings: CounterSettings
    terminal_id: str
    app: App  # for the day close and imports, which read the config and the terminal


def counter_for(app: App, passwords: Passwords | None = None) -> CounterServices:
    config = app.config
    clinic = config.clinic
    info = ClinicInfo(clinic.name, clinic.address, clinic.timezone, clinic.portal_url,
                      clinic.currency)
    counter = config.counter
    accounts = StaffAccounts(
        app.ledger, passwords or Passwords(min_length=counter.min_staff_passphrase_chars),
        LockoutPolicy(counter.max_sign_in_failures, counter.lockout_s))
    system = PaymentService(app.ledger, app.terminal, app.payments.policy, app.actor)
    return CounterServices(
        accounts=accounts,
        search=CounterSearch(app.pms, app.ledger, system),
        tenders=CounterTenders(app.ledger, app.terminal, app.payments.policy, app.printer,
                               info),
        refunds=RefundService(app.ledger, app.terminal, clinic.timezone),
        queue=PostingQueue(app.ledger, app.sync),
        board=SessionBoard(app.ledger, counter.stuck_session_s),
        clinic=info,
        settings=CounterSettings(counter.auto_lock_s, counter.stuck_session_s,
                                 clinic.currency, clinic.timezone, config.is_demo),
        terminal_id=config.terminal_id,
        app=app,
    )


# Demo mode only (the config refuses simulators outside it): a counter that
# nobody can sign in to cannot be tried out, so an empty demo ledger gets
# three well-known accounts, shown on the sign-in screen.
DEMO_PASSWORD = "clinicpay demo"
DEMO_STAFF = (("reception", "Rita Reception", Role.RECEPTIONIST),
              ("supervisor", "Sam Supervisor", Role.SUPERVISOR),
              ("admin", "Ada Admin", Role.ADMIN))


def seed_demo_staff(services: CounterServices) -> bool:
    """Add the demo accounts to an empty demo ledger; False (nothing done) otherwise."""
    if not services.settings.demo or services.accounts.members():
        return False
    for username, name, role in DEMO_STAFF:
        services.accounts.add(username, name, role, DEMO_PASSWORD, "demo")
    return True


def start_counter(services: CounterServices) -> list[RefundView]:
    """At counter start, before taking payments: settle what a crash left in doubt.

    Payments go through the core's reconciliation (ask the terminal, never
    sell again); refunds are sent again with the same refund id (the
    processor de-duplicates), or marked failed if they were never sent.
    """
    seed_demo_staff(services)
    services.app.reconcile()
    return services.refunds.resolve_pending(services.app.actor)
