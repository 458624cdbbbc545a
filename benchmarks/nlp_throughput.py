"""NLP throughput, side by side in one run, on the sample portal's articles and on portal-shaped text.

Measures characters per second of (a) underthesea ``word_tokenize`` alone, (b) the full annotate step that
``vks process`` runs (normalise + sentence split + word tokenise + every entity extractor), (c) underthesea
``ner()``, (d) annotate + type on the text (the per-record work of ``vks evaluate``), (e) the full per-article pass of ``vks process``: the page's HTML parsed, normalised, annotated
and typed by the article-type model (which reads the NLP stage's words: nothing is segmented twice);
prints the ratios b/a, d/a, e/a and b/c. Every rate counts the characters of the article's text. Runs are
interleaved in rounds and the best round is kept, so a busy machine slows all of them alike.

    .venv/bin/python benchmarks/nlp_throughput.py [--rounds 3] [--ner-articles 15] [--json]
"""

from __future__ import annotations

import argparse
import json
import platform
import time

from underthesea import ner, word_tokenize

from pipeline import __version__
from pipeline.nlp import Context, annotate
from pipeline.sample_portal.content import articles
from pipeline.text import normalise_text


def rate(fn, texts: list[str]) -> float:
    chars = sum(map(len, texts))
    start = time.perf_counter()
    for t in texts:
        fn(t)
    return chars / (time.perf_counter() - start)


def corpus_texts() -> list[str]:
    """The classifier's labelled corpus: texts written for the project in six portal styles (provincial and
    district portals, the Supreme Procuracy, newspapers, research), shaped like real portal text."""
    from importlib import resources

    out = []
    for path in sorted(resources.files("pipeline.classify").joinpath("data").iterdir()):
        if path.name.endswith(".jsonl"):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    out.append(f"{rec.get('title', '')}\n\n{rec['text']}")
    return out


def pages(raw: list[str], published: list) -> list[str]:
    """Each text as the sample portal would serve it: title, lead and body paragraphs in its page layout."""
    from datetime import date

    from pipeline.sample_portal.content import SampleArticle
    from pipeline.sample_portal.server import Portal

    portal = Portal()
    out = []
    for i, text in enumerate(raw):
        title, _, rest = text.partition("\n\n")
        paras = [p for p in rest.split("\n") if p.strip()] or [title]
        a = SampleArticle(id=900_000 + i, category=portal.cfg["categories"][0]["key"], also_in=(), type="",
                          published=published[i] or date(2024, 1, 1), date_display="printed", title=title,
                          lead=paras[0], body=tuple(paras[1:]) or (paras[0],), images=(),
                          caption_repeats_title=False, author="", entities={})
        out.append(portal.article(a))
    return out


def full_pass(html_pages: list[str], owner: str, model) -> float:
    """Seconds for parse + normalise + annotate + type of every page, as ``vks process`` runs them."""
    from pipeline.classify import predict
    from pipeline.parse.article import canonical_url, parse_article
    from pipeline.sites import load_profile

    profile = load_profile("sample", "http://sample.invalid")
    start = time.perf_counter()
    texts, words = [], []
    for i, html in enumerate(html_pages):
        url = f"http://sample.invalid/a_{i}_1_2_a.html"
        parsed = parse_article(html, url, profile)
        canonical_url(html, url, profile)  # as `vks process` does
        text = normalise_text("\n\n".join(p for p in (parsed.title, parsed.lead, parsed.body, parsed.author) if p))
        ann = annotate(text, Context(published=parsed.published, site="bench", owner=owner))
        texts.append(text)
        words.append([w for s in ann.sentences for w in s.tokens])
    predict(model, texts, words)
    return time.perf_counter() - start


def text_pass(raw: list[str], published: list, owner: str, model) -> float:
    """Seconds for normalise + annotate + type of every text (no HTML): the per-record work of
    ``vks evaluate``, where the issue measured 0.37x before the model reused the NLP stage's words."""
    from pipeline.classify import predict

    start = time.perf_counter()
    texts, words = [], []
    for i, t in enumerate(raw):
        text = normalise_text(t)
        ann = annotate(text, Context(published=published[i], site="bench", owner=owner))
        texts.append(text)
        words.append([w for s in ann.sentences for w in s.tokens])
    predict(model, texts, words)
    return time.perf_counter() - start


def measure(raw: list[str], published: list, owner: str, rounds: int, ner_articles: int, model=None) -> dict:
    normalised = [normalise_text(t) for t in raw]
    html_pages = pages(raw, published)

    def full(i_text):
        i, text = i_text
        annotate(normalise_text(text), Context(published=published[i], site="bench", owner=owner))

    indexed = list(enumerate(raw))
    # warm up: load the CRF models and the gazetteer once, as a worker process would
    word_tokenize(normalised[0])
    full(indexed[0])
    ner(normalised[0][:200])

    best = {"word_tokenize": 0.0, "annotate": 0.0, "ner": 0.0, "annotate_type": 0.0, "full_pass": 0.0}
    full_pass(html_pages[:2], owner, model)
    for _ in range(rounds):
        best["word_tokenize"] = max(best["word_tokenize"], rate(word_tokenize, normalised))
        chars = sum(map(len, raw))
        start = time.perf_counter()
        for item in indexed:
            full(item)
        best["annotate"] = max(best["annotate"], chars / (time.perf_counter() - start))
        best["ner"] = max(best["ner"], rate(ner, normalised[:ner_articles]))
        best["annotate_type"] = max(best["annotate_type"], chars / text_pass(raw, published, owner, model))
        best["full_pass"] = max(best["full_pass"], chars / full_pass(html_pages, owner, model))
    return {
        "articles": len(raw),
        "characters": sum(map(len, raw)),
        "chars_per_second": {k: round(v) for k, v in best.items()},
        "annotate_over_word_tokenize": round(best["annotate"] / best["word_tokenize"], 3),
        "annotate_over_ner": round(best["annotate"] / best["ner"], 1),
        "annotate_type_over_word_tokenize": round(best["annotate_type"] / best["word_tokenize"], 3),
        "full_pass_over_word_tokenize": round(best["full_pass"] / best["word_tokenize"], 3),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--ner-articles", type=int, default=15, help="ner() is slow: time it on this many articles")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    sample = articles()
    owner = "Viện kiểm sát nhân dân tỉnh Khánh Hòa"
    corpus = corpus_texts()
    sets = {
        "sample portal articles": ([a.text for a in sample], [a.published for a in sample]),
        "portal-shaped corpus (six styles)": (corpus, [None] * len(corpus)),
    }
    import tempfile
    from pathlib import Path

    from pipeline.classify import default_model

    model = default_model(Path(tempfile.mkdtemp(prefix="vks-bench-")))
    result = {"pipeline_version": __version__, "python": platform.python_version(), "sets": {}}
    for name, (texts, published) in sets.items():
        result["sets"][name] = measure(texts, published, owner, args.rounds, args.ner_articles, model)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for name, r in result["sets"].items():
        print(f"{name}: {r['articles']} texts, {r['characters']:,} characters, best of {args.rounds} rounds")
        for k, v in r["chars_per_second"].items():
            print(f"  {k:14} {v:>12,} chars/s")
        print(f"  annotate / word_tokenize = {r['annotate_over_word_tokenize']:.2f}  (goal >= 0.7)")
        print(f"  annotate / ner           = {r['annotate_over_ner']:.1f}  (goal >= 5)")
        print(f"  annotate+type / word_tokenize = {r['annotate_type_over_word_tokenize']:.2f}  (goal >= 0.65; NLP + type on the text)")
        print(f"  full pass / word_tokenize     = {r['full_pass_over_word_tokenize']:.2f}  (goal >= 0.65; HTML parse + NLP + type)")


if __name__ == "__main__":
    main()
