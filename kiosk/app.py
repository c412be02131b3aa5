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


def build_pms(config: Config, data_dir: Path) -> Pms:
    if config.pms.kind == "demo":
        from kiosk.pms.demo import DemoPms

        demo = config.pms.demo
        return DemoPms(Path(demo.path) if demo.path else data_dir / "demo-pms.sqlite3",
                       seed=demo.seed, patients=demo.patients, fault=demo.fault,
                       fault_percent=demo.fault_percent, latency_ms=demo.latency_ms)
    raise ValueError(f"unknown PMS kind {config.pms.kind!r}")


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
        ledger_url(config, data_dir, store), config.terminal_id, config.channel, chain,
        backup_dir=data_dir / "backups" if config.ledger.backup_before_migrate else None,
    )
    try:
        pms = build_pms(config, data_dir)
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
    # Issue 8: a shared PostgreSQL ledger is drained by every kiosk and counter at once, each
    # row claimed with FOR UPDATE SKIP LOCKED; SQLite keeps one worker per file (a file lock).
    from kiosk.sync.claimed import ClaimingSyncWorker

    worker_class = ClaimingSyncWorker if ledger.dialect == "postgresql" else SyncWorker
    sync = worker_class(
        ledger, pms, Backoff(config.sync.backoff_initial_ms, config.sync.backoff_max_ms), actor,
        interval_s=config.sync.interval_s,
        lock_path=data_dir / "sync.lock" if ledger.dialect == "sqlite" else None,
    )
    return App(config, data_dir, ledger, pms, terminal, printer, payments, lookup, sync, actor)
