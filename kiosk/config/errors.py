"""Configuration errors that name the key and say what is wrong."""

from __future__ import annotations


class ConfigError(Exception):
    """Raised before anything starts; the CLI prints it and exits with status 2."""

    def __init__(self, source: str, key: str, problem: str) -> None:
        self.source = source
        self.key = key
        self.problem = problem
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{key}: {problem}" if key else f"{where}{problem}")
