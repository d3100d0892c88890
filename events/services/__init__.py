"""Writes that touch more than one row or model, each in a transaction, with
keyword-only arguments, safe to repeat. One module per subject."""
from .demo import demo_load
from .reference import REFERENCE_DIR, reference_load

__all__ = ["REFERENCE_DIR", "demo_load", "reference_load"]
