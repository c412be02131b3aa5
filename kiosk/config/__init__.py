"""Typed configuration: one TOML file plus ``KIOSK_*`` environment overrides."""

from kiosk.config.errors import ConfigError
from kiosk.config.load import load_config, resolve_config_path
from kiosk.config.schema import Config

__all__ = ["Config", "ConfigError", "load_config", "resolve_config_path"]
