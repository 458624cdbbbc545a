"""Family detection on small hand-written pages and headers: one case per family, and generic."""

from __future__ import annotations

import pytest

from pipeline.sites import presets
from pipeline.sites.families import GENERIC, Page, detect, signals

URL = "https://vks.example.vn/"


def page(body: str, head: str = "", headers=None, url: str = URL) -> Page:
    html = f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    return Page(url, 200, headers or {}, html)


CASES = {
    "nukeviet": page(
        "<a href='/vi/news/tin-tuc/hoi-nghi-tong-ket-1039.html'>Hội nghị</a>"
        "<script>var nv_base_siteurl=\"/\",nv_name_variable=\"nv\",nv_fc_variable=\"op\";</script>",
        head="<meta name='generator' content='NukeViet v4.5'><link rel='stylesheet' href='/themes/default/css/a.css'>",
        headers=[("Set-Cookie", "nv4c_Ab3xY_sess=1; path=/")]),
    "wordpress": page(
        "<a href='/2025/08/12/hoi-nghi/'>Hội nghị</a><img src='/wp-content/uploads/2025/08/a.jpg'>",
        head="<meta name='generator' content='WordPress 6.6'><script src='/wp-includes/js/jquery.js'></script>",
        headers={"Link": '<https://vks.example.vn/wp-json/>; rel="https://api.w.org/"'}),
    "joomla": page(
        "<a href='/index.php/tin-tuc/123-hoi-nghi'>Hội nghị</a>",
        head="<meta name='generator' content='Joomla! - Open Source Content Management'>"
             "<script src='/media/jui/js/jquery.min.js'></script>"),
    "drupal": page(
        "<a href='/node/12'>Hội nghị</a>",
        head="<link rel='stylesheet' href='/sites/default/files/css/a.css'>",
        headers={"X-Generator": "Drupal 10 (https://www.drupal.org)"}),
    "sharepoint": page(
        "<form><input type='hidden' name=\"__VIEWSTATE\" value='x'></form><div class='s4-breadcrumb'></div>"
        "<a href='/vks/Pages/hoi-nghi.aspx'>Hội nghị</a>",
        head="<link rel='stylesheet' href='/_layouts/15/1033/styles/corev15.css'>",
        headers={"SPRequestGuid": "0b1c2d3e-aaaa-bbbb-cccc-000000000000", "X-Powered-By": "ASP.NET"}),
    "liferay": page(
        "<a href='/web/vksnd/tin-tuc/-/asset_publisher/Ab12Cd/content/hoi-nghi'>Hội nghị</a>",
        headers={"Liferay-Portal": "Liferay Community Edition Portal 7.4.3.25 CE GA25"}),
    "vnpt": page(
        "<a href='/hoi-nghi-tong-ket_1234_7_2_a.html'>Hội nghị</a><a href='/tin-hoat-dong_2_2_c.html'>Tin</a>"),
    "asp": page(
        "<a href='/newsdetail.asp?newsID=77'>Hội nghị</a>",
        headers=[("Set-Cookie", "ASPSESSIONIDQATRBSDA=KJHGFDSA; path=/"), ("X-Powered-By", "ASP.NET")]),
}


@pytest.mark.parametrize("family", sorted(CASES))
def test_each_family_is_named_with_its_evidence(family):
    found = detect([CASES[family]])
    assert found.family == family, found
    assert found.evidence and all(URL in line for line in found.evidence)
    assert found.scores[family] == max(found.scores.values())


def test_generator_evidence_says_what_was_seen():
    found = detect([CASES["nukeviet"]])
    assert any("NukeViet generator" in e and "NukeViet v4.5" in e for e in found.evidence)


def test_plain_page_is_generic():
    found = detect([page("<nav><a href='/gioi-thieu'>Giới thiệu</a></nav><p>Xin chào</p>")])
    assert found.family == GENERIC
    assert "minimum score" in found.evidence[0]


def test_one_weak_signal_is_not_enough():
    found = detect([page("", headers={"X-Powered-By": "ASP.NET"})])
    assert found.family == GENERIC and found.scores == {"asp": 2.0}


def test_signals_spread_over_several_pages_add_up():
    home = page("<a href='/tin/a-1.html'>x</a>", headers={"X-Powered-By": "ASP.NET"})
    article = page("<form><input name=\"__VIEWSTATE\" type='hidden'></form>", url=URL + "tin/a-1.html")
    assert detect([home, article]).family == "asp"


def test_tuples_are_pages_too_and_links_off_host_do_not_count():
    off_host = ("https://other.vn/", 200, {}, "<a href='https://elsewhere.vn/node/1'>x</a><a href='https://elsewhere.vn/node/2'>y</a>")
    assert detect([off_host]).family == GENERIC


def test_signals_are_data_for_preset_families_only():
    min_score, sigs = signals()
    assert min_score > 0
    assert {s.family for s in sigs} <= set(presets())
    assert {s.family for s in sigs} == set(presets()) - {GENERIC}
