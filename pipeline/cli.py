"""The ``vks`` command. Thin: it parses options, calls ``pipeline.run`` (or a reader) and prints.

Exit codes: 0 done; 1 unexpected error; 2 bad settings, profile or usage; 3 data directory or table
problem; 4 finished, but some pages failed (transient errors, retried next run); 75 another run holds the
data directory; 130 interrupted.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .errors import VksError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, help="Scrape Vietnamese procuracy portals into tables.")

EXIT_PARTIAL = 4

DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default ./data, or VKS_DATA_DIR).",
                                              show_default=False)]
Site = Annotated[str | None, typer.Option("--site", help="Site profile name (see `vks sites`) or path of a .toml profile.")]
Url = Annotated[str | None, typer.Option("--url", help="Base URL of a portal without a profile: detect its CMS family and collect it.")]
All = Annotated[bool, typer.Option("--all", help="Every portal in the registry (`vks sites`), concurrently across hosts.")]
Sites = Annotated[str | None, typer.Option("--sites", help="Comma-separated registry portals (hosts) to collect, concurrently.")]
Registry = Annotated[Path | None, typer.Option("--registry", help="With --all/--sites: a registry file ([[portal]] entries) instead of the bundled one.")]
BaseUrlMap = Annotated[str | None, typer.Option("--base-url-map", help="With --all/--sites: fetch portals from other URLs, NAME=URL,NAME=URL or a TOML file of NAME = \"URL\".")]
BaseUrl = Annotated[str | None, typer.Option("--base-url", help="Override the profile's base URL.")]
MaxPages = Annotated[int | None, typer.Option("--max-pages", min=1, help="Stop after fetching this many pages.")]
Refresh = Annotated[bool, typer.Option("--refresh", help="Revalidate known articles (conditional GET).")]
Delay = Annotated[float | None, typer.Option("--delay", min=0, help="Seconds between requests (default: the profile's, else 2).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


def _run(fn: Callable[[], int | None]) -> None:
    try:
        code = fn() or 0
    except VksError as exc:
        _err(f"vks: error: {exc}")
        raise typer.Exit(exc.exit_code) from None
    except OSError as exc:
        where = exc.filename or "the data directory"
        _err(f"vks: error: {where}: {exc.strerror or exc}. Check that the disk is writable and not full "
             "(or pass another --data-dir); nothing already stored was changed")
        raise typer.Exit(3) from None
    except KeyboardInterrupt:
        _err("vks: interrupted; everything fetched so far is kept, run the command again to continue")
        raise typer.Exit(130) from None
    raise typer.Exit(code)


def _settings(data_dir: Path | None, **overrides):
    from .config import load_settings

    return load_settings(data_dir=data_dir, **overrides)


def _bar(desc: str, quiet: bool, total: int | None = None):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="page" if total is None else "article", file=sys.stderr,
                disable=quiet or None, leave=False, dynamic_ncols=True)


def _ticker(bar) -> Callable[[str], None]:
    def tick(label: str) -> None:
        bar.update(1)
        bar.set_postfix_str(label, refresh=False)

    return tick


class _SiteBars:
    """One progress bar per site scraped in this process; closed and summarised when the site ends."""

    def __init__(self, quiet: bool) -> None:
        self.quiet, self.bar = quiet, None

    def start(self, site: str) -> Callable[[str], None]:
        self.bar = _bar(f"scrape {site}", self.quiet)
        return _ticker(self.bar)

    def done(self, summary) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        print_scrape_summary(summary)


def _site_line(quiet: bool) -> Callable:
    def done(result) -> None:
        if not quiet:
            s = result.summary
            what = result.error or f"{s.articles_found} found, {s.new_articles} new, {s.failed} failed"
            _err(f"  {result.target.name}: {what}")

    return done


class _ProcessBar:
    """The process stage's progress bar, opened at its first tick (not while a scrape before it runs)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet, self.bar = quiet, None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = _bar("process", self.quiet, total=total)
        self.bar.total = total
        self.bar.n = done
        self.bar.refresh()

    def __enter__(self) -> _ProcessBar:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def print_scrape_summary(summary) -> None:
    s = summary
    typer.echo(f"scrape {s.site}: {s.pages_fetched} pages fetched ({s.requests} requests, {s.listing_pages} listing pages), "
               f"{s.new_articles} new articles, {s.updated_articles} updated, {s.unchanged_articles} unchanged")
    if s.family:
        typer.echo(f"  family: {s.family} ({'; '.join(s.evidence[:3]) or 'no evidence'})")
        sources = ", ".join(f"{k} {v}" for k, v in s.sources.items()) or "none"
        typer.echo(f"  articles found: {s.articles_found} (from {sources}); recognised by {s.recognition}")
    if s.stopped_early:
        typer.echo(f"  stopped early: {s.stopped_early}")
    if s.skipped:
        reasons: dict[str, int] = {}
        for item in s.skipped:
            reasons[f"{item['kind']} {item['outcome']}: {item['reason']}"] = reasons.get(
                f"{item['kind']} {item['outcome']}: {item['reason']}", 0) + 1
        typer.echo(f"  skipped {len(s.skipped)}:")
        for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1]):
            typer.echo(f"    {n} x {reason}")


def print_process_summary(summary, settings) -> None:
    if summary.upgraded:
        _err(f"vks: upgraded the tables {', '.join(summary.upgraded)} from plain Parquet files to Delta tables "
             f"(in {settings.processed_dir}); readers need nothing new, `vks query` and pipeline.load() work as before")
    typer.echo(f"process: {summary.parsed} articles parsed, {summary.unchanged} unchanged, "
               f"{len(summary.skipped)} skipped; {summary.articles_total} articles in the table")
    for item in summary.skipped:
        typer.echo(f"  skipped {item['url']}: {item['reason']}")


def _collect(command: str, site: str | None, base_url: str | None, max_pages: int | None, refresh: bool,
             delay: float | None, data_dir: Path | None, quiet: bool, then_process: bool, url: str | None = None,
             all_sites: bool = False, sites: str | None = None, base_url_map: str | None = None,
             registry: Path | None = None) -> None:
    from . import run as orchestrate
    from .scrape.multi import format_table

    def go() -> int:
        settings = _settings(data_dir, delay=delay)
        many = bool(all_sites or sites)
        bars = _SiteBars(quiet)
        if many:
            _err("collecting the portals, one thread per host")
        with _ProcessBar(quiet) as ptick:
            outcome = orchestrate.collect(
                settings, command, site=site, url=url, all_sites=all_sites, sites=sites, base_url=base_url,
                base_url_map=base_url_map, registry=registry, max_pages=max_pages, refresh=refresh,
                then_process=then_process, start=bars.start, site_done=_site_line(quiet) if many else bars.done,
                process_progress=ptick)
        if outcome.results is not None:
            typer.echo(format_table(outcome.results))
        if outcome.processed is not None:
            print_process_summary(outcome.processed, settings)
        return EXIT_PARTIAL if outcome.fell_short else 0

    _run(go)


@app.command()
def scrape(site: Site = None, url: Url = None, all_sites: All = False, sites: Sites = None,
           base_url_map: BaseUrlMap = None, registry: Registry = None, base_url: BaseUrl = None,
           max_pages: MaxPages = None, refresh: Refresh = False, delay: Delay = None, data_dir: DataDir = None,
           quiet: Quiet = False) -> None:
    """Collect a portal into data/raw (WARC files + the crawl ledger). Incremental.

    --site NAME uses a hand-written profile; --url BASE collects any portal (family detected, effective
    profile saved in data/raw/profiles/); --all / --sites collect registry portals concurrently."""
    _collect("scrape", site, base_url, max_pages, refresh, delay, data_dir, quiet, then_process=False, url=url,
             all_sites=all_sites, sites=sites, base_url_map=base_url_map, registry=registry)


Workers = Annotated[int | None, typer.Option("--workers", min=1, help="Parse + NLP on a local Dask cluster of N "
                                                                      "processes (default 1: in this process).")]
Scheduler = Annotated[str | None, typer.Option("--scheduler", help="Address of a running Dask scheduler to process "
                                                                   "on (tcp://HOST:8786); its workers must see the data directory.")]
BatchSize = Annotated[int | None, typer.Option("--batch-size", min=1, help="Pages parsed and committed together (default 500).")]


@app.command()
def process(data_dir: DataDir = None, rebuild: Annotated[bool, typer.Option(help="Parse every raw page again.")] = False,
            workers: Workers = None, scheduler: Scheduler = None, batch_size: BatchSize = None,
            quiet: Quiet = False) -> None:
    """Parse the raw crawl into the articles, tokens, entities and crawl_log tables (Delta Lake + DuckDB)."""
    from .run import process_locked

    def go() -> int:
        settings = _settings(data_dir, workers=workers, scheduler=scheduler, batch_size=batch_size)
        with _ProcessBar(quiet) as tick:
            summary = process_locked(settings, rebuild, tick)
        print_process_summary(summary, settings)
        return 0

    _run(go)


@app.command()
def research(data_dir: DataDir = None) -> None:
    """Rebuild the researchers' tables over the whole collection: units + unit_links (units across the 2025
    reform) and syndication (one story on several portals). `vks run` and `vks demo` do it after processing."""
    from .run import research_locked

    def go() -> int:
        settings = _settings(data_dir)
        written = research_locked(settings)
        typer.echo("research tables: " + (", ".join(f"{n} {rows} rows" for n, rows in written.items())
                                          or "unchanged"))
        return 0

    _run(go)


@app.command()
def compact(data_dir: DataDir = None,
            retain_hours: Annotated[float, typer.Option("--retain-hours", min=0, help="Keep files that left the "
                                                        "tables less than this long ago (readers of older versions).")] = 24.0) -> None:
    """Compact the tables (few large files per table, same rows) and delete files no recent version needs."""
    from .run import compact_tables

    def go() -> int:
        settings = _settings(data_dir)
        result = compact_tables(settings, retain_hours)
        if not result:
            typer.echo(f"no tables in {settings.processed_dir}; run `vks process` first")
        for name, r in result.items():
            typer.echo(f"{name:10} files {r['files_before']:>5} -> {r['files_after']:<5} deleted {r['deleted']:>5}  "
                       f"version {r['version']}")
        return 0

    _run(go)


@app.command()
def run(site: Site = None, url: Url = None, all_sites: All = False, sites: Sites = None,
        base_url_map: BaseUrlMap = None, registry: Registry = None, base_url: BaseUrl = None,
        max_pages: MaxPages = None, refresh: Refresh = False, delay: Delay = None, data_dir: DataDir = None,
        quiet: Quiet = False) -> None:
    """Scrape then process: the command for a scheduler (--site, --url, --all or --sites)."""
    _collect("run", site, base_url, max_pages, refresh, delay, data_dir, quiet, then_process=True, url=url,
             all_sites=all_sites, sites=sites, base_url_map=base_url_map, registry=registry)


@app.command()
def demo(data_dir: DataDir = None, quiet: Quiet = False,
         skin: Annotated[str, typer.Option("--skin", help="Which sample portal skin to serve and collect: vnpt (its hand-written profile) or a CMS family skin (collected as a portal without a profile).")] = "vnpt") -> None:
    """Serve the bundled sample portal locally and run the whole pipeline on it."""
    from .demo import run_demo

    def go() -> int:
        settings = _settings(data_dir, delay=0.0)
        bars = _SiteBars(quiet)
        with _ProcessBar(quiet) as tick:
            def processed(summary) -> None:
                tick.close()
                print_process_summary(summary, settings)

            return run_demo(settings, skin, start=bars.start, site_done=bars.done, process_progress=tick,
                            process_done=processed)

    _run(go)


@app.command()
def query(sql: Annotated[str, typer.Argument(help="One read-only SQL statement over the tables.")],
          as_json: Annotated[bool, typer.Option("--json", help="Output JSON records.")] = False,
          as_csv: Annotated[bool, typer.Option("--csv", help="Output CSV.")] = False,
          data_dir: DataDir = None) -> None:
    """Answer SQL over the tables (articles, tokens, entities, units, crawl_log), read-only."""
    from . import dataset

    def go() -> int:
        settings = _settings(data_dir)
        _emit(dataset.query(sql, settings.data_dir), as_json, as_csv)
        return 0

    _run(go)


@app.command()
def evaluate(gold: Annotated[Path, typer.Option("--gold", help="Gold JSONL file (format: see pipeline/evaluate.py), or 'sample' for the sample portal's own gold.")],
             as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
             predictions: Annotated[Path | None, typer.Option("--predictions", help="Write one JSON line of predictions per record.")] = None,
             baseline: Annotated[str | None, typer.Option("--baseline", help="Also score a baseline: underthesea.")] = None,
             data_dir: DataDir = None, quiet: Quiet = False) -> None:
    """Score entity extraction on a gold file: precision, recall, F1 and support per type and micro."""
    from . import evaluate as ev

    def go() -> int:
        if str(gold) == "sample":
            from .sample_portal.content import gold_records

            records = gold_records()
        else:
            records = ev.load_gold(gold)
        from .classify import default_model

        model = default_model(_settings(data_dir).data_dir)
        with _bar("evaluate", quiet, total=len(records)) as bar:
            report, preds = ev.evaluate(records, baseline, progress=lambda d, t: bar.update(1), model=model)
        if predictions:
            from .io import atomic_write

            atomic_write(predictions, "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds))
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else ev.format_report(report))
        return 0

    _run(go)


classify_app = typer.Typer(no_args_is_help=True, help="Article types: train, predict, review.")
app.add_typer(classify_app, name="classify")


@classify_app.command("train")
def classify_train(
    data: Annotated[list[Path] | None, typer.Option("--data", help="Labelled CSV/JSONL (text + label); repeatable.")] = None,
    weak: Annotated[bool, typer.Option("--weak", help="Add weak labels (keywords, section maps) over the crawled articles.")] = False,
    no_project: Annotated[bool, typer.Option("--no-project-data", help="Leave out the project's own labelled data.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Train the article-type model (reproducibly) and save it to data/models/article_types.skops."""
    from .run import train, training_examples

    def go() -> int:
        settings = _settings(data_dir)
        training = training_examples(settings, data, weak, no_project)
        if weak:
            typer.echo(f"weak labels: {training.weak_labelled} articles labelled", err=True)
        saved = train(settings, training)
        kind, examples = training.kind, training.examples
        typer.echo(f"trained the {kind} model on {len(examples)} examples {saved.manifest['sources']}: "
                   f"{saved.path} (sha256 {saved.sha256[:16]}...)")
        if saved.manifest["left_out_types"]:
            typer.echo(f"left out (fewer than 3 examples): {', '.join(saved.manifest['left_out_types'])}", err=True)
        typer.echo("run `vks process` to type the articles with it")
        return 0

    _run(go)


@classify_app.command("predict")
def classify_predict(
    text: Annotated[list[str] | None, typer.Option("--text", help="Classify this text instead of the articles table.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    as_csv: Annotated[bool, typer.Option("--csv")] = False,
    data_dir: DataDir = None,
) -> None:
    """Predict article types (top two with scores) for the articles table, or for --text."""
    import pandas as pd

    from . import dataset
    from .classify import default_model, predict

    def go() -> int:
        settings = _settings(data_dir)
        model = default_model(settings.data_dir)
        if text:
            frame = pd.DataFrame({"text": text})
        else:
            frame = dataset.read_table("articles", settings.data_dir)[["article_id", "title", "text"]]
        preds = predict(model, frame["text"].tolist())
        frame = frame.assign(article_type=[p.article_type for p in preds], type_score=[round(p.score, 4) for p in preds],
                             second_type=[p.second_type for p in preds],
                             second_score=[round(p.second_score, 4) for p in preds]).drop(columns=["text"])
        _emit(frame, as_json, as_csv)
        return 0

    _run(go)


@classify_app.command("review")
def classify_review(
    out: Annotated[Path, typer.Option("--out", help="CSV to write for labelling.")],
    n: Annotated[int, typer.Option("-n", min=1, help="How many articles.")] = 50,
    data_dir: DataDir = None,
) -> None:
    """Write the N least confident articles with their top two types, for a person to label.

    Fill the `label` column with type codes and train on it: `vks classify train --data FILE.csv`."""
    from . import dataset
    from .classify import default_model, predict

    def go() -> int:
        settings = _settings(data_dir)
        articles = dataset.read_table("articles", settings.data_dir)
        preds = predict(default_model(settings.data_dir), articles["text"].tolist())
        rows = articles[["article_id", "url", "title", "text"]].assign(
            type_1=[p.article_type for p in preds], score_1=[round(p.score, 4) for p in preds],
            type_2=[p.second_type for p in preds], score_2=[round(p.second_score, 4) for p in preds], label="")
        rows = rows.sort_values(["score_1", "article_id"]).head(n)
        cols = ["article_id", "url", "title", "type_1", "score_1", "type_2", "score_2", "label", "text"]
        from .io import atomic_write

        atomic_write(out, rows[cols].to_csv(index=False))
        typer.echo(f"wrote {len(rows)} articles to {out}; fill 'label' and run `vks classify train --data {out}`")
        return 0

    _run(go)


def _emit(df, as_json: bool, as_csv: bool) -> None:
    from . import dataset

    if as_json:
        typer.echo(dataset.to_json_records(df))
    elif as_csv:
        sys.stdout.write(df.to_csv(index=False))
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", 200, "display.max_columns", 30, "display.width", 200,
                               "display.max_colwidth", 80):
            typer.echo(df.to_string(index=False) if len(df) else "(no rows)")


@app.command("sample-portal")
def sample_portal(port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (0: any free port).")] = 8765,
                  edited: Annotated[bool, typer.Option(help="Serve the edited version of the edited article (skin vnpt).")] = False,
                  skin: Annotated[str, typer.Option(help="CMS family to dress the portal in: vnpt (default), nukeviet, "
                                                         "wordpress, joomla, sharepoint, aspnet.")] = "vnpt") -> None:
    """Serve the bundled sample portal until stopped (Ctrl-C)."""
    from .sample_portal import PortalServer
    from .sample_portal.skins import make_portal, skin_names

    if skin not in skin_names():
        _err(f"vks: error: unknown skin {skin!r}; choose one of: {', '.join(skin_names())}")
        raise typer.Exit(2)
    if edited and skin != "vnpt":
        _err("vks: error: --edited only applies to the vnpt skin")
        raise typer.Exit(2)
    server = PortalServer(port=port, portal=make_portal(skin, edited=edited))
    typer.echo(f"sample portal ({skin}) at {server.url} (Ctrl-C to stop)")
    try:
        server.httpd.serve_forever()
    except OSError as exc:
        where = exc.filename or "the data directory"
        _err(f"vks: error: {where}: {exc.strerror or exc}. Check that the disk is writable and not full "
             "(or pass another --data-dir); nothing already stored was changed")
        raise typer.Exit(3) from None
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()


@app.command()
def status(as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
           runs: Annotated[int, typer.Option(help="How many recent runs.")] = 10,
           data_dir: DataDir = None) -> None:
    """Show the last runs and their outcomes, the ledger's counts, the tables and the raw archive's health."""
    from .status import format_status
    from .status import status as get_status

    def go() -> int:
        s = get_status(_settings(data_dir), runs)
        typer.echo(json.dumps(s, ensure_ascii=False, indent=2) if as_json else format_status(s))
        return 0

    _run(go)


export_app = typer.Typer(no_args_is_help=True, help="Export the tables for other tools.")
app.add_typer(export_app, name="export")


class GraphFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"


@export_app.command("graph")
def export_graph(fmt: Annotated[GraphFormat, typer.Option("--format", help="File format.")] = GraphFormat.graphml,
                 out: Annotated[Path | None, typer.Option("--out", help="Write to this file (default: stdout).")] = None,
                 data_dir: DataDir = None) -> None:
    """Write the article-document-unit graph (articles citing documents, the units they mention, sites, owners)."""
    from .research.graph import load_graph, write_graph

    def go() -> int:
        g = load_graph(_settings(data_dir).data_dir)
        write_graph(g, out if out else sys.stdout.buffer, fmt.value)
        _err(f"graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges" + (f" -> {out}" if out else ""))
        return 0

    _run(go)


@export_app.command("sqlite")
def export_sqlite(out: Annotated[Path | None, typer.Option("--out", help="SQLite file to write (default DATA_DIR/exports/vks.db).")] = None,
                  data_dir: DataDir = None) -> None:
    """Export the tables to one SQLite file (full-text search on articles, links between tables)."""
    from .research.export_sqlite import LEFT_OUT, counts, export_sqlite

    def go() -> int:
        path = export_sqlite(_settings(data_dir).data_dir, out)
        typer.echo(f"wrote {path}: " + ", ".join(f"{n} {c}" for n, c in counts(path).items()))
        typer.echo(f"left out: {', '.join(LEFT_OUT)}; browse it with `vks serve`")
        return 0

    _run(go)


@app.command()
def serve(port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port (0: any free port).")] = 8001,
          host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
          no_open: Annotated[bool, typer.Option("--no-open", help="Do not open a browser.")] = False,
          db: Annotated[Path | None, typer.Option("--db", help="SQLite export to serve (default DATA_DIR/exports/vks.db); made or refreshed when older than the tables.")] = None,
          data_dir: DataDir = None) -> None:
    """Browse the tables read-only in Datasette on localhost (search, facets, canned queries) until Ctrl-C."""
    from .research.serve import serve as run_server

    _run(lambda: run_server(_settings(data_dir).data_dir, host, port, not no_open, db, echo=typer.echo))


sites_app = typer.Typer(help="Site profiles, CMS family presets, the portal registry; probe a new portal.")
app.add_typer(sites_app, name="sites")


@sites_app.callback(invoke_without_command=True)
def sites(ctx: typer.Context) -> None:
    """List the bundled site profiles, family presets and known portals (same as `vks sites list`)."""
    if ctx.invoked_subcommand is None:
        sites_list()


@sites_app.command("list")
def sites_list() -> None:
    """List the bundled site profiles, the CMS family presets and the registry of known portals."""
    from .sites import available, load_preset, load_profile, presets
    from .sites.registry import load_registry

    def go() -> int:
        typer.echo("profiles:")
        for name in available():
            p = load_profile(name)
            typer.echo(f"  {name:22} {p.base_url:34} {p.title}")
        typer.echo("family presets (extends = \"<family>\"):")
        for family in presets():
            typer.echo(f"  {family:22} {load_preset(family).title}")
        typer.echo("known portals (registry):")
        for e in load_registry():
            typer.echo(f"  {e.name:22} {e.host + e.path:34} {e.family:11} {e.owner or '-'}")
        return 0

    _run(go)


@sites_app.command("probe")
def sites_probe(
    url: Annotated[str, typer.Argument(help="The portal's home page (or a section of a shared host).")],
    out: Annotated[Path | None, typer.Option("--out", help="Write the draft profile here instead of stdout.")] = None,
    pages: Annotated[int, typer.Option("--pages", min=1, max=30, help="Fetch at most this many pages.")] = 6,
    delay: Delay = None,
) -> None:
    """Name a portal's CMS family from a few pages and write a draft profile for a person to review."""
    from .sites.probe import draft_toml, probe, summary

    def go() -> int:
        result = probe(url, pages=pages, settings=_settings(None, delay=delay))
        text = draft_toml(result)
        if out:
            from .io import atomic_write

            atomic_write(out, text)
            _err(f"draft profile written to {out}")
        else:
            typer.echo(text, nl=False)
        _err(summary(result))
        return 0

    _run(go)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
