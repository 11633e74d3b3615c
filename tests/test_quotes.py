"""bk:said on texts written for the tests: who said what, direct or reported, and when."""

import pytest

from kg.pipeline import extract_text
from kg.resources import load_json

PUB = "2024-07-05T09:00:00+07:00"  # a Friday


@pytest.fixture(scope="module")
def said(nlp):
    """The `said` facts of a text, as a build of it states them."""

    def run(text, published=PUB):
        return [f for f in extract_text(text, published) if f.predicate == "said"]

    return run


def one(facts):
    assert len({f.subject for f in facts}) == 1, [(f.subject, f.quote) for f in facts]
    return facts[0]


SPEAKERS = [
    # direct quotes, attributed after them
    (
        '"Kami akan memperbaiki jalan itu secepatnya," kata Budi Santoso di Bandung.',
        "person/budi-santoso",
        "direct",
        (),
    ),
    (
        "“Pelaku sudah kami tangkap di Bekasi,” ujar Kepala Bidang Humas Polda Metro Jaya Kombes Rudi Hartono.",
        "person/rudi-hartono",  # the person, not the body in the title
        "direct",
        ("city/bekasi",),
    ),
    (
        '"Harga beras di pasar mulai turun pekan ini," ucap Siti Aminah kepada wartawan.',
        "person/siti-aminah",
        "direct",
        (),
    ),
    (
        '"Anggaran itu akan kami kaji ulang bersama DPR," kata Menteri Keuangan Sri Mulyani Indrawati.',
        "person/sri-mulyani-indrawati",
        "direct",
        ("organization/dewan-perwakilan-rakyat",),
    ),
    (
        '"Kami tidak tahu kapan bantuan datang," kata Yusuf, pengungsi di Palu.',
        "person/yusuf",
        "direct",
        (),
    ),
    # … and before them
    (
        'Retno Marsudi mengatakan: "Kami akan terus melindungi pekerja migran di Jepang."',
        "person/retno-marsudi",
        "direct",
        ("country/jepang",),
    ),
    # reported speech
    (
        "Menurut Retno Marsudi, hubungan Indonesia dan Jepang terus membaik.",
        "person/retno-marsudi",
        "indirect",
        ("country/indonesia", "country/jepang"),
    ),
    (
        "Joko Widodo mengatakan bahwa pembangunan jalan tol di Sumatra akan dipercepat.",
        "person/joko-widodo",
        "indirect",
        ("place/sumatra",),
    ),
    (
        "Prabowo Subianto menegaskan pertahanan Indonesia harus diperkuat.",
        "person/prabowo-subianto",
        "indirect",
        ("country/indonesia",),
    ),
    ("Ketua KPU Hasyim Asyari menilai tahapan pemilu berjalan lancar.", "person/hasyim-asyari", "indirect", ()),
    (
        "Basuki Hadimuljono menjelaskan, pembangunan bendungan di Aceh hampir rampung.",
        "person/basuki-hadimuljono",
        "indirect",
        ("place/aceh",),
    ),
    ("Harga cabai naik tajam di Medan, kata Zulkifli Hasan.", "person/zulkifli-hasan", "indirect", ("city/medan",)),
    (
        "Kuasa hukum Ahmad Dhani, Ali Lubis, mengatakan kliennya siap hadir di pengadilan.",
        "person/ali-lubis",  # the name in commas, not the client in the title
        "indirect",
        (),
    ),
    (
        "Bank Indonesia menyatakan inflasi bulan lalu masih terkendali.",
        "organization/bank-indonesia",  # a body speaks too
        "indirect",
        (),
    ),
    # passive
    (
        "Posko bantuan di Palu sudah siap. Hal itu dikatakan Tri Rismaharini di sana.",
        "person/tri-rismaharini",
        "indirect",
        ("city/palu",),
    ),
    (
        "Dikatakan Ganjar Pranowo, bantuan untuk korban banjir sudah disalurkan.",
        "person/ganjar-pranowo",
        "indirect",
        (),
    ),
    # pronouns: the person named before
    (
        'Menteri Keuangan Sri Mulyani Indrawati meninjau pelabuhan di Makassar. "Anggaran tahun ini cukup untuk '
        'semua program," katanya.',
        "person/sri-mulyani-indrawati",
        "direct",
        (),
    ),
    (
        'Retno Marsudi bertemu warga di Osaka. "Kami akan terus melindungi pekerja migran," ujarnya.',
        "person/retno-marsudi",
        "direct",
        (),
    ),
    (
        "Retno Marsudi berbicara di Osaka. Menurutnya, pekerja migran perlu perlindungan lebih baik.",
        "person/retno-marsudi",
        "indirect",
        (),
    ),
    (
        "Anies Baswedan hadir di Balai Kota. Ia mengatakan banjir sudah surut di sebagian besar wilayah.",
        "person/anies-baswedan",
        "indirect",
        (),
    ),
    # a bare title: the person the article says holds it
    (
        "Kapolri Jenderal Listyo Sigit Prabowo meninjau lokasi banjir di Semarang. "
        '"Kami kerahkan seluruh personel untuk membantu warga," kata Kapolri.',
        "person/listyo-sigit-prabowo",
        "direct",
        (),
    ),
    (
        "Menteri Dalam Negeri Tito Karnavian membuka rapat di Jakarta. Mendagri mengatakan pilkada akan digelar "
        "serentak.",
        "person/tito-karnavian",
        "indirect",
        (),
    ),
]


@pytest.mark.parametrize(("text", "speaker", "kind", "about"), SPEAKERS, ids=[s[1] for s in SPEAKERS])
def test_the_speaker_and_what_was_said(said, text, speaker, kind, about):
    fact = one(said(text))
    assert (fact.subject, fact.quote_type, fact.about) == (speaker, kind, about)
    assert fact.object == "" and fact.quote and fact.quote in " ".join(text.split()).replace('"', "")
    assert fact.extractor.startswith("rule:said.") and fact.evidence


@pytest.mark.parametrize(
    "verb",
    [
        "kata",
        "ujar",
        "ucap",
        "tutur",
        "jelas",
        "ungkap",
        "terang",
        "imbuh",
        "tambah",
        "lanjut",
        "sebut",
        "tegas",
        "papar",
    ],
)
def test_every_verb_after_a_quote(said, verb):
    fact = one(said(f'"Kami sudah menyiapkan posko bantuan di Palu," {verb} Tri Rismaharini.'))
    assert (fact.subject, fact.quote, fact.quote_type) == (
        "person/tri-rismaharini",
        "Kami sudah menyiapkan posko bantuan di Palu",
        "direct",
    )


@pytest.mark.parametrize(
    "verb",
    [
        "mengatakan",
        "menyatakan",
        "menegaskan",
        "menilai",
        "menyebut",
        "menjelaskan",
        "mengungkapkan",
        "menuturkan",
        "berpendapat",
        "mengaku",
    ],
)
def test_every_verb_before_reported_speech(said, verb):
    fact = one(said(f"Tri Rismaharini {verb} bahwa posko bantuan di Palu sudah siap."))
    assert (fact.subject, fact.quote, fact.quote_type) == (
        "person/tri-rismaharini",
        "posko bantuan di Palu sudah siap",
        "indirect",
    )


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        (
            '"Proyek ini sudah lama kami siapkan. Semua izin telah keluar. Pembangunan dimulai setelah musim '
            'hujan," kata Anies Baswedan.',
            "Proyek ini sudah lama kami siapkan. Semua izin telah keluar. Pembangunan dimulai setelah musim hujan",
        ),
        (  # a quote over two paragraphs, opened again in the second and closed there
            '"Kami sudah memeriksa tujuh saksi dalam perkara ini.\n\n"Berkasnya segera kami kirim ke kejaksaan," '
            "kata Agus Salim.",
            "Kami sudah memeriksa tujuh saksi dalam perkara ini. Berkasnya segera kami kirim ke kejaksaan",
        ),
        (  # the attribution inside reported speech is no part of it
            "Posko itu, kata Tri Rismaharini, sudah melayani ribuan pengungsi.",
            "Posko itu sudah melayani ribuan pengungsi",
        ),
        (
            "Sementara itu, Gubernur Jawa Tengah Ganjar Pranowo mengatakan kepada wartawan di Semarang, Senin (1/7), "
            "bahwa stok pangan aman.",
            "stok pangan aman",
        ),
    ],
)
def test_what_was_said_is_the_clause_as_written(said, text, quote):
    assert one(said(text)).quote == quote


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ('"Kami akan memperbaiki jalan itu," kata Budi Santoso di Bandung, Selasa (2/7).', "2024-07-02"),
        ("Ganjar Pranowo mengatakan, Senin (1/7), bahwa stok pangan aman.", "2024-07-01"),
        ("Posko bantuan di Palu sudah siap. Hal itu dikatakan Tri Rismaharini di Palu, Kamis (4/7).", "2024-07-04"),
        ("Budi Santoso mengatakan proyek itu selesai pada Desember 2025.", None),  # a date of what was said
        ('"Kami akan mulai pada Senin (8/7)," kata Budi Santoso.', None),
    ],
)
def test_the_date_is_the_saying_s(said, text, date):
    fact = one(said(text))
    assert (fact.date.value if fact.date else None) == date


@pytest.mark.parametrize(
    "text",
    [
        '"Apakah proyek itu akan selesai tahun ini?" tanya Budi Santoso.',  # a question
        "Budi Santoso tidak mengatakan apa pun soal proyek itu.",  # negated
        "Budi Santoso meminta warga menjaga kebersihan lingkungan.",  # a request is another property
        "Budi Gunadi Sadikin memberikan bantuan kepada korban banjir di Bogor.",
        '"Kami sudah menunggu bantuan sejak pagi," kata seorang warga.',  # no speaker named
        'Baca juga: "Kami siap bertanding di final," kata Shin Tae-yong.',  # page furniture
        "Warga berkumpul di depan balai desa. Menurut dia, banjir datang tengah malam.",  # no one to refer to
    ],
)
def test_no_fact(said, text):
    assert said(text) == []


def test_a_pronoun_or_a_title_costs_confidence(said):
    named = one(said('"Kami akan terus melindungi pekerja migran," ujar Retno Marsudi.'))
    pronoun = one(said('Retno Marsudi bertemu warga di Osaka. "Kami akan terus melindungi pekerja migran," ujarnya.'))
    assert pronoun.confidence < named.confidence


def test_a_pronoun_after_an_unknown_speaker_is_no_guess(said):
    text = (
        'Budi Santoso meninjau pasar. "Harga sudah turun," kata seorang pedagang. "Pembeli juga mulai ramai," ujarnya.'
    )
    assert [f.quote for f in said(text)] == []


def test_the_lexicon_is_data():
    data = load_json("quotes.json")
    assert {
        "kata",
        "ujar",
        "ucap",
        "tutur",
        "jelas",
        "ungkap",
        "terang",
        "imbuh",
        "tambah",
        "lanjut",
        "sebut",
        "tegas",
        "papar",
    } <= set(data["after_verbs"])
    assert "meminta" not in data["before_verbs"] + data["clause_verbs"]
