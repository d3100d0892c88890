"""The review queue in a real browser (Debian's Chromium through Playwright, against the live server).

The whole flow runs the real pipeline: the editor pastes the seed article into the
submission page, Celery runs eagerly in the live server, the suggestion engine
stores its suggestions, and the editor works through them without a page reload.
"""
import datetime as dt
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from playwright.sync_api import expect

from events.models import Article, Country, Event, EventType, Evidence, Participant, ReviewAction
from tests.e2e.conftest import ARTIFACTS
from tests.factories import UserFactory
from tracker.celery import app

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SEED = json.loads((Path(__file__).resolve().parents[2] / "events/fixtures/demo/channel-crossings-2021.json").read_text())
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


@pytest.fixture
def people(reference):
    """An editor and an analyst; the groups are recreated because transactional tests flush them."""
    editors, _ = Group.objects.get_or_create(name="editors")
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="events", codename="change_event"))
    Group.objects.get_or_create(name="analysts")
    return UserFactory(username="ed-e2e", groups=["editors"]), UserFactory(username="ana-e2e", groups=["analysts"])


@pytest.fixture
def eager():
    """No worker in these tests: the live server runs each task as it is sent (the real task, the real engine)."""
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    with override_settings(CELERY_TASK_ALWAYS_EAGER=True):
        yield
    app.conf.task_always_eager = before


def accessibility_problems(page) -> list[str]:
    """Serious and critical axe-core findings on the current page."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                          ".filter(v => ['serious', 'critical'].includes(v.impact))"
                          ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))")
    return found


def earlier_meeting() -> Event:
    """A confirmed meeting already in the record, dated two days late: not corroborated by the
    engine (more than a day apart) but offered to the editor as a likely duplicate."""
    article = Article.objects.create(url="https://earlier.example/calais", title="Ministers gather in Calais",
                                     text="European interior ministers met in Calais to discuss Channel crossings.",
                                     published_at=dt.datetime(2021, 11, 30, tzinfo=dt.timezone.utc), status="extracted")
    event = Event.objects.create(type=EventType.objects.get(slug="meeting"), status="confirmed", revision=1,
                                 summary="European ministers meet in Calais over Channel crossings",
                                 date=dt.date(2021, 11, 30), date_min=dt.date(2021, 11, 30), date_max=dt.date(2021, 11, 30))
    for code in ("FR", "BE", "NL"):
        Participant.objects.create(event=event, side="participant", country=Country.objects.get(code=code))
    Evidence.objects.create(event=event, article=article, quote="European interior ministers met in Calais",
                            quote_start=0, quote_end=41)
    return event


def test_editor_reviews_the_seed_article_and_the_analyst_sees_the_record(page, login, live_server, screenshot, people, eager):
    existing = earlier_meeting()
    login("ed-e2e")

    # Submit the seed article's text through the submission page; the engine runs on commit.
    seed = SEED["article"]
    page.goto(f"{live_server.url}/articles/submit/")
    page.fill("#id_text", seed["text"])
    page.fill("#id_title", seed["title"])
    page.fill("#id_outlet", "express.co.uk")
    page.fill("#id_published", seed["published_at"][:10])
    page.click("form.submit-article button[type=submit]")
    page.click("text=Review the suggestions")
    article = Article.objects.get(title=seed["title"])
    suggested = Event.objects.filter(status="suggested", evidence__article=article).distinct()
    assert suggested.count() >= 5
    cards = page.locator("#queue article.card")
    expect(cards).to_have_count(suggested.count())
    expect(page.locator(".count")).to_contain_text(f"{suggested.count()} suggestions awaiting review from article #{article.pk}")
    expect(cards.first.locator("mark")).not_to_be_empty()
    page.evaluate("window.stillTheSamePage = true")
    screenshot("review-queue")
    assert accessibility_problems(page) == []

    # Confirm the withdrawn invitation after correcting its date: Paris withdrew it on Friday 26 November.
    invitation = suggested.get(type__slug="invitation_withdrawn")
    card = page.locator(f"#card-{invitation.pk}")
    card.locator(".act-edit").click()
    form = page.locator(f"#card-{invitation.pk}.editing")
    expect(form.locator("h2")).to_contain_text("Edit, then confirm")
    expect(page.locator(f"#id_e{invitation.pk}-summary")).to_be_focused()
    form.locator(f"#id_e{invitation.pk}-date").fill("2021-11-26")
    form.locator(f"#id_e{invitation.pk}-date_precision").select_option("day")
    expect(form.locator(f"#id_e{invitation.pk}-date_min")).to_have_value("2021-11-26")
    screenshot("review-edit-form")
    form.screenshot(path=str(ARTIFACTS / "review-edit-form-card.png"))
    assert accessibility_problems(page) == []
    form.locator(".act-save").click()
    expect(page.locator(f"#card-{invitation.pk}")).to_contain_text("Confirmed")
    expect(page.locator(f"#card-{invitation.pk} .note")).to_contain_text("edited and confirmed")

    # Reject the weakest statement with a reason.
    statement = suggested.filter(type__slug="statement").order_by("confidence").first()
    card = page.locator(f"#card-{statement.pk}")
    card.locator(".act-reject summary").click()
    card.locator("select[name=reason]").select_option("misread")
    card.locator("input[name=note]").fill("the UK made no such statement")
    card.locator(".act-reject button[type=submit]").click()
    expect(page.locator(f"#card-{statement.pk}")).to_contain_text("Rejected")

    # Merge the Calais meeting into the event already in the record, offered as a likely duplicate.
    meeting = suggested.get(type__slug="meeting")
    page.locator(f"#card-{meeting.pk} .merge-into", has_text=f"#{existing.pk}").click()
    expect(page.locator(f"#card-{meeting.pk}")).to_contain_text(f"Merged into #{existing.pk}")
    assert page.evaluate("window.stillTheSamePage") is True  # every action answered in place

    invitation.refresh_from_db()
    statement.refresh_from_db()
    meeting.refresh_from_db()
    assert (invitation.status, invitation.date, invitation.date_precision) == ("confirmed", dt.date(2021, 11, 26), "day")
    assert statement.status == "rejected" and meeting.status == "merged" and meeting.merged_into_id == existing.pk
    assert existing.evidence.filter(article=article).exists()
    assert set(ReviewAction.objects.filter(user__username="ed-e2e").values_list("event_id", "action")) >= {
        (invitation.pk, "confirm"), (statement.pk, "reject"), (meeting.pk, "merge"), (existing.pk, "merge")}

    # The event page shows who did what.
    page.goto(f"{live_server.url}/review/events/{invitation.pk}/")
    expect(page.locator(".history")).to_contain_text("Confirmed by ed-e2e")
    expect(page.locator(".history")).to_contain_text("2021-11-26")
    screenshot("review-event-history")

    # An analyst sees the confirmed events on the timeline, and is refused the queue.
    page.context.clear_cookies()  # `login` clicks the first submit button: with someone logged in, that is "Log out"
    login("ana-e2e")
    expect(page.locator("header .who")).to_have_text("ana-e2e")
    page.goto(f"{live_server.url}/events/")
    timeline = page.locator("main")
    expect(timeline).to_contain_text(invitation.summary)
    expect(timeline).to_contain_text(existing.summary)
    expect(timeline).not_to_contain_text(statement.summary)
    expect(timeline).not_to_contain_text(meeting.summary)
    response = page.goto(f"{live_server.url}/review/")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Editors only")


def suggestion(summary: str, *, confidence: float, day: int) -> Event:
    article = Article.objects.create(url=f"https://keys.example/{day}", title=f"Story {day}", text=f"{summary} said officials.",
                                     published_at=dt.datetime(2021, 11, day, tzinfo=dt.timezone.utc), status="extracted")
    event = Event.objects.create(type=EventType.objects.get(slug="accusation"), summary=summary, confidence=confidence,
                                 date=dt.date(2021, 11, day), date_min=dt.date(2021, 11, day), date_max=dt.date(2021, 11, day))
    Participant.objects.create(event=event, side="source", country=Country.objects.get(code="FR"))
    Participant.objects.create(event=event, side="target", country=Country.objects.get(code="GB"))
    Evidence.objects.create(event=event, article=article, quote=summary, quote_start=0, quote_end=len(summary))
    return event


def test_keyboard_shortcuts_drive_the_queue(page, login, live_server, screenshot, people):
    first, second, third, fourth = (suggestion(f"France accuses Britain, take {n}", confidence=0.9, day=29 - n) for n in range(4))
    login("ed-e2e")
    page.goto(f"{live_server.url}/review/")
    current = page.locator("#queue .card.current")
    expect(current).to_have_id(f"card-{first.pk}")

    page.keyboard.press("?")
    expect(page.locator("#review-help")).to_be_visible()
    expect(page.locator("#review-help")).to_contain_text("confirm as is")
    page.keyboard.press("Escape")
    expect(page.locator("#review-help")).to_be_hidden()

    page.keyboard.press("j")
    expect(current).to_have_id(f"card-{second.pk}")
    page.keyboard.press("k")
    expect(current).to_have_id(f"card-{first.pk}")

    page.keyboard.press("c")  # confirm the first; the next one becomes current
    expect(page.locator(f"#card-{first.pk}")).to_contain_text("Confirmed")
    expect(current).to_have_id(f"card-{second.pk}")

    page.keyboard.press("r")
    expect(page.locator(f"#card-{second.pk} .act-reject select")).to_be_focused()
    page.keyboard.press("Escape")
    page.keyboard.press("m")
    expect(page.locator(f"#card-{second.pk} .act-merge input[name=into]")).to_be_focused()
    page.keyboard.press("Escape")

    page.keyboard.press("e")
    expect(page.locator(f"#card-{second.pk}.editing")).to_be_visible()
    expect(page.locator(f"#id_e{second.pk}-summary")).to_be_focused()
    page.locator(f"#card-{second.pk}.editing a", has_text="Cancel").click()
    expect(page.locator(f"#card-{second.pk} .act-confirm")).to_be_visible()

    # x selects cards for the bulk reject; both are rejected in one go.
    page.locator(f"#card-{second.pk}").focus()
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    expect(page.locator("#picked-count")).to_have_text("2")
    page.select_option("#bulk-reason", "out_of_scope")
    page.click("#bulk-form button[type=submit]")
    expect(page.locator("#bulk-status")).to_contain_text("2 rejected")
    expect(page.locator(f"#card-{second.pk}")).to_contain_text("Rejected")
    expect(page.locator(f"#card-{third.pk}")).to_contain_text("Rejected")
    expect(current).to_have_id(f"card-{fourth.pk}")
    screenshot("review-queue-after-keyboard")
    assert [e.status for e in Event.objects.filter(pk__in=[first.pk, second.pk, third.pk, fourth.pk]).order_by("-date")] == [
        "confirmed", "rejected", "rejected", "suggested"]
