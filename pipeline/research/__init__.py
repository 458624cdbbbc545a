"""Researchers' tables and views built over the processed tables (units across the 2025 reform, ...)."""
