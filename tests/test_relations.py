"""Relation frames on sentences written for the tests (not the sample articles' wording)."""

import pytest

from kg.extract.relations import extract_facts, load_frames

PUB = "2024-07-01T09:00:00+07:00"


def facts(doc_of, text, published=PUB, modality="asserted"):
    doc = doc_of(text, published)
    return {
        (f.subject.split("/")[1], f.predicate, f.object.split("/")[-1], f.date.value if f.date else None)
        for f in extract_facts(doc, "a1")
        if f.modality == modality
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # visited
        ("Presiden Joko Widodo berkunjung ke Tokyo pada Maret 2023.", ("joko-widodo", "visited", "tokyo", "2023-03")),
        ("Xi Jinping mengunjungi Moskow pada Rabu (20/3).", ("xi-jinping", "visited", "moskow", "2024-03-20")),
        ("Kunjungan Joe Biden ke Kyiv berlangsung diam-diam.", ("joe-biden", "visited", "kyiv", None)),
        ("Pyongyang dikunjungi oleh Sergei Lavrov pekan itu.", ("sergei-lavrov", "visited", "pyongyang", None)),
        # metWith
        (
            "Prabowo Subianto bertemu dengan Anwar Ibrahim di Putrajaya.",
            ("prabowo-subianto", "metWith", "anwar-ibrahim", None),
        ),
        (
            "Narendra Modi dan Fumio Kishida berbincang selama satu jam.",
            ("narendra-modi", "metWith", "fumio-kishida", None),
        ),
        (
            "Pertemuan antara Emmanuel Macron dan Olaf Scholz terjadi pada Juni lalu.",
            ("emmanuel-macron", "metWith", "olaf-scholz", "2024-06"),
        ),
        (
            "Joko Widodo melakukan pertemuan bilateral dengan Perdana Menteri Jepang Fumio Kishida.",
            ("joko-widodo", "metWith", "fumio-kishida", None),
        ),
        (
            "Narendra Modi mendarat di Tokyo dan disambut Fumio Kishida.",
            ("narendra-modi", "metWith", "fumio-kishida", None),
        ),
        ("Prabowo Subianto menerima kunjungan Anwar Ibrahim di Bogor.", ("anwar-ibrahim", "visited", "bogor", None)),
        ("Xi Jinping mengunjungi sebuah pabrik di Shanghai.", ("xi-jinping", "visited", "shanghai", None)),
        ("Joko Widodo berterima kasih atas dukungan Jepang.", ("jepang", "supports", "joko-widodo", None)),
        (
            "Kanada menjatuhkan sanksi terhadap Iran, tetapi Tiongkok menolak sanksi itu.",
            ("tiongkok", "opposedSanctionsOn", "iran", None),
        ),
        # sentMessageTo
        (
            "Recep Tayyip Erdogan mengirim surat kepada Benjamin Netanyahu.",
            ("recep-tayyip-erdogan", "sentMessageTo", "benjamin-netanyahu", None),
        ),
        (
            "Ucapan selamat itu disampaikan Xi Jinping kepada Vladimir Putin.",
            ("xi-jinping", "sentMessageTo", "vladimir-putin", None),
        ),
        (
            "Dalam suratnya kepada Antonio Guterres, Volodymyr Zelensky meminta bantuan.",
            ("volodymyr-zelensky", "sentMessageTo", "antonio-guterres", None),
        ),
        (
            "Joe Biden dan Xi Jinping saling bertukar surat tahun lalu.",
            ("joe-biden", "sentMessageTo", "xi-jinping", "2023"),
        ),
        # leaderOf from titles, in three orders
        ("Presiden Prancis Emmanuel Macron tiba.", ("emmanuel-macron", "leaderOf", "prancis", None)),
        ("Perdana Menteri Jepang, Fumio Kishida, berbicara.", ("fumio-kishida", "leaderOf", "jepang", None)),
        ("Olaf Scholz, sebagai Kanselir Jerman, menolak.", ("olaf-scholz", "leaderOf", "jerman", None)),
        # a city and its country
        ("Delegasi tiba di Vladivostok, Rusia, pagi ini.", ("vladivostok", "locatedIn", "rusia", None)),
        # supports
        ("Belarus mendukung Rusia dalam sidang itu.", ("belarus", "supports", "rusia", None)),
        ("Iran memberikan dukungan kepada Suriah pada 2015.", ("iran", "supports", "suriah", "2015")),
        ("Iran menyatakan dukungannya terhadap Suriah.", ("iran", "supports", "suriah", None)),
        ("Dukungan Tiongkok terhadap Korea Utara tidak berubah.", ("tiongkok", "supports", "korea-utara", None)),
        # recognized
        (
            "Rusia mengakui kemerdekaan Republik Rakyat Donetsk pada Februari 2022.",
            ("rusia", "recognized", "republik-rakyat-donetsk", "2022-02"),
        ),
        # invaded
        ("Irak menginvasi Kuwait pada Agustus 1990.", ("irak", "invaded", "kuwait", "1990-08")),
        ("Invasi Rusia ke Ukraina dimulai pada Februari 2022.", ("rusia", "invaded", "ukraina", "2022-02")),
        # accused
        ("Amerika Serikat menuduh Korea Utara memasok senjata.", ("amerika-serikat", "accused", "korea-utara", None)),
        ("Korea Selatan dituduh oleh Korut melanggar perbatasan.", ("korea-utara", "accused", "korea-selatan", None)),
        # invited
        ("Vladimir Putin mengundang Kim Jong Un ke Moskow.", ("vladimir-putin", "invited", "kim-jong-un", None)),
        (
            "Undangan Xi Jinping kepada Anwar Ibrahim disampaikan lewat duta besar.",
            ("xi-jinping", "invited", "anwar-ibrahim", None),
        ),
        (
            "Emmanuel Macron mengajak Narendra Modi menonton parade.",
            ("emmanuel-macron", "invited", "narendra-modi", None),
        ),
        # thanked
        (
            "Volodymyr Zelensky berterima kasih kepada Olaf Scholz atas bantuan itu.",
            ("volodymyr-zelensky", "thanked", "olaf-scholz", None),
        ),
        # sentTroopsTo
        ("Korea Utara mengirim ribuan tentara ke Rusia tahun lalu.", ("korea-utara", "sentTroopsTo", "rusia", "2023")),
        ("Inggris mengerahkan pasukan ke Estonia.", ("inggris-raya", "sentTroopsTo", "estonia", None)),
        # opposedSanctionsOn
        (
            "Tiongkok menentang sanksi terhadap Iran di Dewan Keamanan PBB.",
            ("tiongkok", "opposedSanctionsOn", "iran", None),
        ),
        # affiliatedWith
        (
            "Budi Santoso, seorang profesor di Universitas Airlangga, menilai langkah itu berisiko.",
            ("budi-santoso", "affiliatedWith", "universitas-airlangga", None),
        ),
    ],
)
def test_frame_extracts(doc_of, text, expected):
    assert expected in facts(doc_of, text)


def test_met_with_is_stated_both_ways(doc_of):
    found = facts(doc_of, "Prabowo Subianto bertemu dengan Anwar Ibrahim.")
    assert {
        ("prabowo-subianto", "metWith", "anwar-ibrahim", None),
        ("anwar-ibrahim", "metWith", "prabowo-subianto", None),
    } <= found


def test_title_country_is_not_an_actor(doc_of):
    found = facts(doc_of, "Jokowi mengirim surat kepada Presiden Prancis Emmanuel Macron.")
    assert ("joko-widodo", "sentMessageTo", "emmanuel-macron", None) in found
    assert not any(f[1] == "sentMessageTo" and f[2] == "prancis" for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "Joe Biden tidak mengunjungi Kyiv tahun ini.",  # negation
        "Xi Jinping akan mengunjungi Moskow bulan depan.",  # plan
        "Putin menyampaikan undangan kepada Xi Jinping untuk mengunjungi Moskow.",  # invitation
        "Recep Tayyip Erdogan mengirim bantuan kepada Benjamin Netanyahu.",  # not a message
        "Apakah Anies Baswedan bertemu Prabowo Subianto pekan lalu?",  # a question
        "Benarkah Xi Jinping mengunjungi Moskow pada Maret?",
        "Rusia menawarkan untuk mengirim pasukan ke Suriah.",  # an offer
    ],
)
def test_no_fact_where_none_happened(doc_of, text):
    assert not {f for f in facts(doc_of, text) if f[1] in ("visited", "metWith", "sentMessageTo", "sentTroopsTo")}


def test_urging_is_no_invitation(doc_of):
    urged = facts(doc_of, "Emmanuel Macron mengajak Olaf Scholz untuk mengawal reformasi Eropa.")
    assert not {f for f in urged if f[1] == "invited"}
    assert ("emmanuel-macron", "invited", "olaf-scholz", None) in facts(
        doc_of, "Emmanuel Macron mengajak Olaf Scholz ke Istana Elysee."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Korea Selatan dan Jepang menuding Korea Utara memasok senjata.",
            {("korea-selatan", "accused", "korea-utara"), ("jepang", "accused", "korea-utara")},
        ),
        (
            "Xi Jinping mengirim ucapan selamat kepada Joe Biden dan Fumio Kishida.",
            {("xi-jinping", "sentMessageTo", "joe-biden"), ("xi-jinping", "sentMessageTo", "fumio-kishida")},
        ),
    ],
)
def test_coordinated_arguments_each_get_the_fact(doc_of, text, expected):
    assert expected <= {f[:3] for f in facts(doc_of, text)}


def test_a_city_and_its_country_are_not_a_list(doc_of):
    found = {f[:3] for f in facts(doc_of, "Xi Jinping berkunjung ke Vladivostok, Rusia, kemarin.")}
    assert ("xi-jinping", "visited", "vladivostok") in found and ("xi-jinping", "visited", "rusia") not in found


@pytest.mark.parametrize(
    ("text", "prop"),
    [
        ("Korea Utara tidak mendukung Rusia dalam pemungutan suara itu.", "supports"),  # negation
        ("Jepang mengakui bahwa Tiongkok menjadi mitra dagang terbesar.", "recognized"),  # admits, not recognises
        ("Rusia akan mengirim pasukan ke Belarus bulan depan.", "sentTroopsTo"),  # plan
        ("Korea Utara mengirim surat ke Rusia.", "sentTroopsTo"),  # a letter is no troops
        ("Anwar Ibrahim mengajak Joko Widodo berkunjung ke Kuala Lumpur.", "visited"),  # an invitation, not a visit
        ("Joko Widodo bertolak ke Tokyo pekan depan.", "visited"),  # a future time after the trigger
        ("Menurut jadwal, Xi Jinping mengunjungi Hanoi.", "visited"),  # a schedule
        ("Partai itu meminta Belarus mendukung Rusia.", "supports"),  # a request
        ("Turnamen digelar di Jerman, Hongaria, Italia dan Spanyol.", "locatedIn"),  # a list, not "city, country"
    ],
)
def test_no_new_fact_where_none_happened(doc_of, text, prop):
    assert not {f for f in facts(doc_of, text) if f[1] == prop}


def test_date_of_the_report_is_not_the_date_of_the_fact(doc_of):
    found = facts(doc_of, "Xi Jinping telah mengirim salam kepada Putin, kata kantor berita itu pada Jumat (28/6).")
    assert ("xi-jinping", "sentMessageTo", "vladimir-putin", None) in found
    [fact] = [
        f
        for f in extract_facts(
            doc_of("Xi Jinping telah mengirim salam kepada Putin, kata kantor berita itu pada Jumat (28/6).", PUB), "a1"
        )
        if f.predicate == "sentMessageTo"
    ]
    assert fact.reported is not None and fact.reported.value == "2024-06-28"  # kept apart as bk:reportedOn


def test_evidence_rule_and_confidence_are_recorded(doc_of):
    doc = doc_of("Presiden Joko Widodo berkunjung ke Tokyo.\n\nIa kembali sehari kemudian.", PUB)
    visit = next(f for f in extract_facts(doc, "a1") if f.predicate == "visited")
    assert visit.evidence == "Presiden Joko Widodo berkunjung ke Tokyo."
    assert visit.extractor == "rule:visit.berkunjung-ke" and 0 < visit.confidence <= 1
    assert visit.article_id == "a1"


def test_every_frame_uses_a_contract_property():
    from kg.vocab import BK

    for frame in load_frames():
        assert BK[frame.property]
        assert frame.triggers and all(frame.triggers)


@pytest.mark.parametrize(
    ("text", "modality", "expected"),
    [
        # a denial is a statement marked "denied", never an asserted fact
        (
            "Kremlin membantah Putin bertemu dengan Donald Trump.",
            "denied",
            ("vladimir-putin", "metWith", "donald-trump"),
        ),
        ("Moskow membantah menginvasi Georgia.", "denied", ("rusia", "invaded", "georgia")),
        ("Belarus menyangkal telah mengirim pasukan ke Ukraina.", "denied", ("belarus", "sentTroopsTo", "ukraina")),
        # an allegation: the accusation is a fact, what it claims is not
        (
            "Jepang menuduh bahwa Korea Utara telah mengirim tentara ke Rusia.",
            "alleged",
            ("korea-utara", "sentTroopsTo", "rusia"),
        ),
        ("Iran diduga mengirim pasukan ke Suriah.", "alleged", ("iran", "sentTroopsTo", "suriah")),
        # hearsay
        (
            "Anies Baswedan dikabarkan bertemu Prabowo Subianto di Kertanegara.",
            "alleged",
            ("anies-baswedan", "metWith", "prabowo-subianto"),
        ),
        # a government's version of events
        (
            "Menurut Kyiv, Belarus mengirim pasukan ke perbatasan Ukraina.",
            "alleged",
            ("belarus", "sentTroopsTo", "ukraina"),
        ),
    ],
)
def test_denials_and_allegations_are_not_asserted(doc_of, text, modality, expected):
    assert expected in {f[:3] for f in facts(doc_of, text, modality=modality)}
    assert expected not in {f[:3] for f in facts(doc_of, text)}


def test_the_accusation_itself_is_asserted(doc_of):
    found = {f[:3] for f in facts(doc_of, "Jepang menuduh bahwa Korea Utara telah mengirim tentara ke Rusia.")}
    assert ("jepang", "accused", "korea-utara") in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "kedua negara" / "kedua pemimpin" / "dia" / "negara itu" resolve to the entities named before
        (
            "Jepang dan Filipina menjalin hubungan erat. Kedua negara menentang sanksi terhadap Myanmar.",
            {("jepang", "opposedSanctionsOn", "myanmar"), ("filipina", "opposedSanctionsOn", "myanmar")},
        ),
        (
            "Emmanuel Macron menyambut Narendra Modi di Paris. Kedua pemimpin lalu bertukar pesan.",
            {
                ("emmanuel-macron", "sentMessageTo", "narendra-modi"),
                ("narendra-modi", "sentMessageTo", "emmanuel-macron"),
            },
        ),
        (
            "Olaf Scholz mendarat di Beijing. Dia kemudian bertemu dengan Li Qiang.",
            {("olaf-scholz", "metWith", "li-qiang")},
        ),
        (
            "Kekerasan meningkat di Haiti. Antony Blinken lalu mengunjungi negara itu.",
            {("antony-blinken", "visited", "haiti")},
        ),
        # a reply: the one who answers sends a message to the first sender
        (
            "Fumio Kishida mengirim surat kepada Yoon Suk Yeol. Surat itu dibalas Yoon Suk Yeol pekan berikutnya.",
            {("fumio-kishida", "sentMessageTo", "yoon-suk-yeol"), ("yoon-suk-yeol", "sentMessageTo", "fumio-kishida")},
        ),
        # a plural object filled in by what follows
        (
            "Joko Widodo mengirim kartu Lebaran kepada para pemimpin ASEAN. Salah satunya adalah Anwar Ibrahim.",
            {("joko-widodo", "sentMessageTo", "anwar-ibrahim")},
        ),
        # a companion: "bergabung dengan"
        (
            "Rusia bergabung dengan Tiongkok dalam menentang sanksi terhadap Iran.",
            {("rusia", "opposedSanctionsOn", "iran"), ("tiongkok", "opposedSanctionsOn", "iran")},
        ),
    ],
)
def test_references_resolve_to_entities_named_before(doc_of, text, expected):
    assert expected <= {f[:3] for f in facts(doc_of, text)}


def test_a_leader_visiting_that_country_is_not_visiting_home(doc_of):
    found = {
        f[:3]
        for f in facts(doc_of, "Rusia memperkuat hubungan dengan Mongolia. Vladimir Putin mengunjungi negara itu.")
    }
    assert ("vladimir-putin", "visited", "mongolia") in found
    assert ("vladimir-putin", "visited", "rusia") not in found


@pytest.mark.parametrize(
    "text",
    [
        "Operasi militer Moskow di Ukraina berlanjut.",  # a capital is not in another country
        "Presiden Joko Widodo di Jakarta membuka acara itu.",  # a person is not located by "di"
    ],
)
def test_no_located_in_where_none_is_stated(doc_of, text):
    assert not {f for f in facts(doc_of, text) if f[1] == "locatedIn"}


def test_lasting_relations_carry_no_date(doc_of):
    found = facts(doc_of, "Universitas Gadjah Mada di Yogyakarta menggelar seminar pada Senin (1/7).")
    assert ("universitas-gadjah-mada", "locatedIn", "yogyakarta", None) in found


def test_a_title_with_a_place_is_no_gap(doc_of):
    found = {
        f[:3]
        for f in facts(
            doc_of, "Wali Kota Surabaya Eri Cahyadi bertemu dengan Gubernur Jawa Timur Khofifah Indar Parawansa."
        )
    }
    assert ("eri-cahyadi", "metWith", "khofifah-indar-parawansa") in found


def test_a_minister_is_not_affiliated_with_a_country(doc_of):
    assert not {
        f
        for f in facts(doc_of, "Menteri Luar Negeri Rusia Sergei Lavrov tiba di Pyongyang.")
        if f[1] == "affiliatedWith"
    }


def test_a_news_agency_as_source_does_not_make_a_claim(doc_of):
    found = {f[:3] for f in facts(doc_of, "Menurut Reuters, Xi Jinping mengunjungi Moskow.")}
    assert ("xi-jinping", "visited", "moskow") in found
