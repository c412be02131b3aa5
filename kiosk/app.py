"""The composition root: the one place that reads config and wires adapters to the core.

Adapters are chosen by name from configuration here and nowhere else; the
core receives them through its ports.
"""

from __future__ import annotations

import logging
import os
import secrets as token_source
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.audit.anchor import AnchorFile
from kiosk.audit.chain import AuditChain
from kiosk.domain.money import Money
from kiosk.ledger.database import Ledger, open_ledger, sqlite_url
from kiosk.lookup.cooldown import Cooldown
from kiosk.lookup.service import LookupService
from kiosk.payments.policy import AmountPolicy
from kiosk.payments.reconcile import ReconcileReport, reconcile
from kiosk.payments.service import PaymentService
from kiosk.ports.checkout import HostedCheckout
from kiosk.ports.pms import Pms
from kiosk.ports.printer import ReceiptPrinter
from kiosk.ports.scanner import StatementScanner
from kiosk.ports.terminal import CardTerminal
from kiosk.secrets import MissingSecret, SecretStore, UnusableSecret
from kiosk.sync.backoff import Backoff
from kiosk.sync.worker import SyncWorker

if TYPE_CHECKING:
    from devices.speech.players import Player
    from devices.stripe_terminal import StripeSettings
    from kiosk.config.schema import Config
    from kiosk.domain.notice import Channel
    from kiosk.notify.service import NoticeService
    from kiosk.notify.worker import NoticeWorker
    from kiosk.payments.phone import PhonePayments
    from kiosk.pms.fhir import FhirPms  # issue 4
    from kiosk.ports.notifier import Notifier
    from kiosk.ports.speaker import Speaker

log = logging.getLogger(__name__)

AUDIT_KEY_SECRET = "audit_key"


@dataclass
class App:
    config: Config
    data_dir: Path
    ledger: Ledger
    pms: Pms
    terminal: CardTerminal
    printer: ReceiptPrinter
    payments: PaymentService
    lookup: LookupService
    sync: SyncWorker
    actor: str
    #: "Pay on your phone", when configured (``phone.kind``); None otherwise.
    phone: PhonePayments | None = None
    # -- notices (issue 10); build_app always sets both --
    notices: NoticeService | None = None
    notice_worker: NoticeWorker | None = None
    #: The statement scanner, if one is configured (serial devices).
    scanner: StatementScanner | None = None

    def reconcile(self) -> ReconcileReport:
        return reconcile(self.payments, phone=self.phone)

    def close(self) -> None:
        self.sync.stop()
        if self.notice_worker is not None:
            self.notice_worker.stop()
        parts: list[HostedCheckout | CardTerminal | ReceiptPrinter | Pms | StatementScanner] = \
            [self.phone.checkout] if self.phone is not None else []
        if self.scanner is not None:
            parts.append(self.scanner)
        for part in (*parts, self.terminal, self.printer, self.pms):
            try:
                part.close()
            except Exception:
                log.exception("closing %s failed", getattr(part, "name", part))
        self.ledger.close()


def ledger_url(config: Config, data_dir: Path, store: SecretStore | None = None) -> str:
    url = config.ledger.url or sqlite_url(data_dir / "ledger.sqlite3")
    return with_ledger_password(url, store)


#: Issue 8: a shared PostgreSQL ledger's password is a secret (never in the config's URL).
LEDGER_PASSWORD_SECRET = "ledger_password"


def with_ledger_password(url: str, store: SecretStore | None) -> str:
    """Add the ``ledger_password`` secret to a server URL that names a user but no password.

    Without the secret the URL is used as it is, so libpq's own ``~/.pgpass``
    or a trusted local socket still work.
    """
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" or parsed.password or not parsed.username:
        return url
    password = (store or SecretStore()).get(LEDGER_PASSWORD_SECRET)
    if not password:
        return url
    return parsed.set(password=password).render_as_string(hide_password=False)


def audit_key(config: Config, data_dir: Path, store: SecretStore) -> bytes:
    """The audit HMAC key: a secret in production; in demo mode a local demo key if unset.

    The demo key file sits in the data folder, never in the database, and is
    meaningless outside a demonstration.
    """
    value = (store if not config.is_demo else store.without_keyring()).get(AUDIT_KEY_SECRET)
    if value:
        if len(value.encode()) < 16:
            raise UnusableSecret(AUDIT_KEY_SECRET, "is too short: use at least 16 random bytes "
                                                   "(for example `openssl rand -hex 32`)")
        return value.encode()
    if not config.is_demo:
        raise MissingSecret(AUDIT_KEY_SECRET)
    path = data_dir / "demo-audit.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(token_source.token_hex(32))
    return path.read_text().strip().encode()


def build_pms(config: Config, data_dir: Path, store: SecretStore | None = None) -> Pms:
    if config.pms.kind == "demo":
        from kiosk.pms.demo import DemoPms

        demo = config.pms.demo
        return DemoPms(Path(demo.path) if demo.path else data_dir / "demo-pms.sqlite3",
                       seed=demo.seed, patients=demo.patients, fault=demo.fault,
                       fault_percent=demo.fault_percent, latency_ms=demo.latency_ms)
    # --- issue 4: real PMS connectors ---
    if config.pms.kind == "fhir":
        return build_fhir_pms(config, store or SecretStore())
    if config.pms.kind == "hl7":
        return build_hl7_pms(config, store or SecretStore())
    # --- end issue 4 ---
    raise ValueError(f"unknown PMS kind {config.pms.kind!r}")


# --- issue 4: real PMS connectors and the statement cache ---
FHIR_CLIENT_SECRET = "fhir_client_secret"


def build_fhir_pms(config: Config, store: SecretStore) -> FhirPms:
    from kiosk.pms.fhir import FhirEndpoint, FhirPms

    fhir = config.pms.fhir
    secret = store.require(FHIR_CLIENT_SECRET) if fhir.token_url else ""
    endpoint = FhirEndpoint(
        base_url=fhir.base_url, token_url=fhir.token_url, client_id=fhir.client_id,
        client_secret=secret, scope=fhir.scope, ca_file=fhir.ca_file,
        connect_timeout_s=fhir.connect_timeout_s, read_timeout_s=fhir.read_timeout_s)
    return FhirPms(endpoint, currency=config.clinic.currency,
                   identifier_system=fhir.posting_identifier_system,
                   statement_code_system=fhir.statement_code_system,
                   clinic_name=config.clinic.name, page_size=fhir.page_size,
                   batch_size=fhir.batch_size)


def build_hl7_pms(config: Config, store: SecretStore) -> Pms:
    from datetime import timedelta

    from kiosk.pms.csv_statements import CsvStatements
    from kiosk.pms.hl7 import Dft03Format, Hl7Pms, MllpClient, StatementSource

    hl7 = config.pms.hl7
    balances: StatementSource
    if hl7.balances == "fhir":
        balances = build_fhir_pms(config, store)
    else:
        balances = CsvStatements(Path(config.pms.csv.path).expanduser(), config.clinic.currency,
                                 timedelta(hours=config.pms.csv.max_age_hours))
    link = MllpClient(hl7.host, hl7.port, hl7.connect_timeout_s, hl7.read_timeout_s,
                      hl7.attempts)
    fmt = Dft03Format(
        sending_application=hl7.sending_application, sending_facility=hl7.sending_facility,
        receiving_application=hl7.receiving_application,
        receiving_facility=hl7.receiving_facility, version=hl7.version,
        transaction_type=hl7.transaction_type, payment_code=hl7.payment_code,
        reversal_code=hl7.reversal_code, payment_sign=hl7.payment_sign)
    return Hl7Pms(link, fmt, balances)


def with_statement_cache(config: Config, data_dir: Path, store: SecretStore, pms: Pms) -> Pms:
    """Wrap the adapter in the encrypted statement cache when the config turns it on."""
    cache_config = config.pms.cache
    if not cache_config.enabled:
        return pms
    from datetime import timedelta

    from kiosk.crypto import data_key
    from kiosk.pms.cached import CachedPms
    from kiosk.pms.statement_cache import StatementCache

    path = Path(cache_config.path).expanduser() if cache_config.path \
        else data_dir / "statement-cache.sqlite3"
    cache = StatementCache(path, data_key(store, data_dir, config.is_demo),
                           timedelta(hours=cache_config.max_age_hours))
    return CachedPms(pms, cache)
# --- end issue 4 ---



def build_terminal(config: Config, data_dir: Path,
                   store: SecretStore | None = None) -> CardTerminal:
    if config.terminal.kind == "zvt":  # serial devices (ZVT); its simulator in demo mode
        from devices.zvt import build_zvt_terminal

        return build_zvt_terminal(config, data_dir, store)
    if config.terminal.kind == "simulated":
        from devices.simulated_terminal import SimulatedTerminal

        sim = config.terminal.simulated
        state = Path(sim.state_path) if sim.state_path else data_dir / "simulated-terminal.sqlite3"
        terminal = SimulatedTerminal(state, step_delay_ms=sim.step_delay_ms, outcome=sim.outcome,
                                     script=tuple(sim.script))
        terminal.supports_pay_on_phone = config.phone.kind != "none"
        return terminal
    if config.terminal.kind == "stripe":
        return _build_stripe_terminal(config, store or SecretStore())
    raise ValueError(f"unknown terminal kind {config.terminal.kind!r}")


# -- Stripe and "pay on your phone" (issue 5) ------------------------------------------------
def _stripe_settings(config: Config) -> StripeSettings:
    from devices.stripe_terminal import StripeSettings

    api = config.stripe
    return StripeSettings(api_base=api.api_base, connect_timeout_ms=api.connect_timeout_ms,
                          read_timeout_ms=api.read_timeout_ms,
                          max_network_retries=api.max_network_retries)


def _build_stripe_terminal(config: Config, store: SecretStore) -> CardTerminal:
    """A missing key does not stop the kiosk: probe() and every sale say what is missing."""
    from devices.stripe_terminal import API_KEY_SECRET, SaleSettings, StripeTerminal

    reader = config.terminal.stripe
    return StripeTerminal(
        store.get(API_KEY_SECRET), _stripe_settings(config),
        SaleSettings(reader_id=reader.reader_id, terminal_id=config.terminal_id,
                     line_item=reader.line_item, show_cart=reader.show_cart,
                     timeout_s=config.terminal.sale_timeout_s,
                     poll_interval_s=reader.poll_interval_ms / 1000,
                     cancel_grace_s=reader.cancel_grace_s),
        location_id=reader.location_id, currency=config.clinic.currency,
        timezone=config.clinic.timezone, pay_on_phone=config.phone.kind != "none")


def build_checkout(config: Config, data_dir: Path, store: SecretStore) -> HostedCheckout | None:
    phone = config.phone
    if phone.kind == "none":
        return None
    if phone.kind == "simulated":
        from devices.simulated_checkout import SimulatedCheckout

        sim = phone.simulated
        state = Path(sim.state_path) if sim.state_path else data_dir / "simulated-checkout.sqlite3"
        return SimulatedCheckout(state, outcome=sim.outcome, pay_after_s=sim.pay_after_s,
                                 settle_after_s=sim.settle_after_s)
    if phone.kind == "stripe":
        from devices.stripe_terminal import API_KEY_SECRET, StripeCheckout

        return StripeCheckout(store.get(API_KEY_SECRET), _stripe_settings(config),
                              config.terminal_id, success_url=phone.success_url,
                              bank_payments=phone.bank_payments)
    raise ValueError(f"unknown phone kind {phone.kind!r}")


def build_phone(config: Config, data_dir: Path, store: SecretStore,
                payments: PaymentService) -> PhonePayments | None:
    from kiosk.payments.phone import PhonePayments

    checkout = build_checkout(config, data_dir, store)
    if checkout is None:
        return None
    phone = config.phone
    return PhonePayments(payments, checkout, description=phone.description,
                         expires_in_s=phone.expires_after_s, wait_s=phone.wait_s,
                         poll_interval_s=phone.poll_interval_ms / 1000)


# -- end of the Stripe block -------------------------------------------------------------------


def build_printer(config: Config) -> ReceiptPrinter:
    from devices.simulated_printer import SimulatedPrinter

    if config.printer.kind == "simulated":
        return SimulatedPrinter(config.printer.simulated.fault, config.clinic.timezone)
    if config.printer.kind == "none":
        return SimulatedPrinter("offline", config.clinic.timezone)
    if config.printer.kind == "escpos":  # serial devices (ESC/POS); its simulator in demo mode
        from devices.escpos_printer import build_escpos_printer

        return build_escpos_printer(config)
    raise ValueError(f"unknown printer kind {config.printer.kind!r}")


def build_scanner(config: Config) -> StatementScanner | None:
    """The statement scanner (serial devices), or None when none is configured."""
    from devices.scanner import build_scanner as build

    return build(config)


def build_app(config: Config, secrets: SecretStore | None = None,
              terminal: CardTerminal | None = None) -> App:
    """Open the ledger (migrating it first) and wire every adapter. Does not reconcile.

    ``terminal`` replaces the configured one (a test that hosts the terminal in
    another process passes its proxy here).
    """
    store = secrets or SecretStore()
    data_dir = config.resolved_data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    actor = f"{config.channel}:{config.terminal_id}"
    anchor_dir = Path(config.audit.anchor_dir) if config.audit.anchor_dir \
        else data_dir / "audit-anchor"
    chain = AuditChain(audit_key(config, data_dir, store), config.terminal_id,
                       AnchorFile(anchor_dir, config.terminal_id))
    ledger = open_ledger(
        ledger_url(config, data_dir, store), config.terminal_id, config.channel, chain,
        backup_dir=data_dir / "backups" if config.ledger.backup_before_migrate else None,
    )
    opened: list[Pms | CardTerminal | ReceiptPrinter] = []  # closed again if a later part fails
    try:
        pms = with_statement_cache(config, data_dir, store,  # issue 4
                                   build_pms(config, data_dir, store))
        opened.append(pms)
        terminal = terminal or build_terminal(config, data_dir, store)
        opened.append(terminal)
        printer = build_printer(config)
        opened.append(printer)
        scanner = build_scanner(config)
    except BaseException:
        for part in reversed(opened):
            try:
                part.close()
            except Exception:
                log.exception("closing %s failed", getattr(part, "name", part))
        ledger.close()
        raise
    clinic = config.clinic
    policy = AmountPolicy(currency=clinic.currency, allow_copay=clinic.allow_copay,
                          allow_prepayment=clinic.allow_prepayment,
                          max_unbounded=Money(clinic.max_unbounded_cents, clinic.currency))
    payments = PaymentService(ledger, terminal, policy, actor)
    lookup = LookupService(pms, ledger, Cooldown(config.lookup.max_failures,
                                                 config.lookup.window_s,
                                                 config.lookup.cooldown_s), actor)
    # Issue 8: a shared PostgreSQL ledger is drained by every kiosk and counter at once, each
    # row claimed with FOR UPDATE SKIP LOCKED; SQLite keeps one worker per file (a file lock).
    from kiosk.sync.claimed import ClaimingSyncWorker

    worker_class = ClaimingSyncWorker if ledger.dialect == "postgresql" else SyncWorker
    sync = worker_class(
        ledger, pms, Backoff(config.sync.backoff_initial_ms, config.sync.backoff_max_ms), actor,
        interval_s=config.sync.interval_s,
        lock_path=data_dir / "sync.lock" if ledger.dialect == "sqlite" else None,
    )
    try:
        phone = build_phone(config, data_dir, store, payments)
        notices, notice_worker = build_notices(config, data_dir, store, ledger, pms, actor)
    except BaseException:
        for part in reversed(opened):  # a started device simulator must not outlive this
            try:
                part.close()
            except Exception:
                log.exception("closing %s failed", getattr(part, "name", part))
        if scanner is not None:
            scanner.close()
        ledger.close()
        raise
    return App(config, data_dir, ledger, pms, terminal, printer, payments, lookup, sync, actor,
               phone, notices=notices, notice_worker=notice_worker, scanner=scanner)


# -- notices: receipts and reminders by email and text message (issue 10) ------------------

SMTP_PASSWORD_SECRET = "smtp_password"
TWILIO_AUTH_TOKEN_SECRET = "twilio_auth_token"


def build_notifiers(config: Config, data_dir: Path, store: SecretStore) -> dict[Channel, Notifier]:
    """The configured email and SMS adapters, by channel (none configured: empty)."""
    from kiosk.domain.notice import Channel

    notifiers: dict[Channel, Notifier] = {}
    email, sms = config.notify.email, config.notify.sms
    if email.kind == "smtp":
        from devices.smtp_notifier import SmtpNotifier

        smtp = email.smtp
        notifiers[Channel.EMAIL] = SmtpNotifier(
            smtp.host, smtp.port, smtp.username, lambda: store.get(SMTP_PASSWORD_SECRET),
            smtp.from_address, smtp.from_name or config.clinic.name, smtp.ca_file,
            smtp.timeout_s)
    elif email.kind == "simulated":
        from devices.simulated_notifier import SimulatedNotifier

        notifiers[Channel.EMAIL] = SimulatedNotifier(
            "email", data_dir / "simulated-notices.sqlite3", email.simulated.fault,
            preview_dir=data_dir / "simulated-mail")
    if sms.kind == "twilio":
        from devices.twilio_sms import TwilioSms

        twilio = sms.twilio
        notifiers[Channel.SMS] = TwilioSms(
            twilio.account_sid, lambda: store.get(TWILIO_AUTH_TOKEN_SECRET), twilio.from_number,
            twilio.messaging_service_sid, twilio.api_base, twilio.timeout_s)
    elif sms.kind == "simulated":
        from devices.simulated_notifier import SimulatedSms

        notifiers[Channel.SMS] = SimulatedSms("sms", data_dir / "simulated-notices.sqlite3",
                                              sms.simulated.fault)
    return notifiers


def build_notices(config: Config, data_dir: Path, store: SecretStore, ledger: Ledger, pms: Pms,
                  actor: str, notifiers: dict[Channel, Notifier] | None = None
                  ) -> tuple[NoticeService, NoticeWorker]:
    """The notice service (for screens and CLI) and its worker, sharing one sealer.

    The data key is needed only when a channel is configured; without one the
    service offers no channel and queues nothing.
    """
    from datetime import timedelta

    from kiosk.crypto import FieldCipher, data_key
    from kiosk.notify.compose import Composer
    from kiosk.notify.content import ClinicInfo
    from kiosk.notify.handover import Housekeeping
    from kiosk.notify.quiet import QuietHours
    from kiosk.notify.sealing import Sealer
    from kiosk.notify.service import NoticeService
    from kiosk.notify.worker import NoticeWorker
    from kiosk.ports.contacts import ContactStore

    notify, clinic = config.notify, config.clinic
    chosen = build_notifiers(config, data_dir, store) if notifiers is None else notifiers
    sealer = Sealer(FieldCipher(data_key(store, data_dir, config.is_demo)) if chosen else None)
    contacts: ContactStore | None = None
    if notify.store_address_in_pms:
        if isinstance(pms, ContactStore):
            contacts = pms
        else:
            log.warning("notify.store_address_in_pms is on, but the %s PMS adapter cannot "
                        "store contacts: addresses are erased after sending", pms.name)
    info = ClinicInfo(clinic.name, clinic.address, clinic.timezone, clinic.portal_url,
                      notify.receipt_link)
    reminders = notify.reminders
    worker = NoticeWorker(
        ledger, sealer, chosen, Composer(info),
        Backoff(notify.backoff_initial_ms, notify.backoff_max_ms), actor,
        housekeeping=Housekeeping(ledger, sealer, actor, contacts,
                                  timedelta(days=notify.attention_retention_days)),
        quiet=QuietHours.from_config(reminders.quiet_start, reminders.quiet_end,
                                     clinic.timezone),
        interval_s=notify.interval_s, lease_s=notify.claim_lease_s,
        give_up_after=timedelta(hours=notify.give_up_after_h),
        lock_path=data_dir / "notify.lock" if ledger.dialect == "sqlite" else None,
    )
    service = NoticeService(ledger, sealer, chosen, actor, config.notify.sms.default_region,
                            wake=worker.wake, claim_lease_s=notify.claim_lease_s)
    return service, worker


# -- speech (issue 7) -------------------------------------------------------------------------

def build_speaker(config: Config, player: Player | None = None) -> Speaker | None:
    """The configured Speaker, playing through ``player`` (the GUI passes Qt's)."""
    if config.speech.kind == "none":
        return None
    from devices.speech import WavSpeaker
    from devices.speech.players import AplayPlayer
    from devices.speech.synth import Synthesizer

    speech = config.speech
    synthesizer = Synthesizer(dict(speech.voices), speech.rate_wpm, speech.volume_percent)
    return WavSpeaker(synthesizer, player if player is not None else AplayPlayer())
