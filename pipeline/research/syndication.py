"""Syndication: the same story published by several portals (or twice), as clusters of articles.

    articles ──prepare──▶ sentences (normalised, tone-stripped; each site's boilerplate removed)
             ──shingles──▶ MinHash of the whole text and of its head ──LSH bands──▶ candidate pairs
             ──rapidfuzz, sentence by sentence──▶ confirmed pairs ──union-find──▶ clusters

Why each step is the way it is:

- Copies are compared on lead + body, never on the title: portals re-headline what they reprint, and
  different stories of one kind often carry near-identical titles ("... tổng kết công tác năm 2024").
- Text is stripped of every diacritic and lower-cased (after ``pipeline.text``'s folds, which stripping
  subsumes), so an NFD copy, a copy typed without tone marks and the original all read the same. Tokens are
  syllables (Vietnamese writes one syllable per space-separated token).
- Boilerplate: a sentence that recurs on ``boilerplate_docs`` or more articles of one site (a footer, a
  "Nguồn: ..." line, a template's closing) is that site's chrome, not story, and is dropped before
  anything is compared; a shingle found in very many articles overall (formulaic phrases such as "viện
  kiểm sát nhân dân tỉnh") says nothing about which story it is and is dropped from the sketches.
- Candidates: two datasketch MinHash sketches per article, of all its shingles and of its head (the first
  ``head_shingles``: the lead), banded as ``MinHashLSH`` would with its own optimal bands and rows. Whole
  texts find rewrites and re-headlined or re-encoded copies; heads find shortened copies (lead + first
  paragraphs), whose Jaccard similarity to the whole original is low although the original contains them.
  Banding is sorting: near-linear in the number of articles, and small in memory.
- Confirmation is rapidfuzz ``ratio`` between every sentence of the shorter text and every sentence of
  the longer (``process.cdist``): a sentence is found when some sentence of the other text is close enough
  *and* agrees on its specifics (numbers, dates and capitalised names). The share of the shorter text's
  characters found is the pair's similarity: containment, so shortening costs nothing; reordered
  sentences and merged paragraphs neither. The specifics check keeps apart two different events written
  from one template ("Ngày 12/3, VKSND huyện A ..." / "Ngày 5/4, VKSND huyện B ..."), and the share
  threshold keeps apart two stories that share long formulaic passages but not their own facts.
- Clusters are the connected components of confirmed pairs. The first publisher is the earliest
  ``published_at`` (ties: earliest ``fetched_at``, then ``article_id``), so the result is deterministic.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz, process

COLUMNS = ["cluster_id", "article_id", "site", "url", "title", "published_at", "first_publisher", "is_first",
           "lag_days", "similarity"]


@dataclass(frozen=True)
class Settings:
    """Every threshold of the method, with why it has its value (measured in benchmarks/syndication.py)."""

    shingle_size: int = 3  # syllables per shingle; longer ones break under a rewrite's word swaps
    head_shingles: int = 120  # the head sketch: the first ~120 syllables, i.e. the lead
    num_perm: int = 128  # MinHash permutations: Jaccard error ~ 1/sqrt(128) ≈ .09
    seed: int = 1
    candidate_jaccard: float = 0.3  # LSH threshold; rewritten copies keep a Jaccard of .4 and more
    false_negative_weight: float = 0.7  # LSH: a missed pair weighs more than a false candidate
    max_bucket: int = 500  # an LSH bucket with more articles than this is skipped (no story is that common)
    common_shingle_docs: int = 200  # a shingle in more articles than this (and than common_shingle_share)
    common_shingle_share: float = 0.005  # of all articles is formulaic: dropped from the sketches
    boilerplate_docs: int = 3  # a sentence on this many articles of one site is that site's boilerplate
    min_sentence_words: int = 3  # shorter fragments ("Ảnh: ...", "Nguồn: X") carry no story
    min_words: int = 40  # a text shorter than this (after boilerplate) is never called a copy
    sentence_ratio: float = 75.0  # rapidfuzz ratio for a sentence to count as the same, rewritten
    specifics_agree: float = 0.6  # share of a sentence's numbers and names the other sentence must hold
    min_similarity: float = 0.8  # share of the shorter text found in the other to confirm a pair


DEFAULT = Settings()

# sentence ends, or a paragraph break; "..." and "…" end sentences too
_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+(?=\S)|\s*\n+\s*")
_TOKEN = re.compile(r"\d+(?:[/.,:-]\d+)*|[^\W\d_]+")
_NUM_SEP = re.compile(r"[.,:-]")


# Every combining mark removed and every D-like letter made plain: tone and vowel marks, NFD or NFC, old or new
# tone placement and the Icelandic eth of old fonts (which ``pipeline.text`` folds to Đ) all read alike.
_STRIP = {c: None for c in range(0x300, 0x370)} | {ord(c): "d" for c in "đð"} | {ord(c): "D" for c in "ĐÐƉ"}


def strip_marks(text: str) -> str:
    """Text without any diacritic (đ -> d): "Hòa", "Hoà", "Hoa" and their NFD forms read alike.

    The same as stripping ``pipeline.text.normalise_text(text)`` (its tone-placement fold changes nothing once
    the marks are gone, and its dash and space folds touch no token) at a tenth of the cost.
    """
    return unicodedata.normalize("NFD", text).translate(_STRIP)


@dataclass
class Doc:
    """One article ready to compare: its kept sentences (diacritics stripped, tokens joined by one space).

    Lower-cased keys and specifics are computed only for the articles that reach confirmation, which keeps
    100k articles in a few hundred MB.
    """

    sentences: list[str]

    @cached_property
    def n_words(self) -> int:
        return sum(s.count(" ") + 1 for s in self.sentences)

    @cached_property
    def keys(self) -> list[str]:
        return [s.lower() for s in self.sentences]

    @cached_property
    def specifics(self) -> list[frozenset[str]]:
        return [specifics(s) for s in self.sentences]

    @cached_property
    def n_chars(self) -> int:
        return sum(map(len, self.sentences))


def split_sentences(text: str) -> list[str]:
    """The sentences of a text, diacritics stripped, as their tokens joined by one space (case kept)."""
    out = []
    for raw in _SENTENCE_END.split(strip_marks(text)):
        tokens = _TOKEN.findall(raw)
        if tokens:
            out.append(" ".join(tokens))
    return out


def specifics(sentence: str) -> frozenset[str]:
    """A sentence's numbers (separators unified: 12-3-2024 is 12/3/2024) and capitalised names, lower-cased.

    A capitalised word inside the sentence is a name (person, place, unit); all-caps abbreviations are not
    counted, since rewriters expand them ("VKSND" -> "Viện KSND").
    """
    tokens = sentence.split(" ")
    spec = {_NUM_SEP.sub("/", t) for t in tokens if t[:1].isdigit()}
    spec.update(t.lower() for t in tokens[1:] if t[:1].isupper() and not t.isupper())
    return frozenset(spec)


def article_text(row: dict) -> str:
    """What is compared: lead + body (the title is not: copies are re-headlined), else the whole text."""
    parts = [p for p in (row.get("lead"), row.get("body")) if isinstance(p, str) and p.strip()]
    if parts:
        return "\n".join(parts)
    text = row.get("text")
    return text if isinstance(text, str) else ""


def prepare(articles: pd.DataFrame, settings: Settings = DEFAULT) -> list[Doc]:
    """One ``Doc`` per row (same order), with each site's boilerplate sentences removed."""
    split = [split_sentences(article_text(row)) for row in articles.to_dict("records")]
    sites = articles["site"].fillna("").tolist() if "site" in articles else [""] * len(articles)
    # (site, sentence) -> number of the site's articles holding it; hashed keys, as 100k articles hold
    # millions of sentences (a collision could only drop one sentence from comparison)
    counts: dict[int, int] = {}
    for site, sentences in zip(sites, split, strict=True):
        for key in {hash((site, s.lower())) for s in sentences}:
            counts[key] = counts.get(key, 0) + 1
    return [Doc([s for s in sentences if s.count(" ") + 1 >= settings.min_sentence_words
                 and counts[hash((site, s.lower()))] < settings.boilerplate_docs])
            for site, sentences in zip(sites, split, strict=True)]


# -- candidates: shingles, MinHash, LSH banding ----------------------------------------------------
_MULT = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                  0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
                 dtype=np.uint64)


def shingle_hashes(docs: list[Doc], size: int, head: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per doc, the distinct 32-bit hashes of its ``size``-syllable shingles, all of them and the first
    ``head`` (deterministic for one input: syllables are numbered in order of first appearance)."""
    if size > len(_MULT):
        raise ValueError(f"shingle_size must be at most {len(_MULT)}")
    vocab: dict[str, int] = {}
    out = []
    for doc in docs:
        words = " ".join(doc.sentences).lower().split(" ") if doc.sentences else []
        ids = np.fromiter((vocab.setdefault(w, len(vocab) + 1) for w in words), dtype=np.uint64, count=len(words))
        n = len(ids) - size + 1
        if n < 1:
            out.append((np.empty(0, dtype=np.uint32), np.empty(0, dtype=np.uint32)))
            continue
        h = np.zeros(n, dtype=np.uint64)
        for j in range(size):
            h += ids[j:n + j] * _MULT[j]  # wraps mod 2**64, as intended
        h = ((h ^ (h >> np.uint64(31))) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        out.append((np.unique(h), np.unique(h[:head])))
    return out


def drop_common(hashes: list[tuple[np.ndarray, np.ndarray]],
                settings: Settings = DEFAULT) -> list[tuple[np.ndarray, np.ndarray]]:
    """Remove the shingles found in too many articles: formulaic phrases, not any one story."""
    if not hashes:
        return hashes
    limit = max(settings.common_shingle_docs, int(settings.common_shingle_share * len(hashes)))
    values, counts = np.unique(np.concatenate([full for full, _ in hashes]), return_counts=True)
    common = values[counts > limit]
    if not len(common):
        return hashes
    return [(full[~np.isin(full, common, assume_unique=True)], head[~np.isin(head, common, assume_unique=True)])
            for full, head in hashes]


def _identity(x: int) -> int:
    return x


def signatures(hashes: list[tuple[np.ndarray, np.ndarray]], settings: Settings = DEFAULT) -> np.ndarray:
    """datasketch MinHash signatures, one row per (doc, whole) then per (doc, head): shape (2n, num_perm)."""
    base = MinHash(num_perm=settings.num_perm, seed=settings.seed, hashfunc=_identity)
    rows = []
    for part in (0, 1):
        for h in hashes:
            m = base.copy()
            m.update_batch(h[part].tolist())
            rows.append(m.hashvalues)
    # affine32 MinHash values fit 32 bits: 100k articles take 100 MB
    return np.array(rows, dtype=np.uint32).reshape(2 * len(hashes), settings.num_perm)


def band_params(settings: Settings = DEFAULT) -> tuple[int, int]:
    """Bands and rows per band: datasketch's optimum for the threshold and weights (``MinHashLSH``)."""
    lsh = MinHashLSH(threshold=settings.candidate_jaccard, num_perm=settings.num_perm,
                     weights=(1 - settings.false_negative_weight, settings.false_negative_weight))
    return lsh.b, lsh.r


def candidate_pairs(docs: list[Doc], settings: Settings = DEFAULT) -> set[tuple[int, int]]:
    """Pairs (i, j), i < j, that share a MinHash band: of their whole texts, of their heads, or of one's
    whole text and the other's head (a shortened copy is about the original's head).

    The banding is datasketch ``MinHashLSH``'s (its b and r), done with numpy sorts: ``MinHashLSH`` keeps a
    Python set per band bucket, 1.1 GB for 100k articles at 32 bands; these arrays take 100 MB.
    """
    n = len(docs)
    hashes = drop_common(shingle_hashes(docs, settings.shingle_size, settings.head_shingles), settings)
    usable = np.array([doc.n_words >= settings.min_words and len(h[0]) > 0 for doc, h in zip(docs, hashes,
                                                                                              strict=True)])
    if usable.sum() < 2:
        return set()
    sig = signatures(hashes, settings)
    owner = np.concatenate([np.arange(n), np.arange(n)])
    keep = np.concatenate([usable, usable & np.array([len(h[1]) > 0 for h in hashes])])
    sig, owner = sig[keep], owner[keep]
    bands, rows = band_params(settings)
    found: list[np.ndarray] = []
    for band in range(bands):
        block = sig[:, band * rows:(band + 1) * rows]
        key = np.zeros(len(block), dtype=np.uint64)
        for j in range(rows):
            key = key * np.uint64(0x100000001B3) + block[:, j].astype(np.uint64)  # wraps, as intended
        order = np.argsort(key, kind="stable")
        k = key[order]
        starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
        sizes = np.diff(np.r_[starts, len(k)])
        for start, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
            if size > settings.max_bucket:
                continue  # a bucket this full holds no story (near-empty texts after boilerplate)
            members = np.unique(owner[order[start:start + size]])
            if len(members) > 1:
                i, j = np.triu_indices(len(members), 1)
                found.append(members[i] * n + members[j])
    if not found:
        return set()
    codes = np.unique(np.concatenate(found))
    return {(int(c // n), int(c % n)) for c in codes}


# -- confirmation --------------------------------------------------------------------------------
def similarity(a: Doc, b: Doc, settings: Settings = DEFAULT) -> float:
    """Share of the shorter text's characters whose sentence the other text holds (rewritten or not).

    A sentence is held when some sentence of the other text scores ``sentence_ratio`` or more with rapidfuzz
    ``ratio`` and holds ``specifics_agree`` of its numbers and names (all of them, when it has one or two).
    """
    short, long = (a, b) if a.n_chars <= b.n_chars else (b, a)
    if not short.keys or not long.keys:
        return 0.0
    scores = process.cdist(short.keys, long.keys, scorer=fuzz.ratio, dtype=np.uint8,
                           score_cutoff=settings.sentence_ratio)
    found = 0
    for i, row in enumerate(scores):
        spec = short.specifics[i]
        close = np.flatnonzero(row)  # sentences at or above the cutoff, best first
        for j in close[np.argsort(-row[close].astype(np.int16), kind="stable")]:
            if not spec or len(spec & long.specifics[j]) >= _needed(len(spec), settings):
                found += len(short.keys[i])
                break
    return found / short.n_chars


def _needed(n: int, settings: Settings) -> int:
    return n if n <= 2 else int(np.ceil(settings.specifics_agree * n))


def confirmed_pairs(docs: list[Doc], pairs: set[tuple[int, int]],
                    settings: Settings = DEFAULT) -> dict[tuple[int, int], float]:
    """The candidate pairs that are one story, with their similarity."""
    out = {}
    for i, j in sorted(pairs):
        if min(docs[i].n_words, docs[j].n_words) < settings.min_words:
            continue
        s = similarity(docs[i], docs[j], settings)
        if s >= settings.min_similarity:
            out[i, j] = s
    return out


def components(n: int, pairs) -> list[int]:
    """Union-find: the root (smallest index) of each of ``n`` items' connected component."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    return [find(x) for x in range(n)]


# -- the table -----------------------------------------------------------------------------------
def syndication_table(articles: pd.DataFrame, settings: Settings = DEFAULT) -> pd.DataFrame:
    """The ``syndication`` table: one row per article that belongs to a cluster of two or more."""
    if articles.empty:
        return pd.DataFrame(columns=COLUMNS)
    arts = articles.sort_values("article_id", kind="stable").reset_index(drop=True)
    docs = prepare(arts, settings)
    confirmed = confirmed_pairs(docs, candidate_pairs(docs, settings), settings)
    roots = components(len(docs), confirmed)
    arts["_root"] = roots
    arts = arts[arts.groupby("_root")["_root"].transform("size") > 1].copy()
    if arts.empty:
        return pd.DataFrame(columns=COLUMNS)
    arts["_pos"] = arts.index
    arts["_pub"] = pd.to_datetime(arts["published_at"], errors="coerce")
    fetched = arts["fetched_at"] if "fetched_at" in arts else pd.Series(pd.NaT, index=arts.index)
    arts["_fetched"] = pd.to_datetime(fetched, errors="coerce", utc=True)
    arts = arts.sort_values(["_root", "_pub", "_fetched", "article_id"], na_position="last", kind="stable")
    first = arts.groupby("_root").head(1).set_index("_root")
    arts["cluster_id"] = arts["_root"].map(first["article_id"])
    arts["first_publisher"] = arts["_root"].map(first["site"])
    arts["is_first"] = arts["article_id"] == arts["cluster_id"]
    lag = (arts["_pub"] - arts["_root"].map(first["_pub"])).dt.days
    arts["lag_days"] = lag.astype("Int64")
    first_pos = arts["_root"].map(first["_pos"])
    arts["similarity"] = [
        1.0 if p == f else round(confirmed.get((min(p, f), max(p, f))) or similarity(docs[p], docs[f], settings), 4)
        for p, f in zip(arts["_pos"], first_pos, strict=True)
    ]
    return arts[COLUMNS].reset_index(drop=True)


def build_syndication(data_dir: Path | str | None = None, settings: Settings = DEFAULT) -> pd.DataFrame:
    """The ``syndication`` table of a data directory's articles."""
    from ..dataset import load_table

    return syndication_table(load_table("articles", data_dir), settings)
