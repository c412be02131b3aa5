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
    kind: Literal["simulated", "zvt"] = "simulated"
    #: The whole sale may take this long before the kiosk cancels it.
    sale_timeout_s: int = Field(120, ge=10, le=600)
    simulated: SimulatedTerminalConfig = SimulatedTerminalConfig()
    zvt: ZvtTerminalConfig = ZvtTerminalConfig()

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
    scanner: ScannerConfig = ScannerConfig()
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
