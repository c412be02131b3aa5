"""One shape for every "is this part working?" answer (``probe()``/``health()``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Health:
    ok: bool
    detail: str  # for IT: what was checked and, if failed, why (never PHI)

    @classmethod
    def good(cls, detail: str = "ok") -> Health:
        return cls(True, detail)

    @classmethod
    def bad(cls, detail: str) -> Health:
        return cls(False, detail)
