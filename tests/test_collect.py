"""`vks scrape --url` on a portal without a profile, and `--sites` over several portals at once.

Real HTTP servers on 127.0.0.1: the sample portal (vkskh's shape), served once per test or per module.
"""

from __future__ import annotations

import threading
import time

import pytest

import pipeline
from pipeline.process import process
from pipeline.sample_portal import Portal, PortalServer, content
from pipeline.scrape import collect as collect_module
from pipeline.scrape.collect import collect
from pipeline.scrape.ledger import Ledger
from pipeline.scrape.site import load_saved, profile_path, site_name
from pipeline.text import normalise_text

from .conftest import settings_for, vks


class CountingPortal(Portal):
    """Records how many requests it serves at once (one connection per host means never two)."""

    def __init__(self, pause: float = 0.002):
        super().__init__()
        self.pause, self.inflight, self.max_inflight = pause, 0, 0
        self._count = threading.Lock()

    def resolve(self, path, query):
        with self._count:
            self.inflight += 1
            self.max_inflight = max(self.max_inflight, self.inflight)
        try:
            time.sleep(self.pause)
            return super().resolve(path, query)
        finally:
            with self._count:
                self.inflight -= 1


def _article_paths(portal: Portal) -> list[str]:
    return [p for p, _ in portal.requests if p.split("?")[0].endswith("_2_a.html")]


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """Two runs of `collect` on the sample portal with no profile, process after the first. Its family is
    taken as unknown, so that the article URLs are learnt from the site (no preset pattern)."""
    data_dir = tmp_path_factory.mktemp("collect")
    with PortalServer(portal=Portal()) as server, pytest.MonkeyPatch.context() as mp:
        mp.setattr(collect_module, "detect_family", lambda pages: ("generic", ["taken as unknown by the test"]))
        first = collect(server.url, settings_for(data_dir))
        first_requests = list(server.portal.requests)
        process(settings_for(data_dir))
        server.portal.requests.clear()
        second = collect(server.url, settings_for(data_dir))
        yield dict(url=server.url, data_dir=data_dir, first=first, second=second, first_requests=first_requests,
                   second_requests=list(server.portal.requests))


def test_every_article_found_once(collected):
    served = {a.id for a in content.articles()}
    articles = pipeline.load("articles", collected["data_dir"])
    assert len(articles) == len(served)
    assert articles["article_id"].is_unique and articles["url"].is_unique
    ids = {int(u.rsplit("/", 1)[-1].split("_")[-4]) for u in articles["url"]}
    assert ids == served
    assert collected["first"].articles_found == len(served)
    assert collected["first"].new_articles == len(served)


def test_titles_and_dates_by_generic_extraction(collected):
    articles = pipeline.load("articles", collected["data_dir"]).set_index("url")
    by_id = {a.id: a for a in content.articles()}
    title_ok = date_ok = 0
    for url, row in articles.iterrows():
        a = by_id[int(url.rsplit("/", 1)[-1].split("_")[-4])]
        title_ok += row["title"] == normalise_text(" ".join(a.title.split()))  # titles are normalised (Ð -> Đ)
        expected = None if a.date_display == "none" else a.published.isoformat()
        got = None if row["published_at"] is None else str(row["published_at"])[:10]
        date_ok += got == expected
    assert title_ok / len(articles) >= 0.95
    # generic extraction reads this vkskh-shaped page (no preset selectors); the skins' presets do better
    assert date_ok / len(articles) >= 0.7


def test_summary_says_family_and_recognition(collected):
    s = collected["first"]
    assert s.family and s.evidence
    assert "_#_#_#_a.html" in s.recognition
    assert s.sources["home"] >= 1 and s.sources["listing"] >= 1
    assert s.failed == 0  # the listed page that is gone is a normal outcome


def test_effective_profile_saved_and_used_by_process(collected):
    name = site_name(collected["url"])
    assert profile_path(collected["data_dir"] / "raw", name).is_file()
    site = load_saved(collected["data_dir"] / "raw", name)
    assert site.name == name and site.base_url == collected["url"]


def test_second_run_fetches_no_article(collected):
    assert _article_paths(type("P", (), {"requests": collected["second_requests"]})) == []
    assert collected["second"].new_articles == 0
    assert collected["second"].articles_found > 0
    # robots, home, sitemap probe and one page per section: a handful
    assert len(collected["second_requests"]) <= 12


def test_every_request_is_in_the_ledger_with_its_kind(collected):
    with Ledger(collected["data_dir"] / "raw" / "ledger.sqlite") as ledger:
        rows = ledger.rows()
    kinds = {r["kind"] for r in rows}
    assert {"robots", "listing", "article", "sitemap"} <= kinds
    fetched = {collected["url"].rstrip("/") + p for p, _ in collected["first_requests"]}
    assert fetched <= {r["url"] for r in rows}


def test_sites_concurrently_polite_per_host_and_one_failing_site(tmp_path):
    portals = [CountingPortal(), CountingPortal()]
    with PortalServer(portal=portals[0]) as a, PortalServer(portal=portals[1]) as b:
        dead = PortalServer()  # bound, then closed: its port refuses connections
        dead_url = dead.url
        dead.httpd.server_close()
        # the dead port refuses at once; a long timeout keeps a slow (loaded) test machine from making the
        # client give up on a request the server is still answering, which would overlap the next one
        env = {"VKS_RETRIES": "0", "VKS_TIMEOUT": "60"}
        out = vks("run", "--sites", "a.test,b.test,dead.test", "--base-url-map",
                  f"a.test={a.url},b.test={b.url},dead.test={dead_url}", "--data-dir", str(tmp_path),
                  "--delay", "0", "-q", env=env, check=False)
        assert out.returncode == 4, out.stdout + out.stderr  # a site fell short
        assert [p.max_inflight for p in portals] == [1, 1]   # never two requests at once to one host
        assert all(len(_article_paths(p)) >= len(content.articles()) for p in portals)
        lines = {line.split()[0]: line for line in out.stdout.splitlines()[1:] if line.strip()}
        assert {"a.test", "b.test", "dead.test"} <= set(lines)
        articles = pipeline.load("articles", tmp_path)
        assert articles.groupby("site").size().to_dict() == {"a.test": 90, "b.test": 90}

        status = vks("status", "--json", "--data-dir", str(tmp_path))
        import json

        sites = {s["site"]: s for s in json.loads(status.stdout)["sites"]}
        assert sites["a.test"]["articles_found"] == 90 and sites["a.test"]["failed"] == 0
        assert sites["dead.test"]["failed"] >= 1

        for p in portals:
            p.requests.clear()
        again = vks("scrape", "--sites", "a.test,b.test", "--base-url-map", f"a.test={a.url},b.test={b.url}",
                    "--data-dir", str(tmp_path), "--delay", "0", "-q")
        assert again.returncode == 0
        assert all(_article_paths(p) == [] for p in portals)


def test_scrape_url_through_the_command_line(tmp_path):
    with PortalServer(portal=Portal()) as server:
        out = vks("scrape", "--url", server.url, "--data-dir", str(tmp_path), "--delay", "0", "-q")
    assert "family:" in out.stdout and "articles found: 90" in out.stdout
    bad = vks("scrape", "--url", "http://127.0.0.1:9/", "--site", "sample", "--data-dir", str(tmp_path), check=False)
    assert bad.returncode == 2 and "exactly one of" in bad.stderr


def test_base_url_overrides_from_a_list_or_a_file(tmp_path):
    from pipeline.errors import ConfigError
    from pipeline.scrape.multi import parse_overrides, select_targets

    assert parse_overrides("www.a.gov.vn=http://127.0.0.1:1/, b.gov.vn=http://127.0.0.1:2/") == {
        "a.gov.vn": "http://127.0.0.1:1/", "b.gov.vn": "http://127.0.0.1:2/"}
    f = tmp_path / "urls.toml"
    f.write_text('[base_urls]\n"a.gov.vn" = "http://127.0.0.1:3/"\n', encoding="utf-8")
    assert parse_overrides(str(f)) == {"a.gov.vn": "http://127.0.0.1:3/"}
    with pytest.raises(ConfigError):
        parse_overrides("a.gov.vn:http://x")
    targets = select_targets(["a.gov.vn", "c.gov.vn"], {"a.gov.vn": "http://127.0.0.1:3/"})
    assert [(t.name, t.base_url) for t in targets] == [("a.gov.vn", "http://127.0.0.1:3/"),
                                                        ("c.gov.vn", "https://c.gov.vn/")]


def test_demo_names_its_skins(tmp_path):
    out = vks("demo", "--skin", "no-such-skin", "--data-dir", str(tmp_path), check=False)
    assert out.returncode == 2 and "vnpt" in out.stderr
