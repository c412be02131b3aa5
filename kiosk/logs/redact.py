"""Log redaction by allow-list: only what is known to be safe reaches a log line.

A deny-list (mask what looks like a card number, a name, a date of birth)
fails open: the first PHI shape nobody thought of goes straight to the file.
This formatter fails closed instead. A log record is rendered from

* its **template** (``record.msg``): a constant in the code that logs. Our own
  templates are literals (ruff's ``G`` rules refuse f-strings and ``%``
  formatting in logging calls); a library's template is kept only when the
  library formats lazily (it passed arguments), since a pre-formatted
  message may hold anything;
* its **arguments**, each kept only if its *type* or *shape* is on the
  allow-list below (numbers too short to be a card number, enums, UUIDs,
  exception classes, device paths, adapter names, and strings the code marks
  with :func:`safe`); any other argument becomes ``‹str›`` (its type, never
  its value);
* a **traceback** as frames only (file, line, function) and exception class
  names: an exception's message is data (SQLAlchemy puts the statement's
  parameters in it, an HTTP client the response body).

What is lost is the content of arguments we did not vouch for; what is kept
is enough for IT to see which part failed, where, and how often.
"""

from __future__ import annotations

import enum
import logging
import re
import traceback
import uuid
from collections.abc import Mapping
from pathlib import PurePath
from types import TracebackType
from typing import Any

#: The loggers whose templates we trust (our own code, plus Qt's messages routed by us).
OUR_LOGGERS = ("kiosk", "devices", "ui", "qt", "py.warnings")


class Safe(str):
    """A string the code vouches for: it never holds patient or card data."""

    __slots__ = ()


def safe(text: object) -> Safe:
    """Mark ``text`` as safe to log as is (an adapter's description, a health detail)."""
    return Safe(str(text))


#: Integers up to this many digits pass (counts, ports, cents); a card number, a phone number
#: or a date of birth written as digits has more.
MAX_INT_DIGITS = 6
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
#: Device names: a serial port or a USB path, never anything a patient typed.
_DEVICE = re.compile(r"(/dev/[A-Za-z0-9/_.:+-]{1,120}|COM[0-9]{1,3})")
#: What our adapters and parts call themselves (``.name``, ``kind`` values, thread names).
SAFE_WORDS = frozenset({
    "demo", "simulated", "none", "zvt", "stripe", "stripe-checkout", "simulated-checkout",
    "escpos", "smtp", "twilio", "pyttsx3", "transcript", "keyboard", "serial", "tcp", "usb",
    "network", "pty", "email", "sms", "kiosk", "counter", "production", "terminal", "printer",
    "pms", "phone", "scanner", "speech", "database", "sync", "notices", "health", "config",
})
#: Exception types whose text is a system string, not data: shown with their errno name.
_ERRNO_TYPES = (OSError,)


def _rendered(value: Any) -> str | None:
    """The value as text if it is on the allow-list, else None."""
    if value is None or isinstance(value, bool):
        return str(value)
    if isinstance(value, Safe):
        return str(value)
    if isinstance(value, enum.Enum):
        return str(value.value) if isinstance(value.value, str | int) else value.name
    if isinstance(value, int):
        return str(value) if len(str(abs(value))) <= MAX_INT_DIGITS else None
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, BaseException):
        return exception_label(value)
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, PurePath):  # files we chose: the ledger, a device, the data folder
        return str(value)
    if isinstance(value, str) and (value in SAFE_WORDS or _UUID.fullmatch(value)
                                   or _DEVICE.fullmatch(value)):
        return value
    return None


def _masked(value: Any) -> str:
    return f"‹{type(value).__name__}›"


def exception_label(exc: BaseException) -> str:
    """``ValueError``, or ``ConnectionRefusedError[ECONNREFUSED]``: never the message."""
    name = type(exc).__qualname__
    if isinstance(exc, _ERRNO_TYPES) and isinstance(exc.errno, int):
        import errno

        return f"{name}[{errno.errorcode.get(exc.errno, exc.errno)}]"
    return name


_SPEC = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?(?P<flags>[#0 +\-]*)(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d+))?"
    r"[hlL]?(?P<conversion>[diouxXeEfFgGcrsa%])"
)


def render_message(template: str, args: Any) -> str:
    """``template % args`` with every argument passed through the allow-list.

    Never raises: a template that does not match its arguments is rendered
    with what can be matched, the rest masked.
    """
    mapping = args if isinstance(args, Mapping) else None
    sequence = () if mapping is not None else (args if isinstance(args, tuple) else (args,))
    position = 0
    out: list[str] = []
    last = 0
    for match in _SPEC.finditer(template):
        out.append(template[last:match.start()])
        last = match.end()
        if match.group("conversion") == "%":
            out.append("%")
            continue
        if "*" in (match.group("width") or "") + (match.group("precision") or ""):
            out.append("‹…›")  # star widths consume extra arguments; not worth the risk
            position = len(sequence)
            continue
        key = match.group("key")
        if key is not None:
            if mapping is None or key not in mapping:
                out.append("‹…›")
                continue
            value = mapping[key]
        else:
            if position >= len(sequence):
                out.append("‹…›")
                continue
            value = sequence[position]
            position += 1
        text = _rendered(value)
        if text is None:
            out.append(_masked(value))
            continue
        spec = "%" + (match.group("flags") or "") + (match.group("width") or "") + \
            ("." + match.group("precision") if match.group("precision") else "") + \
            match.group("conversion")
        number = isinstance(value, int | float) and not isinstance(value, enum.Enum)
        try:
            out.append(spec % (value if number else text,))
        except (TypeError, ValueError):
            out.append(text)
    out.append(template[last:])
    return "".join(out)


def is_ours(logger_name: str) -> bool:
    return logger_name.split(".", 1)[0] in OUR_LOGGERS


def redacted_message(record: logging.LogRecord) -> str:
    """The record's message as the allow-list permits it."""
    template = record.msg
    if not isinstance(template, str):
        return f"‹message withheld: {type(template).__name__}›"
    if record.args:
        return render_message(template, record.args)
    if is_ours(record.name):
        return template.replace("%%", "%") if "%" in template else template
    # A library's message without arguments was formatted before it reached us.
    return f"‹message withheld: {len(template)} characters›"


def frames_only(exc_type: type[BaseException] | None, exc: BaseException | None,
                tb: TracebackType | None) -> str:
    """A traceback without messages or values: where it happened, not what it held."""
    lines = ["Traceback (frames only; exception messages are not logged):"]
    seen: set[int] = set()
    chain: list[BaseException] = []
    current = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__
                                        else current.__context__)
    for index, item in enumerate(reversed(chain)):
        if index:
            lines.append("then, while handling it:")
        frames = traceback.extract_tb(item.__traceback__ if item is not exc else tb)
        for frame in frames:
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        lines.append(exception_label(item))
    if exc is None and exc_type is not None:
        lines.append(exc_type.__qualname__)
    return "\n".join(lines)


class RedactingFormatter(logging.Formatter):
    """Formats a record from its template and allow-listed arguments only."""

    def __init__(self, fmt: str = "%(asctime)s %(levelname)s %(name)s: %(message)s") -> None:
        super().__init__(fmt)

    def format(self, record: logging.LogRecord) -> str:
        # Never use record.getMessage() or record.exc_text: another handler may have
        # filled the latter with the full, unredacted traceback.
        safe_record = logging.makeLogRecord(record.__dict__)
        safe_record.msg = redacted_message(record)
        safe_record.args = None
        safe_record.exc_info = None
        safe_record.exc_text = None
        safe_record.stack_info = None
        text = super().format(safe_record)
        if record.exc_info and record.exc_info[0] is not None:
            text += "\n" + frames_only(*record.exc_info)
        if record.stack_info:
            text += "\n" + record.stack_info  # frames of our own code: no values in it
        return text
