"""Settings as data: shipped defaults < ``vks.toml`` < ``VKS_*`` environment < command-line flags.

Nothing is read at import time; call :func:`load_settings`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

USER_AGENT = "vks-pipeline/{version} (research crawler of public procuracy news; +https://pypi.org/project/vks-pipeline/)"


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    delay: float | None = None  # seconds between requests to one host; None: the profile's, else 2.0
    timeout: float = 20.0  # seconds, connect and read
    max_bytes: int = 5_000_000  # a response larger than this is refused
    retries: int = 3  # extra attempts after a transient failure
    backoff: float = 1.0  # first back-off in seconds, doubled each retry
    max_retry_after: float = 120.0  # never sleep longer than this for a Retry-After
    max_listing_pages: int = 200  # a listing whose "next" never ends stops here
    user_agent: str = ""
    workers: int = 1  # processes for the parse + NLP stage; more than 1 starts a local Dask cluster
    scheduler: str = ""  # address of a running Dask scheduler (tcp://host:8786) to process on instead
    batch_size: int = 500  # pages parsed and committed together; memory grows with it, not with the tables

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def processed_dir(self) -> Path:
        return self.data_dir / "processed"


_ENV_PREFIX = "VKS_"


def _coerce(name: str, value: Any, source: str) -> Any:
    kinds = {f.name: f.type for f in fields(Settings)}
    kind = str(kinds[name]).replace(" | None", "")
    try:
        if kind == "Path":
            return Path(value).expanduser()
        if kind == "float":
            out = float(value)
        elif kind == "int":
            out = int(value)
        else:
            return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{source}: {name} must be a {kind}, got {value!r}") from exc
    if out < 0:
        raise ConfigError(f"{source}: {name} must not be negative, got {value!r}")
    return out


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build the settings. ``overrides`` are command-line flags; ``None`` means "not given"."""
    from . import __version__

    values: dict[str, Any] = {}
    known = {f.name for f in fields(Settings)}
    path = config_file or (Path(os.environ["VKS_CONFIG"]) if os.environ.get("VKS_CONFIG") else Path("vks.toml"))
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read settings ({exc}); fix or remove the file") from exc
        section = data.get("vks", data)
        for key, value in section.items():
            key = key.replace("-", "_")
            if key not in known:
                raise ConfigError(f"{path}: unknown setting {key!r}; known: {', '.join(sorted(known))}")
            values[key] = _coerce(key, value, str(path))
    elif config_file is not None:
        raise ConfigError(f"{config_file}: settings file not found")
    for name in known:
        env = os.environ.get(_ENV_PREFIX + name.upper())
        if env not in (None, ""):
            values[name] = _coerce(name, env, _ENV_PREFIX + name.upper())
    for name, value in overrides.items():
        if value is not None:
            if name not in known:
                raise ConfigError(f"unknown setting {name!r}")
            values[name] = _coerce(name, value, "--" + name.replace("_", "-"))
    settings = Settings(**values)
    if not settings.user_agent:
        settings = replace(settings, user_agent=USER_AGENT.format(version=__version__))
    return settings
