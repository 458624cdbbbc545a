"""``vks status``: the last runs, their outcomes, the ledger's counts, the tables, and raw-archive health."""

from __future__ import annotations

from . import dataset
from .config import Settings
from .lock import lock_holder
from .scrape.archive import check_warc
from .scrape.crawl import FAILED
from .scrape.ledger import Ledger


def status(settings: Settings, runs: int = 10, check_archive: bool = True) -> dict:
    raw, data_dir = settings.raw_dir, settings.data_dir
    if not data_dir.is_dir() or not (raw.is_dir() or settings.processed_dir.is_dir()):
        from .errors import DataDirError

        what = "is not a directory" if data_dir.exists() else "does not exist"
        if data_dir.is_dir():
            what = "is not a vks data directory (no raw/ or processed/ inside)"
        raise DataDirError(f"{data_dir} {what}; pass the right --data-dir (or VKS_DATA_DIR), or create one with "
                           "`vks demo` or `vks scrape`")
    out: dict = {"data_dir": str(data_dir), "runs": [], "sites": [], "ledger": {}, "tables": {}, "warc": {},
                 "lock": None}
    ledger_path = raw / "ledger.sqlite"
    if ledger_path.exists():
        with Ledger(ledger_path, readonly=True) as ledger:
            for r in ledger.runs(runs):
                summary = r.get("summary") or {}
                out["runs"].append({
                    "id": r["id"], "command": r["command"], "site": r["site"], "started": r["started"],
                    "finished": r["finished"], "outcome": r["outcome"] or "unfinished (killed or still running)",
                    "pages_fetched": summary.get("pages_fetched"), "new_articles": summary.get("new_articles"),
                    "failed": sum(1 for s in summary.get("skipped", []) if s.get("outcome") in FAILED)
                    if "skipped" in summary else None,
                })
            out["sites"] = [_site_row(r) for r in ledger.last_site_runs()]
            out["ledger"] = ledger.counts()
    for name in dataset.TABLES:
        path = dataset.table_path(name, data_dir)
        if path.exists():
            try:
                import pyarrow.parquet as pq

                out["tables"][name] = pq.read_metadata(path).num_rows
            except Exception as exc:  # a corrupt table is reported, not fatal here
                out["tables"][name] = f"unreadable: {exc}"
    warc_dir = raw / "warc"
    if warc_dir.exists():
        files = sorted(warc_dir.glob("*.warc.gz"))
        out["warc"] = {"files": len(files), "bytes": sum(f.stat().st_size for f in files), "torn": []}
        if check_archive:
            for f in files:
                _, torn = check_warc(f)
                if torn is not None:
                    out["warc"]["torn"].append({"file": f.name, "offset": torn})
    out["lock"] = lock_holder(data_dir)
    return out


def _site_row(run: dict) -> dict:
    """One site's last scrape: when, how it ended, articles found and new, failures."""
    summary = run.get("summary") or {}
    skipped = summary.get("skipped", [])
    return {
        "site": run["site"], "last_run": run["started"], "outcome": run["outcome"] or "unfinished",
        "family": summary.get("family"), "articles_found": summary.get("articles_found"),
        "new_articles": summary.get("new_articles"), "requests": summary.get("requests"),
        "failed": sum(1 for x in skipped if x.get("outcome") in FAILED),
    }


def format_status(s: dict) -> str:
    lines = [f"data directory: {s['data_dir']}"]
    if s["lock"]:
        lines.append(f"running now: vks {s['lock'].get('command')} (pid {s['lock'].get('pid')}, since {s['lock'].get('since')})")
    lines.append("")
    lines.append("last runs:" if s["runs"] else "no runs yet")
    for r in s["runs"]:
        extra = ""
        if r["pages_fetched"] is not None:
            extra = f"  {r['pages_fetched']} pages, {r['new_articles']} new articles, {r['failed']} failed"
        lines.append(f"  #{r['id']:<4} {r['started']}  {r['command']:8} {r['site'] or '':8} {r['outcome']}{extra}")
    if s.get("sites"):
        lines += ["", "sites (last scrape of each):"]
        for r in s["sites"]:
            found = "" if r["articles_found"] is None else f"{r['articles_found']} found, "
            lines.append(f"  {r['site']:28} {r['last_run']}  {r['outcome']:10} {r['family'] or '-':10} "
                         f"{found}{r['new_articles']} new, {r['failed']} failed")
    if s["ledger"]:
        lines += ["", "ledger (urls by kind and outcome):"]
        for kind, outcomes in sorted(s["ledger"].items()):
            lines.append(f"  {kind:8} " + ", ".join(f"{o} {n}" for o, n in sorted(outcomes.items())))
    if s["tables"]:
        lines += ["", "tables: " + ", ".join(f"{k} {v}" for k, v in s["tables"].items())]
    if s["warc"]:
        w = s["warc"]
        lines += ["", f"raw archive: {w['files']} WARC files, {w['bytes'] / 1e6:.1f} MB"]
        for t in w.get("torn", []):
            lines.append(f"  {t['file']}: torn last record at offset {t['offset']} (left by a killed run; "
                         "nothing points at it, ignored)")
    return "\n".join(lines)
