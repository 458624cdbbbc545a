"""Syndicated copies of the project's own sample articles, and near-miss different stories, with the truth.

``make_corpus(seed)`` gives an articles DataFrame (the columns ``syndication_table`` reads) plus truth
columns: ``story`` (articles with one story are copies of each other), ``kind`` (``original`` or the copy
kind), ``source_id`` (the article a copy was made from). Deterministic for a seed.

Originals: every sample-portal article (``pipeline/sample_portal/content.py``) on ``ORIGIN_SITE``, and the
near-miss events of ``data/near_misses.toml`` (different events written from one template) spread over the
copier sites. Many sample articles are themselves near misses of one another: same kind of event, similar
titles, different unit, date and people (``template_pairs``).

Copy kinds (``COPY_KINDS``), each applied to a seeded share of the originals and placed on a copier site:
``rewritten`` (sentences reordered, words replaced, a paragraph dropped, two merged), ``shortened`` (lead +
first paragraphs), ``reheadlined`` (new title, same text), ``sourced`` (a "Nguồn: ..." line, another
byline), ``boilerplate`` (on a site that wraps every article in its own header and footer), ``no_tones``
(typed without diacritics), ``nfd`` (decomposed Unicode) and ``mixed`` (shortened, lightly rewritten,
re-headlined, sourced and without diacritics at once).
"""

from __future__ import annotations

import json
import random
import re
import tomllib
import unicodedata
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib import resources
from itertools import combinations

import pandas as pd

from ..sample_portal.content import articles as sample_articles

ORIGIN_SITE = "vkskh.gov.vn"
COPY_KINDS = ("rewritten", "shortened", "reheadlined", "sourced", "boilerplate", "no_tones", "nfd", "mixed")
NEAR_MISS_KINDS = ("template", "formulaic")

# copier sites and the chrome each wraps around every article it publishes (header, footer)
SITES: dict[str, tuple[str, str]] = {
    "vks-toi-cao.test": ("", ""),
    "tap-chi-kiem-sat.test": ("", ""),
    "vks-tinh-b.test": ("", ""),
    "bao-phap-luat.test": (
        "Tin tức - Sự kiện | Pháp luật và đời sống",
        "Bản quyền thuộc về Báo điện tử Pháp luật và Đời sống. Giấy phép hoạt động báo điện tử số 123/GP-BTTTT "
        "do Bộ Thông tin và Truyền thông cấp. Tòa soạn: số 8 đường Trần Phú, phường Lộc Thọ. Đường dây nóng "
        "tiếp nhận phản ánh của bạn đọc hoạt động 24 giờ mỗi ngày, kể cả ngày nghỉ và ngày lễ. Mọi hình thức "
        "sao chép nội dung, hình ảnh khi chưa có sự đồng ý bằng văn bản của tòa soạn đều bị nghiêm cấm.",
    ),
    "vks-tinh-a.test": (
        "Trang thông tin điện tử Viện kiểm sát nhân dân tỉnh - Chuyên mục Tin hoạt động",
        "Cơ quan chủ quản: Viện kiểm sát nhân dân tỉnh. Chịu trách nhiệm chính: Viện trưởng Viện kiểm sát "
        "nhân dân tỉnh. Địa chỉ liên hệ: số 2 đường Lê Lợi, thành phố tỉnh lỵ. Ghi rõ nguồn Trang thông tin "
        "điện tử Viện kiểm sát nhân dân tỉnh khi phát hành lại thông tin từ trang này. Trang được xây dựng "
        "và vận hành với sự hỗ trợ kỹ thuật của Trung tâm Công nghệ thông tin, thống kê tội phạm.",
    ),
}
PLAIN_SITES = tuple(s for s, (_, foot) in SITES.items() if not foot)
WRAPPED_SITES = tuple(s for s, (_, foot) in SITES.items() if foot)

# what a rewriting editor swaps (both directions are used)
SYNONYMS = (
    ("tổ chức", "tiến hành"), ("phối hợp", "kết hợp"), ("triển khai", "thực hiện"), ("nâng cao", "tăng cường"),
    ("đánh giá", "nhận định"), ("nhiệm vụ", "công việc"), ("tham dự", "có mặt"), ("nhấn mạnh", "khẳng định"),
    ("đề nghị", "yêu cầu"), ("quán triệt", "phổ biến"), ("thời gian tới", "thời gian sắp tới"),
    ("bên cạnh đó", "ngoài ra"), ("đồng thời", "cùng với đó"), ("cán bộ", "công chức"), ("kết quả", "thành quả"),
    ("Viện kiểm sát nhân dân", "VKSND"), ("VKSND", "Viện KSND"), ("hội nghị", "buổi hội nghị"),
    ("đơn vị", "cơ quan"), ("góp phần", "giúp"), ("tích cực", "chủ động"), ("thực hiện", "làm"),
    ("cho biết", "thông tin"), ("đã", "vừa"), ("các", "những"), ("tuyên truyền", "phổ biến"),
)
_SENT = re.compile(r"(?<=[.!?…])\s+")
SOURCE_LINES = ("Nguồn: vkskh.gov.vn", "(Theo Trang thông tin tổng hợp VKSND tỉnh Khánh Hòa)",
                "Nguồn: Trang thông tin điện tử Viện kiểm sát nhân dân tỉnh Khánh Hòa")


def strip_tones(text: str) -> str:
    """Text as typed without any diacritic (đ -> d), the way some copies reach a portal."""
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return text.replace("đ", "d").replace("Đ", "D")


@cache
def _synonym_pattern() -> tuple[re.Pattern, dict[str, tuple[str, ...]]]:
    alternatives: dict[str, list[str]] = {}
    for a, b in SYNONYMS:
        alternatives.setdefault(a, []).append(b)
        alternatives.setdefault(b, []).append(a)
    keys = sorted(alternatives, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, keys)) + r")(?!\w)")
    return pattern, {k: tuple(v) for k, v in alternatives.items()}


def replace_words(text: str, rng: random.Random, rate: float) -> str:
    """Swap each synonym occurrence (either direction of a pair) with probability ``rate``, in one pass."""
    pattern, alternatives = _synonym_pattern()
    return pattern.sub(lambda m: rng.choice(alternatives[m.group()]) if rng.random() < rate else m.group(), text)


def reorder_sentences(paragraph: str, rng: random.Random) -> str:
    sentences = _SENT.split(paragraph)
    if len(sentences) > 1:
        rng.shuffle(sentences)
    return " ".join(sentences)


def trim_clause(sentence: str) -> str:
    """Drop a long sentence's last clause (after its last comma), as an editor tightening a reprint does."""
    head, sep, tail = sentence.rpartition(", ")
    if not sep or head.count(",") < 1 or len(tail) > len(sentence) / 3:
        return sentence
    return head + "."


def rewrite(lead: str, body: list[str], rng: random.Random, rate: float = 0.7,
            trim: float = 0.3) -> tuple[str, list[str]]:
    """An editor's rewrite: sentences reordered in each paragraph, words replaced (``rate`` of the synonym
    occurrences), ``trim`` of the sentences cut short, dates written d-m-yyyy, one paragraph dropped, two
    merged."""

    def edit(paragraph: str) -> str:
        sentences = [trim_clause(x) if rng.random() < trim else x for x in _SENT.split(paragraph)]
        text = replace_words(" ".join(sentences), rng, rate)
        return re.sub(r"(\d{1,2})/(\d{1,2})/(\d{4})", r"\1-\2-\3", text)

    body = [edit(reorder_sentences(p, rng)) for p in body]
    if len(body) >= 4:
        del body[rng.randrange(1, len(body))]
    if len(body) >= 3:
        i = rng.randrange(0, len(body) - 1)
        body[i:i + 2] = [body[i] + " " + body[i + 1]]
    return edit(lead), body


def new_title(lead: str, rng: random.Random) -> str:
    words = _SENT.split(lead)[0].split()
    start = 2 if len(words) > 16 else 0  # skip "Sáng 14/3," more often than not
    title = " ".join(words[start:start + rng.randint(9, 14)]).rstrip(",.;:")
    return title[:1].upper() + title[1:]


def make_copy(orig: dict, kind: str, rng: random.Random) -> dict:
    """A copy of one original (a dict with title, lead, body, author) of the given kind."""
    title, lead, body, author = orig["title"], orig["lead"], list(orig["body"]), orig["author"]
    if kind == "rewritten":
        lead, body = rewrite(lead, body, rng)
    elif kind == "shortened":
        body = body[:rng.randint(1, 2)]
    elif kind == "reheadlined":
        title = new_title(lead, rng)
    elif kind == "sourced":
        source = rng.choice(SOURCE_LINES)
        body = [*body, source] if rng.random() < 0.7 else body
        lead = lead if source in body else f"{source} - {lead}"
        author = rng.choice(("Ban biên tập", "Phòng Thống kê", "Hoài Thu", "P.V"))
    elif kind == "nfd":
        title, lead = unicodedata.normalize("NFD", title), unicodedata.normalize("NFD", lead)
        body = [unicodedata.normalize("NFD", p) for p in body]
    elif kind == "no_tones":
        title, lead, body = strip_tones(title), strip_tones(lead), [strip_tones(p) for p in body]
    elif kind == "mixed":
        lead, body = rewrite(lead, body[:rng.randint(2, 3)], rng, rate=0.3, trim=0.1)
        title, body = new_title(lead, rng), [*body, rng.choice(SOURCE_LINES)]
        title, lead, body = strip_tones(title), strip_tones(lead), [strip_tones(p) for p in body]
    elif kind != "boilerplate":  # boilerplate: the text as it is; its site adds the chrome
        raise ValueError(f"unknown copy kind {kind!r}; kinds: {', '.join(COPY_KINDS)}")
    return {"title": title, "lead": lead, "body": body, "author": author}


@cache
def near_miss_sets() -> tuple[dict, ...]:
    data = tomllib.loads(resources.files(__package__).joinpath("data/near_misses.toml").read_text("utf-8"))
    return tuple(data["set"])


def near_miss_events() -> list[dict]:
    """Every near-miss event as an article dict (title, lead, body, author, set, story)."""
    out = []
    for s in near_miss_sets():
        for k, event in enumerate(s["event"]):
            parts = {f"S{i + 1}": p for i, p in enumerate(s["shared"])}
            parts.update({f"E{i + 1}": p for i, p in enumerate(event["own"])})
            body = [parts[key] for key in s["layout"] if key in parts]
            out.append({"title": event["title"], "lead": event["lead"], "body": body, "author": "Phóng viên",
                        "set": s["key"], "story": f"near-{s['key']}-{k}",
                        "published": _date_in(event["lead"])})
    return out


def _date_in(lead: str) -> datetime:
    d, m, y = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", lead).groups()
    return datetime(int(y), int(m), int(d))


def template_pairs(corpus: pd.DataFrame) -> list[tuple[str, str]]:
    """Pairs of sample originals of one article type: same kind of event, different unit, date, people."""
    orig = corpus[(corpus["kind"] == "original") & corpus["story"].str.startswith("sample-")]
    return [(a.article_id, b.article_id) for _, grp in orig.groupby("article_type")
            for a, b in combinations(grp.itertuples(), 2)]


def formulaic_pairs(corpus: pd.DataFrame) -> list[tuple[str, str]]:
    """Pairs of near-miss events of one set (long shared formulaic passages, different events)."""
    orig = corpus[(corpus["kind"] == "original") & corpus["story"].str.startswith("near-")]
    sets = orig["story"].str.rsplit("-", n=1).str[0]
    return [(a, b) for _, grp in orig.groupby(sets) for a, b in combinations(grp["article_id"], 2)]


def _row(article_id: str, site: str, art: dict, published: datetime, story: str, kind: str,
         source_id: str | None, article_type: str | None) -> dict:
    head, foot = SITES.get(site, ("", ""))
    lead = f"{head}\n{art['lead']}" if head else art["lead"]
    body = [*art["body"], foot] if foot else list(art["body"])
    return {"article_id": article_id, "site": site, "url": f"https://{site}/{article_id}.html",
            "title": art["title"], "published_at": published.date(), "lead": lead, "body": "\n".join(body),
            "author": art["author"], "text": "\n\n".join([art["title"], lead, *body, art["author"]]),
            "fetched_at": pd.Timestamp(published + timedelta(hours=20), tz=UTC),
            "story": story, "kind": kind, "source_id": source_id, "article_type": article_type}


def background_articles() -> pd.DataFrame:
    """The classifier's labelled corpus (``pipeline/classify/data``): 404 further stories in six portal
    styles (provincial and district portals, the Supreme Procuracy, newspapers, research), none a copy of
    another or of a sample article; more near misses of every kind, without copies."""
    rows = []
    for path in sorted(resources.files("pipeline.classify").joinpath("data").iterdir()):
        if not path.name.endswith(".jsonl"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                art = {"title": r["title"], "lead": "", "body": [r["text"]], "author": ""}
                rows.append(_row(f"bg-{r['id']}", f"bg-{r.get('style', 'x')}.test", art, datetime(2024, 1, 1),
                                 f"bg-{r['id']}", "original", None, r.get("type")))
    return pd.DataFrame(rows)


def make_corpus(seed: int = 0, kinds_per_original: int = 2, background: bool = False) -> pd.DataFrame:
    """Originals, near misses and their copies, with the truth (``story``, ``kind``, ``source_id``);
    ``background`` adds ``background_articles()``."""
    rng = random.Random(seed)
    rows = []
    for a in sorted(sample_articles(), key=lambda a: a.id):
        art = {"title": a.title, "lead": a.lead, "body": list(a.body), "author": a.author}
        pub = datetime(a.published.year, a.published.month, a.published.day)
        rows.append(_row(f"sample-{a.id}", ORIGIN_SITE, art, pub, f"sample-{a.id}", "original", None, a.type))
    for k, ev in enumerate(near_miss_events()):
        site = (WRAPPED_SITES + PLAIN_SITES)[k % len(SITES)]
        rows.append(_row(f"{ev['story']}", site, ev, ev["published"], ev["story"], "original", None, ev["set"]))
    n = 0
    for orig in list(rows):
        src = {"title": orig["title"], "lead": orig["lead"], "author": orig["author"],
               "body": orig["body"].split("\n")}
        if orig["site"] != ORIGIN_SITE:  # a near-miss event: strip its own site's chrome before copying
            head, foot = SITES[orig["site"]]
            src["lead"] = src["lead"].removeprefix(f"{head}\n") if head else src["lead"]
            src["body"] = src["body"][:-1] if foot else src["body"]
        for kind in rng.sample(COPY_KINDS, kinds_per_original):
            sites = [s for s in (WRAPPED_SITES if kind == "boilerplate" else PLAIN_SITES) if s != orig["site"]]
            site = rng.choice(sites)
            pub = datetime.combine(orig["published_at"], datetime.min.time()) + timedelta(days=rng.randint(0, 12))
            n += 1
            rows.append(_row(f"copy-{n:04d}", site, make_copy(src, kind, rng), pub, orig["story"], kind,
                             orig["article_id"], orig["article_type"]))
    corpus = pd.DataFrame(rows)
    return pd.concat([corpus, background_articles()], ignore_index=True) if background else corpus


def true_pairs(corpus: pd.DataFrame) -> set[tuple[str, str]]:
    """Every pair of articles (sorted ids) that tell one story."""
    return {tuple(sorted(p)) for _, grp in corpus.groupby("story") for p in combinations(grp["article_id"], 2)}


def evaluate(corpus: pd.DataFrame, table: pd.DataFrame) -> dict:
    """Pairwise precision and recall of a syndication table against the corpus truth, per copy kind (recall
    of original-copy pairs) and per near-miss kind (share of pairs wrongly put in one cluster)."""
    cluster = dict(zip(table["article_id"], table["cluster_id"], strict=True))
    predicted = {tuple(sorted(p)) for _, grp in table.groupby("cluster_id")
                 for p in combinations(grp["article_id"], 2)}
    truth = true_pairs(corpus)
    hits = len(predicted & truth)
    out = {"articles": len(corpus), "true_pairs": len(truth), "predicted_pairs": len(predicted),
           "precision": hits / len(predicted) if predicted else 1.0, "recall": hits / len(truth) if truth else 1.0}

    def together(a: str, b: str) -> bool:
        return a in cluster and cluster[a] == cluster.get(b)

    copies = corpus[corpus["kind"] != "original"]
    out["copy_recall"] = {k: float(sum(together(r.article_id, r.source_id) for r in grp.itertuples()) / len(grp))
                          for k, grp in copies.groupby("kind")}
    out["copy_count"] = copies["kind"].value_counts().to_dict()
    out["near_miss_merged"] = {}
    for kind, pairs in (("template", template_pairs(corpus)), ("formulaic", formulaic_pairs(corpus))):
        out["near_miss_merged"][kind] = (sum(together(a, b) for a, b in pairs), len(pairs))
    return out
