"""A pair of countries' relations over time: the dense per-period series the
chart draws, the pair's events, and the chart's families and periods."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth, TruncWeek

from ...models import Country, Event, Family, Participant
from .filters import involving

# Where each PLOVER family sits on the relations chart: cooperation above zero,
# conflict below. Statements, requests and incidents carry no sign of their own
# (PLOVER leaves the first and last out; a request's weight is near zero), so
# they stack above zero in neutral greys, after the cooperative families.
COOPERATION = ["AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"]
NEUTRAL = ["STATEMENT", "REQUEST", "INCIDENT"]
CONFLICT = ["ACCUSE", "REJECT", "PROTEST", "THREATEN", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
FAMILY_TONE = {**{f: "cooperation" for f in COOPERATION}, **{f: "neutral" for f in NEUTRAL},
               **{f: "conflict" for f in CONFLICT}}
assert set(FAMILY_TONE) == set(Family.values), "every PLOVER family needs a place on the chart"

INTERVALS = {"week": TruncWeek, "month": TruncMonth}


# --- a pair's relations ---------------------------------------------------------------

def _periods(first: dt.date, last: dt.date, interval: str) -> list[dt.date]:
    """Every period start from the one holding `first` to the one holding `last`."""
    if interval == "week":
        day = first - dt.timedelta(days=first.weekday())
        out = []
        while day <= last:
            out.append(day)
            day += dt.timedelta(days=7)
        return out
    year, month, out = first.year, first.month, []
    while (year, month) <= (last.year, last.month):
        out.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def pair_events(queryset: QuerySet[Event], a, b) -> QuerySet[Event]:
    """Events involving both countries (Country instances or ISO codes)."""
    for country in (a, b):
        queryset = involving(queryset, **({"country": country} if isinstance(country, Country) else {"country__code": country}))
    return queryset


def dyad_relations(*, a, b, interval: str = "month", date_from: dt.date | None = None,
                   date_to: dt.date | None = None, queryset: QuerySet[Event] | None = None) -> list[dict]:
    """How relations between two countries moved: per week or month, confirmed
    events counted by PLOVER family, and the mean Goldstein weight of their
    types (None when no event in the period has a weight).

    The series is dense from the first to the last period that has events (or
    the whole of date_from..date_to when both are given), so a quiet month
    shows as zero rather than disappearing. One query.
    """
    if interval not in INTERVALS:
        raise ValidationError(f"interval must be one of {', '.join(INTERVALS)}.")
    events = queryset if queryset is not None else Event.objects.filter(status=Event.Status.CONFIRMED)
    # The pair's events as a self-join of participants: PostgreSQL merges the two
    # countries' (country, event) index entries, already in event order, instead of
    # probing every event of the record twice.
    first, second = (_country_id(c) for c in (a, b))
    both = Participant.objects.filter(country_id=first, event_id__in=Participant.objects.filter(
        country_id=second).values("event_id")).values("event_id")
    events = events.filter(pk__in=both)
    if date_from:
        events = events.filter(date__gte=date_from)
    if date_to:
        events = events.filter(date__lte=date_to)
    rows = (
        events.order_by().annotate(period=INTERVALS[interval]("date")).values("period", "type__plover")
        .annotate(n=Count("id"), weight_sum=Sum("type__goldstein"), weighted=Count("type__goldstein"))
    )
    by_period: dict[dt.date, dict] = {}
    for row in rows:
        period = row["period"].date() if isinstance(row["period"], dt.datetime) else row["period"]
        slot = by_period.setdefault(period, {"counts": {}, "weight_sum": 0.0, "weighted": 0})
        slot["counts"][row["type__plover"]] = row["n"]
        slot["weight_sum"] += row["weight_sum"] or 0.0
        slot["weighted"] += row["weighted"]
    if not by_period and not (date_from and date_to):
        return []
    first = date_from if date_from and date_to else min(by_period)
    last = date_to if date_from and date_to else max(by_period)
    series = []
    for period in _periods(first, last, interval):
        slot = by_period.get(period, {"counts": {}, "weight_sum": 0.0, "weighted": 0})
        counts = slot["counts"]
        series.append({
            "period": period,
            "period_end": period_end(period, interval),
            "events": sum(counts.values()),
            "counts": counts,
            "cooperation": sum(n for f, n in counts.items() if FAMILY_TONE.get(f) == "cooperation"),
            "conflict": sum(n for f, n in counts.items() if FAMILY_TONE.get(f) == "conflict"),
            "goldstein_mean": round(slot["weight_sum"] / slot["weighted"], 2) if slot["weighted"] else None,
        })
    return series


def _country_id(country):
    """A Country's id, or a subquery finding it by code (evaluated once, as an InitPlan)."""
    if isinstance(country, Country):
        return country.pk
    return Subquery(Country.objects.filter(code=country).values("pk")[:1])


def period_end(start: dt.date, interval: str) -> dt.date:
    """The last day of the week or month starting on `start`."""
    if interval == "week":
        return start + dt.timedelta(days=6)
    following = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def family_choices() -> list[dict]:
    """The PLOVER families with their tone, in the chart's stacking order."""
    labels = dict(Family.choices)
    return [{"value": f, "label": labels[f], "tone": FAMILY_TONE[f]} for f in COOPERATION + NEUTRAL + CONFLICT]
