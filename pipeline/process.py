"""The process stage: raw crawl -> articles, tokens, entities, crawl_log (Delta tables) + the DuckDB catalog.

Incremental and idempotent: an article is parsed again only when its raw page changed (sha256) or the
pipeline version changed; running it twice in a row changes nothing. The pages to parse stream through in
batches (``batch_size``): each batch is parsed, annotated and typed (here, or on Dask workers: see
``parallel.py``), then committed: its token and entity rows replace those articles' earlier rows, and
``articles`` is committed last, so a run killed part way is simply redone for the articles it had not
committed. Memory is bounded by a batch, not by the tables: of the tables already written only a few
small columns are read.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from . import __version__, dataset
from .config import Settings
from .errors import DataDirError, ProfileError
from .killpoints import checkpoint
from .nlp import Context, annotate
from .parse.article import canonical_url
from .parse.html import decode_html
from .scrape.archive import read_response
from .scrape.ledger import GOOD, Ledger
from .scrape.site import load_saved, read_article
from .sites import Profile, load_profile
from .text import normalise_text

log = logging.getLogger(__name__)


@dataclass
class ProcessSummary:
    articles_total: int = 0
    parsed: int = 0
    unchanged: int = 0
    retyped: int = 0
    skipped: list[dict] = field(default_factory=list)
    tables_written: list[str] = field(default_factory=list)
    upgraded: list[str] = field(default_factory=list)  # tables converted from plain Parquet to Delta Lake
    compacted: dict[str, dict] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"articles_total": self.articles_total, "parsed": self.parsed, "unchanged": self.unchanged,
                "retyped": self.retyped, "skipped": self.skipped, "tables_written": self.tables_written,
                "upgraded": self.upgraded, "compacted": self.compacted}

    def wrote(self, name: str) -> None:
        if name not in self.tables_written:
            self.tables_written.append(name)


def article_id(site: str, key: str | None, url: str) -> str:
    """Stable id: the portal's own article id where the profile reads one, else a hash of the article key
    (a canonical URL, for portals collected without a hand-written profile), else of the URL."""
    if key and re.fullmatch(r"[\w.-]+", key):
        return f"{site}-{key}"
    if key:
        return f"{site}-k{hashlib.sha1(key.encode()).hexdigest()[:16]}"
    return f"{site}-u{hashlib.sha1(url.encode()).hexdigest()[:16]}"


def _now() -> pd.Timestamp:
    return pd.Timestamp(datetime.now(UTC).replace(microsecond=0))


def _profile_for(site: str, cache: dict[str, Profile | None], raw_dir: Path | None = None) -> Profile | None:
    """The profile a site's pages were collected with: the effective profile `vks scrape --url` saved
    under data/raw/profiles/, else the bundled or user profile of that name, else None (generic)."""
    if site not in cache:

        saved = load_saved(raw_dir, site) if raw_dir is not None else None
        if saved is not None:
            cache[site] = saved.profile
        else:
            try:
                cache[site] = load_profile(site)
            except ProfileError:
                log.warning("no profile for site %r: using generic extraction", site)
                cache[site] = None
    return cache[site]


def build_record(row: dict, raw_dir: Path, profiles: dict[str, Profile | None]) -> tuple[dict, list, list]:
    """Parse one archived page into an article record plus its token and entity rows."""
    stored = read_response(raw_dir, row["warc_file"], row["warc_offset"])
    html = decode_html(stored.body, stored.headers.get("Content-Type") or row.get("content_type"))
    profile = _profile_for(row["site"], profiles, raw_dir)
    parsed = read_article(html, row["url"], profile)
    url = canonical_url(html, row["url"], profile)
    aid = article_id(row["site"], row.get("article_key"), url)
    # one normalisation for every text field (NFC, Đ never U+00D0, new tone placement, plain dashes), here
    # where the record is built: a title then matches the text NLP ran on, and a query on "Đ" finds it
    title, lead, body, author, category = (normalise_text(v) if v else v for v in (
        parsed.title, parsed.lead, parsed.body, parsed.author, parsed.category))
    text = normalise_text("\n\n".join(p for p in (title, lead, body, author) if p))
    owner = profile.owner if profile else None
    ann = annotate(text, Context(published=parsed.published, site=row["site"], owner=owner))
    fetched = pd.Timestamp(stored.date) if stored.date else None
    record = {
        "article_id": aid, "site": row["site"], "url": url, "title": title,
        "published_at": parsed.published, "date_source": parsed.date_source, "category": category,
        "lead": lead, "body": body, "author": author, "text": text,
        "article_type": None, "type_score": None, "raw_sha256": row["sha256"],
        "fetched_at": fetched.floor("s") if fetched is not None else None, "processed_at": _now(),
        "pipeline_version": __version__, "parse_method": parsed.method, "type_model": None,
    }
    tokens = [{"article_id": aid, "sentence": s.index, "start": s.start, "end": s.end, "tokens": list(s.tokens)}
              for s in ann.sentences]
    entities = [{"article_id": aid, "type": e.type, "text": e.text, "value": e.value, "start": e.start,
                 "end": e.end, "sentence": e.sentence, "method": e.method,
                 "attrs": json.dumps(e.attrs, ensure_ascii=False, sort_keys=True, default=str)}
                for e in ann.entities]
    return record, tokens, entities


def skip_row(row: dict, reason: str) -> dict:
    """The ``skips`` row of a page that could not be parsed."""
    return {"url": row["url"], "site": row["site"], "raw_sha256": row["sha256"], "reason": reason,
            "processed_at": _now()}


def _latest_per_article(rows: list[dict]) -> list[dict]:
    best: dict[tuple[str, str], dict] = {}
    for row in rows:
        if row["outcome"] not in GOOD and row["warc_file"] is None:
            continue
        key = (row["site"], row["article_key"] or row["url"])
        if key not in best or (row["last_fetched"] or "") > (best[key]["last_fetched"] or ""):
            best[key] = row
    return sorted(best.values(), key=lambda r: r["url"])


def process(settings: Settings, rebuild: bool = False,
            progress: Callable[[int, int], None] | None = None) -> ProcessSummary:
    """Bring the processed tables up to date with the raw crawl."""
    raw_dir, data_dir = settings.raw_dir, settings.data_dir
    ledger_path = raw_dir / "ledger.sqlite"
    if not ledger_path.exists():
        raise DataDirError(f"{ledger_path}: no crawl here yet; run `vks scrape --site NAME` first "
                           f"(or `vks demo`), or point --data-dir at a vks data directory")
    with Ledger(ledger_path) as ledger:
        ledger_rows = ledger.rows()
        run_id = ledger.start_run("process", None)
    dataset.remove_stale_temp_files(data_dir)
    try:
        summary = ProcessSummary()
        if not rebuild:
            summary.upgraded = dataset.upgrade_legacy(data_dir)
            if summary.upgraded:
                log.warning("upgraded the tables %s from plain Parquet files to Delta tables",
                            ", ".join(summary.upgraded))
        _process(settings, ledger_rows, rebuild, progress, summary)
    except Exception as exc:
        with Ledger(ledger_path) as ledger:
            ledger.finish_run(run_id, "failed", {"error": str(exc)})
        raise
    with Ledger(ledger_path) as ledger:
        ledger.finish_run(run_id, "partial" if summary.skipped else "ok", summary.to_dict())
    return summary


PER_ARTICLE = ("tokens", "entities", "articles", "skips")


def _process(settings: Settings, ledger_rows: list[dict], rebuild: bool,
             progress: Callable[[int, int], None] | None, summary: ProcessSummary) -> None:
    from .classify import default_model, model_path
    from .parallel import Stage, make_runner

    data_dir, raw_dir = settings.data_dir, settings.raw_dir
    if rebuild:
        # --rebuild reads nothing processed: it is the way out of a corrupt table. articles first: a
        # rebuild killed part way is finished by the next plain run, which then sees no article as done
        for name in ("articles", "tokens", "entities", "skips"):
            dataset.reset_table(name, data_dir)
        for name in dataset.TABLES:
            dataset.legacy_path(name, data_dir).unlink(missing_ok=True)
    # what is already done: three small columns, never the tables themselves
    done = dataset.read_arrow("articles", data_dir, ["raw_sha256", "pipeline_version"])
    current = {sha for sha, v in zip(done.column("raw_sha256").to_pylist(),
                                     done.column("pipeline_version").to_pylist(), strict=True) if v == __version__}
    skips = dataset.read_arrow("skips", data_dir, ["url", "raw_sha256"])
    skipped_before = set(zip(skips.column("url").to_pylist(), skips.column("raw_sha256").to_pylist(), strict=True))
    del done, skips
    todo = []
    for row in _latest_per_article([r for r in ledger_rows if r["kind"] == "article"]):
        if row["sha256"] in current or (row["url"], row["sha256"]) in skipped_before:
            summary.unchanged += 1
        else:
            todo.append(row)
    # the model is trained (and saved) here before any worker loads it from the file
    model = default_model(data_dir)
    stage = Stage(raw_dir, model_path(data_dir)).load(model)
    if todo:
        size = max(settings.batch_size, 1)
        batches = (todo[i:i + size] for i in range(0, len(todo), size))
        runner = make_runner(stage, settings.workers, settings.scheduler or None)
        try:
            finished = 0
            for outcomes in runner.map(batches):
                _commit_batch(outcomes, data_dir, summary)
                finished += len(outcomes)
                if progress:
                    progress(finished, len(todo))
        finally:
            runner.close()
    _retype(stage, data_dir, settings.batch_size, summary)
    if _append_crawl_log(ledger_rows, data_dir):
        summary.wrote("crawl_log")
        checkpoint("process.after_crawl_log")
    summary.compacted = dataset.compact_if_needed(data_dir, dataset.TABLES)
    checkpoint("process.before_catalog")
    # the catalog names the files of each table's current version: rebuilt whenever a version moved,
    # which also repairs a catalog left behind by a run killed before this point
    if not dataset.catalog_is_current(data_dir):
        dataset.build_catalog(data_dir)
    summary.articles_total = dataset.row_count("articles", data_dir)


def _commit_batch(outcomes: list, data_dir: Path, summary: ProcessSummary) -> None:
    """Commit one batch: token and entity rows first, then articles (the commit point), then skips."""
    records: dict[str, dict] = {}
    tokens: dict[str, list] = {}
    entities: dict[str, list] = {}
    new_skips = []
    for kind, rec, toks, ents in outcomes:
        if kind == "skip":
            new_skips.append(rec)
            summary.skipped.append({"url": rec["url"], "reason": rec["reason"]})
            continue
        # one row per article: two pages of one article in a batch keep the later one, as across batches
        records[rec["article_id"]] = rec
        tokens[rec["article_id"]] = toks
        entities[rec["article_id"]] = ents
    summary.parsed += len(records)
    if records:
        ids = set(records)
        for name, rows in (("tokens", tokens), ("entities", entities)):
            frame = pd.DataFrame([r for aid in sorted(rows) for r in rows[aid]], columns=dataset.SCHEMAS[name].names)
            dataset.replace_rows(name, frame, data_dir, ids)
            summary.wrote(name)
            checkpoint(f"process.after_{name}")
        frame = pd.DataFrame([records[aid] for aid in sorted(records)], columns=dataset.SCHEMAS["articles"].names)
        dataset.replace_rows("articles", frame, data_dir, ids)
        summary.wrote("articles")
        checkpoint("process.after_articles")
    if new_skips:
        by_url = {s["url"]: s for s in new_skips}
        dataset.replace_rows("skips", pd.DataFrame(list(by_url.values())), data_dir, by_url)
        summary.wrote("skips")
        checkpoint("process.after_skips")


def _retype(stage, data_dir: Path, batch_size: int, summary: ProcessSummary) -> None:
    """Every article is typed by the current model; only rows typed by another model (or not yet typed) are
    predicted again, in batches, each a commit of its own."""
    from .classify import predict

    seen = dataset.read_arrow("articles", data_dir, ["article_id", "type_model", "article_type"])
    todo = [aid for aid, m, t in zip(seen.column("article_id").to_pylist(), seen.column("type_model").to_pylist(),
                                     seen.column("article_type").to_pylist(), strict=True)
            if m != stage.model_id or not isinstance(t, str)]
    total = seen.num_rows
    del seen
    if not todo:
        return
    size = max(batch_size, 1)

    def retyped(rows: pd.DataFrame) -> pd.DataFrame:
        stale = [i for i, (m, t) in enumerate(zip(rows["type_model"], rows["article_type"], strict=True))
                 if m != stage.model_id or not isinstance(t, str)]
        if not stale:
            return rows
        preds = predict(stage.model, rows["text"].iloc[stale].tolist())
        types, scores, models = (rows["article_type"].tolist(), rows["type_score"].tolist(),
                                 rows["type_model"].tolist())
        for i, p in zip(stale, preds, strict=True):
            types[i], scores[i], models[i] = p.article_type, round(p.score, 6), stage.model_id
        return rows.assign(article_type=types, type_score=scores, type_model=models)

    if len(todo) * 2 > total:
        # a new model: every row changes, so the table is rewritten once, streamed, in one commit
        dataset.rewrite_table("articles", data_dir, retyped, size)
    else:  # a few rows (a run killed while re-typing): replaced by key, batch after batch
        for i in range(0, len(todo), size):
            rows = dataset.read_arrow("articles", data_dir, where=("article_id", todo[i:i + size])).to_pandas()
            dataset.replace_rows("articles", retyped(rows), data_dir, rows["article_id"])
            checkpoint("process.after_retype")
    summary.retyped += len(todo)
    summary.wrote("articles")


def _append_crawl_log(ledger_rows: list[dict], data_dir: Path) -> int:
    """Append the ledger rows the crawl_log does not hold yet. Every change to a ledger row bumps its
    ``attempts``, so (url, attempts) names one state of a URL."""
    seen = dataset.read_arrow("crawl_log", data_dir, ["url", "attempts"])
    known = set(zip(seen.column("url").to_pylist(), seen.column("attempts").to_pylist(), strict=True))
    new = [r for r in ledger_rows if (r["url"], r["attempts"]) not in known]
    if new or not dataset.exists("crawl_log", data_dir):
        dataset.append_rows("crawl_log", pd.DataFrame(new, columns=dataset.SCHEMAS["crawl_log"].names), data_dir)
    return len(new)


def _same_table(name: str, df: pd.DataFrame, data_dir: Path) -> bool:
    try:
        old = dataset.read_arrow(name, data_dir)
    except Exception:  # unreadable: rewrite it
        return False
    return old.equals(dataset.to_arrow(name, df))
