"""Researchers' tables over the processed data: documents and who cites them (``documents.py``), the
article-document-unit graph (``graph.py``), and the owner unit of each portal (``owners.py``)."""
