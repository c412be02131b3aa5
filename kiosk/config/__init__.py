"""Typed configuration: one TOML file plus ``KIOSK_*`` environment overrides.

Names are resolved lazily: the GUI reads the TOML for its first paint without
paying for pydantic, which only the full validation (right after) needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.config.errors import ConfigError

if TYPE_CHECKING:
    from kiosk.config.load import load_config, resolve_config_path
    from kiosk.config.schema import Config

__all__ = ["Config", "ConfigError", "load_config", "resolve_config_path"]


def __getattr__(name: str) -> Any:
    if name in ("load_config", "resolve_config_path"):
        from kiosk.config import load

        return getattr(load, name)
    if name == "Config":
        from kiosk.config.schema import Config

        return Config
    raise AttributeError(name)
