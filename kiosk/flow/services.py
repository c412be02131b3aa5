"""What the patient flow needs from the rest of the core, gathered in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

from kiosk.domain.money import Money
from kiosk.domain.receipt import ReceiptLabels
from kiosk.lookup.service import LookupService
from kiosk.payments.service import PaymentService
from kiosk.ports.health import Health
from kiosk.ports.printer import ReceiptPrinter

if TYPE_CHECKING:
    from kiosk.app import App
    from kiosk.counter.takeover import SessionBoard
    from kiosk.notify.service import NoticeService
    from kiosk.payments.options import PaymentOptions
    from kiosk.payments.phone import PhonePayments


@dataclass(frozen=True)
class ClinicInfo:
    name: str
    address: str
    timezone: str
    portal_url: str
    currency: str


@dataclass(frozen=True)
class FlowSettings:
    """Durations in seconds, from config."""

    idle_timeout_s: float = 60
    idle_warning_s: float = 20
    thank_you_s: float = 8
    reprobe_s: float = 30
    #: Audio mode multiplies every timeout by this (ADA: more time when listening).
    audio_factor: float = 2.0
    copay_allowed: bool = False
    max_copay: Money | None = None
    pay_on_phone: bool = False
    default_language: str = "en"
    #: What a new patient sees first (a clinic for older patients may start large).
    default_large_text: bool = False
    default_high_contrast: bool = False
    languages: tuple[str, ...] = ("en", "es")


@dataclass
class FlowServices:
    lookup: LookupService
    payments: PaymentService
    printer: ReceiptPrinter
    clinic: ClinicInfo
    #: Side-effect-free check that the kiosk can take payments (terminal, ledger).
    health: Callable[[], Health]
    demo: bool = False
    #: Which ways to pay work right now (probes the terminal and the phone page).
    options: Callable[[], PaymentOptions] | None = None
    phone: PhonePayments | None = None
    notices: NoticeService | None = None
    #: The receipt's words in a language (the front end supplies its translations).
    receipt_labels: Callable[[str], ReceiptLabels] = lambda _language: ReceiptLabels()
    #: Where the kiosk shows the front desk what its patient is doing, so a stuck session
    #: can be taken over (shared ledger); None: not published.
    board: SessionBoard | None = None
    kiosk_id: str = ""


def flow_for(app: App) -> tuple[FlowServices, FlowSettings]:
    """Wire the session from a built application (the composition root's output)."""
    from kiosk.payments.options import payment_options

    config = app.config
    clinic = config.clinic

    def health() -> Health:
        terminal = app.terminal.probe()
        if not terminal.ok:
            return terminal
        try:
            with app.ledger.read() as session:
                session.execute(text("SELECT 1"))
        except Exception as exc:
            return Health.bad(f"ledger: {exc.__class__.__name__}")
        return Health.good("terminal and ledger ready")

    services = FlowServices(
        lookup=app.lookup, payments=app.payments, printer=app.printer,
        clinic=ClinicInfo(clinic.name, clinic.address, clinic.timezone, clinic.portal_url,
                          clinic.currency),
        health=health, demo=config.is_demo,
        options=lambda: payment_options(app.terminal, app.phone, clinic.portal_url),
        phone=app.phone, notices=app.notices,
    )
    if config.channel == "kiosk":
        from kiosk.counter.takeover import SessionBoard

        services.board = SessionBoard(app.ledger, config.counter.stuck_session_s)
        services.kiosk_id = config.terminal_id
    settings = FlowSettings(
        idle_timeout_s=config.session.idle_timeout_s,
        idle_warning_s=config.session.idle_warning_s,
        thank_you_s=config.session.thank_you_s, reprobe_s=config.session.reprobe_s,
        copay_allowed=clinic.allow_copay,
        max_copay=Money(clinic.max_unbounded_cents, clinic.currency),
        pay_on_phone=app.phone is not None,
        default_language=config.accessibility.default_language,
    )
    return services, settings
