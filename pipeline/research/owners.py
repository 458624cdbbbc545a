"""The unit that publishes each portal (its owner), for the views that name a citing unit.

A site's owner is written in its profile (``owner``): the effective profile ``vks scrape --url`` saved under
``data/raw/profiles/``, else the bundled or user profile of that name, else the registry entry of that host
or name. The same order ``vks process`` uses to resolve "VKSND tỉnh", so the citing unit and the entities
agree. The views are SQL, the profiles TOML: the mapping is written into the view when the catalog is built.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..errors import VksError

log = logging.getLogger(__name__)


def _saved_sites(raw_dir: Path) -> list[str]:
    folder = raw_dir / "profiles"
    return sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []


def _profile_owner(name: str, raw_dir: Path) -> str | None:
    from ..scrape.site import load_saved
    from ..sites import load_profile

    try:
        saved = load_saved(raw_dir, name)
        if saved is not None and saved.profile.owner:
            return saved.profile.owner
        if saved is None:
            return load_profile(name).owner
    except VksError as exc:  # a broken profile names no owner; the catalog is still built
        log.warning("site %r: no owner read (%s)", name, exc)
    return None


def site_owners(data_dir: Path | str) -> dict[str, str]:
    """site name -> owner unit's name, for every site the data directory or the package knows (the sites
    collected with a saved profile, the bundled and user profiles, the registry's names and hosts)."""
    from ..scrape.site import site_name
    from ..sites import available
    from ..sites.registry import load_registry

    raw_dir = Path(data_dir) / "raw"
    owners: dict[str, str] = {}
    for name in [*_saved_sites(raw_dir), *available()]:
        owner = _profile_owner(name, raw_dir)
        if owner and name not in owners:
            owners[name] = owner
    for entry in load_registry():
        for name in (entry.name, site_name(entry.host)):
            if entry.owner and name not in owners:
                owners[name] = entry.owner
    return owners


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def owners_sql(owners: dict[str, str]) -> str:
    """A SELECT giving (site, owner, unit_id) rows: the owners as an inline table of a view."""
    from ..nlp.units_table import unit_id

    if not owners:
        return "SELECT NULL::VARCHAR AS site, NULL::VARCHAR AS owner, NULL::VARCHAR AS unit_id WHERE false"
    rows = ",\n            ".join(f"({_sql_str(site)}, {_sql_str(owner)}, {_sql_str(unit_id(owner))})"
                                   for site, owner in sorted(owners.items()))
    return f"SELECT * FROM (VALUES\n            {rows}) AS o(site, owner, unit_id)"
