"""Find, read, override and validate the configuration, with errors that name the key.

Order of precedence: ``--config PATH``, then ``$KIOSK_CONFIG``, then the
machine's site config (``/etc/clinicpay-kiosk/kiosk.toml`` on Linux), then
``config/demo.toml``. A machine whose site config folder exists but holds no
``kiosk.toml`` was set up for production and refuses to fall back to demo.

Environment overrides: ``KIOSK_MODE=demo``, ``KIOSK_PMS__DEMO__LATENCY_MS=200``
(double underscores separate sections). Values are read as TOML values when
they parse as one (numbers, booleans, arrays) and as plain strings otherwise.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.config.errors import ConfigError
from kiosk.paths import bundled_config_dir

if TYPE_CHECKING:
    from kiosk.config.schema import Config

ENV_PREFIX = "KIOSK_"
#: ``KIOSK_*`` variables that are not configuration overrides.
RESERVED_ENV = ("KIOSK_CONFIG", "KIOSK_SITE_CONFIG_DIR", "KIOSK_SECRET_", "KIOSK_LOG")

_SECRET_WORDS = re.compile(r"secret|password|passwd|token|api_?key|private_?key|pin$")
#: Keys that *name* where a secret is (a URL, a keyring entry), not the secret itself.
_REFERENCE_SUFFIXES = ("_url", "_uri", "_endpoint", "_name", "_path", "_file", "_env", "_ref")


def site_config_dir() -> Path:
    override = os.environ.get("KIOSK_SITE_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import site_config_dir as platform_site_config_dir

    return Path(platform_site_config_dir("clinicpay-kiosk", appauthor=False))


def resolve_config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit)
    from_env = os.environ.get("KIOSK_CONFIG")
    if from_env:
        return Path(from_env)
    site = site_config_dir()
    if (site / "kiosk.toml").is_file():
        return site / "kiosk.toml"
    if site.is_dir():
        raise ConfigError(
            str(site), "",
            "this machine is set up for production (its config folder exists) but holds no "
            "kiosk.toml; refusing to fall back to demo mode",
        )
    return bundled_config_dir() / "demo.toml"


def load_config(
    path: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> Config:
    """Read and validate."""
    from pydantic import ValidationError

    from kiosk.config.schema import Config

    environ = os.environ if environ is None else environ
    config_path = resolve_config_path(path)
    source = str(config_path)
    raw = _read_toml(config_path)
    _refuse_secrets(raw, source, prefix="")
    env_keys = _apply_env_overrides(raw, environ)
    _refuse_secrets(raw, "environment", prefix="")
    try:
        config = Config.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"])
        origin = f"{ENV_PREFIX}{env_keys[key]}" if key in env_keys else source
        raise ConfigError(origin, key or "(top level)", _explain(error)) from None
    _refuse_simulators_outside_demo(config, source)
    _refuse_device_simulators_outside_demo(config, source)
    return config


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(str(path), "", "config file not found") from None
    except IsADirectoryError:
        raise ConfigError(str(path), "", "is a folder, not a config file") from None
    except PermissionError:
        raise ConfigError(str(path), "", "cannot read the config file (permission denied)") \
            from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), "", f"not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), "", "not valid TOML: the file is not UTF-8 text") from None


def _apply_env_overrides(raw: dict[str, Any], environ: Mapping[str, str]) -> dict[str, str]:
    """Apply ``KIOSK_*`` overrides in place; returns dotted key -> env var suffix."""
    applied: dict[str, str] = {}
    for name in sorted(environ):
        if not name.startswith(ENV_PREFIX) or name.startswith(RESERVED_ENV):
            continue
        suffix = name[len(ENV_PREFIX):]
        parts = [part.lower() for part in suffix.split("__") if part]
        if not parts:
            continue
        target = raw
        for part in parts[:-1]:
            child = target.setdefault(part, {})
            if not isinstance(child, dict):
                raise ConfigError(f"{ENV_PREFIX}{suffix}", ".".join(parts),
                                  f"{part!r} is a value, not a section")
            target = child
        target[parts[-1]] = _parse_env_value(environ[name])
        applied[".".join(parts)] = suffix
    return applied


def _parse_env_value(text: str) -> Any:
    try:
        return tomllib.loads(f"value = {text}")["value"]
    except tomllib.TOMLDecodeError:
        return text


def _looks_secret(key: str) -> bool:
    lowered = key.lower()
    if lowered.endswith(_REFERENCE_SUFFIXES):
        return False
    return bool(_SECRET_WORDS.search(lowered))


def _refuse_secrets(node: dict[str, Any], source: str, prefix: str) -> None:
    for key, value in node.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            _refuse_secrets(value, source, dotted + ".")
        elif _looks_secret(str(key)) and value not in ("", None, [], {}):
            secret_env = "KIOSK_SECRET_" + dotted.upper().replace(".", "_")
            raise ConfigError(
                source, dotted,
                "looks like a secret and secrets never go in the config file; put it in the "
                f"environment as {secret_env}, in the OS keyring with `kiosk secrets set "
                f"{dotted.replace('.', '_')}`, or in a systemd credential, and leave this key out",
            )


def _refuse_simulators_outside_demo(config: Config, source: str) -> None:
    if config.is_demo:
        return
    for key, value in (
        ("pms.kind", config.pms.kind),
        ("terminal.kind", config.terminal.kind),
        ("printer.kind", config.printer.kind),
        ("phone.kind", config.phone.kind),
        ("notify.email.kind", config.notify.email.kind),
        ("notify.sms.kind", config.notify.sms.kind),
    ):
        if value in ("demo", "simulated"):
            raise ConfigError(
                source, key,
                f"{value!r} is a simulator, which runs only with mode = \"demo\"; name a real "
                "device or PMS for production (or set mode = \"demo\" for a demonstration)",
            )


def _refuse_device_simulators_outside_demo(config: Config, source: str) -> None:
    """The serial-device simulators (ZVT terminal, ESC/POS printer, scanner) are demo-only too."""
    if config.is_demo:
        return
    for key, on in (
        ("terminal.zvt.simulator.enabled",
         config.terminal.kind == "zvt" and config.terminal.zvt.simulator.enabled),
        ("printer.escpos.simulator.enabled",
         config.printer.kind == "escpos" and config.printer.escpos.simulator.enabled),
        ("scanner.kind", config.scanner.kind == "simulated"),
    ):
        if on:
            raise ConfigError(source, key, "this is a simulator, which runs only with "
                              "mode = \"demo\"; configure the real device for production")


def _explain(error: Any) -> str:
    kind = error.get("type", "")
    message = str(error.get("msg", "invalid value"))
    if kind == "extra_forbidden":
        return "unknown key (check the spelling; see config/demo.toml for every key)"
    if kind == "missing":
        return "required but missing"
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    value = error.get("input")
    if kind != "missing" and not isinstance(value, dict | list):
        return f"{message} (got {value!r})"
    return message
