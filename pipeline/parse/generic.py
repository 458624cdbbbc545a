"""Articles from pages no profile describes: title, day-first date, body without the page chrome.

- title: the page's h1 when the og:title or <title> confirms it, else og:title, else the h1, else <title>,
  with " - Site name" suffixes taken off;
- date: the printed date line under the title ("Thứ hai - 12/08/2025 08:30") first, because NukeViet's
  ``itemprop=datePublished`` is the edit time and its ``article:published_time`` is malformed; then
  ``time[datetime]``, then metadata, then the first date in the text, then htmldate on the page without
  its chrome. Always day-first;
- body: trafilatura (``favor_precision``, no comments) on the page with menus, related-news lists,
  comments, share bars and footers removed first.
"""

from __future__ import annotations

import re
from datetime import date

from bs4 import BeautifulSoup, Tag

from ..errors import ParseError
from ..text import comparable
from .dates import first_date_in_text, parse_date, parse_day_first

_WS = re.compile(r"[\s\u00a0\u200b\ufeff]+")
# class or id tokens of page chrome (whole tokens or their dash/underscore parts)
_CHROME = re.compile(
    r"^(?:.*[-_])?(?:related|other|others|lienquan|tinkhac|tin-khac|comments?|binhluan|share|sharing|social|"
    r"breadcrumbs?|menu|nav|navbar|navigation|sidebar|footer|banner|ads|advert|quangcao|tags?|rating|"
    r"pagination|paging|pager|toolbar|print)(?:[-_].*)?$", re.I)
_CHROME_TAGS = ("nav", "footer", "aside", "iframe", "script", "style", "noscript")  # not form: WebForms wrap pages in one
_SEPARATORS = re.compile(r"\s+(?:-|\||–|—|::|»)\s+")
_SITE_WORDS = re.compile(r"(?i)viện kiểm sát|vksnd|\bvks|cổng thông tin|trang thông tin|portal|\.vn\b|\.gov\b")
_DATE_LINE_MAX = 80  # a printed date line is short; a longer text is a sentence that mentions a date
_DATE_HINT = re.compile(r"(?i)date|time|ngay|posted|published|submitted|meta")


def clean(text: str) -> str:
    return _WS.sub(" ", text or "").strip()


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        el = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name}) \
            or soup.find("meta", attrs={"itemprop": name})
        if el is not None and clean(el.get("content", "")):
            return clean(el["content"])
    return None


def strip_site_suffix(title: str, site_name: str | None = None) -> str:
    """'Hội nghị tổng kết - Viện kiểm sát nhân dân tỉnh X' -> 'Hội nghị tổng kết'."""
    parts = _SEPARATORS.split(title)
    while len(parts) > 1:
        tail = parts[-1]
        named = site_name and comparable(tail) == comparable(site_name)
        if named or (_SITE_WORDS.search(tail) and len(" ".join(parts[:-1])) >= 5):
            parts = parts[:-1]
        else:
            break
    return " - ".join(parts) if len(parts) > 1 else parts[0]


def _main_h1(soup: BeautifulSoup) -> Tag | None:
    headline = soup.find(attrs={"itemprop": "headline"})
    if isinstance(headline, Tag) and clean(headline.get_text()):
        return headline
    h1s = [h for h in soup.find_all("h1") if clean(h.get_text())]
    inside = [h for h in h1s if h.find_parent(["article", "main"]) is not None]
    return (inside or h1s or [None])[0]


def find_title(soup: BeautifulSoup) -> str:
    site = _meta(soup, "og:site_name")
    og = _meta(soup, "og:title")
    page_title = clean(soup.title.get_text()) if soup.title else ""
    h1s = [clean(h.get_text()) for h in soup.find_all(["h1"]) if clean(h.get_text())]
    headline = _main_h1(soup)
    if headline is not None:
        h1s.insert(0, clean(headline.get_text()))
    # an h1 that the og:title or <title> (site name taken off) begins with is the article's, not the logo's
    confirmations = [comparable(strip_site_suffix(t, site)) for t in ([og] if og else [page_title]) if t]
    for h in h1s:
        key = comparable(h)
        if len(key) > 3 and any(c.startswith(key) and len(key) >= 0.6 * len(c) for c in confirmations):
            return h
    if og:
        return strip_site_suffix(og, site)
    if headline is not None:
        return clean(headline.get_text())
    return strip_site_suffix(page_title, site)


def _title_anchor(soup: BeautifulSoup) -> Tag | None:
    """The element holding the article's title: its h1, else (table layouts with no h1, legacy portals) the
    element whose text is the title that og:title or <title> gives."""
    h1 = _main_h1(soup)
    if h1 is not None:
        return h1
    title = comparable(find_title(soup))
    if len(title) < 8:
        return None
    for text in soup.body.find_all(string=True) if soup.body else ():
        if text.parent is not None and text.parent.name not in ("script", "style", "title", "a") and \
                comparable(clean(str(text))) == title:
            return text.parent
    return None


def _printed_date(soup: BeautifulSoup, formats: tuple[str, ...]) -> date | None:
    """The short date line just under the title, or in a date-classed element near it."""
    h1 = _title_anchor(soup)
    if h1 is None:
        return None
    seen = 0
    for text in h1.find_all_next(string=True):
        if text.parent is not None and text.parent.name in ("script", "style") or h1 in text.parents:
            continue
        line = clean(str(text))
        if not line:
            continue
        if len(line) > 200 or any(_is_chrome(p) for p in text.parents if isinstance(p, Tag)):
            break  # the body has begun, or a related-news list: a date there is not this article's
        seen += len(line)
        if len(line) <= _DATE_LINE_MAX and (found := parse_date(line, formats)):
            return found
        if seen > 600:
            break
    box = h1
    for _ in range(4):  # date above the title: a date-classed element in the title's containers
        box = box.parent if box.parent is not None else box
        for el in box.find_all(attrs={"class": _DATE_HINT}):
            line = clean(el.get_text(" "))
            if len(line) <= _DATE_LINE_MAX and (found := parse_date(line, formats)):
                return found
    return None


def find_published(soup: BeautifulSoup, html: str, formats: tuple[str, ...] = (),
                   body_text: str = "") -> tuple[date | None, str | None]:
    """The publication date and where it was read: page | time | meta | text | htmldate (or None, None)."""
    printed = _printed_date(soup, formats)
    if printed:
        return printed, "page"
    times = soup.select("time.published[datetime], time[itemprop=datePublished][datetime]") or \
        soup.select("article time[datetime], main time[datetime]") or soup.select("time[datetime]")
    for t in times:
        if found := parse_day_first(t["datetime"]):
            return found, "time"
    # NukeViet's itemprop=datePublished is the edit time: the last resort among the metadata
    value = _meta(soup, "article:published_time", "og:published_time", "pubdate", "dc.date", "DC.date.issued",
                  "date", "datePublished")
    if value and (found := parse_day_first(value)):
        return found, "meta"
    if body_text and (found := first_date_in_text(body_text)):
        return found, "text"
    # htmldate last: with original_date it takes the oldest date anywhere on the page, which on a page whose
    # only dates are in its text is a cited document's ("Nghị quyết số 57-NQ/TW ngày 22/12/2024")
    try:
        from htmldate import find_date

        # not extensive: reached here, the page prints no date in its text, and htmldate's extensive search then
        # guesses from image paths and copyright lines; a wrong date is worse than none
        found_text = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate on a broken page: no date from it
        found_text = None
    if found_text and (found := parse_day_first(found_text)):
        return found, "htmldate"
    return None, None


_LEAF_BLOCKS = ("p", "div", "h2", "h3", "h4", "strong", "b", "em", "span", "section")
_LEAD_MIN = 60  # shorter texts between the title and the body are date lines, bylines, captions


def find_lead(soup: BeautifulSoup, first_paragraph: str) -> str:
    """The lead (sapo) between the title and the body's first paragraph, when the extraction left it out.

    Precision-minded extraction often drops it: it sits outside the body's container."""
    h1 = _title_anchor(soup)
    if h1 is None or not first_paragraph:
        return ""
    first = comparable(first_paragraph)[:80]
    for i, el in enumerate(h1.find_all_next(_LEAF_BLOCKS)):
        if i > 40 or any(_is_chrome(p) for p in [el, *el.parents] if isinstance(p, Tag)):
            break
        if el.find(["p", "div", "h2", "h3", "h4", "section", "ul", "table"]) is not None:
            continue  # a container: its own blocks are visited next
        text = clean(el.get_text(" "))
        key = comparable(text)
        if first and key.startswith(first[:60]):
            return ""  # the body begins here: nothing stood between
        if len(text) >= _LEAD_MIN:
            return text
    return ""


def _is_chrome(el: Tag) -> bool:
    tokens = [*(el.get("class") or []), el.get("id") or ""]
    return any(t and _CHROME.match(t) for t in tokens)


def strip_chrome(soup: BeautifulSoup, keep: Tag | None = None) -> None:
    """Remove menus, footers, related lists, comments and share bars (never an ancestor of ``keep``)."""
    protected = set(keep.parents) | {keep} if keep is not None else set()
    for el in soup.find_all(_CHROME_TAGS):
        if el not in protected and not el.decomposed:
            el.decompose()
    for el in soup.find_all(True):
        if el.decomposed or el in protected:
            continue
        if _is_chrome(el):
            el.decompose()


def _trafilatura(html: str, url: str) -> dict:
    import trafilatura

    for precise in (True, False):  # a short article may fall under the precise mode's thresholds
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=precise)
        if doc is not None:
            data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
            if (data.get("text") or "").strip():
                return data
    return {}


def extract_generic(html: str, url: str, date_formats: tuple[str, ...] = ()):
    """A ParsedArticle from any article page; ParseError when no title or no body is found."""
    from .article import ParsedArticle

    soup = BeautifulSoup(html, "lxml")
    title = find_title(soup)
    category = _meta(soup, "article:section")
    printed_soup = BeautifulSoup(html, "lxml")  # the date is read before the chrome (entry footers) goes
    strip_chrome(soup, keep=_main_h1(soup))
    cleaned = str(soup)
    data = _trafilatura(cleaned, url)
    paras = [clean(p) for p in (data.get("text") or "").split("\n") if clean(p)]
    title = title or clean(data.get("title") or "")
    while paras and title and comparable(paras[0]) == comparable(title):
        paras.pop(0)
    while paras and len(paras[0].split()) <= 6 and parse_date(paras[0].strip("()[] ")):
        paras.pop(0)  # the printed date line "(Ngày 10/10/2024)" is no paragraph of the body
    lead = find_lead(printed_soup, paras[0]) if paras else ""
    if lead and any(comparable(lead) == comparable(p) for p in paras):
        lead = ""
    if not title or not paras:
        raise ParseError(f"{url}: no article found by generic extraction (title: {bool(title)}, "
                         f"body paragraphs: {len(paras)})")
    published, source = find_published(printed_soup, cleaned, date_formats, "\n".join([lead, *paras]))
    cats = data.get("categories") or []
    return ParsedArticle(
        url=url, title=title, lead=lead, body="\n\n".join(paras), author=data.get("author"),
        category=category or (cats[0] if cats else None), published=published, date_source=source,
        method="trafilatura",
    )
