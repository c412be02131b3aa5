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


# -- Stripe and "pay on your phone" (issue 5) -------------------------------------------
def _api_base(value: str) -> str:
    """HTTPS, except a loopback address (a test server on this machine)."""
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme not in ("https", "http") or not parts.hostname or \
            (parts.scheme == "http" and not loopback):
        raise ValueError("must be an https:// address (http:// only for a loopback test server)")
    if parts.path not in ("", "/") or parts.query:
        raise ValueError("must be a bare address such as https://api.stripe.com")
    return value.rstrip("/")


class StripeConfig(Section):
    """The Stripe account's API (the secret key is the ``stripe_api_key`` secret)."""

    api_base: str = "https://api.stripe.com"
    connect_timeout_ms: int = Field(5_000, ge=100, le=60_000)
    #: Per request; a sale's reader polling stays short, a slow answer is retried.
    read_timeout_ms: int = Field(20_000, ge=500, le=120_000)
    #: Resent with the same idempotency key on a connection error, 409 or 5xx.
    max_network_retries: int = Field(2, ge=0, le=10)

    @field_validator("api_base")
    @classmethod
    def _address(cls, value: str) -> str:
        return _api_base(value)


class StripeTerminalConfig(Section):
    #: The smart reader's id in the Stripe Dashboard (tmr_...). Required for kind = "stripe".
    reader_id: str = Field("", pattern=r"^(tmr_[A-Za-z0-9]{6,64})?$")
    #: The Terminal location the reader must be registered at (tml_...); empty = not checked.
    location_id: str = Field("", pattern=r"^(tml_[A-Za-z0-9]{6,64})?$")
    #: The line shown on the reader's cart screen and as the PaymentIntent's description.
    line_item: str = Field("Payment toward your statement", min_length=1, max_length=120)
    show_cart: bool = True
    poll_interval_ms: int = Field(1_000, ge=10, le=10_000)
    #: After cancel_action, how long to watch for the reader's final state before "unknown".
    cancel_grace_s: int = Field(15, ge=1, le=120)


class SimulatedPhoneConfig(Section):
    #: File holding the simulated pages and payments, outside the kiosk process.
    state_path: str = ""
    outcome: Literal["pay", "processing", "never", "bank_fails"] = "pay"
    #: The simulated patient pays this many seconds after the QR code appears.
    pay_after_s: int = Field(8, ge=0, le=3_600)
    #: A simulated bank payment settles this many seconds after it was made.
    settle_after_s: int = Field(60, ge=0, le=86_400)


class PhoneConfig(Section):
    """Pay on your phone: a hosted payment page shown as a QR code."""

    kind: Literal["none", "stripe", "simulated"] = "none"
    #: How long the kiosk shows the QR code before it closes the page itself.
    wait_s: int = Field(600, ge=30, le=3_600)
    #: The page's own expiry at the processor (Stripe: 30 minutes to 24 hours); the kiosk
    #: closes it earlier on cancel or idle, so a photographed code cannot be paid later.
    expires_after_s: int = Field(1_800, ge=1_800, le=86_400)
    poll_interval_ms: int = Field(2_000, ge=10, le=30_000)
    #: What the patient sees on the payment page.
    description: str = Field("Payment toward your statement", min_length=1, max_length=120)
    #: Where the page sends the patient after paying; empty = the processor's own page.
    success_url: str = ""
    #: Offer US bank account (ACH) besides cards; such payments settle days later (pending).
    bank_payments: bool = True
    #: How often a running kiosk asks about bank payments still pending (they settle days
    #: later; start-up reconciliation asks too), while no patient is at the screen.
    settle_every_min: int = Field(60, ge=1, le=1_440)
    simulated: SimulatedPhoneConfig = SimulatedPhoneConfig()


# -- end of the Stripe block -----------------------------------------------------------------


# --- serial devices: ZVT card terminal, ESC/POS receipt printer, statement scanner ----------
ZvtSimOutcome = Literal[
    "approve", "decline", "cancel", "timeout", "refuse", "nak_storm", "nak_storm_fatal",
    "corrupt_crc", "silence", "cut_before_charge", "cut_after_charge", "cut_after_decline",
    "garbage", "leak_pan",
]
Baudrate = Literal[9600, 19200, 38400, 57600, 115200]


class ZvtSimulatorConfig(Section):
    #: Demo only: run the bundled ZVT terminal simulator and connect to it.
    enabled: bool = False
    #: ``pty`` = a real pseudo-terminal driven through pyserial; ``tcp`` = 127.0.0.1.
    transport: Literal["pty", "tcp"] = "pty"
    #: The simulator's own journal (what it charged); empty = in the data folder.
    state_path: str = ""
    step_delay_ms: int = Field(700, ge=0, le=60_000)
    #: How long the line stays dead in the "cut_*" outcomes.
    cut_ms: int = Field(2_000, ge=0, le=600_000)
    outcome: ZvtSimOutcome = "approve"
    script: tuple[ZvtSimOutcome, ...] = ()


class ZvtTerminalConfig(Section):
    """A ZVT terminal (ECR interface) on a serial line or over TCP.

    The terminal password is a secret: ``zvt_password`` in the secret store
    (six digits; ``000000`` when unset).
    """

    transport: Literal["serial", "tcp"] = "serial"
    #: Serial device: ``/dev/ttyUSB0``, ``/dev/serial/by-id/...``, ``COM3``.
    device: str = ""
    baudrate: Baudrate = 9600
    host: str = ""
    port: int = Field(20007, ge=1, le=65_535)
    #: Longest gap between two bytes of one serial frame.
    inter_byte_timeout_ms: int = Field(500, ge=20, le=10_000)
    #: How long to wait for the ACK/NAK byte after sending a serial frame.
    ack_timeout_ms: int = Field(5_000, ge=100, le=60_000)
    #: How long to wait for the terminal's first answer to a command.
    response_timeout_ms: int = Field(5_000, ge=100, le=120_000)
    #: Longest silence while the terminal runs a command (ZVT's T4 is 180 s).
    progress_timeout_s: int = Field(180, ge=1, le=900)
    #: After asking the terminal to abort, how long until the outcome is called unknown.
    abort_grace_s: int = Field(30, ge=1, le=600)
    #: Ask the terminal for its last transaction (repeat receipt) before the first sale on
    #: a new line, so an answer lost mid-payment can be matched afterwards.
    learn_last_trace: bool = True
    #: The kiosk "prints" the terminal's receipts (they are discarded): the terminal's own
    #: printer stays quiet.
    ecr_prints_receipts: bool = True
    simulator: ZvtSimulatorConfig = ZvtSimulatorConfig()

# --- end of serial devices (terminal) ---------------------------------------------------------


class TerminalConfig(Section):
    kind: Literal["simulated", "stripe", "zvt"] = "simulated"
    #: The whole sale may take this long before the kiosk cancels it.
    sale_timeout_s: int = Field(120, ge=10, le=600)
    simulated: SimulatedTerminalConfig = SimulatedTerminalConfig()
    stripe: StripeTerminalConfig = StripeTerminalConfig()
    zvt: ZvtTerminalConfig = ZvtTerminalConfig()

    @model_validator(mode="after")
    def _reader_named(self) -> TerminalConfig:
        if self.kind == "stripe" and not self.stripe.reader_id:
            raise ValueError("terminal.stripe.reader_id is required when kind = \"stripe\" "
                             "(the reader's tmr_... id from the Stripe Dashboard)")
        return self

    @model_validator(mode="after")
    def _zvt_has_a_line(self) -> TerminalConfig:
        zvt = self.zvt
        if self.kind != "zvt" or zvt.simulator.enabled:
            return self
        if zvt.transport == "serial" and not zvt.device:
            raise ValueError("terminal.zvt.device is required for a serial ZVT terminal "
                             "(e.g. /dev/ttyUSB0)")
        if zvt.transport == "tcp" and not zvt.host:
            raise ValueError("terminal.zvt.host is required for a ZVT terminal over TCP")
        return self


class SimulatedPrinterConfig(Section):
    fault: Literal["none", "offline", "out_of_paper"] = "none"


# --- serial devices (printer) ------------------------------------------------------------------
class EscposSimulatorConfig(Section):
    #: Demo only: an ESC/POS printer simulator on a pseudo-terminal, driven through pyserial.
    enabled: bool = False
    fault: Literal["none", "offline", "out_of_paper"] = "none"


class EscposPrinterConfig(Section):
    transport: Literal["serial", "network", "usb"] = "serial"
    device: str = ""  # serial device
    baudrate: Baudrate = 9600
    host: str = ""  # network printers (raw TCP, usually port 9100)
    port: int = Field(9100, ge=1, le=65_535)
    #: USB ids as hex strings, e.g. "0x04b8" and "0x0202".
    usb_vendor_id: str = Field("", pattern=r"^(0x[0-9a-fA-F]{1,4})?$")
    usb_product_id: str = Field("", pattern=r"^(0x[0-9a-fA-F]{1,4})?$")
    timeout_ms: int = Field(3_000, ge=100, le=60_000)
    #: Characters per line in the default font (42 on 80 mm paper, 32 on 58 mm).
    width: int = Field(42, ge=24, le=64)
    #: Print the portal link as a QR code (the printer's own GS ( k command).
    qr: bool = True
    #: python-escpos printer profile (its capability database); empty = generic.
    profile: str = ""
    simulator: EscposSimulatorConfig = EscposSimulatorConfig()

# --- end of serial devices (printer) ----------------------------------------------------------


class PrinterConfig(Section):
    kind: Literal["simulated", "none", "escpos"] = "simulated"
    required: bool = False
    simulated: SimulatedPrinterConfig = SimulatedPrinterConfig()
    escpos: EscposPrinterConfig = EscposPrinterConfig()

    @model_validator(mode="after")
    def _escpos_has_a_connection(self) -> PrinterConfig:
        escpos = self.escpos
        if self.kind != "escpos" or escpos.simulator.enabled:
            return self
        needed = {"serial": ("device", escpos.device), "network": ("host", escpos.host),
                  "usb": ("usb_vendor_id", escpos.usb_vendor_id)}[escpos.transport]
        if not needed[1]:
            raise ValueError(f"printer.escpos.{needed[0]} is required for an ESC/POS printer "
                             f"on {escpos.transport}")
        if escpos.transport == "usb" and not escpos.usb_product_id:
            raise ValueError("printer.escpos.usb_product_id is required for a USB printer")
        return self


# --- serial devices (statement scanner) --------------------------------------------------------
class SerialScannerConfig(Section):
    device: str = ""
    baudrate: Baudrate = 9600
    #: What ends one scanned code on the line.
    terminator: Literal["cr", "lf", "crlf"] = "cr"


class KeyboardScannerConfig(Section):
    #: A keyboard-wedge scanner "types" fast: keys further apart than this are a person.
    max_gap_ms: int = Field(50, ge=5, le=1_000)
    min_length: int = Field(4, ge=1, le=64)


class SimulatedScannerConfig(Section):
    #: Demo only: codes the simulated scanner offers (the admin test scan reads the first).
    codes: tuple[str, ...] = ()


class ScannerConfig(Section):
    kind: Literal["none", "serial", "keyboard", "simulated"] = "none"
    #: Longer "codes" are refused (a statement code is short).
    max_length: int = Field(64, ge=4, le=512)
    serial: SerialScannerConfig = SerialScannerConfig()
    keyboard: KeyboardScannerConfig = KeyboardScannerConfig()
    simulated: SimulatedScannerConfig = SimulatedScannerConfig()

    @model_validator(mode="after")
    def _serial_has_a_device(self) -> ScannerConfig:
        if self.kind == "serial" and not self.serial.device:
            raise ValueError("scanner.serial.device is required for a serial scanner")
        return self

# --- end of serial devices (scanner) ----------------------------------------------------------


class SpeechConfig(Section):
    """Spoken guidance (switched on by the patient: audio mode)."""

    #: pyttsx3 (espeak-ng on Linux, SAPI on Windows); none: no audio mode offered.
    kind: Literal["none", "pyttsx3"] = "none"
    #: How the WAV is played: Qt Multimedia in the kiosk window, or aplay (headless).
    player: Literal["qt", "aplay"] = "qt"
    rate_wpm: int = Field(165, ge=80, le=400)
    volume_percent: int = Field(90, ge=10, le=100)
    #: espeak-ng voice per language.
    voices: dict[str, str] = Field(default_factory=lambda: {"en": "en-us", "es": "es-419"})


class AccessibilityConfig(Section):
    """Keys of a tactile keypad (names as Qt spells them: "F1", "Escape", "Return")."""

    default_language: Literal["en", "es"] = "en"
    key_help: str = "F1"
    key_audio: str = "F2"
    key_headphones: str = "F3"
    key_repeat: str = "F4"
    key_back: str = "Escape"
    key_louder: str = "F6"
    key_quieter: str = "F5"


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


# -- notices: receipts and reminders by email and text message (issue 10) ------------------

_HH_MM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
NotifierFault = Literal["none", "down", "reject", "flaky"]


class SimulatedNotifierConfig(Section):
    #: ``down``: never reachable; ``reject``: refuses every message; ``flaky``: every
    #: other attempt fails.
    fault: NotifierFault = "none"


class SmtpConfig(Section):
    host: str = ""
    #: 587 is the submission port, which speaks STARTTLS.
    port: int = Field(587, ge=1, le=65_535)
    #: The login name; the password is the secret ``smtp_password``.
    username: str = ""
    from_address: str = ""
    #: Shown as the sender's name; empty = the clinic's name.
    from_name: str = Field("", max_length=80)
    #: A CA bundle for a relay with a private certificate; empty = the system's trust store.
    ca_file: str = ""
    timeout_s: int = Field(30, ge=1, le=300)


class EmailConfig(Section):
    kind: Literal["none", "smtp", "simulated"] = "none"
    smtp: SmtpConfig = SmtpConfig()
    simulated: SimulatedNotifierConfig = SimulatedNotifierConfig()

    @model_validator(mode="after")
    def _smtp_complete(self) -> EmailConfig:
        if self.kind == "smtp" and not (self.smtp.host and self.smtp.from_address):
            raise ValueError("kind = \"smtp\" needs smtp.host and smtp.from_address")
        return self


class TwilioConfig(Section):
    #: "AC" and 32 hexadecimal characters; the auth token is the secret ``twilio_auth_token``.
    account_sid: str = Field("", pattern=r"^(AC[0-9a-fA-F]{32})?$")
    #: The sending number in E.164 form ("+13125550100"), or leave it empty and name a
    #: messaging service instead.
    from_number: str = Field("", pattern=r"^(\+[1-9][0-9]{6,14})?$")
    messaging_service_sid: str = Field("", pattern=r"^(MG[0-9a-fA-F]{32})?$")
    #: Twilio's REST address (a regional edge or a test stand-in may replace it).
    api_base: str = "https://api.twilio.com"
    timeout_s: int = Field(15, ge=1, le=120)

    @field_validator("api_base")
    @classmethod
    def _https_unless_loopback(cls, value: str) -> str:
        from urllib.parse import urlsplit

        parts = urlsplit(value)
        loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
        if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
            raise ValueError("must be an https:// address (http:// only for 127.0.0.1)")
        return value.rstrip("/")


class SmsConfig(Section):
    kind: Literal["none", "twilio", "simulated"] = "none"
    #: The country assumed for numbers typed without "+" and a country code.
    default_region: str = Field("US", pattern=r"^[A-Z]{2}$")
    twilio: TwilioConfig = TwilioConfig()
    simulated: SimulatedNotifierConfig = SimulatedNotifierConfig()

    @model_validator(mode="after")
    def _twilio_complete(self) -> SmsConfig:
        twilio = self.twilio
        if self.kind == "twilio" and not (
                twilio.account_sid and (twilio.from_number or twilio.messaging_service_sid)):
            raise ValueError("kind = \"twilio\" needs twilio.account_sid and "
                             "twilio.from_number (or twilio.messaging_service_sid)")
        return self


class RemindersConfig(Section):
    #: ``kiosk notify due`` sends nothing while this is false.
    enabled: bool = False
    #: At most one reminder per patient and channel in this many days.
    cadence_days: int = Field(14, ge=1, le=365)
    #: Balances below this (integer cents) get no reminder.
    min_balance_cents: int = Field(500, ge=1, le=10_000_000)
    #: No reminder goes out between these times, clinic time (clinic.timezone).
    quiet_start: str = Field("20:00", pattern=_HH_MM)
    quiet_end: str = Field("09:00", pattern=_HH_MM)
    #: Upper bound of reminders one run queues (a safety net against a bad PMS answer).
    max_per_run: int = Field(500, ge=1, le=100_000)


class NotifyConfig(Section):
    email: EmailConfig = EmailConfig()
    sms: SmsConfig = SmsConfig()
    reminders: RemindersConfig = RemindersConfig()
    #: Where the receipt's QR code leads: "{reference}" is replaced by the payment id.
    #: Empty = clinic.portal_url. The page should ask the patient to sign in.
    receipt_link: str = ""
    #: Hand the address to the PMS (if its adapter can store contacts) once the notice is
    #: accepted, instead of only erasing it.
    store_address_in_pms: bool = False
    interval_s: int = Field(30, ge=1, le=3_600)
    backoff_initial_ms: int = Field(2_000, ge=1, le=600_000)
    backoff_max_ms: int = Field(600_000, ge=1, le=3_600_000)
    #: A notice no server accepted in this long is set aside for staff.
    give_up_after_h: int = Field(24, ge=1, le=720)
    #: Addresses of notices set aside are erased after this many days.
    attention_retention_days: int = Field(7, ge=1, le=90)
    #: How long one worker's claim on a notice holds off the others (shared ledgers).
    claim_lease_s: int = Field(300, ge=1, le=3_600)


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

# -- deployment: logs, crash reports and health alerts for IT (issue 9) ----------------------
class LogsConfig(Section):
    """Log files in the data folder, rotated by size; redacted by allow-list (docs/deploy.md)."""

    #: Folder for the log files and crash reports; empty = ``logs/`` in the data folder.
    dir: str = ""
    #: What our own code writes to the file; libraries write warnings and errors only.
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    #: A log file is rotated when it reaches this size (megabytes).
    max_size_mb: int = Field(5, ge=1, le=1_024)
    #: Rotated files kept per command (``kiosk-run.log.1`` ... ``.N``).
    keep: int = Field(5, ge=1, le=100)
    #: Crash reports kept (``crash/`` in the data folder); older ones are deleted.
    crash_reports_kept: int = Field(50, ge=1, le=10_000)


class HealthConfig(Section):
    """Alerts for unattended kiosks: a status file and an email to IT (docs/deploy.md)."""

    #: Where IT is told that this kiosk is out of service; empty = no email (the status file
    #: is written anyway). Needs ``notify.email`` (the notice outbox sends it).
    it_email: str = ""
    #: How often the running kiosk checks its parts and rewrites the status file.
    check_interval_s: int = Field(60, ge=5, le=3_600)
    #: A part must have been failing this long before IT is emailed (a flapping part is not).
    alert_after_s: int = Field(300, ge=0, le=86_400)
    #: While the same problems last, the email is repeated at most this often.
    repeat_after_h: int = Field(24, ge=1, le=720)
    #: Also email IT when every part works again.
    notify_recovery: bool = True
    #: Besides the required parts (database, PMS, terminal; the printer when required), the
    #: failing parts worth telling IT about.
    alert_on: tuple[Literal["printer", "sync", "phone", "scanner", "speech", "email", "sms",
                            "notices"], ...] = ("printer", "sync")
    #: Postings older than this still waiting for the PMS count as a sync backlog.
    sync_backlog_max_age_min: int = Field(60, ge=1, le=10_080)
    #: The status file for a monitoring agent; empty = ``status.json`` in the data folder.
    status_file: str = ""

    @field_validator("it_email")
    @classmethod
    def _an_address(cls, value: str) -> str:
        if not value:
            return value
        from email_validator import EmailNotValidError, validate_email

        try:
            return str(validate_email(value, check_deliverability=False).normalized)
        except EmailNotValidError as exc:
            raise ValueError(f"not a usable email address ({exc})") from None

# -- end of the deployment block ---------------------------------------------------------------


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
    accessibility: AccessibilityConfig = AccessibilityConfig()
    scanner: ScannerConfig = ScannerConfig()
    lookup: LookupConfig = LookupConfig()
    session: SessionConfig = SessionConfig()
    sync: SyncConfig = SyncConfig()
    stripe: StripeConfig = StripeConfig()
    phone: PhoneConfig = PhoneConfig()
    notify: NotifyConfig = NotifyConfig()
    counter: CounterConfig = CounterConfig()  # issue 8

    # deployment (issue 9)
    logs: LogsConfig = LogsConfig()
    health: HealthConfig = HealthConfig()

    @property
    def is_demo(self) -> bool:
        return self.mode == "demo"

    def resolved_data_dir(self) -> Path:
        if self.data_dir:
            return Path(self.data_dir).expanduser()
        from platformdirs import user_data_dir

        return Path(user_data_dir("clinicpay-kiosk", appauthor=False))
