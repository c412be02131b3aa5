"""A Stripe-compatible HTTP server on 127.0.0.1 for the adapter's tests.

It speaks the wire protocol the ``stripe`` SDK speaks: form-encoded requests
with bracketed keys, bearer-key authentication, ``Idempotency-Key`` headers,
JSON objects shaped like Stripe's, and Stripe's error bodies. Incoming
parameters are validated against the SDK's own ``stripe.params`` TypedDicts
(:mod:`tests.stripe_server.params`).

Idempotency follows Stripe's rules: a POST with a key that was used before,
with the same parameters, gets the saved response again (``Idempotent-
Replayed: true``); with other parameters it gets an ``idempotency_error``. A
request refused before it started (validation, an injected 500) saves
nothing; one that ran saves its answer, error or not.

Test control lives under ``/_test/`` (no key needed): faults, reader scripts,
paying a Checkout Session, moving the clock, and a dump of the account.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import struct
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import stripe.params as sp
import stripe.params.checkout as spc
import stripe.params.terminal as spt
import stripe.params.test_helpers.terminal as spth

from tests.stripe_server import forms, objects, refunds, sessions
from tests.stripe_server.faults import Faults, Rule
from tests.stripe_server.params import ParamError, validate
from tests.stripe_server.world import ApiError, World

API_KEY = "sk_test_clinicpay_0123456789"
READER_ID = "tmr_kioskreader0001"  # a simulated BBPOS WisePOS E
S700_READER_ID = "tmr_kioskreader0002"  # a simulated Stripe Reader S700
LOCATION_ID = "tml_riversideclinic01"

Handler = Callable[[World, dict[str, str], dict[str, Any]], tuple[dict[str, Any], str]]


def _list(url: str, fetch: Callable[[World, dict[str, Any]], tuple[list[dict[str, Any]], bool]]
          ) -> Handler:
    def handler(world: World, _ids: dict[str, str], params: dict[str, Any]
                ) -> tuple[dict[str, Any], str]:
        items, more = fetch(world, params)
        return objects.list_object(url, items, more), "data"
    return handler


def _search(world: World, _ids: dict[str, str], params: dict[str, Any]
            ) -> tuple[dict[str, Any], str]:
    found = world.search_intents(params["query"])[: params.get("limit", 10)]
    return objects.search_result("/v1/payment_intents/search", found), "data"


ROUTES: list[tuple[str, re.Pattern[str], type, Handler]] = [
    ("POST", re.compile(r"/v1/payment_intents"), sp.PaymentIntentCreateParams,
     lambda w, i, p: (w.create_intent(p), "")),
    ("GET", re.compile(r"/v1/payment_intents"), sp.PaymentIntentListParams,
     _list("/v1/payment_intents", World.list_intents)),
    ("GET", re.compile(r"/v1/payment_intents/search"), sp.PaymentIntentSearchParams, _search),
    ("GET", re.compile(r"/v1/payment_intents/(?P<id>[^/]+)"), sp.PaymentIntentRetrieveParams,
     lambda w, i, p: (w.intent(i["id"]), "")),
    ("POST", re.compile(r"/v1/payment_intents/(?P<id>[^/]+)/capture"),
     sp.PaymentIntentCaptureParams, lambda w, i, p: (w.capture_intent(i["id"], p), "")),
    ("POST", re.compile(r"/v1/payment_intents/(?P<id>[^/]+)/cancel"),
     sp.PaymentIntentCancelParams, lambda w, i, p: (w.cancel_intent(i["id"], p), "")),
    ("GET", re.compile(r"/v1/terminal/readers/(?P<id>[^/]+)"), spt.ReaderRetrieveParams,
     lambda w, i, p: (w.reader(i["id"]), "")),
    ("POST", re.compile(r"/v1/terminal/readers/(?P<id>[^/]+)/process_payment_intent"),
     spt.ReaderProcessPaymentIntentParams, lambda w, i, p: (w.process(i["id"], p), "")),
    ("POST", re.compile(r"/v1/terminal/readers/(?P<id>[^/]+)/set_reader_display"),
     spt.ReaderSetReaderDisplayParams, lambda w, i, p: (w.set_display(i["id"], p), "")),
    ("POST", re.compile(r"/v1/terminal/readers/(?P<id>[^/]+)/cancel_action"),
     spt.ReaderCancelActionParams, lambda w, i, p: (w.cancel_action(i["id"]), "")),
    ("POST", re.compile(r"/v1/test_helpers/terminal/readers/(?P<id>[^/]+)/"
                        r"present_payment_method"),
     spth.ReaderPresentPaymentMethodParams, lambda w, i, p: (w.present(i["id"], p), "")),
    ("GET", re.compile(r"/v1/terminal/locations/(?P<id>[^/]+)"), spt.LocationRetrieveParams,
     lambda w, i, p: (_location(w, i["id"]), "")),
    ("POST", re.compile(r"/v1/refunds"), sp.RefundCreateParams,
     lambda w, i, p: (refunds.create(w, p), "")),
    ("GET", re.compile(r"/v1/refunds"), sp.RefundListParams,
     _list("/v1/refunds", refunds.list_refunds)),
    ("POST", re.compile(r"/v1/checkout/sessions"), spc.SessionCreateParams,
     lambda w, i, p: (sessions.create(w, p), "")),
    ("GET", re.compile(r"/v1/checkout/sessions"), spc.SessionListParams,
     _list("/v1/checkout/sessions", sessions.list_sessions)),
    ("GET", re.compile(r"/v1/checkout/sessions/(?P<id>[^/]+)"), spc.SessionRetrieveParams,
     lambda w, i, p: (sessions.get(w, i["id"]), "")),
    ("POST", re.compile(r"/v1/checkout/sessions/(?P<id>[^/]+)/expire"),
     spc.SessionExpireParams, lambda w, i, p: (sessions.expire(w, i["id"]), "")),
]


def _location(world: World, location_id: str) -> dict[str, Any]:
    if location_id not in world.locations:
        raise ApiError(404, objects.error("invalid_request_error",
                                          f"No such location: '{location_id}'",
                                          code="resource_missing", param="location"))
    return world.locations[location_id]


class _Quiet(ThreadingHTTPServer):
    """A client that vanishes mid-request (a killed kiosk, a timeout) is not an error here."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class StripeServer:
    """Start with :meth:`start` (a daemon thread) or run standalone (``__main__``)."""

    def __init__(self, api_key: str = API_KEY, port: int = 0) -> None:
        self.api_key = api_key
        self.world = World()
        self.world.add_location(LOCATION_ID, "Riverside Family Clinic")
        self.world.add_reader(READER_ID, LOCATION_ID)
        self.world.add_reader(S700_READER_ID, LOCATION_ID, device_type="simulated_stripe_s700",
                              label="Counter reader")
        self.faults = Faults()
        self.requests: Counter[str] = Counter()
        self.versions: set[str] = set()
        self._idempotency: dict[tuple[str, str], tuple[str, int, bytes]] = {}
        self._in_flight: set[tuple[str, str]] = set()
        self._idem_lock = threading.Lock()
        self.connections: set[socket.socket] = set()
        self.httpd = _Quiet(("127.0.0.1", port), _make_handler(self))
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> StripeServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                        name="stripe-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and drop every open connection: Stripe becomes unreachable."""
        self.httpd.shutdown()
        self.httpd.server_close()
        with self._idem_lock:
            connections, self.connections = self.connections, set()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    # -- the API --------------------------------------------------------------
    def api(self, method: str, path: str, query: str, body: str,
            headers: dict[str, str]) -> tuple[int, dict[str, Any], dict[str, str], str]:
        """Returns (status, body, extra headers, fault to apply after: "" or "reset_after")."""
        auth = headers.get("authorization", "")
        if auth != f"Bearer {self.api_key}":
            shown = auth.removeprefix("Bearer ")[-4:]
            return 401, objects.error("invalid_request_error",
                                      f"Invalid API Key provided: sk_test_****{shown}"), {}, ""
        if "stripe-version" in headers:
            self.versions.add(headers["stripe-version"])
        found = _route(method, path)
        if found is None:
            return 404, objects.error("invalid_request_error",
                                      f"Unrecognized request URL ({method}: {path})."), {}, ""
        pattern, params_type, handler, match = found
        try:
            params = validate(params_type, forms.decode(query if method == "GET" else body))
        except (ParamError, forms.FormError) as exc:
            code = exc.code if isinstance(exc, ParamError) else "parameter_unknown"
            return 400, objects.error("invalid_request_error", str(exc), code=code,
                                      param=exc.param), {}, ""
        self.requests[f"{method} {pattern.pattern}"] += 1
        fault = self.faults.take(method, path)
        if fault is not None and fault.kind == "http_500":
            return 500, objects.error("api_error", "An unknown error occurred (injected)."), \
                {}, ""
        if fault is not None and fault.kind == "reset_before":
            return 0, {}, {}, "reset"
        after = "" if fault is None else fault.kind
        delay = 0 if fault is None else fault.delay_ms
        key = headers.get("idempotency-key", "") if method == "POST" else ""
        fingerprint = f"{method} {path} {forms.canonical(params)}"
        if key:
            with self._idem_lock:
                saved = self._idempotency.get((self.api_key, key))
                if saved is not None:
                    if saved[0] != fingerprint:
                        return 400, objects.error(
                            "idempotency_error",
                            "Keys for idempotent requests can only be used with the same "
                            "parameters they were first used with. Try using a key other than "
                            f"'{key}' if you meant to execute a different request."), {}, ""
                    return saved[1], json.loads(saved[2]), {"Idempotent-Replayed": "true"}, \
                        _after(after, delay)
                if (self.api_key, key) in self._in_flight:
                    return 409, objects.error(
                        "idempotency_error", "There is currently another in-progress request "
                        "using this Idempotent Key (that probably means you submitted twice, "
                        "and the other request is still going through).",
                        code="idempotency_key_in_use"), {}, ""
                self._in_flight.add((self.api_key, key))
        try:
            status, result = self._run(handler, match.groupdict(), params)
        finally:
            if key:
                with self._idem_lock:
                    self._in_flight.discard((self.api_key, key))
        if key:
            with self._idem_lock:
                self._idempotency[(self.api_key, key)] = (
                    fingerprint, status, json.dumps(result).encode())
        return status, result, {}, _after(after, delay)

    def _run(self, handler: Handler, ids: dict[str, str], params: dict[str, Any]
             ) -> tuple[int, dict[str, Any]]:
        with self.world.lock:
            self.world.tick()
            try:
                result, inner = handler(self.world, ids, params)
                # Lists spell their expansions "data.x"; World.expand walks both.
                del inner
                result = self.world.expand(result, params.get("expand") or [])
                return 200, json.loads(json.dumps(result))
            except ApiError as exc:
                return exc.status, exc.body

    # -- test control ---------------------------------------------------------
    def control(self, method: str, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        world = self.world
        with world.lock:
            world.tick()
            if path == "/_test/state" and method == "GET":
                return 200, {"intents": list(world.intents.values()),
                             "charges": list(world.charges.values()),
                             "refunds": list(world.refunds.values()),
                             "sessions": list(world.sessions.values()),
                             "readers": list(world.readers.values()),
                             "requests": dict(self.requests),
                             "versions": sorted(self.versions)}
            if path == "/_test/faults":
                if method == "DELETE":
                    self.faults.clear()
                else:
                    for rule in body.get("rules", []):
                        self.faults.add(Rule(**rule))
                return 200, {}
            if path == "/_test/clock":
                world.offset_s += float(body.get("advance_s", 0))
                world.tick()
                return 200, {"now": world.now()}
            match = re.fullmatch(r"/_test/readers/([^/]+)", path)
            if match:
                return 200, self._reader_control(match.group(1), body)
            match = re.fullmatch(r"/_test/checkout/([^/]+)/complete", path)
            try:
                if match:
                    return 200, sessions.complete(world, match.group(1),
                                                  body.get("method", "card"),
                                                  body.get("outcome", "paid"))
                match = re.fullmatch(r"/_test/payment_intents/([^/]+)/settle", path)
                if match:
                    return 200, sessions.settle(world, match.group(1),
                                                body.get("outcome", "succeeded"))
            except ApiError as exc:
                return exc.status, exc.body
        return 404, {"error": f"no test endpoint {method} {path}"}

    def _reader_control(self, reader_id: str, body: dict[str, Any]) -> dict[str, Any]:
        reader, sim = self.world.readers[reader_id], self.world.sims[reader_id]
        if "status" in body:
            reader["status"] = body["status"]
        if "script" in body:
            sim.script.clear()
            sim.script.extend(body["script"])
        if "present_delay_ms" in body:
            sim.present_delay_s = body["present_delay_ms"] / 1000
        for flag in ("busy", "stuck"):
            if flag in body:
                setattr(sim, flag, bool(body[flag]))
        if "process_errors" in body:
            sim.process_errors.clear()
            sim.process_errors.extend(body["process_errors"])
        if body.get("clear_action"):
            reader["action"] = None
        return reader


def _route(method: str, path: str
           ) -> tuple[re.Pattern[str], type, Handler, re.Match[str]] | None:
    for route_method, pattern, params_type, handler in ROUTES:
        match = pattern.fullmatch(path)
        if route_method == method and match:
            return pattern, params_type, handler, match
    return None


def _after(kind: str, delay_ms: int) -> str:
    if kind == "slow":
        return f"slow:{delay_ms}"
    return kind if kind == "reset_after" else ""


def _make_handler(server: StripeServer) -> type[BaseHTTPRequestHandler]:
    class RequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # Headers and body go out in two writes; without this, Nagle's algorithm and
            # delayed ACKs add ~40 ms to every loopback request.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with server._idem_lock:
                server.connections.add(self.connection)

        def finish(self) -> None:
            with server._idem_lock:
                server.connections.discard(self.connection)
            with contextlib.suppress(OSError):
                super().finish()

        def log_message(self, format: str, *args: Any) -> None:
            return  # quiet: request lines could carry ids the tests do not want in output

        def _serve(self, method: str) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            headers = {k.lower(): v for k, v in self.headers.items()}
            if parts.path.startswith("/_test/"):
                status, payload = server.control(method, parts.path,
                                                 json.loads(body) if body else {})
                self._send(status, payload, {})
                return
            status, payload, extra, after = server.api(method, parts.path, parts.query, body,
                                                       headers)
            if after == "reset" or after == "reset_after":
                self._reset()
                return
            if after.startswith("slow:"):
                time.sleep(int(after.split(":")[1]) / 1000)
            self._send(status, payload, extra)

        def _send(self, status: int, payload: Any, extra: dict[str, str]) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", objects.new_id("req_", 14))
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                self.close_connection = True  # the client gave up (timeout): nothing to do

        def _reset(self) -> None:
            self.close_connection = True
            try:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

    return RequestHandler
