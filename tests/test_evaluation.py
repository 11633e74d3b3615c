"""Fact scoring (kg.eval.facts) and the project's own tables of Indonesian test sentences."""

import pytest

from kg.errors import InputError
from kg.eval.facts import FactCase, case_facts, parse_fact_cases, score_facts
from tests.conftest import ROOT

TABLES = ROOT / "tests" / "data"


def test_parse_fills_in_date_and_modality():
    [case] = parse_fact_cases(
        ['{"id": "c", "text": "t", "facts": [["a", "visited", "b"], ["a", "p", "b", "2024", "alleged"]]}']
    )
    assert case.facts == {("a", "visited", "b", None, "asserted"), ("a", "p", "b", "2024", "alleged")}
    assert case.published is None


@pytest.mark.parametrize("line", ['{"id": "c", "text": "t"}', "not json", '{"id": "c", "text": "t", "facts": [["a"]]}'])
def test_parse_names_the_line_of_a_bad_case(line):
    with pytest.raises(InputError, match=r"table\.jsonl:2"):
        parse_fact_cases(['{"id": "ok", "text": "t", "facts": []}', line], "table.jsonl")


def test_score_counts_wrong_date_as_wrong_and_missed():
    gold = [
        FactCase(
            "c",
            "t",
            None,
            frozenset({("a", "visited", "b", "2024", "asserted"), ("a", "metWith", "c", None, "asserted")}),
        )
    ]
    scores = score_facts(
        gold, {"c": {("a", "visited", "b", "2023", "asserted"), ("a", "metWith", "c", None, "asserted")}}
    )
    assert scores.prf() == (0.5, 0.5, 0.5)
    assert scores.prf("metWith") == (1.0, 1.0, 1.0)
    assert (scores.dated_gold, scores.dated_right) == (1, 0)


@pytest.mark.parametrize(
    ("table", "min_p", "min_r"),
    [
        # the development table: every property, date form, modality, passives, references
        ("facts_table.jsonl", 0.95, 0.95),
        # written after the rules, measured before changes (P 0.941, R 0.681); fixed since, see README
        ("facts_heldout.jsonl", 0.9, 0.9),
        # a second one, first run P 1.000, R 0.576; fixed since
        ("facts_heldout2.jsonl", 0.9, 0.9),
        # contract version 2: every new property, its passive and noun forms, modalities; the goal
        # is 0.95 both ways, not met yet (P 0.94, R 0.83 when this floor was set; see README)
        ("facts_v2.jsonl", 0.92, 0.8),
    ],
)
def test_fact_tables_hold_their_floor(table, min_p, min_r):
    path = TABLES / table
    cases = parse_fact_cases(path.read_text(encoding="utf-8").splitlines(), str(path))
    scores = score_facts(cases, {c.id: case_facts(c) for c in cases})
    p, r, _ = scores.prf()
    assert p >= min_p and r >= min_r, f"{table}: P {p:.3f} R {r:.3f}; run scripts/eval_facts.py {path} --errors"


def test_table_covers_every_contract_property():
    from kg.vocab import BK

    cases = parse_fact_cases((TABLES / "facts_table.jsonl").read_text(encoding="utf-8").splitlines())
    props = {f[1] for c in cases for f in c.facts}
    required = {
        "visited",
        "metWith",
        "sentMessageTo",
        "signed",
        "signedOn",
        "enteredIntoForceOn",
        "leaderOf",
        "supports",
        "recognized",
        "invaded",
        "accused",
        "invited",
        "thanked",
        "sentTroopsTo",
        "opposedSanctionsOn",
        "locatedIn",
        "affiliatedWith",
    }
    assert required <= props
    assert all(BK[p] for p in props)
    assert {f[4] for c in cases for f in c.facts} == {"asserted", "alleged", "denied"}
