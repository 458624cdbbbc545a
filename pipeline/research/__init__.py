"""Researchers' tables derived from the processed tables (plain functions over DataFrames)."""
