"""The process stage: raw crawl -> articles, tokens, entities, crawl_log (Parquet) + the DuckDB catalog.

Incremental and idempotent: an article is parsed again only when its raw page changed (sha256) or the
pipeline version changed; running it twice in a row changes nothing. ``articles`` is written last, so a
run killed part way is simply redone for the articles it had not committed.
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
from .errors import DataDirError, ParseError, ProfileError
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
    skipped: list[dict] = field(default_factory=list)
    tables_written: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"articles_total": self.articles_total, "parsed": self.parsed, "unchanged": self.unchanged,
                "skipped": self.skipped, "tables_written": self.tables_written}


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
    text = normalise_text("\n\n".join(p for p in (parsed.title, parsed.lead, parsed.body, parsed.author) if p))
    owner = profile.owner if profile else None
    ann = annotate(text, Context(published=parsed.published, site=row["site"], owner=owner))
    fetched = pd.Timestamp(stored.date) if stored.date else None
    record = {
        "article_id": aid, "site": row["site"], "url": url, "title": parsed.title,
        "published_at": parsed.published, "date_source": parsed.date_source, "category": parsed.category,
        "lead": parsed.lead, "body": parsed.body, "author": parsed.author, "text": text,
        "article_type": None, "type_score": None, "raw_sha256": row["sha256"],
        "fetched_at": fetched.floor("s") if fetched is not None else None, "processed_at": _now(),
        "pipeline_version": __version__, "parse_method": parsed.method,
    }
    tokens = [{"article_id": aid, "sentence": s.index, "start": s.start, "end": s.end, "tokens": list(s.tokens)}
              for s in ann.sentences]
    entities = [{"article_id": aid, "type": e.type, "text": e.text, "value": e.value, "start": e.start,
                 "end": e.end, "sentence": e.sentence, "method": e.method,
                 "attrs": json.dumps(e.attrs, ensure_ascii=False, sort_keys=True, default=str)}
                for e in ann.entities]
    return record, tokens, entities


def _latest_per_article(rows: list[dict]) -> list[dict]:
    best: dict[tuple[str, str], dict] = {}
    for row in rows:
        if row["outcome"] not in GOOD and row["warc_file"] is None:
            continue
        key = (row["site"], row["article_key"] or row["url"])
        if key not in best or (row["last_fetched"] or "") > (best[key]["last_fetched"] or ""):
            best[key] = row
    return sorted(best.values(), key=lambda r: r["url"])


def _replace_rows(old: pd.DataFrame, new_rows: list[dict], ids: set[str], name: str) -> pd.DataFrame:
    kept = old[~old["article_id"].isin(ids)] if len(old) else old
    new = pd.DataFrame(new_rows, columns=dataset.SCHEMAS[name].names)
    frames = [f for f in (kept, new) if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else dataset.empty(name)


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
        summary = _process(settings, ledger_rows, rebuild, progress)
    except Exception as exc:
        with Ledger(ledger_path) as ledger:
            ledger.finish_run(run_id, "failed", {"error": str(exc)})
        raise
    with Ledger(ledger_path) as ledger:
        ledger.finish_run(run_id, "partial" if summary.skipped else "ok", summary.to_dict())
    return summary


def _process(settings: Settings, ledger_rows: list[dict], rebuild: bool,
             progress: Callable[[int, int], None] | None) -> ProcessSummary:
    data_dir, raw_dir = settings.data_dir, settings.raw_dir
    summary = ProcessSummary()
    # --rebuild reads nothing processed: it is the way out of a corrupt table
    articles = dataset.empty("articles") if rebuild else dataset.read_table("articles", data_dir, missing_ok=True)
    skips = dataset.empty("skips") if rebuild else dataset.read_table("skips", data_dir, missing_ok=True)
    current = set() if rebuild else {
        sha for sha, version in zip(articles["raw_sha256"], articles["pipeline_version"], strict=True)
        if version == __version__
    }
    skipped_before = set() if rebuild else set(zip(skips["url"], skips["raw_sha256"], strict=True))
    todo = []
    for row in _latest_per_article([r for r in ledger_rows if r["kind"] == "article"]):
        if row["sha256"] in current or (row["url"], row["sha256"]) in skipped_before:
            summary.unchanged += 1
        else:
            todo.append(row)
    profiles: dict[str, Profile | None] = {}
    records, token_rows, entity_rows, new_skips = [], [], [], []
    for i, row in enumerate(todo):
        try:
            rec, toks, ents = build_record(row, raw_dir, profiles)
        except (ParseError, DataDirError) as exc:
            new_skips.append({"url": row["url"], "site": row["site"], "raw_sha256": row["sha256"],
                              "reason": str(exc), "processed_at": _now()})
            summary.skipped.append({"url": row["url"], "reason": str(exc)})
        else:
            records.append(rec)
            token_rows.extend(toks)
            entity_rows.extend(ents)
        if progress:
            progress(i + 1, len(todo))
    summary.parsed = len(records)
    # one row per article: an edited page replaces its earlier version
    new_ids = {r["article_id"] for r in records}
    if rebuild:
        articles = dataset.empty("articles")
        tokens = dataset.empty("tokens")
        entities = dataset.empty("entities")
    else:
        tokens = dataset.read_table("tokens", data_dir, missing_ok=True)
        entities = dataset.read_table("entities", data_dir, missing_ok=True)
    if records or rebuild:
        tokens = _replace_rows(tokens, token_rows, new_ids, "tokens").sort_values(["article_id", "sentence"])
        entities = _replace_rows(entities, entity_rows, new_ids, "entities").sort_values(
            ["article_id", "start", "end", "type"])
        articles = _replace_rows(articles, records, new_ids, "articles").sort_values(
            ["published_at", "article_id"], ascending=[False, True], na_position="last")
        # entity and token rows first, articles last: the articles table is the commit point
        for name, df in (("tokens", tokens), ("entities", entities)):
            dataset.write_table(name, df, data_dir)
            summary.tables_written.append(name)
            checkpoint(f"process.after_{name}")
    # every article is typed by the current model; only rows typed by another model are predicted again
    typed = classify_table(articles, data_dir)
    if records or rebuild or not typed.equals(articles):
        dataset.write_table("articles", typed, data_dir)
        summary.tables_written.append("articles")
        checkpoint("process.after_articles")
    articles = typed
    if new_skips or rebuild:
        skips = pd.concat([skips[~skips["url"].isin({s["url"] for s in new_skips})] if not rebuild else dataset.empty("skips"),
                           pd.DataFrame(new_skips, columns=dataset.SCHEMAS["skips"].names)], ignore_index=True)
        dataset.write_table("skips", skips, data_dir)
        summary.tables_written.append("skips")
    from .research.units import build_units

    units, unit_links = build_units(articles, entities)
    for name, df in (("units", units), ("unit_links", unit_links), ("crawl_log", pd.DataFrame(ledger_rows))):
        path = dataset.table_path(name, data_dir)
        if path.exists() and _same_table(name, df, data_dir):
            continue
        dataset.write_table(name, df, data_dir)
        summary.tables_written.append(name)
    checkpoint("process.before_catalog")
    catalog = dataset.processed_dir(data_dir) / "catalog.duckdb"
    if summary.tables_written or not catalog.exists():
        dataset.build_catalog(data_dir)
    summary.articles_total = len(articles)
    return summary


def classify_table(articles: pd.DataFrame, data_dir: Path) -> pd.DataFrame:
    """``articles`` with article_type and type_score from the current model; only rows typed by another
    model (or not yet typed) are predicted again."""
    from .classify import default_model, model_id, model_path, predict

    out = articles.copy()
    if not len(out):
        return out
    model = default_model(data_dir)
    current_id = model_id(model_path(data_dir))
    current = [m == current_id and isinstance(t, str) for m, t in zip(out["type_model"], out["article_type"], strict=True)]
    todo = [i for i, ok in enumerate(current) if not ok]
    if todo:
        types, scores, models = out["article_type"].tolist(), out["type_score"].tolist(), out["type_model"].tolist()
        texts = out["text"].tolist()
        for i, p in zip(todo, predict(model, [texts[i] for i in todo]), strict=True):
            types[i], scores[i], models[i] = p.article_type, round(p.score, 6), current_id
        out = out.assign(article_type=types, type_score=scores, type_model=models)
    return out


def _same_table(name: str, df: pd.DataFrame, data_dir: Path) -> bool:
    try:
        old = dataset.to_arrow(name, dataset.read_table(name, data_dir))
    except Exception:  # unreadable: rewrite it
        return False
    return old.equals(dataset.to_arrow(name, df))
