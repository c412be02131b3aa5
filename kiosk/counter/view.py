"""What a counter screen shows: an immutable snapshot of the counter session.

Like the kiosk's :mod:`kiosk.flow.view`: no business logic, codes instead of
sentences (``message``), Money for amounts, masked names only in what is
stored (staff may see a search hit's full name on screen; it is never kept).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.counter.queue import QueueItem, QueueStatus
from kiosk.counter.refunds import RefundQuote, RefundView
from kiosk.counter.search import CounterStatement, PatientHit
from kiosk.counter.takeover import KioskSessionView, TakeoverResult
from kiosk.counter.tenders import TenderResult
from kiosk.domain.money import Money
from kiosk.importer.payments_csv import ImportReport
from kiosk.reports.close import DayReport
from kiosk.reports.dashboard import Dashboard


class CounterScreen(enum.StrEnum):
    STARTING = "starting"  # settling what a crash left in doubt (payments, refunds)
    SIGN_IN = "sign_in"  # user name and password
    LOCKED = "locked"  # auto-locked: the same person signs in again (data kept, hidden)
    SEARCH = "search"  # name + birth date, account number or statement code; hits
    STATEMENT = "statement"  # itemized statement, payable, pay button
    TENDER = "tender"  # method (card/cash/check), amount, cash given or check number
    PROCESSING = "processing"  # card on the terminal; cancel
    RESULT = "result"  # approved (change due), declined (try again); receipt buttons
    REFUND = "refund"  # refund/void dialog with the supervisor's sign-in
    QUEUE = "queue"  # pending and refused postings; retry, resolve; sync status
    KIOSKS = "kiosks"  # live kiosk sessions, stuck ones flagged; take over
    DAY_CLOSE = "day_close"  # reconciliation with mismatches; export CSV/PDF; close batch
    DASHBOARD = "dashboard"  # charts by hour, method, channel
    IMPORT = "import"  # CSV import with progress and the validation report


@dataclass(frozen=True, slots=True)
class StaffView:
    username: str
    display_name: str
    role: str  # receptionist | supervisor | admin
    can_approve: bool  # supervisor or admin (still signs in again to approve)
    can_admin: bool  # admin: imports


@dataclass(frozen=True, slots=True)
class TenderForm:
    method: str = "card"  # card | cash | check
    amount: Money | None = None  # what the patient pays now
    kind: str = "balance"  # balance | copay
    tendered: Money | None = None  # cash given
    check_number: str = ""


@dataclass(frozen=True, slots=True)
class RefundForm:
    payment_id: str
    quote: RefundQuote | None = None  # loaded when the dialog opens
    kind: str = "refund"  # refund | void
    amount: Money | None = None
    reason: str = "patient_request"  # one of kiosk.counter.refunds.REASONS
    result: RefundView | None = None  # after the supervisor approved and it ran
    approver: str = ""  # the approving supervisor's user name, for the screen


@dataclass(frozen=True, slots=True)
class ImportProgress:
    file: str
    phase: str = "reading"  # reading | validating | importing | done
    done: int = 0
    total: int = 0
    report: ImportReport | None = None  # when finished (ok or not)


@dataclass(frozen=True, slots=True)
class CounterView:
    screen: CounterScreen
    session: int = 0  # increases at every sign-out; late results for older ones are dropped
    busy: bool = False  # a job runs: show it, take no new intents that need the runner
    message: str = ""  # a code: bad_credentials, locked, tendered_short, pms_unavailable ...
    demo: bool = False
    clinic_name: str = ""
    staff: StaffView | None = None
    locked: bool = False
    attempts_left: int = 0  # sign-in failures left before a lock-out (0: unknown)
    retry_after_s: int = 0  # account locked for this long
    hits: tuple[PatientHit, ...] = ()
    statement: CounterStatement | None = None
    tender: TenderForm = TenderForm()
    progress: str = ""  # terminal progress: present_card | processing | remove_card | message
    progress_text: str = ""
    result: TenderResult | None = None
    receipt_text: str = ""
    print_ok: bool | None = None
    refund: RefundForm | None = None
    queue: tuple[QueueItem, ...] = ()
    sync: QueueStatus | None = None
    kiosks: tuple[KioskSessionView, ...] = ()
    takeover: TakeoverResult | None = None
    report: DayReport | None = None
    dashboard: Dashboard | None = None
    exported_file: str = ""
    import_progress: ImportProgress | None = None
