"""Which URLs of a portal are articles.

A preset's ``[article] url_pattern`` (less its ``exclude_patterns``) decides when the family has one.
Otherwise the site's own URLs teach it (:func:`learn_templates`): a portal's article URLs share one shape
with a numeric id (``-1234.html``, ``_1234_2_2_a.html``, ``/node/1234``, ``?newsID=1234``,
``/2025/08/12/slug/``) and listings link many of them, while tag, search, print and paging URLs take other
shapes or carry no id. The URL only makes a page a candidate: the page itself must still look like an
article (``looks_like_article``) before it becomes a row.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

import courlan

# query parameters that page through listings: a number there is a page, not an article id
PAGE_PARAMS = {"page", "paged", "start", "limitstart", "offset", "trang", "pg", "p_p_id", "cur", "pagenumber"}
# path words of pages that are never articles (listings by tag, search, print and file views, feeds, users)
NOT_ARTICLE = re.compile(
    r"/(?:tag|tags|search|tim-kiem|timkiem|print|in-bai-viet|savefile|rss|feed|atom|author|login|dang-nhap|"
    r"user|users|wp-admin|wp-login\.php|wp-json|sitemap[^/]*|topic|groups|comment|comments|lien-he|contact)"
    r"(?:/|$|\.|\?)", re.I)
_FILES = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|ico|css|js|pdf|docx?|xlsx?|pptx?|zip|rar|7z|mp[34]|avi|"
                    r"xml|json|txt)$", re.I)
_EXT = re.compile(r"\.(html?|aspx?|php|jsp|cfm)$", re.I)


def _segment_shape(seg: str) -> str:
    """One path segment's shape: ``#`` an id, ``a`` a slug (words and numbers joined by hyphens),
    ``a-#`` a slug ending in an id, ``#-a`` an id then a slug; ``page-#`` a listing page."""
    if not seg:
        return ""
    if seg.isdigit():
        return "#"
    if re.fullmatch(r"(?:page|trang)[-_]?\d+", seg, re.I):
        return "page-#"
    if "_" in seg:  # vkskh-like: slug_id_cat_2_a; the slug may end in a year, it is still the slug
        return "_".join("#" if p.isdigit() else "a" if p else "" for p in seg.split("_"))
    if re.fullmatch(r"\d+-[\w-]*[^\W\d_][\w-]*", seg):
        return "#-a"
    if re.fullmatch(r"[\w-]*[^\W\d_][\w-]*-\d+", seg):
        return "a-#"
    if re.fullmatch(r"[\w-]+", seg):
        return "a"
    return re.sub(r"[^\W\d_]+", "a", re.sub(r"\d+", "#", seg))


def url_shape(url: str) -> str:
    """The shape of a URL: ids become ``#``, slugs ``a``; separators, file extensions and query
    parameter names stay as they are."""
    parts = urlsplit(url)
    path = parts.path or "/"
    ext = ""
    m = _EXT.search(path)
    if m:
        path, ext = path[: m.start()], m.group(0).lower()
    shape = "/".join(_segment_shape(seg) for seg in path.split("/")) + ext
    if parts.query:
        marks = [f"{k.lower()}={'#' if v.isdigit() else 'a' if v else ''}"
                 for k, v in sorted(parse_qsl(parts.query, keep_blank_values=True), key=lambda kv: kv[0].lower())]
        shape += "?" + "&".join(marks)
    return shape


def _ids(url: str) -> list[int]:
    """The numbers of a URL that can be article ids (not page numbers)."""
    parts = urlsplit(url)
    nums = [int(n) for n in re.findall(r"\d+", parts.path)]
    for k, v in parse_qsl(parts.query):
        if k.lower() not in PAGE_PARAMS and v.isdigit():
            nums.append(int(v))
    return nums


@dataclass(frozen=True)
class Template:
    shape: str
    count: int  # distinct URLs of this shape seen


def candidate(url: str) -> bool:
    """False for URLs that are never articles: files, feeds, tags, search, print views, logins."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or _FILES.search(parts.path):
        return False
    if NOT_ARTICLE.search(parts.path) or courlan.is_not_crawlable(url):
        return False
    return not any(k.lower() in ("s", "q", "searchword", "keyword", "tukhoa") for k, _ in parse_qsl(parts.query))


def learn_templates(urls: Iterable[str], min_count: int = 3) -> list[Template]:
    """The article URL shapes of a site, learnt from the URLs its pages link (duplicates count once).

    A shape qualifies when it carries an id (a number outside the paging parameters), at least
    ``min_count`` distinct URLs take it, its ids are not all small page-like numbers, and it holds at
    least a third as many URLs as the commonest qualifying shape.
    """
    groups: dict[str, set[str]] = defaultdict(set)
    for url in urls:
        if candidate(url):
            groups[url_shape(url)].add(url)
    scored = []
    for shape, members in groups.items():
        ids = [tuple(n) for n in (_ids(u) for u in members) if n]
        if len(ids) < min_count or len(set(ids)) < min_count:
            continue
        if max(max(n) for n in ids) < 30:  # pages 2..9 of a listing, not articles
            continue
        scored.append(Template(shape, len(members)))
    if not scored:
        return []
    top = max(t.count for t in scored)
    return sorted((t for t in scored if t.count * 3 >= top), key=lambda t: -t.count)


def matches(templates: list[Template], url: str) -> bool:
    shape = url_shape(url)
    return any(t.shape == shape for t in templates)


class ArticleRule:
    """Decides whether a URL is an article candidate: the preset's pattern, else learnt templates.

    ``observe`` feeds it the links seen on the site; templates are learnt again as the set grows.
    """

    def __init__(self, pattern: re.Pattern | None = None, exclude: Iterable[re.Pattern] = ()):
        self.pattern = pattern
        self.exclude = list(exclude)
        self.seen: set[str] = set()
        self.templates_: list[Template] = []
        self._learnt_at = 0

    def observe(self, urls: Iterable[str]) -> None:
        self.seen.update(urls)
        if self.pattern is None and len(self.seen) >= max(4, int(self._learnt_at * 1.25)):
            self.templates_ = learn_templates(self.seen)
            self._learnt_at = len(self.seen)

    def _match(self, url: str) -> re.Match | None:
        # tried on path?query (ids in the query: ASP, Joomla's raw form, SharePoint's ItemID), then the path
        parts = urlsplit(url)
        m = self.pattern.search(f"{parts.path}?{parts.query}") if parts.query else None
        return m or self.pattern.search(parts.path)

    def is_article(self, url: str) -> bool:
        if not candidate(url) or any(p.search(url) for p in self.exclude):
            return False
        if self.pattern is not None:
            return self._match(url) is not None
        return matches(self.templates_, url)

    def article_id(self, url: str) -> str | None:
        """The portal's own numeric article id, when the preset's pattern reads one from this article URL:
        every URL form of an article (raw and friendly, print, other sections) carries the same id."""
        if self.pattern is None or "article_id" not in self.pattern.groupindex or not self.is_article(url):
            return None
        found = self._match(url).group("article_id")
        # only a number is an id: a WordPress slug is one only within its date (two posts may share it)
        return found if found and found.isdigit() else None

    def describe(self) -> str:
        if self.pattern is not None:
            return f"preset url_pattern {self.pattern.pattern}"
        return "learnt templates " + (", ".join(f"{t.shape} ({t.count})" for t in self.templates_) or "none")
