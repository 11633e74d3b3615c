"""Berita KG: knowledge graphs from Indonesian news."""

__version__ = "0.1.0"
