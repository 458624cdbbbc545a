"""The registry of known procuracy portals (``registry.toml``): host -> short name, owner unit, family guess.

``vks sites probe`` reads the owner from here, and the family as a first guess to compare with what the
pages say.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import ProfileError

_KEYS = {"host", "name", "owner", "family", "path", "note"}
_REQUIRED = ("host", "name", "family")
_NAME = re.compile(r"[a-z0-9_-]+")
_HOST = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+")
BUNDLED = "pipeline/sites/registry.toml"


@dataclass(frozen=True)
class RegistryEntry:
    host: str  # without "www."
    name: str
    owner: str | None  # None for the procuracy's press and schools
    family: str  # a first guess from article URL shapes
    path: str = ""  # the portal's part of a shared host ("/web/vksnd"), if known
    note: str = ""


def bare_host(host_or_url: str) -> str:
    """``https://www.Example.gov.vn:443/x`` -> ``example.gov.vn``: the key the registry is indexed by."""
    host = urlsplit(host_or_url).hostname if "//" in host_or_url else host_or_url.split("/")[0].split(":")[0]
    return (host or "").lower().rstrip(".").removeprefix("www.")


def _entry(raw: object, i: int, source: str, families: set[str]) -> RegistryEntry:
    where = f"{source}: portal #{i + 1}"
    if not isinstance(raw, dict):
        raise ProfileError(f"{where} must be a table")
    unknown = set(raw) - _KEYS
    if unknown:
        raise ProfileError(f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(_KEYS)}")
    for key in _REQUIRED:
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise ProfileError(f"{where}: {key} is required (a non-empty string)")
    for key in ("owner", "path", "note"):
        if key in raw and not isinstance(raw[key], str):
            raise ProfileError(f"{where} ({raw['host']}): {key} must be a string")
    host = raw["host"]
    if not _HOST.fullmatch(host) or host.startswith("www."):
        raise ProfileError(f"{where}: host {host!r} must be a lower-case host name without 'www.' nor a path")
    if not _NAME.fullmatch(raw["name"]):
        raise ProfileError(f"{where} ({host}): name {raw['name']!r} must be lower-case letters, digits, - or _")
    if raw["family"] not in families:
        raise ProfileError(f"{where} ({host}): family {raw['family']!r} is not a preset; known: {sorted(families)}")
    path = raw.get("path", "")
    if path and not path.startswith("/"):
        raise ProfileError(f"{where} ({host}): path {path!r} must start with '/'")
    return RegistryEntry(host=host, name=raw["name"], owner=raw.get("owner") or None, family=raw["family"],
                         path=path.rstrip("/"), note=raw.get("note", ""))


def load_registry(path: str | Path | None = None) -> list[RegistryEntry]:
    """The bundled registry (or the file at ``path``), validated: errors name the file, entry and field."""
    from . import presets

    if path is None:
        text, source = resources.files(__package__).joinpath("registry.toml").read_text(encoding="utf-8"), BUNDLED
    else:
        text, source = Path(path).read_text(encoding="utf-8"), str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{source}: not valid TOML ({exc})") from exc
    if set(data) - {"portal"} or not isinstance(data.get("portal"), list):
        raise ProfileError(f"{source}: expected only [[portal]] entries, got keys {sorted(data)}")
    families = set(presets())
    entries = [_entry(raw, i, source, families) for i, raw in enumerate(data["portal"])]
    for key in ("host", "name"):
        seen: set[str] = set()
        for e in entries:
            value = getattr(e, key)
            if value in seen:
                raise ProfileError(f"{source}: {key} {value!r} appears twice; each portal has one entry")
            seen.add(value)
    return entries


def lookup(host_or_url: str, entries: list[RegistryEntry] | None = None) -> RegistryEntry | None:
    """The entry for a host or URL (``www.`` and bare hosts are the same portal), else None.

    Given a URL on a shared host, an entry whose ``path`` the URL is under wins over the host alone."""
    host = bare_host(host_or_url)
    url_path = urlsplit(host_or_url).path if "//" in host_or_url else ""
    candidates = [e for e in (entries if entries is not None else load_registry()) if e.host == host]
    if not candidates:
        return None
    under = [e for e in candidates if e.path and (url_path == e.path or url_path.startswith(e.path + "/"))]
    return under[0] if under else candidates[0]
