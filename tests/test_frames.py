"""Loading the relation frames and modality words (kg.extract.frames): bad data is named, good data is used."""

import pytest

from kg.errors import ResourceError
from kg.extract import frames
from kg.extract.frames import load_frames, modality_at


@pytest.fixture
def frames_from(monkeypatch):
    def use(rows):
        monkeypatch.setattr(frames, "load_jsonl", lambda name: tuple(rows))
        load_frames.cache_clear()
        return load_frames

    yield use
    load_frames.cache_clear()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {
                "id": "x.bad-prop",
                "property": "likes",
                "trigger": ["suka"],
                "subject": {"side": "left", "types": ["Person"]},
                "object": {"side": "right", "types": ["Person"]},
            },
            "x.bad-prop: unknown property 'likes'",
        ),
        (
            {
                "id": "x.bad-side",
                "property": "visited",
                "trigger": ["ke"],
                "subject": {"side": "up", "types": ["Person"]},
                "object": {"side": "right", "types": ["City"]},
            },
            "x.bad-side: side must be one of",
        ),
        (
            {
                "id": "x.no-object",
                "property": "visited",
                "trigger": ["ke"],
                "subject": {"side": "left", "types": ["Person"]},
            },
            "x.no-object: give 'subject' and 'object', or 'pair'",
        ),
    ],
)
def test_a_bad_frame_is_named_with_the_fix(frames_from, row, message):
    with pytest.raises(ResourceError, match=message):
        frames_from([row])()


def test_frames_with_a_fallback_run_last_and_triggers_longest_first(frames_from):
    rows = [
        {
            "id": "a.fallback",
            "property": "signed",
            "trigger": ["diteken"],
            "subject": {"side": "right", "types": ["Country"], "fallback": "pair"},
            "object": {"side": "left", "types": ["Treaty"]},
        },
        {
            "id": "b.plain",
            "property": "visited",
            "trigger": ["ke", "berkunjung ke"],
            "subject": {"side": "left", "types": ["Person"]},
            "object": {"side": "right", "types": ["City"]},
        },
    ]
    loaded = frames_from(rows)()
    assert [f.id for f in loaded] == ["b.plain", "a.fallback"]
    assert loaded[0].triggers == (("berkunjung", "ke"), ("ke",))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("putin bertemu kim", "asserted"),
        ("putin tidak bertemu kim", None),
        ("putin akan bertemu kim", None),
        ("kremlin membantah putin bertemu kim", "denied"),
        ("as menuduh bahwa korut telah mengirim tentara", "alleged"),
    ],
)
def test_modality_of_the_words_before_a_trigger(words, expected):
    toks = words.split()
    trigger = next(i for i, w in enumerate(toks) if w in ("bertemu", "mengirim"))
    assert modality_at(toks, trigger) == expected


def test_a_future_time_after_the_trigger_makes_a_plan():
    toks = "jokowi berkunjung ke tokyo pekan depan".split()
    assert modality_at(toks, 1, j=3) is None
    assert modality_at(toks, 1) == "asserted"
