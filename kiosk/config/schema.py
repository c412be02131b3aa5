"""The configuration schema.

Every section refuses unknown keys (a typo must not silently fall back to a
default), and every field has a safe default so ``config/demo.toml`` stays
short. Secrets never live here: see :mod:`kiosk.secrets`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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


# --- issue 4: real PMS connectors (FHIR R4, HL7 v2), CSV statements, statement cache ---
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


class FhirPmsConfig(Section):
    #: The FHIR R4 base URL. https is required except on this machine (loopback).
    base_url: str = ""
    #: OAuth2 token endpoint (client credentials); empty = the server takes no token.
    #: The client secret is the secret ``fhir_client_secret``, never this file.
    token_url: str = ""
    client_id: str = ""
    scope: str = ("system/Patient.read system/Account.read system/Invoice.read "
                  "system/ChargeItem.read system/ExplanationOfBenefit.read "
                  "system/PaymentReconciliation.write system/PaymentNotice.write")
    #: Extra trusted CA certificate(s), PEM, for a private CA. Verification is always on.
    ca_file: str = ""
    connect_timeout_s: int = Field(5, ge=1, le=60)
    read_timeout_s: int = Field(20, ge=1, le=300)
    #: Identifier system our payment ids are posted under (ifNoneExist de-duplicates on it).
    posting_identifier_system: str = Field("urn:clinicpay:payment", min_length=3)
    #: Patient.identifier system of the code printed on paper statements; empty = no codes.
    statement_code_system: str = ""
    page_size: int = Field(100, ge=10, le=1000)
    #: Postings per transaction Bundle when draining a backlog.
    batch_size: int = Field(50, ge=1, le=200)

    @field_validator("base_url", "token_url")
    @classmethod
    def _secure_url(cls, value: str) -> str:
        if not value:
            return value
        if value.startswith("https://"):
            return value
        if value.startswith("http://") and value[7:].split("/")[0].rsplit(":", 1)[0] \
                in _LOOPBACK_HOSTS:
            return value
        raise ValueError("must be an https:// URL (plain http only on 127.0.0.1)")


class CsvStatementsConfig(Section):
    #: The statement export file the PMS drops on a schedule (docs/pms-csv-statements.md).
    path: str = ""
    #: An export older than this is not used (look-ups say the PMS is unavailable).
    max_age_hours: int = Field(36, ge=1, le=24 * 31)


class Hl7PmsConfig(Section):
    host: str = ""
    port: int = Field(2575, ge=1, le=65535)
    connect_timeout_s: int = Field(5, ge=1, le=60)
    read_timeout_s: int = Field(30, ge=1, le=300)
    #: Sends of one message on a dropped connection before giving up for this pass.
    attempts: int = Field(3, ge=1, le=10)
    version: Literal["2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6"] = "2.5.1"
    sending_application: str = Field("CLINICPAY", pattern=r"^[^|^~\\&\r\n]{1,40}$")
    sending_facility: str = Field("", pattern=r"^[^|^~\\&\r\n]{0,40}$")
    receiving_application: str = Field("", pattern=r"^[^|^~\\&\r\n]{0,40}$")
    receiving_facility: str = Field("", pattern=r"^[^|^~\\&\r\n]{0,40}$")
    #: FT1-6 transaction type: PY (payment) or CO (co-payment).
    transaction_type: Literal["PY", "CO"] = "PY"
    #: FT1-7 transaction code the clinic's PMS expects for a kiosk payment, and for a refund.
    payment_code: str = Field("KIOSKPAY", pattern=r"^[^|^~\\&\r\n]{1,20}$")
    reversal_code: str = Field("KIOSKREF", pattern=r"^[^|^~\\&\r\n]{1,20}$")
    #: FT1-11 sign of a payment: "negative" (a credit to the account, the usual convention)
    #: or "positive"; a refund takes the other sign.
    payment_sign: Literal["negative", "positive"] = "negative"
    #: Where balances and statements come from: the CSV export, or the FHIR server in [pms.fhir].
    balances: Literal["csv", "fhir"] = "csv"


class StatementCacheConfig(Section):
    #: Serve look-ups from an encrypted cache (marked "as of") while the PMS is unreachable.
    enabled: bool = False
    #: Cached statements older than this are not shown.
    max_age_hours: int = Field(72, ge=1, le=24 * 90)
    #: Empty = ``statement-cache.sqlite3`` in the data folder. Encrypted with the data_key secret.
    path: str = ""


class PmsConfig(Section):
    kind: Literal["demo", "fhir", "hl7"] = "demo"
    demo: DemoPmsConfig = DemoPmsConfig()
    fhir: FhirPmsConfig = FhirPmsConfig()
    hl7: Hl7PmsConfig = Hl7PmsConfig()
    csv: CsvStatementsConfig = CsvStatementsConfig()
    cache: StatementCacheConfig = StatementCacheConfig()

    @model_validator(mode="after")
    def _kind_is_configured(self) -> PmsConfig:
        uses_fhir = self.kind == "fhir" or (self.kind == "hl7" and self.hl7.balances == "fhir")
        if uses_fhir and not self.fhir.base_url:
            raise ValueError("pms.fhir.base_url is required for this PMS kind")
        if uses_fhir and self.fhir.token_url and not self.fhir.client_id:
            raise ValueError("pms.fhir.client_id is required with pms.fhir.token_url")
        if self.kind == "hl7" and not self.hl7.host:
            raise ValueError("pms.hl7.host is required with kind = \"hl7\"")
        if self.kind == "hl7" and self.hl7.balances == "csv" and not self.csv.path:
            raise ValueError("pms.csv.path is required with pms.hl7.balances = \"csv\"")
        return self
# --- end issue 4 ---


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


class SyncConfig(Section):
    interval_s: int = Field(5, ge=1, le=3_600)
    backoff_initial_ms: int = Field(1_000, ge=1, le=600_000)
    backoff_max_ms: int = Field(300_000, ge=1, le=3_600_000)


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
    sync: SyncConfig = SyncConfig()

    @property
    def is_demo(self) -> bool:
        return self.mode == "demo"

    def resolved_data_dir(self) -> Path:
        if self.data_dir:
            return Path(self.data_dir).expanduser()
        from platformdirs import user_data_dir

        return Path(user_data_dir("clinicpay-kiosk", appauthor=False))
