"""Collecting portals without a profile: `scrape --url` + `process` on every sample-portal skin.

For each skin, served on 127.0.0.1 and collected from scratch by ``pipeline.scrape.collect.collect`` (family
detection, preset, discovery, recognition; no hand-written profile), then processed, the articles table is
compared with what the skin serves:

- found: served articles that have a row / served;
- extra: rows that are no served article, or a second row of one, / served;
- title: rows whose title equals the served title (whitespace collapsed, normalised as every text field is);
- date: rows whose published date equals the served one (None when the skin shows no date);
- body: rows whose body holds every served paragraph and none of the page chrome;
- req/art: HTTP requests of the first run / served articles; rerun: article pages fetched by a second run.

    .venv/bin/python benchmarks/portals.py [--skins a,b] [--json]

Goals per skin: found >= .95, extra <= .02, title >= .95, date >= .95, body >= .90.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pipeline  # noqa: E402
from pipeline.config import load_settings  # noqa: E402
from pipeline.process import process  # noqa: E402
from pipeline.scrape.collect import collect  # noqa: E402
from pipeline.text import collapse_spaces, normalise_text  # noqa: E402

CHROME = ["Liên kết website", "Thống kê truy cập", "Trang chủ", "Tin khác", "Cơ quan chủ quản", "In bài viết",
          "Tổng lượt truy cập", "Bình luận", "Chia sẻ", "Tin liên quan", "Những tin mới hơn", "Những tin cũ hơn"]
GOALS = {"found": (">=", 0.95), "extra": ("<=", 0.02), "title": (">=", 0.95), "date": (">=", 0.95),
         "body": (">=", 0.90)}


@dataclass
class Served:
    id: str
    title: str
    published: str | None  # ISO date, None when the page shows none
    paragraphs: list[str]


def clean(s: str) -> str:
    return collapse_spaces(normalise_text(s or ""))  # what every stored text field gets


def skin_names() -> list[str]:
    """The sample portal's skins (just ``vnpt``, the vkskh shape, where the skins are not installed)."""
    try:
        from pipeline.sample_portal import skin_names as names
    except ImportError:
        return ["vnpt"]
    return list(names())


def server_for(skin: str):
    from pipeline.sample_portal import PortalServer

    try:
        return PortalServer(skin=skin)
    except TypeError:  # an installation without skins: the vkskh-shaped portal
        return PortalServer()


def served(skin: str, base_url: str) -> list[Served]:
    """What the skin serves, from its truth function (else the sample articles as vkskh shows them)."""
    try:
        from pipeline.sample_portal import truth
    except ImportError:
        from pipeline.sample_portal import content

        return [Served(str(a.id), clean(a.title), None if a.date_display == "none" else a.published.isoformat(),
                       [clean(p) for p in a.body]) for a in content.articles()]
    return [Served(str(t["id"]), clean(t["title"]), t["published"], [clean(p) for p in t["body"].split("\n\n")])
            for t in truth(skin, base_url)]


def score(articles, served: list[Served]) -> dict:
    rows = articles.to_dict("records")
    matched: dict[str, list[dict]] = {}
    extra = 0
    for row in rows:
        body = clean(row.get("body") or "")
        hit = next((s for s in served if max(s.paragraphs, key=len, default="\0") in body), None)
        if hit is None:
            extra += 1
        else:
            matched.setdefault(hit.id, []).append(row)
    extra += sum(len(v) - 1 for v in matched.values())
    title = date = body_ok = 0
    by_id = {s.id: s for s in served}
    for sid, found in matched.items():
        s, row = by_id[sid], found[0]
        title += clean(row["title"]) == s.title
        got = None if row["published_at"] is None or str(row["published_at"]) in ("NaT", "None") else str(row["published_at"])[:10]
        date += got == s.published
        text = clean(row.get("body") or "")
        own = " ".join(s.paragraphs)  # "Chia sẻ kinh nghiệm..." is the article's own words, not a share bar
        body_ok += all(p in text for p in s.paragraphs) and not any(c in text and c not in own for c in CHROME)
    n = max(len(matched), 1)
    return {"served": len(served), "rows": len(rows), "found": len(matched) / len(served),
            "extra": extra / len(served), "title": title / n, "date": date / n, "body": body_ok / n}


def run_skin(name: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp, server_for(name) as server:
        truth = served(name, server.url)
        settings = load_settings(config_file=None, data_dir=Path(tmp), delay=0.0)
        start = time.perf_counter()
        first = collect(server.url, settings)
        seconds = time.perf_counter() - start
        process(settings)
        result = score(pipeline.load("articles", Path(tmp)), truth)
        again = collect(server.url, settings)
        result.update(family=first.family, requests_per_article=first.requests / len(truth),
                      rerun_article_fetches=again.new_articles + again.updated_articles
                      + sum(v for k, v in again.outcomes.items() if k.startswith("article:")),
                      rerun_requests=again.requests, seconds=round(seconds, 1))
    return result


def table(results: dict[str, dict]) -> str:
    head = "| skin | family | found | extra | title | date | body | req/art | rerun article fetches |"
    lines = [head, "|" + "---|" * 9]
    for name, r in results.items():
        lines.append(f"| {name} | {r['family']} | {r['found']:.3f} | {r['extra']:.3f} | {r['title']:.3f} | "
                     f"{r['date']:.3f} | {r['body']:.3f} | {r['requests_per_article']:.2f} | {r['rerun_article_fetches']} |")
    return "\n".join(lines)


def misses(r: dict) -> list[str]:
    out = []
    for key, (op, goal) in GOALS.items():
        ok = r[key] >= goal if op == ">=" else r[key] <= goal
        if not ok:
            out.append(f"{key} {r[key]:.3f} (goal {op} {goal})")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skins", help="comma-separated skins (default: all)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    chosen = args.skins.split(",") if args.skins else skin_names()
    results = {}
    for name in chosen:
        results[name] = run_skin(name)
        print(f"{name}: done in {results[name]['seconds']}s", file=sys.stderr)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(table(results))
    for name, r in results.items():
        for miss in misses(r):
            print(f"  {name}: {miss}")


if __name__ == "__main__":
    main()
