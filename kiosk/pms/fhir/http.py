"""HTTP to a FHIR R4 server: OAuth2 client-credentials tokens, timeouts, error sorting.

Every failure leaves here as one of the port's three errors, sorted by what
the caller must do (see :mod:`kiosk.ports.pms`):

- no answer, a timeout, TLS failure, 5xx, 408, 429, and 401/403 (a credential
  or scope problem is the site's to fix, never a reason to set one posting
  aside) -> :class:`PmsUnavailable`;
- a 2xx answer that is not the JSON resource we asked for -> :class:`PmsBadResponse`;
- any other 4xx (the server refused this request as sent) -> :class:`PmsRejected`,
  with the server's OperationOutcome text, cut short.

httpx rather than requests: one ``Timeout`` object sets connect, read, write and
pool limits for every call, its exceptions split cleanly into timeouts and
transport errors, and it is fully typed (the core is strict-mypy clean).
JSON numbers are read as :class:`~decimal.Decimal`, never float.
"""

from __future__ import annotations

import json
import logging
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin

import httpx

from kiosk.ports.pms import PmsBadResponse, PmsRejected, PmsUnavailable

log = logging.getLogger(__name__)
# httpx logs every request line at INFO and httpcore traces at DEBUG; our URLs carry birth
# dates and statement codes (PHI), so those loggers never go below WARNING, whatever
# KIOSK_LOG says. (tests/pms/test_statement_cache.py scans the log for them.)
for _chatty in ("httpx", "httpcore"):
    logging.getLogger(_chatty).setLevel(logging.WARNING)

FHIR_JSON = "application/fhir+json"
_TRANSIENT = frozenset({408, 425, 429, 500, 502, 503, 504})
#: Stop following ``next`` links after this many pages: a server that pages forever is broken.
MAX_PAGES = 50


@dataclass(frozen=True)
class FhirEndpoint:
    base_url: str
    token_url: str  # empty: the server needs no token (a private test set-up)
    client_id: str
    client_secret: str
    scope: str = ""
    ca_file: str = ""  # extra trusted CA (PEM); verification itself is always on
    connect_timeout_s: float = 5
    read_timeout_s: float = 20

    def __repr__(self) -> str:  # never print the secret
        return f"FhirEndpoint(base_url={self.base_url!r}, client_id={self.client_id!r})"


def parse_json(content: bytes, what: str) -> Any:
    try:
        return json.loads(content, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        raise PmsBadResponse(f"{what}: the server answered something that is not JSON") \
            from None


def _outcome_text(content: bytes) -> str:
    """The OperationOutcome's own words, short; never the request body."""
    try:
        body = json.loads(content, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        return ""
    if not isinstance(body, dict) or body.get("resourceType") != "OperationOutcome":
        return ""
    texts = []
    for issue in body.get("issue") or []:
        if isinstance(issue, dict):
            details = issue.get("details") if isinstance(issue.get("details"), dict) else {}
            text = issue.get("diagnostics") or (details or {}).get("text") or issue.get("code")
            if isinstance(text, str):
                texts.append(text)
    return "; ".join(texts)[:200]


class FhirHttp:
    """One keep-alive connection pool and one bearer token, shared by all calls."""

    def __init__(self, endpoint: FhirEndpoint,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.endpoint = endpoint
        self.base = endpoint.base_url.rstrip("/") + "/"
        verify: ssl.SSLContext | bool = True
        if endpoint.ca_file:
            verify = ssl.create_default_context(cafile=endpoint.ca_file)
        timeout = httpx.Timeout(endpoint.read_timeout_s, connect=endpoint.connect_timeout_s,
                                pool=endpoint.connect_timeout_s)
        self._client = httpx.Client(verify=verify, timeout=timeout, transport=transport,
                                    headers={"Accept": FHIR_JSON}, follow_redirects=False)
        self._token = ""
        self._token_expires = 0.0
        self._token_lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    # -- token ----------------------------------------------------------------
    def _bearer(self, renew: bool = False) -> dict[str, str]:
        if not self.endpoint.token_url:
            return {}
        with self._token_lock:
            if renew or not self._token or time.monotonic() >= self._token_expires:
                self._token, lifetime = self._fetch_token()
                self._token_expires = time.monotonic() + max(lifetime - 30, lifetime / 2)
            return {"Authorization": f"Bearer {self._token}"}

    def _fetch_token(self) -> tuple[str, float]:
        form = {"grant_type": "client_credentials"}
        if self.endpoint.scope:
            form["scope"] = self.endpoint.scope
        url = urljoin(self.base, self.endpoint.token_url)
        try:
            response = self._client.post(
                url, data=form, headers={"Accept": "application/json"},
                auth=(self.endpoint.client_id, self.endpoint.client_secret))
        except httpx.TimeoutException:
            raise PmsUnavailable("token endpoint timed out") from None
        except httpx.TransportError as exc:
            raise PmsUnavailable(f"token endpoint unreachable: {_transport_reason(exc)}") \
                from None
        if response.status_code in (400, 401, 403):
            raise PmsUnavailable(f"token endpoint refused the client credentials "
                                 f"(HTTP {response.status_code}): check client_id, the "
                                 "fhir_client_secret secret and the scope")
        if response.status_code != 200:
            raise PmsUnavailable(f"token endpoint answered HTTP {response.status_code}")
        body = parse_json(response.content, "token endpoint")
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise PmsBadResponse("token endpoint answered without an access_token")
        lifetime = body.get("expires_in", 300)
        if isinstance(lifetime, bool) or not isinstance(lifetime, int | Decimal | str):
            lifetime = 300
        try:
            seconds = float(Decimal(str(lifetime)))  # seconds, not money
        except ArithmeticError:
            seconds = 300.0
        return token, max(seconds, 1.0)

    # -- requests -------------------------------------------------------------
    def request(self, method: str, path: str, *, params: dict[str, str] | None = None,
                body: bytes | None = None, what: str = "request") -> Any:
        """One FHIR interaction; the decoded JSON body of a 2xx answer."""
        url = path if path.startswith(("http://", "https://")) else urljoin(self.base, path)
        headers = {"Content-Type": FHIR_JSON} if body is not None else {}
        for attempt in (1, 2):
            headers.update(self._bearer(renew=attempt == 2))
            try:
                response = self._client.request(method, url, params=params, content=body,
                                                 headers=headers)
            except httpx.TimeoutException:
                raise PmsUnavailable(f"{what}: the FHIR server did not answer in time") \
                    from None
            except httpx.TransportError as exc:
                raise PmsUnavailable(f"{what}: FHIR server unreachable: "
                                     f"{_transport_reason(exc)}") from None
            if response.status_code == 401 and attempt == 1 and self.endpoint.token_url:
                continue  # the token expired early or was revoked: one fresh token, one retry
            return self._decode(response, what)
        raise AssertionError("unreachable")

    def _decode(self, response: httpx.Response, what: str) -> Any:
        status = response.status_code
        if 200 <= status < 300:
            return parse_json(response.content, what)
        reason = _outcome_text(response.content)
        detail = f"{what}: HTTP {status}" + (f": {reason}" if reason else "")
        if status in _TRANSIENT or status >= 500:
            raise PmsUnavailable(detail)
        if status in (401, 403):
            raise PmsUnavailable(detail + " (not authorised: check the client's scopes)")
        raise PmsRejected(detail)

    def search(self, resource_type: str, params: dict[str, str], what: str) -> Iterator[Any]:
        """Every resource of ``resource_type`` in the search set, following ``next`` links.

        Included resources (``search.mode`` = include) and OperationOutcomes are
        skipped; a page that is not a searchset Bundle is a bad response.
        """
        url: str | None = resource_type
        query: dict[str, str] | None = params
        for _page in range(MAX_PAGES):
            if url is None:
                return
            bundle = self.request("GET", url, params=query, what=what)
            if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
                raise PmsBadResponse(f"{what}: the answer is not a search Bundle")
            for entry in bundle.get("entry") or []:
                if not isinstance(entry, dict) or not isinstance(entry.get("resource"), dict):
                    raise PmsBadResponse(f"{what}: a search entry has no resource")
                mode = (entry.get("search") or {}).get("mode", "match")
                if mode == "match" and entry["resource"].get("resourceType") == resource_type:
                    yield entry["resource"]
            url = next((link.get("url") for link in bundle.get("link") or []
                        if isinstance(link, dict) and link.get("relation") == "next"), None)
            query = None  # the next link carries the whole query
        raise PmsBadResponse(f"{what}: more than {MAX_PAGES} pages of results")


def _transport_reason(exc: httpx.TransportError) -> str:
    text = str(exc) or exc.__class__.__name__
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return "TLS certificate not trusted (set pms.fhir.ca_file for a private CA)"
    return text[:160]
