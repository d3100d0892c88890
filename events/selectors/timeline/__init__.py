"""Reading the confirmed record as timelines: the filters shared by the pages,
the API and the feeds; keyset pagination; the visual timeline's items; a pair's
relations over time.

Everything here takes and returns querysets or plain data, never a request.
"""
# One module per subject: filters.py (the shared filters and the query plans
# they rely on), pages.py (keyset pages, the visual timeline), relations.py (a
# pair's relations over time); pages and relations build on filters.
from .filters import (
    FEW, FEW_EVENTS, SEARCH_CONFIG, CodeChoiceField, CountryFilter, EventFilterForm, EventFilterSet, FamilyFilter,
    SummaryMatches, UpperChoiceField, among, events_filter, involving, newest_first,
)
from .pages import TimelinePage, cursor_of, cursor_parse, timeline_items, timeline_page
from .relations import (
    CONFLICT, COOPERATION, FAMILY_TONE, INTERVALS, NEUTRAL, dyad_relations, family_choices, pair_events, period_end,
)

# Settings such as FEW_EVENTS are read from their own module: patch
# filters.FEW_EVENTS, not this re-export.
__all__ = [
    "CONFLICT", "COOPERATION", "FAMILY_TONE", "FEW", "FEW_EVENTS", "INTERVALS", "NEUTRAL", "SEARCH_CONFIG",
    "CodeChoiceField", "CountryFilter", "EventFilterForm", "EventFilterSet", "FamilyFilter", "SummaryMatches",
    "TimelinePage", "UpperChoiceField", "among", "cursor_of", "cursor_parse", "dyad_relations", "events_filter",
    "family_choices", "involving", "newest_first", "pair_events", "period_end", "timeline_items", "timeline_page",
]
