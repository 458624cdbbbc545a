"""``vks demo``: the sample portal served on a free local port, scraped and processed end to end."""

from __future__ import annotations

import typer

from .config import Settings

DEFAULT_SKIN = "vnpt"  # the vkskh-shaped sample, collected with its hand-written profile


def skins() -> tuple[str, ...]:
    """The sample portal's skins (only the vkskh shape where the skins are not installed)."""
    try:
        from .sample_portal import skin_names
    except ImportError:
        return (DEFAULT_SKIN,)
    return tuple(skin_names())


def _server(skin: str):
    from .sample_portal import PortalServer

    kwargs = {} if skin == DEFAULT_SKIN else {"skin": skin}
    try:
        return PortalServer(port=8765, **kwargs).start()
    except OSError:
        return PortalServer(port=0, **kwargs).start()


def run_demo(settings: Settings, quiet: bool = False, skin: str = DEFAULT_SKIN) -> int:
    """Serve one skin of the sample portal and run the whole pipeline on it: the ``vnpt`` skin with its
    hand-written profile (``sample``), any other as a portal without a profile (``scrape --url``)."""
    from . import dataset
    from .cli import do_collect_url, do_process, do_scrape
    from .errors import ConfigError
    from .lock import data_dir_lock

    if skin not in skins():
        raise ConfigError(f"unknown skin {skin!r}; choose one of: {', '.join(skins())}")
    with data_dir_lock(settings.data_dir, "demo"):
        server = _server(skin)
        try:
            typer.echo(f"sample portal (skin {skin}) serving at {server.url}")
            if skin == DEFAULT_SKIN:
                do_scrape(settings, "sample", server.url, None, False, quiet)
            else:
                do_collect_url(settings, server.url, None, False, quiet)
        finally:
            server.stop()
        do_process(settings, False, quiet)
    articles = dataset.read_table("articles", settings.data_dir)
    typer.echo("")
    typer.echo(summary_text(articles))
    typer.echo(f"\ntables in {dataset.processed_dir(settings.data_dir)}; try:\n"
               f"  vks query \"SELECT category, count(*) n FROM articles GROUP BY 1 ORDER BY n DESC\""
               + (f" --data-dir {settings.data_dir}" if str(settings.data_dir) != "data" else ""))
    return 0


def summary_text(articles) -> str:
    import pandas as pd

    if not len(articles):
        return "no articles"
    df = articles.copy()
    df["year"] = [("no date" if pd.isna(y) else str(int(y))) for y in pd.to_datetime(df["published_at"]).dt.year]
    table = pd.crosstab(df["category"].fillna("(none)"), df["year"], margins=True, margins_name="total")
    newest = df.sort_values("published_at", ascending=False, na_position="last").head(5)
    lines = [f"{len(df)} articles by category and year:", table.to_string(), ""]
    if df["article_type"].notna().any():
        types = df["article_type"].value_counts()
        lines += ["article types: " + ", ".join(f"{code} {n}" for code, n in types.items()), ""]
    lines += ["newest:"]
    lines += [f"  {r.published_at}  {r.title}" for r in newest.itertuples()]
    return "\n".join(lines)
