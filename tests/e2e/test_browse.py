"""The analysts' pages in a real browser: every filter, the pager, the event,
country, pair and actor pages, the visual timeline (zoom, pan, click through),
the pair chart (drawn, a bar click filters), the CSV download and the access
setting; axe-core checks each page for serious accessibility violations, and
each page leaves a screenshot in tests/e2e/artifacts/browse-*.png.
"""
import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from tests.browse.conftest import (add_event, channel_record, editor_user, fast_passwords, groups,  # noqa: F401
                                   person, reader)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
MARKUP = '<img src=x onerror="window.pwned=1">'


def assert_accessible(page, name: str):
    """No serious or critical axe-core violation on the page as it stands."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, f"{name}: {serious}"


def rows(page) -> list[str]:
    return page.locator("ol.events li.event .summary").all_inner_texts()


@pytest.fixture
def record(channel_record, add_event, person):
    """The Channel record, a markup-laden summary, and two months of daily talks for paging."""
    add_event(f"Talks on markup {MARKUP}", "meeting", "2021-11-27", participant=["GB", "FR"])
    for n in range(60):
        add_event(f"Routine talks {n}", "phone_call", dt.date(2021, 8, 1) + dt.timedelta(days=n),
                  participant=["DE", "PL"], sources=0)
    return channel_record


def test_timeline_list_every_filter_the_pager_and_the_linked_pages(page, live_server, screenshot, record, person):
    page.goto(f"{live_server.url}/")
    assert_accessible(page, "home")
    screenshot("browse-home")
    page.click("text=Browse the timeline")
    page.wait_for_url("**/events/")
    assert rows(page)[0] == "Britain and France agree a migration deal"
    assert page.locator("h2.day-head").first.inner_text() == "Wednesday 15 December 2021"
    assert page.locator("li.event", has_text="Johnson publishes").locator(".date").inner_text() == "week of 22 Nov 2021"
    assert page.locator("li.event", has_text="migration deal").locator(".date").inner_text() == "December 2021"
    markup_row = page.locator("li.event", has_text="Talks on markup")
    assert MARKUP in markup_row.locator(".summary").inner_text()  # shown as text, not run
    assert page.evaluate("window.pwned") is None
    assert_accessible(page, "timeline")
    screenshot("browse-timeline")

    def apply(**fields):
        page.goto(f"{live_server.url}/events/")
        for name, value in fields.items():
            if name in ("country", "counterpart", "type", "family"):
                page.select_option(f"#id_{name}", value)
            else:
                page.fill(f"#id_{name}", value)
        page.click("text=Apply filters")
        page.wait_for_load_state()
        for name, value in fields.items():
            assert f"{name}={value}" in page.url.replace("+", " ")
        assert "=&" not in page.url and not page.url.endswith("=")  # empty fields left out of the shared URL
        return set(rows(page))

    assert apply(country="BE") == {record["calais"].summary}
    assert apply(country="GB", counterpart="FR", family="REJECT") == {record["withdrawn"].summary}
    assert apply(actor=person.slug) == {record["letter"].summary}
    assert apply(type="joint_operation") == {record["patrol"].summary}
    assert apply(date_from="2021-10-01", date_to="2021-10-31") == {record["fishing"].summary}
    assert apply(q="fishing") == {record["fishing"].summary}
    assert "Events between United Kingdom and France" in (
        page.goto(f"{live_server.url}/events/?country=GB&counterpart=FR") and page.inner_text(".summary-line"))

    page.goto(f"{live_server.url}/events/")
    first_page = rows(page)
    page.click("text=Older ›")
    assert "before=" in page.url and rows(page)[0] not in first_page
    page.click("text=‹ Newer")
    assert rows(page) == first_page

    page.click(f"text={record['withdrawn'].summary}")
    page.wait_for_url(f"**/events/{record['withdrawn'].pk}/")
    assert page.inner_text("h1") == record["withdrawn"].summary
    for text in ("Reject (meet)", "125", "-5.0", "News Example", "Review history", "two sources"):
        assert text in page.inner_text("main"), text
    assert page.locator("blockquote").count() == 2
    assert_accessible(page, "event")
    screenshot("browse-event")

    page.locator("#h-who ~ ul a", has_text="France").first.click()
    page.wait_for_url("**/countries/FR/")
    assert "United Kingdom" in page.inner_text(".counterparts")
    assert_accessible(page, "country")
    screenshot("browse-country")

    page.goto(f"{live_server.url}/actors/{person.slug}/")
    assert "Prime Minister" in page.inner_text(".roles")
    assert record["letter"].summary in page.inner_text("main")
    assert_accessible(page, "actor")
    screenshot("browse-actor")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/events/?country=FR")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows sideways
    assert_accessible(page, "timeline on a phone")
    screenshot("browse-timeline-phone")
    page.goto(f"{live_server.url}/events/{record['withdrawn'].pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "event on a phone")
    screenshot("browse-event-phone")


def test_visual_timeline_zooms_pans_and_opens_an_event(page, live_server, screenshot, record):
    page.goto(f"{live_server.url}/events/visual/?country=FR")
    page.wait_for_selector("#visual-timeline[data-loaded=true] .vis-item")
    assert "events from" in page.inner_text("#visual-status")
    lanes = page.locator(".vis-label").all_inner_texts()
    assert any("France – United Kingdom" in lane for lane in lanes)
    assert page.locator(".vis-item", has_text="Talks on markup").count() == 1
    assert page.evaluate("window.pwned") is None and page.locator(".vis-item img").count() == 0
    assert_accessible(page, "visual timeline")
    screenshot("browse-visual")

    def window():
        return page.evaluate("(() => { const w = trackerTimeline.getWindow(); return [w.start.valueOf(), w.end.valueOf()]; })()")

    before = window()
    page.click("text=Zoom in")
    after = window()
    assert after[1] - after[0] < (before[1] - before[0]) * 0.75
    page.click("text=‹ Earlier")
    moved = window()
    assert moved[0] < after[0]
    page.wait_for_function("document.getElementById('visual-status').textContent.indexOf('Loading') === -1")
    assert "events from" in page.inner_text("#visual-status") or "No confirmed events" in page.inner_text("#visual-status")

    page.goto(f"{live_server.url}/events/visual/?country=FR&lanes=country")
    page.wait_for_selector("#visual-timeline[data-loaded=true] .vis-item")
    assert {"Belgium", "France", "United Kingdom"} <= {lane.strip() for lane in page.locator(".vis-label").all_inner_texts()}
    page.locator(".vis-item", has_text="France withdraws").first.click()
    page.wait_for_url(f"**/events/{record['withdrawn'].pk}/")


def test_pair_chart_draws_and_a_bar_click_lists_that_month(page, live_server, screenshot, record):
    page.goto(f"{live_server.url}/relations/GB/FR/")
    page.wait_for_selector("#relations-chart[data-rendered=true]")
    datasets = page.evaluate("trackerChart.data.datasets.map(d => d.label)")
    assert "Mean Goldstein weight" in datasets and "Reject" in datasets and "Cooperate" in datasets
    assert page.evaluate("trackerChart.data.labels") == ["Oct 2021", "Nov 2021", "Dec 2021"]
    assert_accessible(page, "pair page")
    screenshot("browse-relations")

    # The October bar (France's accusation over fishing, drawn below zero).
    point = page.evaluate("""(() => {
        const c = trackerChart, i = c.data.datasets.findIndex(d => d.label === 'Accuse');
        const bar = c.getDatasetMeta(i).data[0]; return {x: bar.x, y: bar.y};
    })()""")
    box = page.locator("#relations-chart").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"] + 2)
    page.wait_for_url(re.compile(r".*date_from=2021-10-01&date_to=2021-10-31.*"))
    listing = page.inner_text("#pair-events")
    assert record["fishing"].summary in listing and record["withdrawn"].summary not in listing
    screenshot("browse-relations-october")


def test_csv_download_is_the_filtered_timeline(page, live_server, record):
    page.goto(f"{live_server.url}/events/?country=GB&counterpart=FR&family=REJECT")
    with page.expect_download() as download:
        page.click("text=Download CSV")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows_ = list(csv.DictReader(io.StringIO(text)))
    assert download.value.suggested_filename.startswith("events-") and download.value.suggested_filename.endswith(".csv")
    assert [r["summary"] for r in rows_] == [record["withdrawn"].summary]
    assert rows_[0]["family"] == "REJECT" and rows_[0]["sources"] == "2"


def test_a_private_record_needs_an_analysts_login(page, live_server, screenshot, login, settings, record, reader):
    settings.PUBLIC_RECORD = False
    page.goto(f"{live_server.url}/events/")
    assert "/accounts/login/?next=/events/" in page.url
    screenshot("browse-private-login")
    login(reader.username)
    page.goto(f"{live_server.url}/relations/GB/FR/")
    page.wait_for_selector("#relations-chart[data-rendered=true]")
    nav = page.inner_text("header nav")
    assert "reader" in nav and "Review" not in nav  # analysts browse but do not review
    page.goto(f"{live_server.url}/events/")
    assert record["withdrawn"].summary in rows(page)
