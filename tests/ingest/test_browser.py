"""The submission page in a real browser (Debian's Chromium through Playwright):
submit a URL, then watch the progress panel move on by itself, without a reload."""
import os
import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connections

from events.ingest.samples import story
from events.models import Article
from events.tasks import fetch_article, suggest_for_article

from ..factories import UserFactory
from .conftest import serve_story

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("reference", "allow_local")]


def in_a_thread(scenario):
    """Run `scenario(page)` with a browser of its own, in a thread of its own: Playwright's sync
    API refuses to start where another sync Playwright (the e2e tests' session browser) is running."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("browser tests need Debian's chromium at /usr/bin/chromium (make test installs it)")
    outcome = {}

    def run():
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
                page = browser.new_page(viewport={"width": 1100, "height": 900})
                page.set_default_timeout(15000)
                try:
                    scenario(page)
                finally:
                    browser.close()
        except BaseException as error:  # handed to the test's thread
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "the browser scenario did not finish"
    if "error" in outcome:
        raise outcome["error"]


def test_the_article_page_follows_its_progress_without_reloading(live_server, news, monkeypatch, tmp_path):
    monkeypatch.setattr("events.services.articles.task_send", lambda *args: None)  # this test plays the worker
    Group.objects.get_or_create(name="editors")
    UserFactory(username="browser-editor", groups=["editors"])
    url = serve_story(news, 3)

    def scenario(page):
        page.goto(f"{live_server.url}/articles/submit/")
        page.fill("#id_username", "browser-editor")
        page.fill("#id_password", "pass-for-tests-1")
        page.click("main button[type=submit]")
        page.screenshot(path=str(tmp_path / "submit.png"), full_page=True)
        page.get_by_label("Article URL").fill(url)
        page.get_by_role("button", name="Submit").click()
        page.wait_for_selector("text=Queued: waiting for a worker")
        article = Article.objects.get()
        assert page.url == f"{live_server.url}/articles/{article.pk}/"
        page.evaluate("window.stillTheSamePage = true")

        fetch_article.apply(kwargs={"article_id": article.pk})
        page.wait_for_selector("text=Extracting: looking for events")
        page.wait_for_selector(f"h1:has-text(\"{story(3).title}\")")  # the title found by fetching, swapped in too
        assert page.locator("#article-header dd").filter(has_text="The Daily Courier").count() == 1
        suggest_for_article.apply(kwargs={"article_id": article.pk})
        page.wait_for_selector(".suggestions li")
        assert page.evaluate("window.stillTheSamePage") is True  # htmx swapped the panel; the page never reloaded
        status = page.locator("#article-progress [role=status]").inner_text()
        assert status.endswith("suggestion") or status.endswith("suggestions")
        assert page.locator(".suggestions a").first.get_attribute("href").startswith("/review/events/")
        assert page.locator("#article-progress").get_attribute("hx-trigger") is None  # polling stopped
        assert page.locator("h1").count() == 1
        page.screenshot(path=str(tmp_path / "article-progress.png"), full_page=True)

    in_a_thread(scenario)
