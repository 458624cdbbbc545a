"""One small exception hierarchy. Every message says what went wrong, where, and what to do next."""

from __future__ import annotations


class VksError(Exception):
    """Base class; the CLI prints the message and exits with ``exit_code``."""

    exit_code = 1


class ConfigError(VksError):
    """A settings file, environment variable or flag is invalid."""

    exit_code = 2


class ProfileError(ConfigError):
    """A site profile (pipeline/sites/*.toml or a user profile) is invalid or unknown."""


class DataDirError(VksError):
    """The data directory is missing, unreadable, or not a vks data directory."""

    exit_code = 3


class LockedError(VksError):
    """Another vks run holds the data directory's lock."""

    exit_code = 75  # EX_TEMPFAIL: try again later


class FetchError(VksError):
    """A URL could not be fetched; carries the outcome recorded in the ledger."""

    def __init__(self, message: str, outcome: str = "error", status: int | None = None):
        super().__init__(message)
        self.outcome = outcome
        self.status = status


class ParseError(VksError):
    """A page could not be parsed into an article (the page is skipped with this reason)."""


class DatasetError(VksError):
    """A processed table is missing or unreadable."""

    exit_code = 3


class QueryRefused(VksError):
    """A SQL statement the query sandbox does not run (a write, a file, a URL, an extension, a setting)."""

    exit_code = 2  # a usage error: the statement, not the data, is at fault
