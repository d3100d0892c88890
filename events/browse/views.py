"""Pages for analysts: the confirmed record as a timeline (list, visual, CSV),
and the pages of an event, a country, a pair of countries and an actor.

Views are thin: parameters are validated by forms and the shared
EventFilterSet, reads go through selectors, which own the joins, so each page
runs a fixed number of queries however many events it shows.
"""
import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..models import Country, Event, Participant
from ..selectors.events import (actor_record, cached_read, country_counterparts, country_events, event_detail,
                                event_related, event_timeline)
from ..selectors.timeline import dyad_relations, family_choices, pair_events, timeline_items, timeline_page
from .access import record_reader
from .export import EXPORT_MAX_ROWS, export_rows
from .forms import BrowseFilterSet, ChartForm, PeriodForm, VisualForm
from .present import present

PAGE_SIZE = 50


def _page_or_error(queryset, request, size=PAGE_SIZE):
    """The keyset page the URL asks for (rows prepared), or the error that a bad cursor makes."""
    try:
        page = timeline_page(queryset, before=request.GET.get("before"), after=request.GET.get("after"), size=size)
    except ValidationError as error:
        return None, error.messages
    present(page.events)
    return page, None


@require_GET
@record_reader
def timeline(request):
    filters = BrowseFilterSet(request.GET, queryset=event_timeline())
    page, errors = (_page_or_error(filters.qs, request) if filters.is_valid() else (None, None))
    context = {"filters": filters, "page": page, "cursor_errors": errors, "families": family_choices()}
    return render(request, "events/timeline.html", context, status=200 if page else 400)


@require_GET
@record_reader
def timeline_visual(request):
    filters = BrowseFilterSet(request.GET, queryset=Event.objects.none())
    valid = filters.is_valid()
    return render(request, "events/visual.html", {"filters": filters, "families": family_choices()},
                  status=200 if valid else 400)


@require_GET
@record_reader
def timeline_visual_items(request):
    """The visual timeline's items in a window, as JSON (the page's script asks as you zoom and pan)."""
    filters = BrowseFilterSet(request.GET, queryset=event_timeline())
    window = VisualForm(request.GET)
    if not (filters.is_valid() and window.is_valid()):
        return JsonResponse({"errors": {**filters.errors.get_json_data(), **window.errors.get_json_data()}}, status=400)
    options = window.cleaned_data
    return JsonResponse(timeline_items(filters.qs, start=options["start"], end=options["end"],
                                       lanes=options["lanes"] or "pair"))


@require_GET
@record_reader
def timeline_export(request):
    """The filtered timeline as CSV, newest first, streamed; at most EXPORT_MAX_ROWS rows."""
    filters = BrowseFilterSet(request.GET, queryset=event_timeline())
    if not filters.is_valid():
        return JsonResponse({"errors": filters.errors.get_json_data()}, status=400)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(export_rows(filters.qs), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="events-{stamp}.csv"'
    response["X-Export-Limit"] = str(EXPORT_MAX_ROWS)
    return response


@require_GET
@record_reader
def event_page(request, pk: int):
    event = event_detail(pk=pk)
    if event is None:
        raise Http404("No confirmed event has this number.")
    if event.status == Event.Status.MERGED:
        return redirect("event_detail", pk=event.merged_into_id)
    sides = [(label, [p for p in event.participants.all() if p.side == side]) for side, label in Participant.Side.choices]
    codes = list(dict.fromkeys(p.country.code for p in event.participants.all() if p.country_id))
    related = event_related(event=event)
    present(related)
    return render(request, "events/event_detail.html", {
        "event": event, "sides": sides, "related": related,
        "pair": codes[:2] if len(codes) >= 2 else None,
    })


@require_GET
@record_reader
def country_page(request, code: str):
    if code != code.upper():
        return redirect("country_detail", code=code.upper())
    country = get_object_or_404(Country, code=code)
    period = PeriodForm(request.GET)
    latest = country_events(country_id=country.id)
    present(latest)
    counterparts, start, end = [], None, None
    if period.is_valid():
        # Without a chosen period: the year up to the country's latest event.
        end = period.cleaned_data["date_to"] or (latest[0].date if latest else timezone.now().date())
        start = period.cleaned_data["date_from"] or (
            None if period.cleaned_data["date_to"] else end - dt.timedelta(days=365))
        counterparts = cached_read(country_counterparts, country=country, date_from=start, date_to=end)
    return render(request, "events/country.html", {
        "country": country, "events": latest, "counterparts": counterparts, "period": period,
        "start": start, "end": end, "most": max((c["events"] for c in counterparts), default=1),
    }, status=200 if period.is_valid() else 400)


@require_GET
@record_reader
def relations_page(request, a: str, b: str):
    if a != a.upper() or b != b.upper():
        return redirect("pair_relations", a=a.upper(), b=b.upper())
    countries = {c.code: c for c in Country.objects.filter(code__in=[a, b])}
    if a == b or len(countries) != 2:
        raise Http404("Two different known country codes, please.")
    first, second = countries[a], countries[b]
    form = ChartForm(request.GET)
    if not form.is_valid():
        return render(request, "events/relations.html", {"first": first, "second": second, "form": form}, status=400)
    today = timezone.now().date()
    start = form.chart_start(today)
    interval = form.chart_interval(start, today)
    series = cached_read(dyad_relations, a=first, b=second, interval=interval, date_from=start,
                         date_to=today if start else None)
    selected = (form.cleaned_data["date_from"], form.cleaned_data["date_to"])
    events = pair_events(event_timeline(), first, second)
    if selected[0]:
        events = events.filter(date__gte=selected[0])
    if selected[1]:
        events = events.filter(date__lte=selected[1])
    page, errors = _page_or_error(events, request, size=25)
    chart = {
        "interval": interval, "families": family_choices(),
        "periods": [{"start": row["period"].isoformat(), "end": row["period_end"].isoformat(),
                     "counts": row["counts"], "events": row["events"], "goldstein": row["goldstein_mean"]}
                    for row in series],
        "selected": selected[0].isoformat() if selected[0] else None,
    }
    return render(request, "events/relations.html", {
        "first": first, "second": second, "form": form, "series": series, "chart": chart, "interval": interval,
        "table": _period_links(request, series),
        "page": page, "cursor_errors": errors, "selected": selected,
        "totals": {"events": sum(r["events"] for r in series), "cooperation": sum(r["cooperation"] for r in series),
                   "conflict": sum(r["conflict"] for r in series)},
    }, status=200 if page else 400)


def _period_links(request, series: list[dict]) -> list[dict]:
    """The chart's figures table, newest first, each period linking to its events
    (what a bar click does); the query string is built once, not per row."""
    kept = request.GET.copy()
    for name in ("date_from", "date_to", "before", "after"):
        kept.pop(name, None)
    prefix = f"?{kept.urlencode()}&" if kept else "?"
    return [{**row, "href": f"{prefix}date_from={row['period']:%Y-%m-%d}&date_to={row['period_end']:%Y-%m-%d}#pair-events"}
            for row in reversed(series) if row["events"]]


@require_GET
@record_reader
def actor_page(request, slug: str):
    record = actor_record(slug=slug)
    if record is None:
        raise Http404("No actor has this name in the address.")
    for side in record["sides"]:
        present(side["events"])
    return render(request, "events/actor.html", record)
