"""Majlis pipeline: pure Python stages from loaded articles to analyses; never imports streamlit."""

from pipeline.analyze import analyze

__all__ = ["analyze"]
