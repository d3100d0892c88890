"""What the timeline rows show, prepared in Python.

A 50-event page renders each event's participants; in the template language
that is three loops and a dozen tests per participant, most of a page's
rendering time. Here it is one pass per event; every value goes through
html.escape (the tests put markup in every field and check it shows as text).
Rows not prepared (the home page's) fall back to the template partials.
"""
from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from ..models import Event, Participant

ARROW = '<span class="arrow" aria-hidden="true"> → </span><span class="visually-hidden"> towards </span>'


def _link(p: Participant) -> str:
    """A participant as HTML, every value escaped."""
    if p.actor_id:
        person = f'<a href="/actors/{escape(p.actor.slug)}/">{escape(p.actor.name)}</a>'
        if not p.country_id:
            return person
        code, name = escape(p.country.code), escape(p.country.name)
        return f'{person} <a class="code" href="/countries/{code}/" title="{name}">{code}</a>'
    return f'<a href="/countries/{escape(p.country.code)}/">{escape(p.country.name)}</a>'


def who_html(event: Event) -> SafeString:
    """Sources → targets, then those who took part alike, as links."""
    sides: dict[str, list[Participant]] = {"source": [], "target": [], "participant": []}
    for p in event.participants.all():  # prefetched
        sides.setdefault(p.side, []).append(p)

    def group(side: str) -> str:
        return "".join(f'<span class="side-{side}">{_link(p)}</span>' for p in sides[side])

    parts = [group("source")]
    if sides["target"]:
        parts += [ARROW, group("target")]
    parts.append(group("participant"))
    return mark_safe("".join(parts))  # made of escaped values and fixed markup only


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # spelt out: strftime's %b follows the process locale


def _day(day) -> str:
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"  # Django's "j M Y"


def date_html(event: Event) -> SafeString:
    """The date with its honest precision, as templates/events/_event_date.html writes it."""
    if event.date_precision == Event.Precision.WEEK:
        monday = getattr(event, "week_start", None) or event.date_min
        iso = monday.isocalendar()
        return mark_safe(f'<time datetime="{iso.year}-W{iso.week:02d}" title="Only the week is known: '
                         f'{event.date_min.day} {MONTHS[event.date_min.month - 1][:3]}–{_day(event.date_max)}">week of {_day(monday)}</time>')
    if event.date_precision == Event.Precision.MONTH:
        return mark_safe(f'<time datetime="{event.date:%Y-%m}" title="Only the month is known">{MONTHS[event.date.month - 1]} {event.date.year}</time>')
    if event.date_precision == Event.Precision.YEAR:
        return mark_safe(f'<time datetime="{event.date:%Y}" title="Only the year is known">{event.date:%Y}</time>')
    return mark_safe(f'<time datetime="{event.date:%Y-%m-%d}">{_day(event.date)}</time>')


def present(events: Iterable[Event]) -> None:
    """Prepare rows for the timeline partials: event.who_html, event.date_html, event.url."""
    for event in events:
        event.who_html = who_html(event)
        event.date_html = date_html(event)
        event.url = f"/events/{event.pk}/"
