"""The documents and citations views and the article-document-unit graph: on small hand-made tables whose
answers are known, and on the demo dataset against counts taken straight from the entities table."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import pipeline
from pipeline import dataset
from pipeline.nlp.units_table import units_table
from pipeline.research.documents import citing_sites_over_time, most_cited_per_year
from pipeline.research.graph import load_graph, write_graph
from pipeline.scrape.site import effective_profile, save_site, to_site

from .conftest import vks

KHANH_HOA = "Viện kiểm sát nhân dân tỉnh Khánh Hòa"
GIA_LAI = "Viện kiểm sát nhân dân tỉnh Gia Lai"
HCM = "Viện kiểm sát nhân dân thành phố Hồ Chí Minh"  # the registry writes "Thành phố": the units table's name wins
LOCAL = "127.0.0.1:9"  # collected with `vks scrape --url`: its saved effective profile names the owner

CT05 = ("05-CT/TW", "Chỉ thị", ["TW"], None)
KH12 = ("12/KH-VKS", "Kế hoạch", ["VKS"], None)
NQ96 = ("Nghị quyết 96", "Nghị quyết", [], None)

# article_id, site, published_at, sentences, DOCREFs: (document, written form, sentence, issue_date)
ARTICLES = [
    ("a1", "sample", date(2024, 3, 5),
     ["Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị, chi bộ tổ chức sinh hoạt chuyên đề.",
      "Đơn vị cũng triển khai Kế hoạch số 12/KH-VKS về công tác thi đua."],
     [(CT05, "05-CT/TW", 0, "2016-05-15"), (KH12, "12/KH-VKS", 1, None)]),
    ("a2", "vkstphcm.gov.vn", date(2024, 7, 1),
     ["Các đảng viên đăng ký làm theo Chỉ thị 05-CT/TW trong năm.",
      "Việc học tập theo Chỉ thị 05-CT/TW được đánh giá hằng quý."],
     [(CT05, "05-CT/TW", 0, None), (CT05, "05-CT/TW", 1, None)]),
    ("a3", LOCAL, date(2025, 1, 10),
     ["Hội nghị sơ kết Chỉ thị 05-CT/TW ngày 15/5/2016 và Kế hoạch 12/KH-VKS ngày 20/01/2024."],
     [(CT05, "05-CT/TW", 0, "2016-05-15"), (KH12, "12/KH-VKS", 0, "2024-01-20")]),
    ("a4", "other.example", None,  # no publication date, no known owner
     ["Theo Kế hoạch số 12/KH-VKS ngày 01/02/2023, đoàn kiểm tra làm việc tại trại tạm giam.",
      "Nghị quyết 96 được nhắc lại tại buổi làm việc."],
     [(KH12, "12/KH-VKS", 0, "2023-02-01"), (NQ96, "Nghị quyết 96", 1, None)]),
    ("a5", "sample", date(2024, 2, 10),
     ["Kế hoạch số 12/KH-VKS ngày 20/01/2024 đặt chỉ tiêu giải quyết án."],
     [(KH12, "12/KH-VKS", 0, "2024-01-20")]),
]


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """Rows as a table's DataFrame, the columns they leave out empty (None, not NaN: Arrow types them)."""
    df = pd.DataFrame(rows)
    for column in dataset.SCHEMAS[name].names:
        if column not in df.columns:
            df[column] = pd.Series([None] * len(df), dtype=object)
    return df


def write_tables(data_dir: Path, articles=ARTICLES) -> None:
    """articles, tokens (one row per sentence), entities (the DOCREFs, with offsets) and units, then the
    catalog, as `vks process` leaves them."""
    arts, toks, ents = [], [], []
    for aid, site, published, sentences, refs in articles:
        text = "\n".join(sentences)
        starts = [sum(len(s) + 1 for s in sentences[:i]) for i in range(len(sentences))]
        arts.append({"article_id": aid, "site": site, "url": f"https://{site}/{aid}", "title": f"Bài {aid}",
                     "published_at": published, "text": text, "article_type": "tin_hoat_dong"})
        toks += [{"article_id": aid, "sentence": i, "start": st, "end": st + len(s), "tokens": s.split()}
                 for i, (st, s) in enumerate(zip(starts, sentences, strict=True))]
        for (value, doc_type, issuers, year), written, i, issued in refs:
            start = text.index(written, starts[i])
            attrs = {"doc_type": doc_type, "issuers": issuers, "year": year}
            if issued:
                attrs["issue_date"] = issued
            ents.append({"article_id": aid, "type": "DOCREF", "text": written, "value": value, "start": start,
                         "end": start + len(written), "sentence": i, "method": "rule",
                         "attrs": json.dumps(attrs, ensure_ascii=False)})
    dataset.write_table("articles", frame("articles", arts), data_dir)
    dataset.write_table("tokens", frame("tokens", toks), data_dir)
    dataset.write_table("entities", frame("entities", ents), data_dir)
    dataset.write_table("units", units_table(), data_dir)
    raw = effective_profile(f"http://{LOCAL}/", "generic")
    raw["owner"] = GIA_LAI
    save_site(data_dir / "raw", to_site(raw, "test"))
    dataset.build_catalog(data_dir)


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("docs-data")
    write_tables(data_dir)
    return data_dir


def documents(data_dir) -> dict[str, dict]:
    df = pipeline.query("SELECT * FROM documents", data_dir)
    return {r["doc_id"]: r for r in df.to_dict("records")}


def test_documents_view_counts_and_dates(hand_made):
    docs = documents(hand_made)
    assert set(docs) == {"05-CT/TW", "12/KH-VKS", "Nghị quyết 96"}
    ct = docs["05-CT/TW"]
    # a2 names it twice: four mentions in three articles, on three sites
    assert (ct["n_citations"], ct["n_articles"], ct["n_sites"]) == (4, 3, 3)
    assert ct["doc_type"] == "Chỉ thị" and list(ct["issuers"]) == ["TW"]
    assert pd.Timestamp(ct["first_cited"]) == pd.Timestamp("2024-03-05")
    assert pd.Timestamp(ct["last_cited"]) == pd.Timestamp("2025-01-10")
    assert pd.Timestamp(ct["issue_date"]) == pd.Timestamp("2016-05-15")
    assert ct["year"] == 2016  # a Party number writes no year: the issue date gives it
    kh = docs["12/KH-VKS"]
    # cited by an undated article too: first/last come from the dated ones only
    assert (kh["n_citations"], kh["n_articles"], kh["n_sites"]) == (4, 4, 3)
    assert pd.Timestamp(kh["first_cited"]) == pd.Timestamp("2024-02-10")
    assert pd.Timestamp(kh["last_cited"]) == pd.Timestamp("2025-01-10")
    # two articles give 20/01/2024, one 01/02/2023: the date given most often
    assert pd.Timestamp(kh["issue_date"]) == pd.Timestamp("2024-01-20")
    nq = docs["Nghị quyết 96"]
    assert pd.isna(nq["issue_date"]) and pd.isna(nq["year"]) and list(nq["issuers"]) == []
    assert pd.isna(nq["first_cited"]) and nq["n_citations"] == 1


def test_documents_view_types(hand_made):
    types = dict(pipeline.query("SELECT column_name, column_type FROM (DESCRIBE documents)", hand_made).values)
    assert types == {"doc_id": "VARCHAR", "doc_type": "VARCHAR", "issuers": "VARCHAR[]", "year": "INTEGER",
                     "issue_date": "DATE", "first_cited": "DATE", "last_cited": "DATE", "n_citations": "BIGINT",
                     "n_articles": "BIGINT", "n_sites": "BIGINT"}


def test_citations_view(hand_made):
    df = pipeline.query("SELECT * FROM citations ORDER BY article_id, doc_id", hand_made)
    assert list(df.columns) == ["article_id", "doc_id", "site", "unit_id", "unit", "published_at", "sentence"]
    assert list(zip(df["article_id"], df["doc_id"], strict=True)) == [
        ("a1", "05-CT/TW"), ("a1", "12/KH-VKS"), ("a2", "05-CT/TW"), ("a3", "05-CT/TW"), ("a3", "12/KH-VKS"),
        ("a4", "12/KH-VKS"), ("a4", "Nghị quyết 96"), ("a5", "12/KH-VKS")]
    by = {(r["article_id"], r["doc_id"]): r for r in df.to_dict("records")}
    # the owner: a bundled profile, the registry (its name canonicalised by the units table), a saved
    # effective profile, nobody
    assert by["a1", "05-CT/TW"]["unit"] == KHANH_HOA
    assert by["a1", "05-CT/TW"]["unit_id"] == "vien-kiem-sat-nhan-dan-tinh-khanh-hoa"
    assert by["a2", "05-CT/TW"]["unit"] == HCM
    assert by["a3", "05-CT/TW"]["unit"] == GIA_LAI
    a4 = by["a4", "12/KH-VKS"]
    assert pd.isna(a4["unit"]) and pd.isna(a4["unit_id"]) and pd.isna(a4["published_at"])
    # the sentence of the first mention, cut from the article's text
    assert by["a2", "05-CT/TW"]["sentence"] == ARTICLES[1][3][0]
    assert by["a1", "12/KH-VKS"]["sentence"] == ARTICLES[0][3][1]
    assert by["a4", "Nghị quyết 96"]["sentence"] == ARTICLES[3][3][1]


def test_views_absent_without_entities(tmp_path):
    dataset.write_table("articles", frame("articles", [{"article_id": "x", "site": "sample", "text": "Không."}]), tmp_path)
    dataset.build_catalog(tmp_path)
    views = set(pipeline.query("SELECT view_name FROM duckdb_views() WHERE NOT internal", tmp_path)["view_name"])
    assert "documents" not in views and "citations" not in views
    proc = vks("export", "graph", "--data-dir", str(tmp_path), check=False)
    assert proc.returncode == 3 and "vks process --rebuild" in proc.stderr


def test_most_cited_per_year_and_citing_sites(hand_made):
    cites = pipeline.query("SELECT * FROM citations", hand_made)
    top = most_cited_per_year(cites, top=1)
    assert top.to_dict("records") == [
        {"year": 2024, "doc_id": "05-CT/TW", "articles": 2, "rank": 1},  # tie with 12/KH-VKS: by doc_id
        {"year": 2025, "doc_id": "05-CT/TW", "articles": 1, "rank": 1}]
    assert len(most_cited_per_year(cites, top=5)) == 4
    over = citing_sites_over_time(cites, "12/KH-VKS", period="Q")
    assert [(str(p.date()), s, n) for p, s, n in over.itertuples(index=False)] == [
        ("2024-01-01", "sample", 2), ("2025-01-01", LOCAL, 1)]
    assert citing_sites_over_time(cites, "no such document").empty


@pytest.mark.parametrize("fmt,read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_export_reads_back(hand_made, tmp_path, fmt, read):
    out = tmp_path / f"g.{fmt}"
    proc = vks("export", "graph", "--format", fmt, "--out", str(out), "--data-dir", str(hand_made))
    assert "nodes" in proc.stderr and not proc.stdout
    g = read(out)
    kinds = {n: d["kind"] for n, d in g.nodes(data=True)}
    assert sorted(n for n, k in kinds.items() if k == "document") == [
        "document:05-CT/TW", "document:12/KH-VKS", "document:Nghị quyết 96"]
    assert sum(k == "article" for k in kinds.values()) == 5
    assert sorted(n for n, k in kinds.items() if k == "site") == sorted(
        f"site:{s}" for s in ("sample", "vkstphcm.gov.vn", LOCAL, "other.example"))
    cites = {(u, v): d for u, v, d in g.edges(data=True) if d["relation"] == "cites"}
    assert len(cites) == 8
    assert int(cites["article:a2", "document:05-CT/TW"]["weight"]) == 2
    assert int(cites["article:a1", "document:05-CT/TW"]["weight"]) == 1
    owners = {(u, v) for u, v, d in g.edges(data=True) if d["relation"] == "publishes" and u.startswith("unit:")}
    assert ("unit:vien-kiem-sat-nhan-dan-tinh-khanh-hoa", "site:sample") in owners
    assert not any(v == "site:other.example" for _, v in owners)  # no owner known
    assert g.has_edge("site:other.example", "article:a4")
    doc = g.nodes["document:12/KH-VKS"]
    assert doc["issue_date"] == "2024-01-20" and int(doc["n_articles"]) == 4 and doc["issuers"] == "VKS"
    assert g.nodes["article:a3"]["published_at"] == "2025-01-10"
    assert "published_at" not in g.nodes["article:a4"]  # no value: no attribute, never "None"


def test_graph_to_stdout(hand_made):
    proc = vks("export", "graph", "--data-dir", str(hand_made))
    assert proc.stdout.startswith("<?xml") and "graphml" in proc.stdout[:400]


# -- the demo dataset ----------------------------------------------------------------------------------

def _docrefs_by_pandas(data_dir) -> pd.DataFrame:
    """The DOCREFs with their articles, computed without the catalog: the oracle for the views."""
    ents = pipeline.load("entities", data_dir)
    ents = ents[ents["type"] == "DOCREF"]
    arts = pipeline.load("articles", data_dir)[["article_id", "site", "published_at"]]
    return ents.merge(arts, on="article_id")


@pytest.mark.slow
def test_documents_on_demo(demo_data):
    refs = _docrefs_by_pandas(demo_data)
    docs = pipeline.query("SELECT * FROM documents", demo_data).set_index("doc_id")
    assert len(docs) == refs["value"].nunique() > 50
    assert docs["n_citations"].sum() == len(refs)
    per_doc = refs.groupby("value").agg(n=("article_id", "size"), articles=("article_id", "nunique"),
                                        first=("published_at", "min"), last=("published_at", "max"))
    joined = docs.join(per_doc)
    assert (joined["n_citations"] == joined["n"]).all() and (joined["n_articles"] == joined["articles"]).all()
    for view_col, oracle in (("first_cited", "first"), ("last_cited", "last")):
        a, b = pd.to_datetime(joined[view_col]), pd.to_datetime(joined[oracle])
        assert ((a == b) | (a.isna() & b.isna())).all(), view_col
    assert joined["first_cited"].notna().sum() > 50
    # the sample portal's articles cite some documents again and again
    assert (docs["n_articles"] >= 3).sum() >= 5
    assert docs["issue_date"].notna().sum() >= 20


@pytest.mark.slow
def test_citations_on_demo(demo_data):
    refs = _docrefs_by_pandas(demo_data)
    cites = pipeline.query("SELECT * FROM citations", demo_data)
    assert len(cites) == len(refs.drop_duplicates(["article_id", "value"]))
    assert (cites["unit"] == KHANH_HOA).all()  # the sample profile extends vkskh, owned by Khánh Hòa
    first = refs.sort_values("start").drop_duplicates(["article_id", "value"]).set_index(["article_id", "value"])
    for r in cites.itertuples(index=False):
        assert first.loc[(r.article_id, r.doc_id), "text"] in r.sentence


@pytest.mark.slow
def test_graph_on_demo(demo_data, tmp_path):
    g = load_graph(demo_data)
    n_docs = pipeline.query("SELECT count(*) n FROM documents", demo_data).iloc[0]["n"]
    assert sum(d["kind"] == "document" for _, d in g.nodes(data=True)) == n_docs
    n_cites = pipeline.query("SELECT count(*) n FROM citations", demo_data).iloc[0]["n"]
    assert sum(d["relation"] == "cites" for *_, d in g.edges(data=True)) == n_cites
    write_graph(g, tmp_path / "demo.gexf", "gexf")
    back = nx.read_gexf(tmp_path / "demo.gexf")
    assert back.number_of_nodes() == g.number_of_nodes() and back.number_of_edges() == g.number_of_edges()
