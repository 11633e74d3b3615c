"""The recognizer committee: a span stands where most members see it."""

from __future__ import annotations

import pytest

from kg.nlp.vote import vote


@pytest.mark.parametrize(
    ("proposals", "expected"),
    [
        ([[(0, 2, "PER")], [(0, 2, "PER")], []], [(0, 2, "PER")]),  # two of three
        ([[(0, 2, "PER")], [], []], []),  # one of three is not enough
        ([[(0, 2, "PER")], [(0, 2, "ORG")], [(0, 2, "ORG")]], [(0, 2, "ORG")]),  # the label counts too
        ([[(0, 2, "PER")], [(0, 2, "PER")], [(1, 2, "PER")]], [(0, 2, "PER")]),  # exact spans vote
        # overlapping winners: the better supported, then the longer
        (
            [[(0, 3, "ORG"), (5, 6, "LOC")], [(0, 3, "ORG"), (5, 6, "LOC")], [(0, 2, "ORG")]],
            [(0, 3, "ORG"), (5, 6, "LOC")],
        ),
        ([[(0, 3, "ORG"), (2, 4, "LOC")], [(0, 3, "ORG"), (2, 4, "LOC")], [(0, 3, "ORG")]], [(0, 3, "ORG")]),
        ([[(0, 1, "PER"), (0, 1, "PER")], [], []], []),  # a member votes once per span
    ],
)
def test_vote(proposals, expected):
    assert vote(proposals, 2) == expected


def test_vote_does_not_depend_on_member_order():
    a, b, c = [(0, 2, "PER"), (4, 5, "LOC")], [(0, 2, "PER"), (3, 5, "LOC")], [(3, 5, "LOC"), (4, 5, "LOC")]
    assert vote([a, b, c], 2) == vote([c, a, b], 2) == vote([b, c, a], 2)


def test_the_pipeline_runs_the_committee(nlp):
    from kg.nlp.loading import COMMITTEE

    assert "bk_vote" in nlp.pipe_names
    assert len(nlp.get_pipe("bk_vote").members) == len(COMMITTEE)
