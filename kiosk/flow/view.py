"""What a screen shows: an immutable snapshot of the session, with no business logic.

Texts are codes (``message``, ``progress``) so the screens can say them in the
patient's language; amounts are Money; names are already masked.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

from kiosk.domain.money import Money
from kiosk.flow.date_entry import DateEntry


class Screen(enum.StrEnum):
    STARTING = "starting"  # start-up work still running behind the attract screen
    ATTRACT = "attract"  # touch to start
    NAME = "name"  # family name on the on-screen keyboard
    BIRTHDATE = "birthdate"  # date of birth on a keypad
    MORE = "more"  # several patients match: ZIP code or phone last four
    NOT_FOUND = "not_found"  # kind, non-revealing: we could not find you
    STATEMENT = "statement"  # itemized, amounts hidden until tapped
    AMOUNT = "amount"  # pay all, another amount, or a copay
    OTHER_AMOUNT = "other_amount"  # keypad, bounded by what is payable
    METHOD = "method"  # card on the terminal, or pay on your phone
    PROCESSING = "processing"  # follows the terminal; cancel
    PHONE = "phone"  # a QR code to pay on the patient's own phone; cancel
    RESULT = "result"  # approved, or declined with try again
    RECEIPT = "receipt"  # print (with preview), email, text, or no receipt
    SEND_RECEIPT = "send_receipt"  # type the email address or mobile number
    CONFIRM_SEND = "confirm_send"  # "send it to j***@e***.org?"
    THANK_YOU = "thank_you"  # then back to attract
    OUT_OF_SERVICE = "out_of_service"  # terminal or database unavailable


@dataclass(frozen=True, slots=True)
class LineView:
    date_of_service: date
    description: str
    charge: Money
    insurance_paid: Money
    adjustment: Money
    patient_responsibility: Money


@dataclass(frozen=True, slots=True)
class StatementView:
    display_name: str  # masked: "Maria G."
    lines: tuple[LineView, ...]
    paid_before: Money
    total_due: Money
    payable: Money
    as_of: datetime
    from_cache: bool


@dataclass(frozen=True, slots=True)
class ResultView:
    approved: bool
    outcome: str  # approved | declined | canceled | unknown | pending
    amount: Money
    card_brand: str = ""
    card_last4: str = ""
    can_retry: bool = False
    reference: str = ""


@dataclass(frozen=True, slots=True)
class Preferences:
    """The patient's choices for this visit; back to the clinic's defaults for the next one."""

    language: str = "en"
    large_text: bool = False
    high_contrast: bool = False
    #: Spoken guidance (ADA 707.5); every timeout is at least doubled while it is on.
    audio: bool = False
    #: The patient confirmed headphones: names and amounts may be spoken aloud.
    private_listening: bool = False


@dataclass(frozen=True, slots=True)
class ViewState:
    screen: Screen
    session: int = 0  # increases with every new patient; stale work is dropped
    demo: bool = False
    clinic_name: str = ""
    prefs: Preferences = field(default_factory=Preferences)
    languages: tuple[str, ...] = ("en", "es")
    busy: bool = False  # a job is running: show that, and take no new intents
    message: str = ""  # e.g. "pms_unavailable", "cooldown", "amount_too_high"
    retry_after_s: int = 0
    typed_name: str = ""
    birthdate: DateEntry = field(default_factory=DateEntry)
    ask_for: str = ""  # "postal_code" | "phone_last4"
    answer: str = ""
    statement: StatementView | None = None
    amounts_visible: bool = False
    copay_allowed: bool = False
    max_copay: Money | None = None
    other_amount: str = ""  # digits typed for "another amount", in cents
    amount_kind: str = "balance"  # balance | copay: what "another amount" is toward
    amount: Money | None = None
    methods: tuple[str, ...] = ("card",)
    #: No way to pay here right now: send the patient to the front desk (or this portal).
    offline: bool = False
    portal_url: str = ""
    qr_url: str = ""  # the pay-on-your-phone page, shown as a QR code
    phone_left_s: int = 0  # seconds before the kiosk closes the page itself
    progress: str = ""  # present_card | processing | remove_card | message
    progress_text: str = ""  # the terminal's own words, for "message"
    result: ResultView | None = None
    receipt_preview: str = ""
    print_ok: bool | None = None
    notice_channels: tuple[str, ...] = ()  # "email", "sms": what the clinic can send
    notice_channel: str = ""
    notice_typed: str = ""  # what the patient is typing (wiped with the session)
    notice_masked: str = ""  # the address as shown for confirmation: "j***@e***.org"
    notices_sent: tuple[str, ...] = ()  # channels already queued for this payment
    idle_warning_s: int = 0  # > 0: "are you still there?" with this many seconds left
    out_of_service: str = ""  # reason code: terminal | database | startup

    @property
    def has_patient_data(self) -> bool:
        """True while anything about a patient is held (what an idle reset must wipe)."""
        return bool(self.typed_name or self.birthdate.digits or self.answer
                    or self.statement or self.result or self.receipt_preview or self.amount
                    or self.notice_typed or self.notice_masked or self.qr_url)
