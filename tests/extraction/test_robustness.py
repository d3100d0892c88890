"""Bad and odd input: a clear result or a clear error, never a crash; quotes
always match the text they point into."""
import io
import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.extraction import ExtractionError, run_jsonl
from events.extraction.engine import MAX_TEXT

from .conftest import REFERENCE, ROOT

STORY = "Canada expelled four Russian diplomats on Monday. Moscow said it would respond. "


def assert_quotes_match(text, events):
    for event in events:
        assert text[event["quote_start"]:event["quote_end"]] == event["quote"]


def test_empty_text_gives_no_events(extract):
    assert extract("") == []
    assert extract("   \n ") == []


def test_missing_text_gives_no_events(engine):
    assert engine.extract({"id": "x", "published_at": "2021-01-01"}) == []


def test_text_that_is_not_a_string_is_a_clear_error(engine):
    with pytest.raises(ExtractionError, match="string"):
        engine.extract({"text": 42})


def test_text_over_the_limit_is_a_clear_error(engine):
    with pytest.raises(ExtractionError, match="characters"):
        engine.extract({"text": "a" * (MAX_TEXT + 1)})


def test_two_megabytes_of_text_are_handled(engine):
    filler = "Markets were calm and the weather stayed mild across the region. "
    text = (STORY + filler * 400) * (MAX_TEXT // len(STORY + filler * 400))
    assert len(text) > 1_900_000
    events = engine.extract({"published_at": "2018-03-27", "text": text})
    assert [e["type"] for e in events] == ["diplomats_expelled"]
    assert_quotes_match(text, events)


def test_text_with_no_sentence_breaks_is_handled(extract):
    text = ("Canada expelled four Russian diplomats on Monday and " * 400).strip()
    events = extract(text, published_at="2018-03-27")
    assert events and events[0]["type"] == "diplomats_expelled"
    assert_quotes_match(text, events)


def test_non_english_text_gives_no_false_events(extract):
    text = "Der Bundeskanzler traf sich am Montag mit dem französischen Präsidenten in Berlin. 北京和东京的关系紧张。"
    events = extract(text)
    assert all(e["type"] != "meeting" or codes_ok(e) for e in events)
    assert_quotes_match(text, events)


def codes_ok(event):
    return all(p.get("code") for side in ("source", "target", "participants") for p in event[side])


def test_html_left_in_the_text_still_gives_quotes_into_the_original(extract):
    text = "<div><p>Canada <b>expelled</b> four Russian diplomats on Monday.</p><script>var x=1;</script></div>"
    events = extract(text, published_at="2018-03-27")
    assert [e["type"] for e in events] == ["diplomats_expelled"]
    assert_quotes_match(text, events)
    assert "Canada <b>expelled</b>" in events[0]["quote"]


def test_odd_unicode_is_read_through(extract):
    text = "\u200fCanada\u200b expelled four \u201cRussian\u201d diplomats\u00a0on Monday.\ufeff"
    events = extract(text, published_at="2018-03-27")
    assert [(e["type"], e["date"]) for e in events] == [("diplomats_expelled", "2018-03-26")]
    assert_quotes_match(text, events)


def test_a_missing_or_bad_publication_date_does_not_crash(engine):
    for published_at in (None, "", "not a date", "2021-02-30"):
        events = engine.extract({"published_at": published_at, "text": STORY})
        assert events and events[0]["type"] == "diplomats_expelled"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400),
       st.sampled_from(["", STORY, "France and Germany met in Paris on Sunday. "]))
def test_random_text_never_crashes_and_quotes_match(engine, noise, story):
    text = noise + story + noise[::-1]
    events = engine.extract({"published_at": "2021-11-29", "text": text})
    assert_quotes_match(text, events)
    for event in events:
        assert event["date_min"] <= event["date"] <= event["date_max"] or event["date_precision"] != "day"


def test_run_jsonl_answers_every_line_in_order_and_reports_bad_ones(engine):
    lines = "\n".join([
        json.dumps({"id": "a", "published_at": "2018-03-27", "text": STORY}),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"id": "d", "text": 7}),
        json.dumps({"id": "e", "published_at": "2018-03-27", "text": ""}),
    ]) + "\n"
    out, err = io.StringIO(), io.StringIO()
    counts = run_jsonl(io.StringIO(lines), out, engine, err)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["id"] for row in rows] == ["a", None, None, "d", "e"]
    assert [("error" in row) for row in rows] == [False, True, True, True, False]
    assert rows[0]["events"][0]["type"] == "diplomats_expelled"
    assert counts == {"articles": 5, "events": 1, "errors": 3}
    assert len(err.getvalue().splitlines()) == 3


def test_the_command_line_prints_only_json_lines_on_stdout(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "published_at": "2018-03-27", "text": STORY}) + "\n{oops\n",
                      encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "events.extraction", "--input", str(source),
                           "--reference", str(REFERENCE)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["a", None]
    assert rows[0]["events"][0]["type"] == "diplomats_expelled"
    assert "line 2" in done.stderr
