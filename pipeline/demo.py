"""``vks demo``: the sample portal served on a free local port, scraped and processed end to end."""

from __future__ import annotations

from collections.abc import Callable

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


def run_demo(settings: Settings, skin: str = DEFAULT_SKIN,
             start: Callable[[str], Callable[[str], None]] | None = None,
             site_done: Callable | None = None, process_progress: Callable[[int, int], None] | None = None,
             process_done: Callable | None = None) -> int:
    """Serve one skin of the sample portal, run the whole pipeline on it (``pipeline.run.demo``) and print
    what it made: the ``vnpt`` skin with its hand-written profile (``sample``), any other as a portal without
    a profile (``scrape --url``). The callbacks are the CLI's progress bars and summaries."""
    from . import dataset
    from .errors import ConfigError
    from .run import demo

    if skin not in skins():
        raise ConfigError(f"unknown skin {skin!r}; choose one of: {', '.join(skins())}")

    def serving(url: str) -> None:
        typer.echo(f"sample portal (skin {skin}) serving at {url}")

    outcome = demo(settings, skin, start=start, site_done=site_done, process_progress=process_progress,
                   serving=serving)
    if process_done:
        process_done(outcome.processed)
    typer.echo("")
    typer.echo(summary_text(outcome.articles))
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
