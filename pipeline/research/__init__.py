"""Researchers' tables and views over the processed data: documents and who cites them (``documents.py``),
the article-document-unit graph (``graph.py``), each portal's owner unit (``owners.py``), units across the
2025 reform (``units.py``, ``succession.py``, ``unit_activity.py``), syndicated stories (``syndication.py``)
and the SQLite export behind ``vks serve`` (``export_sqlite.py``)."""
