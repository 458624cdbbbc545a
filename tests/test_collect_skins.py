"""`scrape --url` on every skin of the sample portal (NukeViet, WordPress, Joomla, SharePoint, ASP.NET, VNPT),
each served on 127.0.0.1 with its family's URL shapes, feeds, sitemaps and traps; and `vks run --all` over
all of them at once from a registry file."""

from __future__ import annotations

import json
import threading
import time

import pytest

import pipeline
from pipeline.parse.html import decode_html
from pipeline.process import _latest_per_article, _profile_for
from pipeline.scrape.archive import read_response
from pipeline.scrape.collect import collect
from pipeline.scrape.ledger import Ledger
from pipeline.scrape.site import read_article
from pipeline.text import collapse_spaces, nfc

from .conftest import settings_for, vks

skins_module = pytest.importorskip("pipeline.sample_portal.skins")
from pipeline.sample_portal import PortalServer, skin_names, truth  # noqa: E402

SKINS = list(skin_names())
# floors pinned from benchmarks/results/portals.md (every skin meets the goal): they may rise, never drop
DATE_FLOOR: dict[str, float] = {}
FAMILY = {"vnpt": "vnpt", "nukeviet": "nukeviet", "wordpress": "wordpress", "joomla": "joomla",
          "sharepoint": "sharepoint", "aspnet": "asp"}  # skin -> the preset family it dresses as


def clean(s: str | None) -> str:
    return collapse_spaces(nfc(s or ""))


def counting(portal):
    """Wrap a portal's answer to record the most requests it ever served at once."""
    inner, lock = portal.answer, threading.Lock()
    portal.inflight = portal.max_inflight = 0

    def answer(*args, **kwargs):
        with lock:
            portal.inflight += 1
            portal.max_inflight = max(portal.max_inflight, portal.inflight)
        try:
            time.sleep(0.001)
            return inner(*args, **kwargs)
        finally:
            with lock:
                portal.inflight -= 1

    portal.answer = answer
    return portal


def parsed_rows(data_dir) -> list[dict]:
    """One parsed record per article of the ledger, as `vks process` reads them (without the NLP)."""
    raw = data_dir / "raw"
    with Ledger(raw / "ledger.sqlite") as ledger:
        rows = [r for r in ledger.rows() if r["kind"] == "article"]
    profiles: dict = {}
    out = []
    for row in _latest_per_article(rows):
        stored = read_response(raw, row["warc_file"], row["warc_offset"])
        html = decode_html(stored.body, stored.headers.get("Content-Type"))
        art = read_article(html, row["url"], _profile_for(row["site"], profiles, raw))
        out.append({"key": row["article_key"] or row["url"], "title": art.title, "body": art.body,
                    "published": art.published.isoformat() if art.published else None})
    return out


def match(rows: list[dict], served: list[dict]) -> tuple[dict[int, list[dict]], int]:
    """Served article id -> rows holding its longest paragraph; and rows matching none."""
    longest = {t["id"]: clean(max(t["body"].split("\n\n"), key=len)) for t in served}
    hits: dict[int, list[dict]] = {}
    extra = 0
    for row in rows:
        body = clean(row["body"])
        sid = next((i for i, p in longest.items() if p in body), None)
        if sid is None:
            extra += 1
        else:
            hits.setdefault(sid, []).append(row)
    return hits, extra


@pytest.fixture(scope="module", params=SKINS)
def skin_run(request, tmp_path_factory):
    skin = request.param
    data_dir = tmp_path_factory.mktemp(f"skin-{skin}")
    with PortalServer(skin=skin) as server:
        first = collect(server.url, settings_for(data_dir))
        with Ledger(data_dir / "raw" / "ledger.sqlite") as ledger:
            articles = {r["url"] for r in ledger.rows() if r["kind"] == "article"}
        server.portal.requests.clear()
        second = collect(server.url, settings_for(data_dir))
        again = [server.url.rstrip("/") + p for p, _ in server.portal.requests]
        yield dict(skin=skin, first=first, second=second, served=truth(skin, server.url),
                   rows=parsed_rows(data_dir), refetched=[u for u in again if u in articles])


def test_found_once_each_with_titles_and_dates(skin_run):
    served, rows = skin_run["served"], skin_run["rows"]
    hits, extra = match(rows, served)
    assert len(hits) / len(served) >= 0.95, f"found {len(hits)} of {len(served)}"
    duplicates = sum(len(v) - 1 for v in hits.values())
    assert duplicates == 0 and extra <= 0.02 * len(served), (duplicates, extra)
    by_id = {t["id"]: t for t in served}
    titles = sum(clean(v[0]["title"]) == clean(by_id[i]["title"]) for i, v in hits.items())
    dates = sum(v[0]["published"] == by_id[i]["published"] for i, v in hits.items())
    assert titles / len(hits) >= 0.95
    assert dates / len(hits) >= DATE_FLOOR.get(skin_run["skin"], 0.95)


def test_family_detected_and_run_clean(skin_run):
    first = skin_run["first"]
    assert first.family == FAMILY[skin_run["skin"]]
    assert first.evidence
    assert first.failed == 0, first.skipped


def test_second_run_fetches_no_article_page(skin_run):
    assert skin_run["refetched"] == []
    assert skin_run["second"].new_articles == 0


def test_run_all_over_every_skin_from_a_registry(tmp_path):
    portals, servers = {}, []
    lines, overrides = [], []
    try:
        for skin in SKINS:
            server = PortalServer(skin=skin).start()
            servers.append(server)
            host = f"{skin}.test"
            portals[host] = counting(server.portal)
            lines += ["[[portal]]", f'host = "{host}"', f'name = "{skin}"',
                      f'family = "{FAMILY[skin]}"', f'owner = "VKSND {skin}"', ""]
            overrides.append(f"{host}={server.url}")
        registry = tmp_path / "registry.toml"
        registry.write_text("\n".join(lines), encoding="utf-8")
        data = tmp_path / "data"
        args = ["--all", "--registry", str(registry), "--base-url-map", ",".join(overrides), "--data-dir", str(data),
                "--delay", "0", "-q"]
        out = vks("run", *args)
        assert all(p.max_inflight == 1 for p in portals.values()), {h: p.max_inflight for h, p in portals.items()}
        table = {line.split()[0]: line.split() for line in out.stdout.splitlines() if line.endswith(".test") or ".test " in line}
        assert set(table) == set(portals)
        articles = pipeline.load("articles", data)
        per_site = articles.groupby("site").size().to_dict()
        assert all(per_site.get(h, 0) >= 0.95 * 90 for h in portals), per_site
        status = json.loads(vks("status", "--json", "--data-dir", str(data)).stdout)
        assert {s["site"] for s in status["sites"]} == set(portals)
        for p in portals.values():
            p.requests.clear()
        vks("scrape", *args)
        with Ledger(data / "raw" / "ledger.sqlite") as ledger:
            article_paths = {r["url"].split("/", 3)[-1] for r in ledger.rows() if r["kind"] == "article"}
        refetched = [p for portal in portals.values() for p, _ in portal.requests if p.lstrip("/") in article_paths]
        assert refetched == []
    finally:
        for server in servers:
            server.stop()
