"""Where an article is on its way in, for the progress page and the API."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Article, Event

STEPS = ("Queued", "Fetching", "Extracting", "Done")


@dataclass
class Progress:
    stage: str  # queued, fetching, extracting, extracted, failed
    label: str  # for an editor: "Fetching (attempt 2)", "3 suggestions", "Failed: HTTP 404 ..."
    step: int  # index into STEPS
    finished: bool
    note: str = ""  # the reason of a retry under way
    events: list[Event] = field(default_factory=list)

    @property
    def suggestions(self) -> int:
        return len(self.events)

    @property
    def steps(self) -> list[tuple[str, str]]:
        """(name, state) for each step: done, current, failed or todo."""
        states = []
        for index, name in enumerate(STEPS):
            if self.stage == "extracted" or index < self.step:
                states.append((name, "done"))
            elif index == self.step:
                states.append((name, "failed" if self.stage == "failed" else "current"))
            else:
                states.append((name, "todo"))
        return states


def article_progress(article: Article) -> Progress:
    """The article's stage, with the events it suggested or corroborated once it is extracted (two queries)."""
    status = article.status
    if status == Article.Status.QUEUED and not article.attempts:
        return Progress("queued", "Queued: waiting for a worker", 0, False)
    if status == Article.Status.QUEUED:
        attempt = f" (attempt {article.attempts})" if article.attempts > 1 or article.error else ""
        return Progress("fetching", f"Fetching the page{attempt}", 1, False, note=article.error)
    if status == Article.Status.FETCHED:
        return Progress("extracting", "Extracting: looking for events", 2, False)
    if status == Article.Status.FAILED:
        step = 2 if article.text else 1 if article.attempts or article.url else 0
        return Progress("failed", f"Failed: {article.error or 'no reason recorded'}", step, True)
    events = list(
        Event.objects.filter(evidence__article=article).select_related("type").distinct().order_by("date", "id"))
    count = len(events)
    label = f"{count} suggestion{'' if count == 1 else 's'}" if count else "No events found in this article"
    return Progress("extracted", label, 3, True, events=events)
