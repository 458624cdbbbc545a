"""Orchestration in one place: scrape or collect -> process -> catalog, the demo, and the training assembly.

The CLI parses arguments and prints; ``demo.py`` and notebooks call these functions too. Nothing here
prints: progress and results reach the caller through callbacks and the returned records, so a scheduler,
a notebook and the terminal each show them their own way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import ConfigError, VksError

# tick(label) once per page fetched; start(site) -> tick opens one site's progress, done(summary) closes it
Tick = Callable[[str], None]
StartSite = Callable[[str], Tick]
SiteDone = Callable[[Any], None]
ProcessTick = Callable[[int, int], None]


def _noop_start(_site: str) -> Tick:
    return lambda _label: None


@dataclass
class RunOutcome:
    """What one ``scrape`` / ``run`` did: one summary per site, the process summary when it processed."""

    summaries: list[Any] = field(default_factory=list)  # ScrapeSummary per site
    results: list[Any] | None = None  # the per-site results of a registry run (--all / --sites)
    processed: Any | None = None  # ProcessSummary
    research: dict[str, int] | None = None  # research tables rewritten (name -> rows)
    fell_short: bool = False  # some page or site failed: exit code 4 for a scheduler


def scrape_site(settings: Settings, site: str, base_url: str | None = None, max_pages: int | None = None,
                refresh: bool = False, progress: Tick | None = None):
    """Collect a portal that has a hand-written profile."""
    from .scrape import scrape
    from .sites import load_profile

    profile = load_profile(site, base_url)
    return scrape(profile, settings, max_pages=max_pages, refresh=refresh, progress=progress)


def collect_portal(settings: Settings, url: str, max_pages: int | None = None, refresh: bool = False,
                   progress: Tick | None = None):
    """Collect any portal without a profile (family detected, effective profile saved)."""
    from .scrape.collect import collect

    return collect(url, settings, max_pages=max_pages, refresh=refresh, progress=progress)


def collect_registry(settings: Settings, names: list[str] | None, overrides: str | None = None,
                     max_pages: int | None = None, refresh: bool = False, registry: Path | None = None,
                     done: SiteDone | None = None) -> list[Any]:
    """Collect several registry portals concurrently (one thread per host); ``done`` hears each site end."""
    from .scrape.multi import collect_many, parse_overrides, select_targets

    targets = select_targets(names, parse_overrides(overrides), registry)
    if not targets:
        raise VksError("no portals to collect: the registry is empty and no --sites were named")
    return collect_many(targets, settings, max_pages=max_pages, refresh=refresh, done=done)


def process_raw(settings: Settings, rebuild: bool = False, progress: ProcessTick | None = None):
    """Parse the raw crawl into the tables (in batches, on the configured workers) and refresh the catalog."""
    from .process import process

    return process(settings, rebuild=rebuild, progress=progress)


def site_label(site: str | None, url: str | None) -> str:
    """The name a run's progress shows before the site's profile is known."""
    if url:
        from .scrape.site import site_name

        return site_name(url)
    return site or ""


def collect(settings: Settings, command: str = "scrape", *, site: str | None = None, url: str | None = None,
            all_sites: bool = False, sites: str | None = None, base_url: str | None = None,
            base_url_map: str | None = None, registry: Path | None = None, max_pages: int | None = None,
            refresh: bool = False, then_process: bool = False, start: StartSite | None = None,
            site_done: SiteDone | None = None, process_progress: ProcessTick | None = None) -> RunOutcome:
    """``vks scrape`` / ``vks run``: exactly one of ``site``, ``url``, ``all_sites``, ``sites``; then process
    when ``then_process``. Holds the data directory's lock for the whole run."""
    from .lock import data_dir_lock

    chosen = [name for name, given in (("--site", site), ("--url", url), ("--all", all_sites), ("--sites", sites))
              if given]
    if len(chosen) != 1:
        raise ConfigError(f"vks {command}: give exactly one of --site NAME, --url BASE, --all, --sites A,B "
                          f"(got {', '.join(chosen) or 'none'})")
    if (base_url_map or registry) and not (all_sites or sites):
        raise ConfigError("--base-url-map and --registry go with --all or --sites")
    start = start or _noop_start
    outcome = RunOutcome()
    with data_dir_lock(settings.data_dir, command):
        if all_sites or sites:
            names = None if all_sites else [n.strip() for n in (sites or "").split(",") if n.strip()]
            outcome.results = collect_registry(settings, names, base_url_map, max_pages, refresh, registry, site_done)
            outcome.summaries = [r.summary for r in outcome.results if r.summary is not None]
            outcome.fell_short = any(r.fell_short for r in outcome.results)
        else:
            tick = start(site_label(site, url))
            if url:
                summary = collect_portal(settings, url, max_pages, refresh, tick)
            else:
                summary = scrape_site(settings, site or "", base_url, max_pages, refresh, tick)
            if site_done:
                site_done(summary)
            outcome.summaries = [summary]
            outcome.fell_short = bool(summary.failed)
        if then_process:
            outcome.processed = process_raw(settings, False, process_progress)
            outcome.research = research_tables(settings)
    return outcome


def research_tables(settings: Settings) -> dict[str, int]:
    """Rebuild the researchers' whole-collection tables (units across the reform, syndication)."""
    from .research.refresh import refresh

    return refresh(settings.data_dir)


def research_locked(settings: Settings) -> dict[str, int]:
    """``vks research``: the research tables under the data directory's lock."""
    from .lock import data_dir_lock

    with data_dir_lock(settings.data_dir, "research"):
        return research_tables(settings)


def process_locked(settings: Settings, rebuild: bool = False, progress: ProcessTick | None = None):
    """``vks process``: process under the data directory's lock."""
    from .lock import data_dir_lock

    with data_dir_lock(settings.data_dir, "process"):
        return process_raw(settings, rebuild, progress)


def compact_tables(settings: Settings, retain_hours: float = 24.0) -> dict[str, dict]:
    """``vks compact``: every table to few large files, then the catalog over the new versions."""
    from . import dataset
    from .lock import data_dir_lock

    with data_dir_lock(settings.data_dir, "compact"):
        result = dataset.compact(settings.data_dir, retain_hours=retain_hours)
        if result:
            dataset.build_catalog(settings.data_dir)
    return result


# --- the demo ----------------------------------------------------------------------------------------------


@contextmanager
def sample_portal(skin: str, port: int = 8765) -> Iterator[Any]:
    """The sample portal served on ``port`` (a free one when it is taken), stopped on leaving."""
    from .sample_portal import PortalServer

    kwargs = {} if skin == "vnpt" else {"skin": skin}
    try:
        server = PortalServer(port=port, **kwargs).start()
    except OSError:
        server = PortalServer(port=0, **kwargs).start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class DemoOutcome:
    url: str
    scraped: Any
    processed: Any
    articles: Any  # the articles table (DataFrame)


def demo(settings: Settings, skin: str = "vnpt", start: StartSite | None = None, site_done: SiteDone | None = None,
         process_progress: ProcessTick | None = None, serving: Callable[[str], None] | None = None) -> DemoOutcome:
    """Serve one skin of the sample portal and run the whole pipeline on it: ``vnpt`` with its hand-written
    profile (``sample``), any other skin as a portal without a profile."""
    from . import dataset
    from .lock import data_dir_lock

    start = start or _noop_start
    with data_dir_lock(settings.data_dir, "demo"):
        with sample_portal(skin) as server:
            if serving:
                serving(server.url)
            if skin == "vnpt":
                scraped = scrape_site(settings, "sample", server.url, progress=start("sample"))
            else:
                scraped = collect_portal(settings, server.url, progress=start(site_label(None, server.url)))
        if site_done:
            site_done(scraped)
        processed = process_raw(settings, False, process_progress)
        research_tables(settings)
    return DemoOutcome(server.url, scraped, processed, dataset.read_table("articles", settings.data_dir))


# --- training assembly -------------------------------------------------------------------------------------


@dataclass
class Training:
    examples: list[Any]
    kind: str  # "default" (the project's own data only) or "custom"
    weak_labelled: int = 0


def training_examples(settings: Settings, data: list[Path] | None = None, weak: bool = False,
                      no_project: bool = False) -> Training:
    """The examples ``vks classify train`` learns from: the project's labelled data, labelled files, and weak
    labels (keyword cues, each profile's section map) over the crawled articles."""
    from . import dataset
    from .classify.corpus import project_examples, read_labelled, weak_examples
    from .sites import load_profile

    examples = [] if no_project else project_examples()
    for f in data or []:
        examples += read_labelled(f)
    weak_n = 0
    if weak:
        def sections(site: str) -> dict:
            try:
                return load_profile(site).section_types
            except VksError:
                return {}

        found = weak_examples(dataset.read_table("articles", settings.data_dir), sections)
        weak_n = len(found)
        examples += found
    if len({e.label for e in examples}) < 2:
        raise VksError("need labelled examples of at least two types to train")
    return Training(examples, "default" if not (data or weak or no_project) else "custom", weak_n)


def train(settings: Settings, training: Training):
    """Train and save the article-type model from ``training`` (reproducibly), under the lock."""
    from .classify import model_path, train_and_save
    from .lock import data_dir_lock

    with data_dir_lock(settings.data_dir, "classify train"):
        _, saved = train_and_save(training.examples, model_path(settings.data_dir), training.kind)
    return saved
