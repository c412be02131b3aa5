"""The configuration schema.

Every section refuses unknown keys (a typo must not silently fall back to a
default), and every field has a safe default so ``config/demo.toml`` stays
short. Secrets never live here: see :mod:`kiosk.secrets`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

Fault = Literal["none", "down", "slow", "error", "reject", "garbage", "flaky"]
TerminalOutcome = Literal[
    "approve", "decline", "cancel", "timeout", "disconnect", "unknown", "unknown_declined"
]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ClinicConfig(Section):
    name: str = Field("Demo Clinic", min_length=1, max_length=80)
    address: str = ""
    timezone: str = "America/Chicago"
    currency: Literal["USD", "EUR", "CAD", "GBP", "CHF", "MXN"] = "USD"
    portal_url: str = ""
    #: Copay toward today's visit, not bounded by the statement balance.
    allow_copay: bool = False
    #: Prepayment toward a future visit, not bounded by the statement balance.
    allow_prepayment: bool = False
    #: Upper bound for copays and prepayments (integer cents).
    max_unbounded_cents: int = Field(50_000, ge=1, le=10_000_000)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as "
                             "'America/Chicago')") from None
        return value


class LedgerConfig(Section):
    #: SQLAlchemy URL; empty = SQLite file ``ledger.sqlite3`` in the data folder.
    url: str = ""
    #: Copy the SQLite file before applying migrations at start.
    backup_before_migrate: bool = True

    @field_validator("url")
    @classmethod
    def _no_password_in_url(cls, value: str) -> str:
        """Issue 8: a shared ledger's password is the ``ledger_password`` secret."""
        if not value:
            return value
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            parsed = make_url(value)
        except ArgumentError:
            raise ValueError("not a database URL (e.g. postgresql+psycopg://kiosk@db/ledger)")\
                from None
        if parsed.password:
            raise ValueError("the URL holds a password; leave it out and store it as the "
                             "ledger_password secret (kiosk secrets set ledger_password)")
        if parsed.get_backend_name() not in ("sqlite", "postgresql"):
            raise ValueError("the ledger runs on sqlite or postgresql")
        return value


class AuditConfig(Section):
    #: Where the latest chain link is also written (outside the database).
    anchor_dir: str = ""


class DemoPmsConfig(Section):
    seed: int = 20261127
    patients: int = Field(320, ge=300, le=100_000)
    path: str = ""  # empty = ``demo-pms.sqlite3`` in the data folder
    latency_ms: int = Field(0, ge=0, le=60_000)
    fault: Fault = "none"
    #: For ``flaky``: the share of calls that fail (0..1 as a decimal string is not
    #: needed: a whole percentage keeps floats out of config).
    fault_percent: int = Field(0, ge=0, le=100)


class PmsConfig(Section):
    kind: Literal["demo"] = "demo"
    demo: DemoPmsConfig = DemoPmsConfig()


class SimulatedTerminalConfig(Section):
    #: File holding the simulator's state (charges, script position), outside the kiosk process.
    state_path: str = ""
    #: Pause between the terminal's progress steps, so a demo looks real (0 in tests).
    step_delay_ms: int = Field(700, ge=0, le=60_000)
    outcome: TerminalOutcome = "approve"
    #: Outcomes used in order for the next sales, then ``outcome`` again.
    script: tuple[TerminalOutcome, ...] = ()


class TerminalConfig(Section):
    kind: Literal["simulated"] = "simulated"
    #: The whole sale may take this long before the kiosk cancels it.
    sale_timeout_s: int = Field(120, ge=10, le=600)
    simulated: SimulatedTerminalConfig = SimulatedTerminalConfig()


class SimulatedPrinterConfig(Section):
    fault: Literal["none", "offline", "out_of_paper"] = "none"


class PrinterConfig(Section):
    kind: Literal["simulated", "none"] = "simulated"
    required: bool = False
    simulated: SimulatedPrinterConfig = SimulatedPrinterConfig()


class SpeechConfig(Section):
    kind: Literal["none"] = "none"


class LookupConfig(Section):
    #: Failed look-ups (no single match) on this kiosk before a cool-down.
    max_failures: int = Field(5, ge=1, le=100)
    window_s: int = Field(300, ge=1, le=86_400)
    cooldown_s: int = Field(120, ge=1, le=86_400)


class SessionConfig(Section):
    """The patient session on the kiosk screen (seconds)."""

    #: No touch for this long wipes the session and returns to the attract screen.
    idle_timeout_s: int = Field(60, ge=20, le=900)
    #: A visible (and, in audio mode, spoken) warning this long before the timeout.
    idle_warning_s: int = Field(20, ge=5, le=120)
    #: How long the thank-you screen stays before the attract screen returns.
    thank_you_s: int = Field(8, ge=2, le=60)
    #: How often an out-of-service kiosk checks whether it can take payments again.
    reprobe_s: int = Field(30, ge=5, le=3_600)


class SyncConfig(Section):
    interval_s: int = Field(5, ge=1, le=3_600)
    backoff_initial_ms: int = Field(1_000, ge=1, le=600_000)
    backoff_max_ms: int = Field(300_000, ge=1, le=3_600_000)


class CounterConfig(Section):
    """Counter mode (issue 8): staff sign-in, lock-out and the front desk's views."""

    #: Failed sign-ins on one account before it is locked for ``lockout_s``.
    max_sign_in_failures: int = Field(5, ge=1, le=50)
    lockout_s: int = Field(900, ge=30, le=86_400)
    #: No input for this long locks the counter screen until the same person signs in again.
    auto_lock_s: int = Field(300, ge=30, le=3_600)
    #: A kiosk session unchanged this long is shown as stuck, for the desk to take over.
    stuck_session_s: int = Field(180, ge=30, le=3_600)
    min_staff_passphrase_chars: int = Field(10, ge=8, le=128)


class Config(Section):
    #: ``demo`` runs the embedded PMS and simulated devices; ``production`` refuses them.
    mode: Literal["demo", "production"]
    #: This kiosk or counter's name in the ledger and in its own audit chain.
    terminal_id: str = Field("kiosk-1", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
    channel: Literal["kiosk", "counter"] = "kiosk"
    #: Ledger, demo PMS, simulator state and audit anchor go here; empty = the platform's
    #: user-data folder.
    data_dir: str = ""
    clinic: ClinicConfig = ClinicConfig()
    ledger: LedgerConfig = LedgerConfig()
    audit: AuditConfig = AuditConfig()
    pms: PmsConfig = PmsConfig()
    terminal: TerminalConfig = TerminalConfig()
    printer: PrinterConfig = PrinterConfig()
    speech: SpeechConfig = SpeechConfig()
    lookup: LookupConfig = LookupConfig()
    session: SessionConfig = SessionConfig()
    sync: SyncConfig = SyncConfig()
    counter: CounterConfig = CounterConfig()  # issue 8

    @property
    def is_demo(self) -> bool:
        return self.mode == "demo"

    def resolved_data_dir(self) -> Path:
        if self.data_dir:
            return Path(self.data_dir).expanduser()
        from platformdirs import user_data_dir

        return Path(user_data_dir("clinicpay-kiosk", appauthor=False))
