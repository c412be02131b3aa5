"""The SMTP notifier: one connection per notice, STARTTLS always, then login.

It speaks the envelope commands itself (MAIL, RCPT, DATA) rather than
``sendmail``, to know how far a failure got:

- before DATA's final reply nothing was accepted, so a failure is a plain
  retry (4xx, refused connection, login refused) or a refusal for good (5xx
  for this recipient or this message);
- a timeout or a dropped connection *while waiting for DATA's final reply* is
  the one uncertain case: the relay may have taken the message. SMTP cannot
  be asked afterwards, so the notice is resent with the same Message-ID.

After the relay's 250 we return at once and send QUIT without waiting for its
answer, so that nothing stands between acceptance and the worker's record of
it but our own commit. Credentials never go over a connection that did not
start TLS with a verified certificate.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
from collections.abc import Callable

from devices.smtp_notifier.message import build_message, message_id
from kiosk.ports.health import Health
from kiosk.ports.notifier import Notice, SendResult

PASSWORD_SECRET = "smtp_password"


class _Stop(Exception):
    def __init__(self, result: SendResult) -> None:
        super().__init__(result.detail)
        self.result = result


class SmtpNotifier:
    name = "smtp"

    def __init__(self, host: str, port: int, username: str, password: Callable[[], str | None],
                 from_address: str, from_name: str = "", ca_file: str = "",
                 timeout_s: float = 30) -> None:
        self.host = host
        self.port = port
        self.username = username
        self._password = password
        self.from_address = from_address
        self.from_name = from_name
        self.ca_file = ca_file
        self.timeout_s = timeout_s

    # -- Notifier port ------------------------------------------------------
    def send(self, notice: Notice) -> SendResult:
        raw = build_message(notice, self.from_address, self.from_name).as_bytes()
        ref = message_id(notice.id, self.from_address)
        phase = "connect"
        smtp: smtplib.SMTP | None = None
        try:
            smtp = self._session()
            phase = "envelope"
            options = ["SMTPUTF8"] if not notice.to.isascii() else []
            if options and not smtp.has_extn("smtputf8"):
                return SendResult(False, False, "the relay cannot take international "
                                                "addresses (no SMTPUTF8)")
            _expect(smtp.mail(self.from_address, options), (250,), "MAIL FROM")
            _expect(smtp.rcpt(notice.to), (250, 251), "RCPT TO (recipient)")
            phase = "data"
            code, _reply = smtp.data(raw)
            _expect((code, _reply), (250,), "end of DATA")
            _quit_without_waiting(smtp)
            smtp = None
            return SendResult(True, ref=ref, detail=f"accepted by {self.host}")
        except _Stop as stop:
            return stop.result
        except smtplib.SMTPResponseException as exc:  # e.g. DATA refused before 354
            return _classify(exc.smtp_code, phase)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            waiting_for_acceptance = phase == "data"
            return SendResult(False, True, f"SMTP {phase}: {_describe(exc)}",
                              uncertain=waiting_for_acceptance)
        except smtplib.SMTPException as exc:
            return SendResult(False, True, f"SMTP {phase}: {exc.__class__.__name__}")
        finally:
            if smtp is not None:
                _close(smtp)

    def probe(self) -> Health:
        """Connect, STARTTLS, log in, QUIT: sends nothing."""
        try:
            smtp = self._session()
        except _Stop as stop:
            return Health.bad(f"SMTP {self.host}:{self.port}: {stop.result.detail}")
        except (smtplib.SMTPException, OSError) as exc:
            return Health.bad(f"SMTP {self.host}:{self.port}: {_describe(exc)}")
        with contextlib.suppress(smtplib.SMTPException, OSError):
            smtp.quit()
        _close(smtp)
        login = f"logged in as {self.username}" if self.username else "no login configured"
        return Health.good(f"SMTP {self.host}:{self.port}: STARTTLS ok, {login}")

    # -- connection ---------------------------------------------------------
    def _session(self) -> smtplib.SMTP:
        """An open, TLS-protected and (if configured) logged-in session."""
        context = ssl.create_default_context(cafile=self.ca_file or None)
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout_s)
        try:
            smtp.ehlo()
            if not smtp.has_extn("starttls"):
                raise _Stop(SendResult(False, True, "the relay does not offer STARTTLS; "
                                                    "refusing to send without TLS"))
            smtp.starttls(context=context)
            smtp.ehlo()
            if self.username:
                password = self._password()
                if not password:
                    raise _Stop(SendResult(False, True, f"secret {PASSWORD_SECRET!r} is not "
                                                        "set"))
                try:
                    smtp.login(self.username, password)
                except smtplib.SMTPAuthenticationError as exc:
                    raise _Stop(SendResult(False, True, f"login refused ({exc.smtp_code}): "
                                           f"check notify.email.smtp.username and the "
                                           f"{PASSWORD_SECRET} secret")) from None
                except smtplib.SMTPNotSupportedError:
                    raise _Stop(SendResult(False, True, "the relay offers no login")) from None
        except BaseException:
            _close(smtp)
            raise
        return smtp


def _expect(answer: tuple[int, bytes], good: tuple[int, ...], step: str) -> None:
    code = answer[0]
    if code not in good:
        raise _Stop(_classify(code, step))


def _classify(code: int, step: str) -> SendResult:
    """4xx: try again later; 5xx: this message or recipient is refused for good."""
    if 400 <= code < 500:
        return SendResult(False, True, f"{step}: temporary refusal ({code})")
    if 500 <= code < 600:
        return SendResult(False, False, f"{step}: refused ({code})")
    return SendResult(False, True, f"{step}: unexpected reply ({code})")


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not trusted ({exc.verify_message})"
    if isinstance(exc, socket.timeout | TimeoutError):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return "host name not found"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        # smtplib reports a read timeout as a disconnection; say which it was
        return "timed out" if "timed out" in str(exc) else "connection dropped"
    return exc.__class__.__name__


def _quit_without_waiting(smtp: smtplib.SMTP) -> None:
    with contextlib.suppress(smtplib.SMTPException, OSError):
        smtp.send("QUIT\r\n")
    _close(smtp)


def _close(smtp: smtplib.SMTP) -> None:
    with contextlib.suppress(OSError):
        smtp.close()
