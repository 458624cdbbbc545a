from __future__ import annotations

import pytest

from pipeline.errors import ProfileError
from pipeline.sites import available, load_profile


def test_bundled_profiles_load():
    assert {"vkskh", "sample"} <= set(available())
    vkskh = load_profile("vkskh")
    assert vkskh.owner == "Viện kiểm sát nhân dân tỉnh Khánh Hòa"
    assert vkskh.match_article("https://vkskh.gov.vn/hoi-nghi-tong-ket_1234_7_2_a.html") == {
        "slug": "hoi-nghi-tong-ket", "article_id": "1234", "category_id": "7"}
    assert vkskh.match_article("https://elsewhere.vn/hoi-nghi_1234_7_2_a.html") is None
    sample = load_profile("sample", "http://127.0.0.1:9999")
    assert sample.base_url == "http://127.0.0.1:9999/"
    assert sample.selectors == vkskh.selectors  # extends vkskh
    assert sample.delay == 0.0


def write(tmp_path, text: str):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


GOOD = 'name = "x"\nbase_url = "https://x.gov.vn/"\nstart_pages = ["/a"]\n'


@pytest.mark.parametrize(
    "text, message",
    [
        ('name = "x"\nstart_pages = ["/a"]\n', "missing required key 'base_url'"),
        ('name = "x"\nbase_url = "ftp://x"\nstart_pages = ["/a"]\n', "base_url must be an http(s) URL"),
        ('name = "x"\nbase_url = "https://x.gov.vn/"\nstart_pages = []\n', "start_pages must be a non-empty list"),
        (GOOD + "[article]\ntitle = 'h1[[['\n", "article.title = 'h1[[[' is not a valid CSS selector"),
        (GOOD + "[article]\nurl_pattern = '(unclosed'\n", "article.url_pattern is not a valid regex"),
        (GOOD + "[article]\nurl_pattern = '/(\\d+)'\n", "named group (?P<article_id>"),
        (GOOD + "[article]\ntitel = 'h1'\n", "unknown keys in [article]: ['titel']"),
        (GOOD + "delay = -1\n", "delay must be a non-negative number"),
        (GOOD + "colour = 1\n", "unknown keys ['colour']"),
        ("name = ", "not valid TOML"),
    ],
)
def test_invalid_profiles_name_the_file_and_field(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    assert message in str(err.value)
    assert path in str(err.value)


def test_unknown_site_lists_the_known_ones():
    with pytest.raises(ProfileError, match="known sites: .*vkskh"):
        load_profile("nowhere")


def test_extends_loop_is_refused(tmp_path, monkeypatch):
    (tmp_path / "a.toml").write_text('extends = "b"\n' + GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text('extends = "a"\n' + GOOD, encoding="utf-8")
    monkeypatch.setenv("VKS_SITES_DIR", str(tmp_path))
    with pytest.raises(ProfileError, match="loops"):
        load_profile("a")
