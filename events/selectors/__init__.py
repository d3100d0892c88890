"""Reads shared by the pages, the API and the feeds; they own the joins.
One module per subject."""
from .events import event_timeline
from .reference import event_type_rows, gazetteer_data, office_holder

__all__ = ["event_timeline", "event_type_rows", "gazetteer_data", "office_holder"]
