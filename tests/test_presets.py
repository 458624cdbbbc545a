"""CMS family presets: each loads and validates, profiles extend them, their URL rules hold, bad keys are
named with their file and field."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.errors import ProfileError
from pipeline.sites import Profile, load_preset, load_profile, presets, profile_for

FAMILIES = {"nukeviet", "wordpress", "joomla", "drupal", "sharepoint", "liferay", "vnpt", "asp", "generic"}
BASE = "https://vks.example.vn/"


def test_every_family_has_a_valid_preset():
    assert set(presets()) == FAMILIES
    for family in FAMILIES:
        p = load_preset(family)
        assert p.family == family and p.date_order == "day-first"
        assert p.source == f"pipeline/sites/presets/{family}.toml"
        assert family == "generic" or p.url_pattern is not None


def test_profile_for_and_from_preset():
    p = profile_for(BASE, "wordpress", owner="Viện kiểm sát nhân dân tỉnh Mẫu")
    assert p.start_pages == ("/",) and p.start_urls() == [BASE]
    assert p.name == "vks-example" and p.owner == "Viện kiểm sát nhân dân tỉnh Mẫu"
    assert (p.api, p.sitemaps, p.feeds) == ("wordpress", ("/wp-sitemap.xml", "/?sitemap=index"), ("/feed/", "/?feed=rss2"))
    q = Profile.from_preset("nukeviet", BASE, name="mau")
    assert q.name == "mau" and q.family == "nukeviet" and "/sitemap-vi.news.xml" in q.sitemaps
    with pytest.raises(ProfileError, match="unknown family preset 'typo3'"):
        profile_for(BASE, "typo3")


@pytest.mark.parametrize("family, url, article_id", [
    ("nukeviet", "vi/news/hoat-dong/hoi-nghi-1039.html", "1039"),
    ("nukeviet", "vi/news/hoat-dong/hoi-nghi-1039/", "1039"),
    ("nukeviet", "index.php?language=vi&nv=news&op=hoat-dong/hoi-nghi-1039", "1039"),
    ("nukeviet", "vi/news/print/hoat-dong/hoi-nghi-1039.html", "1039"),
    ("nukeviet", "vi/news/tag/kiem-sat-1", None),
    ("nukeviet", "vi/news/hoat-dong/page-2/", None),
    ("wordpress", "?p=12", "12"),
    ("wordpress", "2025/08/12/phien-toa/", "phien-toa"),
    ("wordpress", "2025/08/12/phien-toa/?replytocom=4", "phien-toa"),
    ("wordpress", "2025/08/12/phien-toa/amp/", "phien-toa"),
    ("wordpress", "2025/08/", None),
    ("wordpress", "tag/hinh-su/", None),
    ("wordpress", "category/tin-tuc/page/2/", None),
    ("joomla", "index.php/tin-tuc/123-hoi-nghi", "123"),
    ("joomla", "index.php/tin-tuc/123-hoi-nghi?tmpl=component&print=1&layout=default", "123"),
    ("joomla", "index.php?option=com_content&view=article&id=55:hoi-nghi&catid=2&Itemid=3", "55"),
    ("joomla", "index.php?option=com_content&view=category&id=5", None),
    ("joomla", "index.php?option=com_search&searchword=abc", None),
    ("drupal", "node/12", "12"),
    ("drupal", "node/12/edit", None),
    ("drupal", "taxonomy/term/3", None),
    ("sharepoint", "vks/Pages/hoi-nghi.aspx", "hoi-nghi"),
    ("sharepoint", "vks/Pages/chi-tiet.aspx?ItemID=12", "12"),
    ("sharepoint", "vks/Pages/default.aspx", None),
    ("liferay", "web/vksnd/tin/-/asset_publisher/Ab12/content/hoi-nghi", "hoi-nghi"),
    ("liferay", "web/vksnd/tin/-/asset_publisher/Ab12/content/hoi-nghi/20143/maximized?redirect=x", "hoi-nghi"),
    ("liferay", "web/vksnd/tin/-/asset_publisher/Ab12/content/id/5567;jsessionid=AB12", "5567"),
    ("vnpt", "hoi-nghi_1234_7_2_a.html", "1234"),
    ("vnpt", "tin-hoat-dong_2_2_c.html", None),
    ("asp", "newsdetail.asp?newsID=77", "77"),
    ("asp", "(S(abcd1234))/Noidung_TinTuc.aspx?IDTintuc=88", "88"),
    ("asp", "chitietbantin.aspx?MaTin=5", "5"),
    ("asp", "Article/99/hoi-nghi", "99"),
])
def test_family_url_rules(family, url, article_id):
    p = profile_for(BASE, family)
    found = p.match_article(p.article_url(BASE + url))
    assert (found or {}).get("article_id") == article_id


def test_article_url_maps_duplicates_back_and_keeps_other_parameters_as_written():
    nv = profile_for(BASE, "nukeviet")
    assert nv.article_url(BASE + "vi/news/savefile/hoat-dong/hoi-nghi-1039.html") == BASE + "vi/news/hoat-dong/hoi-nghi-1039.html"
    assert nv.article_url(BASE + "index.php?nv=news&op=hoat-dong/hoi-nghi-1039") == BASE + "index.php?nv=news&op=hoat-dong/hoi-nghi-1039"
    wp = profile_for(BASE, "wordpress")
    assert wp.article_url(BASE + "2025/08/12/a/?replytocom=3&utm_source=fb") == BASE + "2025/08/12/a/"
    assert wp.is_listing(BASE + "category/tin-tuc/") and not wp.is_listing(BASE + "2025/08/12/a/")


def test_a_site_profile_extends_a_preset(tmp_path):
    path = tmp_path / "mau.toml"
    path.write_text('name = "mau"\nextends = "wordpress"\nbase_url = "https://mau.gov.vn/"\n'
                    'start_pages = ["/category/tin-tuc/"]\n[article]\nbody = "div.noi-dung"\n'
                    '[urls]\ndrop_params = ["sid"]\n', encoding="utf-8")
    p = load_profile(str(path))
    assert p.family == "wordpress" and p.api == "wordpress"
    assert p.selectors["body"] == "div.noi-dung" and p.selectors["title"][0] == "article h1.entry-title"
    assert p.drop_params == ("sid",) and p.print_patterns  # [urls] keys override one by one
    assert p.match_article("https://mau.gov.vn/?p=5") == {"article_id": "5"}


def test_vkskh_is_a_vnpt_portal():
    p = load_profile("vkskh")
    assert p.family == "vnpt" and p.selectors["title"] == "h1.news-title"


def test_wordpress_preset_reads_the_time_element(tmp_path):
    from pipeline.parse import parse_article

    html = ("<html><body><article class='post'><h1 class='entry-title'>Phiên tòa</h1><div class='entry-content'>"
            "<p>Đoạn một của bài.</p></div><footer class='entry-footer'><time class='entry-date published' "
            "datetime='2025-08-12T08:30:00+07:00'>12 Tháng Tám, 2025</time></footer></article></body></html>")
    art = parse_article(html, BASE + "2025/08/12/phien-toa/", profile_for(BASE, "wordpress"))
    assert (art.title, art.published, art.body) == ("Phiên tòa", date(2025, 8, 12), "Đoạn một của bài.")


def test_declared_date_formats_win_over_day_first(tmp_path):
    from pipeline.parse import parse_article

    path = tmp_path / "d.toml"
    path.write_text('name = "d"\nextends = "drupal"\nbase_url = "https://d.vn/"\nstart_pages = ["/node"]\n'
                    'date_formats = ["%a, %m/%d/%Y - %H:%M"]\n', encoding="utf-8")
    html = ("<html><body><h1 class='page-title'>Tin</h1><div class='node__meta'>Tue, 08/12/2025 - 08:30</div>"
            "<div class='node__content'><p>Nội dung.</p></div></body></html>")
    assert parse_article(html, "https://d.vn/node/1", load_profile(str(path))).published == date(2025, 8, 12)


GOOD = 'name = "x"\nbase_url = "https://x.gov.vn/"\nstart_pages = ["/a"]\n'


@pytest.mark.parametrize("text, message", [
    (GOOD + 'family = "Word Press"\n', "family must be a preset name"),
    (GOOD + 'date_order = "month-first"\n', "date_order must be one of ['day-first']"),
    (GOOD + 'date_formats = ["dd/mm/yyyy"]\n', "date_formats: 'dd/mm/yyyy' is not a strptime format"),
    (GOOD + "[discovery]\nsitemap = ['/s.xml']\n", "unknown keys in [discovery]: ['sitemap']"),
    (GOOD + "[discovery]\nsitemaps = ['s.xml']\n", "discovery.sitemaps: 's.xml' must be a path starting with '/'"),
    (GOOD + "[discovery]\nfeeds = '/feed/'\n", "discovery.feeds must be a list of non-empty strings"),
    (GOOD + "[discovery]\napi = 'joomla'\n", "discovery.api must be one of ['', 'wordpress']"),
    (GOOD + "[discovery]\nnext_page_pattern = '(page'\n", "discovery.next_page_pattern = '(page' is not a valid regex"),
    (GOOD + "[article]\nexclude_patterns = ['/tag/', '[']\n", "article.exclude_patterns[1] = '[' is not a valid regex"),
    (GOOD + "[urls]\ndrop_param = ['x']\n", "unknown keys in [urls]: ['drop_param']"),
    (GOOD + "[urls]\nprint_patterns = [['/print/']]\n", "urls.print_patterns[0] must be a [regex, replacement] pair"),
    (GOOD + "[urls]\nprint_patterns = [['/print/', '\\\\1']]\n", "names group '1', which the regex does not have"),
    (GOOD + 'extends = "wordpres"\n', "extends = 'wordpres': unknown site 'wordpres'"),
])
def test_bad_family_keys_name_the_file_and_field(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        load_profile(str(path))
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_a_broken_preset_is_named(tmp_path, monkeypatch):
    (tmp_path / "x.toml").write_text('extends = "nukeviet"\n' + GOOD + "[discovery]\napi = 'rest'\n", encoding="utf-8")
    monkeypatch.setenv("VKS_SITES_DIR", str(tmp_path))
    with pytest.raises(ProfileError, match="x.toml: discovery.api"):
        load_profile("x")


def test_a_preset_is_not_a_site():
    with pytest.raises(ProfileError, match='family preset, not a site: start a profile with extends = "joomla"'):
        load_profile("joomla")
