"""Stage 1: cleaning and sentences, with offsets into the original text."""
from events.extraction.text import MAX_SENTENCE, normalise, split_sentences


def test_normalise_keeps_offsets_for_smart_quotes_and_dashes():
    text = "Darmanin said it was a \u201cmockery\u201d \u2014 really."
    clean, offsets = normalise(text)
    assert clean == 'Darmanin said it was a "mockery" - really.'
    assert offsets(clean.index("mockery")) == text.index("mockery")


def test_normalise_removes_zero_width_and_bidi_marks_and_maps_back():
    text = "Fra\u200bnce and \u200fIsrael met."
    clean, offsets = normalise(text)
    assert clean == "France and Israel met."
    position = clean.index("Israel")
    assert text[offsets(position):offsets(position) + 6] == "Israel"


def test_normalise_turns_html_blocks_into_line_breaks_and_drops_tags():
    text = "<p>Mali expelled the <b>French</b> envoy.</p><p>Paris protested &amp; recalled staff.</p>"
    clean, offsets = normalise(text)
    assert "<" not in clean and "&amp;" not in clean
    assert [s.text for s in split_sentences(clean)] == ["Mali expelled the French envoy.", "Paris protested & recalled staff."]
    french = clean.index("French")
    assert text[offsets(french):offsets(french) + 6] == "French"


def test_sentences_do_not_break_after_titles_initials_and_abbreviations():
    clean = "Lt. Col. Christopher Logan said the U.S. Navy would act. China disagreed."
    assert [s.text for s in split_sentences(clean)] == [
        "Lt. Col. Christopher Logan said the U.S. Navy would act.", "China disagreed."]


def test_sentence_offsets_point_at_their_text():
    clean = "First one here. Second one there!\n\nThird, in a new paragraph."
    sentences = split_sentences(clean)
    assert [clean[s.start:s.end] for s in sentences] == [s.text for s in sentences]
    assert [s.paragraph for s in sentences] == [0, 0, 1]


def test_a_dateline_is_left_out_of_the_first_sentence():
    clean = "SEOUL, June 21 -- Chinese President Xi Jinping met North Korean leader Kim Jong-un."
    first = split_sentences(clean)[0]
    assert first.text.startswith("Chinese President")


def test_a_read_more_line_is_one_sentence_flagged_as_a_link():
    clean = "Ministers met.\n\nREAD MORE: French president pans Boris Johnson over Channel crossings\n\nThey agreed."
    sentences = split_sentences(clean)
    assert [s.link for s in sentences] == [False, True, False]
    assert sentences[1].text == "French president pans Boris Johnson over Channel crossings"


def test_text_with_no_sentence_breaks_is_cut_into_bounded_pieces():
    clean = "word " * 2000
    sentences = split_sentences(clean)
    assert len(sentences) > 1
    assert all(len(s.text) <= MAX_SENTENCE for s in sentences)


def test_empty_and_blank_text_give_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\n  ") == []
