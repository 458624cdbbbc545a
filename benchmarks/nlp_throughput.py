"""NLP throughput, side by side in one run on the sample portal's articles.

Measures characters per second of (a) underthesea ``word_tokenize`` alone, (b) the full annotate step that
``vks process`` runs (normalise + sentence split + word tokenise + every entity extractor), (c) underthesea
``ner()``; prints the ratios b/a and b/c. Runs are interleaved in rounds and the best round is kept, so a
busy machine slows all three alike.

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--ner-articles", type=int, default=15, help="ner() is slow: time it on this many articles")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    sample = articles()
    raw = [a.text for a in sample]
    normalised = [normalise_text(t) for t in raw]
    owner = "Viện kiểm sát nhân dân tỉnh Khánh Hòa"

    def full(i_text):
        i, text = i_text
        annotate(normalise_text(text), Context(published=sample[i].published, site="sample", owner=owner))

    indexed = list(enumerate(raw))
    # warm up: load the CRF models and the gazetteer once, as a worker process would
    word_tokenize(normalised[0])
    full(indexed[0])
    ner(normalised[0][:200])

    best = {"word_tokenize": 0.0, "annotate": 0.0, "ner": 0.0}
    for _ in range(args.rounds):
        best["word_tokenize"] = max(best["word_tokenize"], rate(word_tokenize, normalised))
        chars = sum(map(len, raw))
        start = time.perf_counter()
        for item in indexed:
            full(item)
        best["annotate"] = max(best["annotate"], chars / (time.perf_counter() - start))
        best["ner"] = max(best["ner"], rate(ner, normalised[: args.ner_articles]))
    result = {
        "pipeline_version": __version__,
        "python": platform.python_version(),
        "articles": len(raw),
        "characters": sum(map(len, raw)),
        "chars_per_second": {k: round(v) for k, v in best.items()},
        "annotate_over_word_tokenize": round(best["annotate"] / best["word_tokenize"], 3),
        "annotate_over_ner": round(best["annotate"] / best["ner"], 1),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['articles']} sample articles, {result['characters']:,} characters, best of {args.rounds} rounds")
    for k, v in result["chars_per_second"].items():
        print(f"  {k:14} {v:>12,} chars/s")
    print(f"  annotate / word_tokenize = {result['annotate_over_word_tokenize']:.2f}  (goal >= 0.7)")
    print(f"  annotate / ner           = {result['annotate_over_ner']:.1f}  (goal >= 5)")


if __name__ == "__main__":
    main()
