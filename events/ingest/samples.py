"""Synthetic news: article pages and RSS/Atom feeds about diplomatic events.

Used by `manage.py bench_ingest` and the ingestion tests, which serve them from
a local HTTP server. Every story is built from templates over real countries,
so the suggestion engine finds events in it; the index picks the countries,
the event and the day, so story N is the same on every run and no two
stories share a text.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from email.utils import format_datetime

COUNTRIES = [
    ("France", "Paris"), ("Australia", "Canberra"), ("Germany", "Berlin"), ("Japan", "Tokyo"),
    ("Brazil", "Brasília"), ("Canada", "Ottawa"), ("India", "New Delhi"), ("Italy", "Rome"),
    ("Spain", "Madrid"), ("Mexico", "Mexico City"), ("Kenya", "Nairobi"), ("Egypt", "Cairo"),
    ("Poland", "Warsaw"), ("Norway", "Oslo"), ("Chile", "Santiago"), ("Argentina", "Buenos Aires"),
    ("Indonesia", "Jakarta"), ("Nigeria", "Abuja"), ("Sweden", "Stockholm"), ("Portugal", "Lisbon"),
    ("Vietnam", "Hanoi"), ("Morocco", "Rabat"), ("Greece", "Athens"), ("Peru", "Lima"),
    ("Ireland", "Dublin"), ("Denmark", "Copenhagen"), ("Ghana", "Accra"), ("Thailand", "Bangkok"),
    ("Colombia", "Bogotá"), ("Finland", "Helsinki"), ("Austria", "Vienna"),
]

# (headline, lead): {a} and {b} are countries, {b_city} b's capital, {day} a weekday.
EVENTS = [
    ("{a} recalls its ambassador to {b}",
     "{a} recalled its ambassador to {b} on {day}, the foreign ministry said, after a row over fishing rights."),
    ("{a} cuts ties with {b}",
     "{a} severed diplomatic relations with {b} on {day}, days after protesting against remarks made by "
     "a minister in {b_city}."),
    ("{a} expels diplomats from {b}",
     "{a} expelled two diplomats from {b} on {day}, accusing them of activities incompatible with their status."),
    ("{a} and {b} hold talks",
     "The foreign ministers of {a} and {b} met in {b_city} on {day} for talks on trade and migration."),
    ("{a} imposes sanctions on {b}",
     "{a} imposed sanctions on {b} on {day}, freezing the assets of several officials."),
    ("{a} and {b} sign agreement",
     "{a} and {b} signed an agreement on energy cooperation on {day}, officials in {b_city} said."),
    ("{a} accuses {b}",
     "{a} accused {b} on {day} of interfering in its elections, a charge the government in {b_city} denied."),
    ("{a} restores ties with {b}",
     "{a} restored diplomatic relations with {b} on {day}, ending a rupture that had lasted three years."),
    ("{a}'s prime minister in {b}",
     "The prime minister of {a} visited {b} on {day}, the first such trip in a decade, and was received in {b_city}."),
    ("{a} sends aid to {b}",
     "{a} sent humanitarian aid to {b} on {day} after floods swept through the region around {b_city}."),
]

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

CONTEXT = [
    "The two governments have disagreed for months over the terms of a fisheries deal signed a decade ago, "
    "and officials on both sides have traded sharp words in parliament and on television.",
    "Analysts said the decision reflected pressure at home, where the opposition has accused the government of "
    "being too soft on its neighbours, and where an election is due next spring.",
    "Business groups warned that the dispute could hurt exports of machinery, wine and pharmaceuticals, which "
    "together account for a large share of the trade between the two countries.",
    "A spokesperson for the ministry declined to say whether further steps were being considered, but added that "
    "the government remained open to dialogue and wanted to keep channels of communication open.",
    "The move follows a series of incidents over the summer, including the detention of a fishing crew and a "
    "dispute over the treatment of students applying for visas.",
    "Diplomats in Brussels said other governments were watching closely, and that the matter could be raised "
    "at the next meeting of foreign ministers if the two sides failed to settle it on their own.",
    "Opinion polls published last month suggested that a majority of voters supported a firmer line, although "
    "many said they were worried about the cost of living and wanted the government to focus on prices.",
    "Historians note that relations between the two have weathered worse storms, from trade wars in the 1980s "
    "to a bitter quarrel over a football match that led to the cancellation of a state visit.",
]

BOILERPLATE_NAV = ["World", "Politics", "Business", "Climate", "Science", "Sport", "Culture", "Opinion"]


@dataclass(frozen=True)
class Story:
    index: int
    path: str
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    published: dt.datetime

    @property
    def text(self) -> str:
        return "\n".join((self.lead, *self.paragraphs))


def story(index: int, *, paragraphs: int = 2, base_date: dt.date = dt.date(2024, 3, 4)) -> Story:
    """Story number `index`: two countries, one event, `paragraphs` paragraphs of context after the lead."""
    a = COUNTRIES[index % len(COUNTRIES)]
    b = COUNTRIES[(index // len(COUNTRIES) + index * 7 + 1) % len(COUNTRIES)]
    if b == a:
        b = COUNTRIES[(COUNTRIES.index(a) + 1) % len(COUNTRIES)]
    headline, lead = EVENTS[(index // 3) % len(EVENTS)]
    published = dt.datetime.combine(base_date + dt.timedelta(days=index % 300), dt.time(9, index % 60),
                                    tzinfo=dt.timezone.utc)
    day = DAYS[(published.weekday() - 1) % 7]  # the day before publication
    values = {"a": a[0], "b": b[0], "b_city": b[1], "day": day}
    context = tuple(
        CONTEXT[(index + k) % len(CONTEXT)] + f" (Report {index}, part {k + 1}.)" for k in range(paragraphs)
    )
    return Story(index=index, path=f"/news/{published:%Y/%m/%d}/story-{index}", title=headline.format(**values),
                 lead=lead.format(**values), paragraphs=context, published=published)


def story_html(item: Story, *, outlet: str = "The Daily Courier", charset: str | None = "utf-8") -> str:
    """A news page as outlets publish them: navigation, the article, related links, a footer."""
    nav = "".join(f'<li><a href="/{name.lower()}">{name}</a></li>' for name in BOILERPLATE_NAV)
    body = "".join(f"<p>{html.escape(p)}</p>" for p in (item.lead, *item.paragraphs))
    meta_charset = f'<meta charset="{charset}">' if charset else ""
    return f"""<!doctype html>
<html lang="en"><head>{meta_charset}
<title>{html.escape(item.title)} | {outlet}</title>
<meta property="og:site_name" content="{outlet}">
<meta property="og:title" content="{html.escape(item.title)}">
<meta property="article:published_time" content="{item.published.isoformat()}">
</head><body>
<header><a href="/">{outlet}</a><nav><ul>{nav}</ul></nav></header>
<main><article>
<h1>{html.escape(item.title)}</h1>
<p class="byline">By our diplomatic correspondent ·
<time datetime="{item.published.isoformat()}">{item.published:%d %B %Y}</time></p>
{body}
</article>
<aside><h2>Most read</h2><ul><li><a href="/sport/1">Late goal settles derby</a></li>
<li><a href="/culture/2">Museum reopens after renovation</a></li></ul></aside></main>
<footer><p>© {outlet}. All rights reserved.</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>"""


def rss(items: list[Story], *, base_url: str, title: str = "The Daily Courier: World") -> str:
    entries = "".join(
        f"<item><title>{html.escape(s.title)}</title><link>{base_url}{s.path}?utm_source=rss&amp;utm_medium=feed</link>"
        f"<guid isPermaLink=\"false\">story-{s.index}</guid><pubDate>{format_datetime(s.published)}</pubDate>"
        f"<description>{html.escape(s.lead)}</description></item>"
        for s in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{html.escape(title)}</title>'
            f"<link>{base_url}/</link><description>World news</description>{entries}</channel></rss>")


def atom(items: list[Story], *, base_url: str, title: str = "The Daily Courier: World") -> str:
    entries = "".join(
        f'<entry><title>{html.escape(s.title)}</title><link rel="alternate" href="{base_url}{s.path}"/>'
        f"<id>tag:courier.example,2024:story-{s.index}</id><updated>{s.published.isoformat()}</updated>"
        f"<published>{s.published.isoformat()}</published><summary>{html.escape(s.lead)}</summary></entry>"
        for s in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{html.escape(title)}</title><id>{base_url}/atom</id><updated>2024-03-04T00:00:00Z</updated>"
            f"{entries}</feed>")
