"""Stripe's form encoding, decoded: ``a[b][0][c]=v`` into nested dicts and lists.

The SDK sends POST bodies as ``application/x-www-form-urlencoded`` and GET
parameters in the query string, both with bracketed keys and indexed arrays
(``expand[0]=latest_charge``). This turns them back into the nested structure
the ``stripe.params`` TypedDicts describe, all leaves still strings.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

_PART = re.compile(r"\[([^\[\]]*)\]")


class FormError(ValueError):
    def __init__(self, param: str, message: str) -> None:
        self.param = param
        super().__init__(message)


def decode(text: str) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for key, value in parse_qsl(text, keep_blank_values=True, strict_parsing=False):
        head, _, rest = key.partition("[")
        parts = [head] + (_PART.findall("[" + rest) if rest else [])
        if not head or (rest and "[" + rest != "".join(f"[{p}]" for p in parts[1:])):
            raise FormError(key, f"Invalid parameter name: {key}")
        node = root
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise FormError(key, f"Invalid parameter: {key} mixes a value and a hash")
            node = child
        if parts[-1] in node and isinstance(node[parts[-1]], dict):
            raise FormError(key, f"Invalid parameter: {key} mixes a value and a hash")
        node[parts[-1]] = value
    return _lists(root)  # type: ignore[no-any-return]


def _lists(node: Any) -> Any:
    """Dicts whose keys are exactly 0..n-1 become lists (Stripe's indexed arrays)."""
    if not isinstance(node, dict):
        return node
    converted = {key: _lists(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        indexes = sorted(int(key) for key in converted)
        if indexes == list(range(len(indexes))):
            return [converted[str(i)] for i in indexes]
    return converted


def canonical(params: dict[str, Any]) -> str:
    """A stable text form of decoded parameters (idempotency compares these)."""
    import json

    return json.dumps(params, sort_keys=True, separators=(",", ":"))
