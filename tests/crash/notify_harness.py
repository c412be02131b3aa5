"""A crash campaign for notices: queue and send in a child process, SIGKILL it, check.

The SMTP server and the Twilio stand-in run in a process of their own
(``tests.notify.peers``) and record every accepted message in their own file,
which the killed kiosk never owned. Each round a forked child opens the
kiosk, queues one email and one text receipt (each to an address of its
own, so deliveries can be counted per notice) and drains the notice outbox.
It dies by SIGKILL at a notice worker boundary (``kiosk.crashpoints``:
claimed, sending, accepted, sent) or at a random instant. For a while the
servers are down altogether. After every round the parent checks:

1. every message a server holds belongs to a notice in the ledger;
2. no text message was delivered twice (an in-doubt SMS is looked up first);
3. an email was delivered twice only after a kill between the server's
   acceptance and our record (the documented window), and with the same
   Message-ID;
4. a notice recorded as SENT was delivered, and its address is erased;
5. nothing was set aside (the servers never refused anything).

A final clean run drains everything: every notice SENT and delivered.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from kiosk import crashpoints
from kiosk.app import App, build_app
from kiosk.domain.notice import NoticeStatus
from kiosk.ledger.models import NoticeRow
from tests.conftest import REPO, make_config
from tests.notify.certs import make_self_signed
from tests.notify.conftest import notify_config, notify_secrets, paid
from tests.notify.peers import Record, free_port

PAYMENTS = 40  # three receipts per channel each: room for 120 rounds


class InvariantViolation(AssertionError):
    pass


@dataclass
class NotifyStats:
    rounds: int = 0
    kills: int = 0
    step_kills: dict[str, int] = field(default_factory=dict)
    random_kills: int = 0
    outage_rounds: int = 0
    notices: int = 0
    emails_delivered: int = 0
    texts_delivered: int = 0
    email_resends: int = 0
    window_kills: int = 0  # kills that may have struck between acceptance and record
    queue_ms: list[float] = field(default_factory=list)


def _address(round_no: int, channel: str) -> str:
    if channel == "email":
        return f"r{round_no}@example.org"
    return f"+1773202{round_no:04d}"


class Peers:
    """The servers' process: started, stopped (an outage) and started again on its ports."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.cert, self.key = make_self_signed(folder)
        self.smtp_port, self.twilio_port = free_port(), free_port()
        self.record = Record(folder / "peers.sqlite3")
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        ready = self.folder / "ready"
        ready.unlink(missing_ok=True)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.notify.peers", str(self.folder),
             str(self.smtp_port), str(self.twilio_port)], cwd=REPO)
        deadline = time.monotonic() + 20
        while not ready.exists():
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the SMTP/Twilio peers did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(10)
            self._process = None

    @property
    def running(self) -> bool:
        return self._process is not None


class NotifyCampaign:
    def __init__(self, folder: Path, seed: int = 1) -> None:
        self.data_dir = folder / "data"
        self.peers = Peers(folder / "peers")
        self.rng = random.Random(seed)
        self.stats = NotifyStats()
        self.timings = folder / "queue-ms.txt"
        self.config = make_config(self.data_dir, notify=notify_config(
            self.peers.smtp_port, f"http://127.0.0.1:{self.peers.twilio_port}", self.peers.cert))
        app = self._open()
        try:
            self.payments = [paid(app, "accents", 100 + n) for n in range(PAYMENTS)]
        finally:
            app.close()

    def _open(self) -> App:
        return build_app(self.config, secrets=notify_secrets())

    # -- one round ----------------------------------------------------------
    def _child(self, round_no: int, arm: tuple[str, int] | None,
               plant: Callable[[], None] | None) -> None:
        try:
            if plant is not None:
                plant()
            if arm is not None:
                crashpoints.arm(*arm)
            app = self._open()
            assert app.notices is not None and app.notice_worker is not None
            payment_id = self.payments[round_no % PAYMENTS]
            for channel in ("email", "sms"):
                started = time.perf_counter()
                app.notices.queue_receipt(payment_id, channel, _address(round_no, channel))
                with self.timings.open("a") as out:
                    out.write(f"{(time.perf_counter() - started) * 1000:.3f}\n")
            app.notice_worker.drain_once()
            app.close()
            os._exit(0)
        except BaseException:
            os._exit(3)

    def round(self, arm: tuple[str, int] | None, kill_after_s: float | None,
              plant: Callable[[], None] | None = None) -> None:
        self.stats.rounds += 1
        round_no = self.stats.rounds
        if not self.peers.running:
            self.stats.outage_rounds += 1
        pid = os.fork()
        if pid == 0:
            self._child(round_no, arm, plant)
        if kill_after_s is not None:
            time.sleep(kill_after_s)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            self.stats.kills += 1
            if arm is not None:
                self.stats.step_kills[arm[0]] = self.stats.step_kills.get(arm[0], 0) + 1
                self.stats.window_kills += int(arm[0] == "notify.accepted")
            else:
                self.stats.random_kills += 1
                self.stats.window_kills += 1  # a random instant may fall in the window
        elif not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
            raise InvariantViolation(f"child failed with status {status:#x} (not a kill)")
        self.check()

    # -- the invariants -----------------------------------------------------
    def check(self, final: bool = False) -> None:
        app = self._open()
        try:
            if final:
                self._drain_all(app)
            self._check(app, final)
        finally:
            app.close()

    def _drain_all(self, app: App) -> None:
        assert app.notice_worker is not None and app.notices is not None
        for _ in range(50):
            app.notice_worker.drain_once()
            if app.notices.counts()["queued"] == 0:
                return
            time.sleep(0.01)
        raise InvariantViolation("notices still queued after the final drain")

    def _check(self, app: App, final: bool) -> None:
        with app.ledger.read() as session:
            rows = {row.id: row for row in session.scalars(select(NoticeRow))}
        record = self.peers.record
        mails = record.mail_counts()
        texts = record.sms_counts()
        sms_sids = {m["sid"] for m in record.sms_messages()}
        known_ids = {f"<{notice_id}@clinic.test>" for notice_id in rows}
        stray = set(mails) - known_ids
        if stray:
            raise InvariantViolation(f"emails for notices the ledger does not hold: {stray}")
        twice = {key: n for key, n in texts.items() if n > 1}
        if twice:
            raise InvariantViolation(f"text messages sent twice: {twice}")
        resends = sum(n - 1 for n in mails.values())
        if resends > self.stats.window_kills:
            raise InvariantViolation(f"{resends} email resends but only "
                                     f"{self.stats.window_kills} kills in the window")
        for row in rows.values():
            if row.status == NoticeStatus.ATTENTION.value:
                raise InvariantViolation(f"notice {row.id} set aside: {row.last_error}")
            if row.status != NoticeStatus.SENT.value:
                continue
            if row.sealed is not None:
                raise InvariantViolation(f"sent notice {row.id} still holds its address")
            delivered = mails.get(f"<{row.id}@clinic.test>", 0) if row.channel == "email" \
                else int(row.provider_ref in sms_sids)
            if not delivered:
                raise InvariantViolation(f"notice {row.id} is SENT but was never delivered")
        self.stats.notices = len(rows)
        self.stats.emails_delivered = sum(mails.values())
        self.stats.texts_delivered = sum(texts.values())
        self.stats.email_resends = resends
        if final:
            waiting = [r.id for r in rows.values() if r.status != NoticeStatus.SENT.value]
            if waiting:
                raise InvariantViolation(f"not sent after the final run: {waiting}")
            if len(mails) + len(texts) != len(rows):
                raise InvariantViolation(f"{len(rows)} notices, {len(mails)} emails and "
                                         f"{len(texts)} texts delivered")

    # -- the campaign -------------------------------------------------------
    def run(self, kills: int, random_share: float = 0.35, outage: tuple[int, int] = (0, 0),
            plant: Callable[[], None] | None = None,
            points: tuple[str, ...] = crashpoints.NOTIFY_POINTS,
            min_random_kills: int = 0) -> NotifyStats:
        """Rounds until ``kills`` kills, ``min_random_kills`` of them at random instants.

        The servers are down for rounds in ``outage``. A random instant can
        miss a child that already finished, so the count of random kills is
        topped up rather than left to the dice (a loaded machine misses more).
        """
        self.peers.start()
        try:
            cycle = 0
            while (self.stats.kills < kills or self.stats.random_kills < min_random_kills) \
                    and self.stats.rounds < 10 * kills:
                upcoming = self.stats.rounds + 1
                if outage[0] <= upcoming < outage[1] and self.peers.running:
                    self.peers.stop()
                elif not outage[0] <= upcoming < outage[1] and not self.peers.running:
                    self.peers.start()
                top_up = self.stats.kills >= kills
                if top_up or self.rng.random() < random_share:
                    self.round(None, self.rng.uniform(0.0, 0.5), plant)
                else:
                    point = points[cycle % len(points)]
                    self.round((point, 1 + (cycle // len(points)) % 2), None, plant)
                    cycle += 1
            if not self.peers.running:
                self.peers.start()
            self.round(None, None)
            self.check(final=True)
        finally:
            self.peers.stop()
        self.stats.queue_ms = [float(x) for x in self.timings.read_text().split()] \
            if self.timings.exists() else []
        return self.stats
