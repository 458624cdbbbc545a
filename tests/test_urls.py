"""One article, one key: every URL form a portal gives one article leads to the same article key."""

from __future__ import annotations

import pytest

from pipeline.scrape.urls import article_key, canonical_url, page_canonical

PROFILE = {"base_url": "https://vksdaklak.gov.vn/",
           "urls": {"print_patterns": [["^/vi/news/print/", "/vi/news/"]], "drop_params": ["lang"]}}
KEY = "vksdaklak.gov.vn/vi/news/tin-tuc/hoi-nghi-12.html"


@pytest.mark.parametrize("url", [
    "https://vksdaklak.gov.vn/vi/news/tin-tuc/hoi-nghi-12.html",
    "http://vksdaklak.gov.vn/vi/news/tin-tuc/hoi-nghi-12.html",                   # http / https
    "https://www.vksdaklak.gov.vn/vi/news/tin-tuc/hoi-nghi-12.html",              # www. / bare
    "https://VKSDAKLAK.gov.vn:443/vi/news/tin-tuc/hoi-nghi-12.html",              # default port, case
    "http://vksdaklak.gov.vn:80/vi/news/tin-tuc/hoi-nghi-12.html",
    "https://vksdaklak.gov.vn/vi/news/tin-tuc/hoi-nghi-12.html#binh-luan",        # fragment
    "https://vksdaklak.gov.vn/vi/news/tin-tuc/hoi-nghi-12.html/",                 # trailing slash
    "https://vksdaklak.gov.vn/vi/news/print/tin-tuc/hoi-nghi-12.html",            # print view (preset rule)
    "https://vksdaklak.gov.vn/vi/news/tin-tuc/hoi-nghi-12.html/amp/",             # AMP page
    "https://vksdaklak.gov.vn/vi/news/tin-tuc/hoi-nghi-12.html?amp",
    "https://vksdaklak.gov.vn/vi/news/tin-tuc/hoi-nghi-12.html?amp=1",
    "https://vksdaklak.gov.vn/vi/news/tin-tuc/hoi-nghi-12.html?replytocom=381",   # comment reply link
    "https://vksdaklak.gov.vn/vi/news/tin-tuc/hoi-nghi-12.html?utm_source=fb&utm_medium=social",
    "https://vksdaklak.gov.vn/(S(x1y2z3abcdefgh))/vi/news/tin-tuc/hoi-nghi-12.html",  # cookieless ASP.NET
    "https://vksdaklak.gov.vn/vi/news/tin-tuc/hoi-nghi-12.html;jsessionid=0A1B2C",
    "https://vksdaklak.gov.vn/vi/news/tin-tuc/hoi-nghi-12.html?PHPSESSID=abc&sid=9",
    "https://vksdaklak.gov.vn/vi/news/tin-tuc/hoi-nghi-12.html?ASPSESSIONIDQABCD=XYZ",
    "https://vksdaklak.gov.vn/vi/news/tin-tuc/hoi-nghi-12.html?lang=vi",          # preset drop_params
])
def test_every_form_leads_to_one_key(url):
    assert article_key(url, PROFILE) == KEY


def test_real_differences_stay_different():
    assert article_key("http://h.vn/newsdetail.asp?newsID=12") != article_key("http://h.vn/newsdetail.asp?newsID=13")
    assert article_key("http://h.vn/?p=5") != article_key("http://h.vn/?p=6")
    # parameter order does not matter
    assert article_key("http://h.vn/a.aspx?b=2&a=1") == article_key("http://h.vn/a.aspx?a=1&b=2")


def test_joomla_print_view_folds():
    base = "http://h.vn/index.php?option=com_content&view=article&id=5&catid=2"
    assert article_key(base + "&tmpl=component&print=1&layout=default") == article_key(base)


def test_canonical_url_takes_the_profiles_scheme():
    assert canonical_url("http://www.vksdaklak.gov.vn/a-1.html", PROFILE) == "https://vksdaklak.gov.vn/a-1.html"


def test_page_canonical_and_shortlink():
    hosts = {"h.vn"}
    page = '<link rel="canonical" href="https://www.h.vn/2025/08/12/slug/"><link rel="shortlink" href="/?p=5">'
    assert page_canonical(page, "http://h.vn/?p=5", hosts) == "https://www.h.vn/2025/08/12/slug/"
    assert page_canonical('<link rel="shortlink" href="/?p=5">', "http://h.vn/x", hosts) == "http://h.vn/?p=5"
    # a canonical on another site, or one pointing every page at the home page, is ignored
    assert page_canonical('<link rel="canonical" href="http://other.vn/a-1.html">', "http://h.vn/a-1.html", hosts) is None
    assert page_canonical('<link rel="canonical" href="http://h.vn/">', "http://h.vn/a-1.html", hosts) is None
