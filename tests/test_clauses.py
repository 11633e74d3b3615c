"""bk:relatedTo from any other clause linking two named entities (kg.extract.clauses), on
sentences written for the tests."""

import pytest

from kg.extract.clauses import CONFIDENCE, related_facts
from kg.model import Fact
from kg.pipeline import extract_text

PUB = "2024-07-05T09:00:00+07:00"  # a Friday


def short(key: str) -> str:
    return key.split("/", 1)[1]


@pytest.fixture(scope="module")
def related(nlp):
    """The relatedTo facts of a text, as a build of it states them: (subject, verb, object)."""

    def run(text, published=PUB, modality="asserted"):
        return {
            (short(f.subject), f.verb, short(f.object))
            for f in extract_text(text, published)
            if f.predicate == "relatedTo" and f.modality == modality
        }

    return run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # active: subject and object
        ("Andi Wijaya menelepon Budi Santoso tadi malam.", ("andi-wijaya", "menelepon", "budi-santoso")),
        (
            "Polda Jawa Barat memeriksa Andi Wijaya selama enam jam.",
            ("kepolisian-daerah-jawa-barat", "memeriksa", "andi-wijaya"),
        ),
        # an oblique object: its preposition joins the verb
        ("Andi Wijaya melapor ke Polda Jawa Barat.", ("andi-wijaya", "melapor ke", "kepolisian-daerah-jawa-barat")),
        ("Andi Wijaya kalah dari Budi Santoso di babak final.", ("andi-wijaya", "kalah dari", "budi-santoso")),
        # …and the object noun of the verb before it
        (
            "PT Maju Jaya mengajukan gugatan terhadap PT Sinar Abadi.",
            ("pt-maju-jaya", "mengajukan gugatan terhadap", "pt-sinar-abadi"),
        ),
        # passive: the agent acts, the verb in the active voice
        ("Budi Santoso dikalahkan oleh Andi Wijaya di final.", ("andi-wijaya", "mengalahkan", "budi-santoso")),
        ("Budi Santoso dinikahi Siti Rahmawati pada 2019.", ("siti-rahmawati", "menikahi", "budi-santoso")),
        # a relative clause's subject, a conjoined verb's shared subject
        (
            "Andi Wijaya, yang pernah menggugat Budi Santoso, kini tinggal di Bogor.",
            ("andi-wijaya", "menggugat", "budi-santoso"),
        ),
        (
            "Polda Jawa Barat memeriksa Andi Wijaya, sedangkan Budi Santoso melapor ke Bareskrim Polri.",
            ("budi-santoso", "melapor ke", "bareskrim-polri"),
        ),
        # a person rather than the body of his title, the name after a title
        ("Menteri Keuangan Sri Mulyani menegur Bank Mandiri.", ("sri-mulyani", "menegur", "bank-mandiri")),
        ("Andi Wijaya menyuap Bupati Garut Budi Santoso.", ("andi-wijaya", "menyuap", "budi-santoso")),
    ],
)
def test_a_clause_links_its_subject_and_object(related, text, expected):
    assert expected in related(text)


@pytest.mark.parametrize(
    "text",
    [
        # a typed fact of the sentence already links the two (metWith, criticized, thanked)
        "Prabowo Subianto bertemu dengan Anwar Ibrahim di Putrajaya.",
        "Siti Rahmawati mengkritik Andi Wijaya.",
        "Andi Wijaya menyampaikan terima kasih kepada Budi Santoso.",
        # verbs of saying: bk:said covers them
        "Budi Santoso menyatakan kepada Andi Wijaya bahwa rapat ditunda.",
        "Andi Wijaya mengatakan Budi Santoso sudah pulang.",
        # negation, plans, purposes, wishes, questions
        "Andi Wijaya tidak menghubungi Budi Santoso.",
        "Andi Wijaya akan menggugat Budi Santoso.",
        "Andi Wijaya berharap Budi Santoso segera menghubungi Polda Jawa Barat.",
        "Apakah Andi Wijaya menyuap Budi Santoso?",
        # copulas
        "Andi Wijaya adalah kuasa hukum Budi Santoso.",
        # a name that modifies a noun is no party: "pria Kosta Rika", "klub Italia"
        "Pria Kosta Rika itu mengalahkan klub Italia.",
    ],
)
def test_no_link(related, text):
    assert related(text) == set()


def test_the_body_in_a_title_does_not_act(related):
    found = related("Menteri Keuangan Sri Mulyani menegur Bank Mandiri.")
    assert {s for s, _, _ in found} == {"sri-mulyani"}


def test_modality_date_rule_and_confidence(nlp):
    facts = [
        f
        for f in extract_text("Andi Wijaya diduga menelepon Budi Santoso pada Senin (1/7).", PUB)
        if f.predicate == "relatedTo"
    ]
    assert [(f.subject, f.object, f.verb, f.modality) for f in facts] == [
        ("person/andi-wijaya", "person/budi-santoso", "menelepon", "alleged")
    ]
    fact = facts[0]
    assert fact.date is not None and fact.date.value == "2024-07-01"
    assert (fact.extractor, fact.confidence) == ("rule:related.obj", CONFIDENCE)
    assert fact.evidence == "Andi Wijaya diduga menelepon Budi Santoso pada Senin (1/7)."


def test_a_denial_is_denied(related):
    found = related("Andi Wijaya membantah menyuap Budi Santoso.", modality="denied")
    assert found == {("andi-wijaya", "menyuap", "budi-santoso")}


def test_a_fact_of_the_sentence_either_way_round_blocks_the_link(doc_of):
    text = "Andi Wijaya menelepon Budi Santoso tadi malam."
    doc = doc_of(text, PUB)
    assert [(f.subject, f.object) for f in related_facts(doc, "a1")] == [("person/andi-wijaya", "person/budi-santoso")]
    typed = Fact("person/budi-santoso", "metWith", "person/andi-wijaya", "a1", text, "rule:x", 0.8)
    assert related_facts(doc, "a1", [typed]) == []
    elsewhere = Fact("person/budi-santoso", "metWith", "person/andi-wijaya", "a1", "Kalimat lain.", "rule:x", 0.8)
    assert len(related_facts(doc, "a1", [elsewhere])) == 1
