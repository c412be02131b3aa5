"""Text messages through Twilio's REST API (Messages resource, API version 2010-04-01).

- Send: ``POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json``,
  form-encoded ``To``, ``From`` (or ``MessagingServiceSid``) and ``Body``,
  HTTP basic auth (account SID : auth token). ``201 Created`` with the
  message's ``sid`` means Twilio accepted it.
- Errors come back as JSON ``{"code", "message", "more_info", "status"}``.
  Twilio advises against logic on its error codes, so we sort by HTTP status:
  400 is a refusal of this message for good (bad or unsubscribed number),
  401/403/404 are our configuration (retry, staff see it), 429 and 5xx are
  transient. Twilio's ``message`` text can quote the phone number, so only the
  status and code are kept.
- Twilio's create call takes no idempotency key. For a notice whose last
  attempt may have reached Twilio, :meth:`lookup` lists recent messages to
  that number (``GET .../Messages.json?To=&From=``) and looks for the same
  body created since the notice was made; only if none is there is it sent.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from kiosk.ports.health import Health
from kiosk.ports.notifier import LookupOutcome, LookupResult, Notice, SendResult

AUTH_TOKEN_SECRET = "twilio_auth_token"
API_VERSION = "2010-04-01"
#: Clock difference we allow between Twilio's date_created and our created_at.
_SKEW = timedelta(minutes=5)


class _Failed(Exception):
    def __init__(self, detail: str, status: int = 0, sent: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.sent = sent  # the request may have reached Twilio whole


class TwilioSms:
    name = "twilio"

    def __init__(self, account_sid: str, auth_token: Callable[[], str | None],
                 from_number: str = "", messaging_service_sid: str = "",
                 api_base: str = "https://api.twilio.com", timeout_s: float = 15) -> None:
        if not (from_number or messaging_service_sid):
            raise ValueError("Twilio needs a from number or a messaging service")
        self.account_sid = account_sid
        self._auth_token = auth_token
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid
        self.api_base = api_base.rstrip("/")
        self.timeout_s = timeout_s

    @property
    def _messages_path(self) -> str:
        return f"/{API_VERSION}/Accounts/{urllib.parse.quote(self.account_sid)}/Messages.json"

    # -- Notifier port ------------------------------------------------------
    def send(self, notice: Notice) -> SendResult:
        form = {"To": notice.to, "Body": notice.text}
        if self.messaging_service_sid:
            form["MessagingServiceSid"] = self.messaging_service_sid
        if self.from_number:
            form["From"] = self.from_number
        try:
            body = self._call("POST", self._messages_path, form)
        except _Failed as failed:
            if failed.status == 400:
                return SendResult(False, False, failed.detail)
            return SendResult(False, True, failed.detail, uncertain=failed.sent)
        sid = body.get("sid") if isinstance(body, dict) else None
        return SendResult(True, ref=sid if isinstance(sid, str) else "",
                          detail="accepted by Twilio")

    def lookup(self, notice: Notice, since: datetime) -> LookupResult:
        query = {"To": notice.to, "PageSize": "50"}
        if self.from_number:
            query["From"] = self.from_number
        try:
            body = self._call("GET", self._messages_path + "?" + urllib.parse.urlencode(query))
        except _Failed as failed:
            return LookupResult(LookupOutcome.UNKNOWN, detail=failed.detail)
        messages = body.get("messages") if isinstance(body, dict) else None
        if not isinstance(messages, list):
            return LookupResult(LookupOutcome.UNKNOWN, detail="message list has no messages")
        for item in messages:
            if not isinstance(item, dict) or item.get("body") != notice.text:
                continue
            created = _when(item.get("date_created"))
            if created is not None and created >= since - _SKEW:
                sid = item.get("sid")
                return LookupResult(LookupOutcome.FOUND, ref=sid if isinstance(sid, str) else "")
        return LookupResult(LookupOutcome.NOT_FOUND)

    def probe(self) -> Health:
        """Fetch our own account record: reachable, and the credentials work. Sends nothing."""
        path = f"/{API_VERSION}/Accounts/{urllib.parse.quote(self.account_sid)}.json"
        try:
            body = self._call("GET", path)
        except _Failed as failed:
            return Health.bad(f"Twilio at {self.api_base}: {failed.detail}")
        status = body.get("status", "unknown") if isinstance(body, dict) else "unknown"
        return Health.good(f"Twilio at {self.api_base}: account {status}")

    # -- transport ----------------------------------------------------------
    def _call(self, method: str, path: str, form: dict[str, str] | None = None) -> Any:
        token = self._auth_token()
        if not token:
            raise _Failed(f"secret {AUTH_TOKEN_SECRET!r} is not set")
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.api_base + path, data=data, method=method)
        credentials = base64.b64encode(f"{self.account_sid}:{token}".encode()).decode()
        request.add_header("Authorization", f"Basic {credentials}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        sent = False
        try:
            with _opener().open(request, timeout=self.timeout_s) as response:
                sent = True
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise _error(exc) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            # Only a connection that never opened proves Twilio did not get the request;
            # a timeout or a dropped answer may come after Twilio read all of it.
            never_reached = isinstance(reason, ConnectionRefusedError | socket.gaierror
                                       | ssl.SSLError)
            raise _Failed(f"Twilio unreachable: {_describe(reason)}",
                          sent=sent or not never_reached) from None
        try:
            return json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return {}  # a 2xx with an unreadable body: the call itself succeeded


def _opener() -> urllib.request.OpenerDirector:
    # No proxies from the environment and no redirects followed with our credentials.
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _error(exc: urllib.error.HTTPError) -> _Failed:
    status = exc.code
    code: object = None
    try:
        body = json.loads(exc.read() or b"{}")
        code = body.get("code") if isinstance(body, dict) else None
    except (ValueError, UnicodeDecodeError, OSError):
        pass
    twilio = f", Twilio error {code}" if isinstance(code, int) else ""
    if status == 400:
        return _Failed(f"refused by Twilio (HTTP 400{twilio})", status)
    if status in (401, 403):
        return _Failed(f"Twilio refused our credentials (HTTP {status}{twilio}): check "
                       f"notify.sms.twilio.account_sid and the {AUTH_TOKEN_SECRET} secret",
                       status)
    if status == 404:
        return _Failed(f"Twilio does not know this account or address (HTTP 404{twilio})",
                       status)
    if status == 429:
        return _Failed(f"Twilio asks us to slow down (HTTP 429{twilio})", status)
    return _Failed(f"Twilio error (HTTP {status}{twilio})", status, sent=status >= 500)


def _describe(reason: object) -> str:
    if isinstance(reason, socket.timeout | TimeoutError):
        return "timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "host name not found"
    return reason.__class__.__name__ if isinstance(reason, BaseException) else str(reason)


def _when(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
