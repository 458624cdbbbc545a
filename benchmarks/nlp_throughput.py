"""NLP throughput, side by side in one run, on the sample portal's articles and on portal-shaped text.

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


def measure(raw: list[str], published: list, owner: str, rounds: int, ner_articles: int) -> dict:
    normalised = [normalise_text(t) for t in raw]

    def full(i_text):
        i, text = i_text
        annotate(normalise_text(text), Context(published=published[i], site="bench", owner=owner))

    indexed = list(enumerate(raw))
    # warm up: load the CRF models and the gazetteer once, as a worker process would
    word_tokenize(normalised[0])
    full(indexed[0])
    ner(normalised[0][:200])

    best = {"word_tokenize": 0.0, "annotate": 0.0, "ner": 0.0}
    for _ in range(rounds):
        best["word_tokenize"] = max(best["word_tokenize"], rate(word_tokenize, normalised))
        chars = sum(map(len, raw))
        start = time.perf_counter()
        for item in indexed:
            full(item)
        best["annotate"] = max(best["annotate"], chars / (time.perf_counter() - start))
        best["ner"] = max(best["ner"], rate(ner, normalised[:ner_articles]))
    return {
        "articles": len(raw),
        "characters": sum(map(len, raw)),
        "chars_per_second": {k: round(v) for k, v in best.items()},
        "annotate_over_word_tokenize": round(best["annotate"] / best["word_tokenize"], 3),
        "annotate_over_ner": round(best["annotate"] / best["ner"], 1),
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
    result = {"pipeline_version": __version__, "python": platform.python_version(), "sets": {}}
    for name, (texts, published) in sets.items():
        result["sets"][name] = measure(texts, published, owner, args.rounds, args.ner_articles)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for name, r in result["sets"].items():
        print(f"{name}: {r['articles']} texts, {r['characters']:,} characters, best of {args.rounds} rounds")
        for k, v in r["chars_per_second"].items():
            print(f"  {k:14} {v:>12,} chars/s")
        print(f"  annotate / word_tokenize = {r['annotate_over_word_tokenize']:.2f}  (goal >= 0.7)")
        print(f"  annotate / ner           = {r['annotate_over_ner']:.1f}  (goal >= 5)")


if __name__ == "__main__":
    main()
