"""The analyst notebooks run top to bottom on a freshly built demo dataset and draw from its data."""

from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient

import pipeline

from .conftest import ROOT


def execute(name: str, data_dir, monkeypatch) -> nbformat.NotebookNode:
    monkeypatch.setenv("VKS_DATA_DIR", str(data_dir))
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit notebooks without outputs"
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    return nb


def outputs(nb, kind: str) -> list:
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if kind == "png" and "image/png" in out.get("data", {}):
                found.append(out["data"]["image/png"])
            elif kind == "text" and out.get("output_type") == "stream":
                found.append(out["text"])
    return found


@pytest.mark.slow
def test_articles_overview_notebook(demo_data, monkeypatch):
    nb = execute("01-articles-overview.ipynb", demo_data, monkeypatch)
    assert len(outputs(nb, "png")) >= 2  # articles per month, per category
    text = "".join(outputs(nb, "text"))
    articles = pipeline.load("articles", demo_data)
    assert f"{len(articles)} articles" in text
    plotted = int(re.search(r"articles plotted: (\d+)", text).group(1))
    assert plotted == articles["published_at"].notna().sum()


@pytest.mark.slow
def test_entities_notebook(demo_data, monkeypatch):
    nb = execute("02-entities.ipynb", demo_data, monkeypatch)
    assert len(outputs(nb, "png")) >= 3  # top units, document types, one unit's timeline
    text = "".join(outputs(nb, "text"))
    entities = pipeline.load("entities", demo_data)
    assert f"{len(entities)} entities in {entities['article_id'].nunique()} articles" in text
    top = pipeline.query("SELECT unit, count(DISTINCT article_id) n FROM unit_mentions GROUP BY 1 ORDER BY 2 DESC, 1 "
                         "LIMIT 1", demo_data)
    plotted = int(re.search(r"articles plotted: (\d+)", text.split("quarters plotted")[-1]).group(1))
    dated = pipeline.query(f"SELECT count(DISTINCT article_id) n FROM unit_mentions WHERE unit = "
                           f"'{top.iloc[0]['unit']}' AND published_at IS NOT NULL", demo_data)
    assert plotted == dated.iloc[0]["n"]
    assert int(re.search(r"documents listed: (\d+)", text).group(1)) == min(
        15, pipeline.query("SELECT count(DISTINCT number) n FROM doc_refs", demo_data).iloc[0]["n"])


@pytest.mark.slow
def test_article_types_notebook(demo_data, monkeypatch):
    nb = execute("03-article-types.ipynb", demo_data, monkeypatch)
    assert len(outputs(nb, "png")) >= 3  # per portal, per year, confusion matrix
    text = "".join(outputs(nb, "text"))
    articles = pipeline.load("articles", demo_data)
    assert f"{len(articles)} articles, {articles['article_type'].nunique()} types" in text
    assert int(re.search(r"articles plotted: (\d+)", text).group(1)) == articles["published_at"].notna().sum()
    from pipeline.classify.corpus import project_examples

    assert f"scored: {len(project_examples())} accuracy:" in text


def plotly_outputs(nb) -> list[dict]:
    return [out["data"] for cell in nb.cells for out in cell.get("outputs", [])
            if "application/vnd.plotly.v1+json" in out.get("data", {})]


@pytest.mark.slow
def test_documents_notebook(demo_data, monkeypatch):
    nb = execute("04-documents.ipynb", demo_data, monkeypatch)
    plots = plotly_outputs(nb)
    assert len(plots) >= 3  # most cited per year, one directive's portals over time, the graph around it
    html = [p["text/html"] for p in plots]
    # offline: plotly.js embedded once, no script loaded from anywhere
    assert sum("window.PlotlyConfig" in h or len(h) > 1_000_000 for h in html) == 1
    assert not any(re.search(r"<script[^>]*\bsrc=", h) for h in html)
    text = "".join(outputs(nb, "text"))
    counts = pipeline.query("SELECT count(*) n, count(DISTINCT article_id) a FROM citations", demo_data).iloc[0]
    docs = pipeline.query("SELECT count(*) n FROM documents", demo_data).iloc[0]["n"]
    assert f"{docs} documents, {counts['n']} citations in {counts['a']} articles" in text
    directive = pipeline.query("SELECT doc_id, n_articles FROM documents WHERE doc_type = 'Chỉ thị' "
                               "ORDER BY n_articles DESC, doc_id LIMIT 1", demo_data).iloc[0]
    assert f"directive: {directive['doc_id']}," in text and f"cited by {directive['n_articles']} articles" in text
    # two steps around a document: exactly the articles citing it
    assert int(re.search(r"articles in the graph around \S+: (\d+)", text).group(1)) == directive["n_articles"]
    per_year = pipeline.query("SELECT year(published_at) y, doc_id FROM citations WHERE published_at IS NOT NULL "
                              "GROUP BY y, doc_id QUALIFY row_number() OVER (PARTITION BY y "
                              "ORDER BY count(*) DESC, doc_id) <= 3", demo_data)
    assert int(re.search(r"document-years plotted: (\d+)", text).group(1)) == len(per_year)
    # the figure holds the data: one bar series per document among the most cited of some year
    bars = plots[0]["application/vnd.plotly.v1+json"]["data"]
    assert {t["name"] for t in bars} == set(per_year["doc_id"])


@pytest.mark.slow
def test_units_notebook(demo_data, monkeypatch):
    nb = execute("05-units.ipynb", demo_data, monkeypatch)
    assert len(outputs(nb, "png")) >= 1  # one unit's monthly mentions across 1 July 2025
    text = "".join(outputs(nb, "text"))
    # the unit followed: the one that gains most mentions before the reform from its predecessors
    top = pipeline.query("""
        SELECT unit_id, sum(CASE WHEN basis = 'current' THEN mentions ELSE -mentions END) AS gained
        FROM unit_activity WHERE month < DATE '2025-07-01' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1""", demo_data)
    unit_id = top.iloc[0]["unit_id"]
    assert f"unit: {unit_id}\n" in text
    before = pipeline.query(f"""
        SELECT basis, sum(mentions) AS n FROM unit_activity WHERE unit_id = '{unit_id}' AND month < DATE '2025-07-01'
        GROUP BY 1""", demo_data).set_index("basis")["n"]
    written, rolled = re.search(r"before 1 July 2025: as written (\d+) rolled up (\d+)", text).groups()
    assert (int(written), int(rolled)) == (int(before.get("as_written", 0)), int(before["current"]))
    # on the sample portal: a regional procuracy, named only after the reform, and its former districts'
    assert unit_id == "vien-kiem-sat-nhan-dan-khu-vuc-3-tinh-khanh-hoa" and int(written) == 0 and int(rolled) > 20
    assert "predecessors: 3" in text  # huyện Cam Lâm, thành phố Cam Ranh and before it thị xã Cam Ranh
