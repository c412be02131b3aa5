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
from kiosk.ports.pms import Pms
from kiosk.ports.printer import ReceiptPrinter
from kiosk.ports.terminal import CardTerminal
from kiosk.secrets import MissingSecret, SecretStore
from kiosk.sync.backoff import Backoff
from kiosk.sync.worker import SyncWorker

if TYPE_CHECKING:
    from kiosk.config.schema import Config
    from kiosk.pms.fhir import FhirPms  # issue 4

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

    def reconcile(self) -> ReconcileReport:
        return reconcile(self.payments)

    def close(self) -> None:
        self.sync.stop()
        for part in (self.terminal, self.printer, self.pms):
            try:
                part.close()
            except Exception:
                log.exception("closing %s failed", getattr(part, "name", part))
        self.ledger.close()


def ledger_url(config: Config, data_dir: Path) -> str:
    return config.ledger.url or sqlite_url(data_dir / "ledger.sqlite3")


def audit_key(config: Config, data_dir: Path, store: SecretStore) -> bytes:
    """The audit HMAC key: a secret in production; in demo mode a local demo key if unset.

    The demo key file sits in the data folder, never in the database, and is
    meaningless outside a demonstration.
    """
    value = store.get(AUDIT_KEY_SECRET)
    if value:
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


def build_terminal(config: Config, data_dir: Path) -> CardTerminal:
    if config.terminal.kind == "simulated":
        from devices.simulated_terminal import SimulatedTerminal

        sim = config.terminal.simulated
        state = Path(sim.state_path) if sim.state_path else data_dir / "simulated-terminal.sqlite3"
        return SimulatedTerminal(state, step_delay_ms=sim.step_delay_ms, outcome=sim.outcome,
                                 script=tuple(sim.script))
    raise ValueError(f"unknown terminal kind {config.terminal.kind!r}")


def build_printer(config: Config) -> ReceiptPrinter:
    from devices.simulated_printer import SimulatedPrinter

    if config.printer.kind == "simulated":
        return SimulatedPrinter(config.printer.simulated.fault, config.clinic.timezone)
    if config.printer.kind == "none":
        return SimulatedPrinter("offline", config.clinic.timezone)
    raise ValueError(f"unknown printer kind {config.printer.kind!r}")


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
        ledger_url(config, data_dir), config.terminal_id, config.channel, chain,
        backup_dir=data_dir / "backups" if config.ledger.backup_before_migrate else None,
    )
    try:
        pms = with_statement_cache(config, data_dir, store,  # issue 4
                                   build_pms(config, data_dir, store))
        terminal = terminal or build_terminal(config, data_dir)
        printer = build_printer(config)
    except BaseException:
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
    sync = SyncWorker(
        ledger, pms, Backoff(config.sync.backoff_initial_ms, config.sync.backoff_max_ms), actor,
        interval_s=config.sync.interval_s,
        lock_path=data_dir / "sync.lock" if ledger.dialect == "sqlite" else None,
    )
    return App(config, data_dir, ledger, pms, terminal, printer, payments, lookup, sync, actor)
