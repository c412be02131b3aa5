"""The processor reference we keep for a ZVT payment, in ``payments.processor_ref``.

ZVT has no field for our payment id, so the terminal cannot be asked "what
happened to payment X?". What we can keep is the terminal's own bookkeeping,
stored against our id (PaymentService persists every REFERENCE event at once):

* before the authorisation is sent: ``after`` = the terminal's last trace
  number at that moment, and the amount. If the line dies before any answer,
  the payment can only be the terminal's *next* transaction.
* as soon as the status information arrives: the transaction's own trace and
  receipt numbers.

``zvt:tid=52500038;trace=123;receipt=42;amount=1234`` (``after=0`` means the
terminal had no transaction yet). It fits the 128 characters of the column.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

PREFIX = "zvt:"


@dataclass(frozen=True, slots=True)
class ZvtRef:
    terminal_id: str = ""
    trace: int | None = None
    receipt: int | None = None
    after: int | None = None
    amount: int | None = None

    def with_transaction(self, trace: int | None, receipt: int | None,
                         terminal_id: str = "") -> ZvtRef:
        return replace(self, trace=trace, receipt=receipt,
                       terminal_id=terminal_id or self.terminal_id)

    def format(self) -> str:
        parts = [f"tid={self.terminal_id}"] if self.terminal_id else []
        for key in ("trace", "receipt", "after", "amount"):
            value = getattr(self, key)
            if value is not None:
                parts.append(f"{key}={value}")
        return PREFIX + ";".join(parts)

    @classmethod
    def parse(cls, text: str) -> ZvtRef | None:
        """None when ``text`` is not one of ours (empty, or another processor's)."""
        if not text.startswith(PREFIX):
            return None
        values: dict[str, str] = {}
        for part in text[len(PREFIX):].split(";"):
            key, _, value = part.partition("=")
            values[key.strip()] = value.strip()

        def number(key: str) -> int | None:
            raw = values.get(key, "")
            return int(raw) if raw.isdigit() else None

        return cls(terminal_id=values.get("tid", "")[:16], trace=number("trace"),
                   receipt=number("receipt"), after=number("after"), amount=number("amount"))


TRACE_MODULUS = 1_000_000


def next_trace(trace: int) -> int:
    """Trace numbers run 1..999999 and wrap."""
    return trace % (TRACE_MODULUS - 1) + 1
