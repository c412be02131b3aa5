"""Incoming parameters checked against the SDK's own ``stripe.params`` TypedDicts.

This keeps the test server honest in the direction that matters most: a
parameter the current API version does not know (``payment_method_types`` on
a PaymentIntent, a misspelt key, a wrong nested shape) is refused with
Stripe's own error shape, exactly as the real API refuses it, instead of
being silently accepted by a lenient fake.

Values arrive as strings (form encoding); they are checked against the
declared type (integers, booleans, literals, lists, hashes) and returned
converted, so the server works with ints and bools.
"""

from __future__ import annotations

import sys
import types
import typing
from typing import Any, ForwardRef

from stripe._request_options import RequestOptions

#: Keys of ``RequestOptions``: the SDK's own options, never sent as form parameters.
_OPTION_KEYS = frozenset(RequestOptions.__annotations__)


class ParamError(ValueError):
    """Mirrors Stripe's ``invalid_request_error`` for a bad parameter."""

    def __init__(self, code: str, param: str, message: str) -> None:
        self.code = code
        self.param = param
        super().__init__(message)


def validate(typed_dict: type, data: dict[str, Any]) -> dict[str, Any]:
    """Check ``data`` against ``typed_dict``; returns the converted parameters."""
    return _check_dict(typed_dict, data, "")


def _globals(cls: type) -> dict[str, Any]:
    return vars(sys.modules[cls.__module__])


def _resolve(tp: Any, namespace: dict[str, Any]) -> Any:
    if isinstance(tp, str):
        return _resolve(eval(tp, namespace), namespace)
    if isinstance(tp, ForwardRef):
        return _resolve(eval(tp.__forward_arg__, namespace), namespace)
    return tp


def _is_typed_dict(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, dict) and hasattr(tp, "__annotations__") \
        and hasattr(tp, "__required_keys__")


def _name(path: str, key: str) -> str:
    return f"{path}[{key}]" if path else key


def _check_dict(cls: type, data: Any, path: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ParamError("parameter_invalid_string" if not path else "parameter_unknown", path,
                         f"Invalid object: {path} must be a hash")
    annotations = {k: v for k, v in cls.__annotations__.items() if k not in _OPTION_KEYS}
    required = {k for k in getattr(cls, "__required_keys__", ()) if k not in _OPTION_KEYS}
    namespace = _globals(cls)
    for key in data:
        if key not in annotations:
            raise ParamError("parameter_unknown", _name(path, key),
                             f"Received unknown parameter: {_name(path, key)}")
    for key in sorted(required):
        if key not in data:
            raise ParamError("parameter_missing", _name(path, key),
                             f"Missing required param: {_name(path, key)}.")
    return {key: _check(annotations[key], value, _name(path, key), namespace)
            for key, value in data.items()}


def _check(tp: Any, value: Any, path: str, namespace: dict[str, Any]) -> Any:
    tp = _resolve(tp, namespace)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is not None and getattr(origin, "_name", "") in ("NotRequired", "Required"):
        return _check(args[0], value, path, namespace)
    if str(origin).endswith(("NotRequired", "Required")):
        return _check(args[0], value, path, namespace)
    if origin in (typing.Union, types.UnionType):
        errors: list[ParamError] = []
        for option in args:
            try:
                return _check(option, value, path, namespace)
            except ParamError as exc:
                errors.append(exc)
        raise errors[0]
    if origin is typing.Literal or str(origin).endswith("Literal"):
        if value in args:
            return value
        choices = ", ".join(repr(a) for a in args)
        raise ParamError("parameter_invalid_string" if isinstance(value, str) else
                         "parameter_invalid_empty", path,
                         f"Invalid {path}: must be one of {choices}")
    if origin in (list, typing.List):  # noqa: UP006 - the SDK's annotations
        if not isinstance(value, list):
            raise ParamError("parameter_invalid_array", path,
                             f"Invalid array: {path} must be an array")
        return [_check(args[0], item, f"{path}[{i}]", namespace) for i, item in enumerate(value)]
    if origin in (dict, typing.Dict):  # noqa: UP006
        if not isinstance(value, dict):
            raise ParamError("parameter_invalid_object", path,
                             f"Invalid object: {path} must be a hash")
        return {k: _check(args[1], v, f"{path}[{k}]", namespace) for k, v in value.items()}
    if _is_typed_dict(tp):
        return _check_dict(tp, value, path)
    if (isinstance(tp, type) and tp.__name__ == "UntypedStripeObject") or \
            getattr(origin, "__name__", "") == "UntypedStripeObject":
        if not isinstance(value, dict):
            raise ParamError("parameter_invalid_object", path, f"Invalid object: {path}")
        item = args[0] if args else Any  # UntypedStripeObject[str]: a hash of strings
        return {k: _check(item, v, f"{path}[{k}]", namespace) for k, v in value.items()}
    if tp is bool:
        if value in ("true", "false"):
            return value == "true"
        raise ParamError("parameter_invalid_boolean", path,
                         f"Invalid boolean: {value!r} (for {path})")
    if tp is int:
        if isinstance(value, str) and value.lstrip("-").isdigit():
            return int(value)
        raise ParamError("parameter_invalid_integer", path,
                         f"Invalid integer: {value!r} (for {path})")
    if tp is str:
        if isinstance(value, str):
            return value
        raise ParamError("parameter_invalid_string", path, f"Invalid string: {path}")
    if tp is Any:
        return value
    if isinstance(tp, type) and tp.__name__ == "Decimal":
        if isinstance(value, str):
            return value
        raise ParamError("parameter_invalid_string", path, f"Invalid decimal: {path}")
    raise ParamError("parameter_unknown", path,
                     f"the test server cannot check {path} (type {tp!r}); extend params.py")
