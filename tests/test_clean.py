import pytest

from kg.ingest.clean import article_id, clean_lines, clean_text, content_hash, normalize

STORY = [
    "Presiden Prabowo Subianto bertemu dengan Perdana Menteri Anwar Ibrahim di Kuala Lumpur.",
    "Keduanya membahas perdagangan dan perbatasan kedua negara.",
    "Pertemuan itu berlangsung selama dua jam, kata seorang pejabat.",
]


@pytest.mark.parametrize(
    "noise",
    [
        "tulis komentar anda",
        "Baca Juga",
        "Baca juga: Harga cabai naik menjelang Lebaran",
        "Foto/Reuters",
        "Foto: AFP/Budi Santoso",
        "[Gambas:Video CNN]",
        "ADVERTISEMENT",
        "Follow",
        "Dapatkan berita terkini dan menarik setiap hari, klik di sini!",
        "Alamat email Anda tidak akan dipublikasikan. Ruas yang wajib ditandai *",
        "(abc/def)",
        "(***)",
        "Berita Terkait",
    ],
)
def test_noise_line_goes_story_stays(noise):
    lines = [STORY[0], noise, STORY[1], STORY[2]]
    assert clean_lines(lines) == STORY


def test_caption_with_photo_credit_goes():
    caption = "Kedua pemimpin berjabat tangan di Istana. (Foto: ANTARA/Andi)"
    assert clean_lines([caption, *STORY]) == STORY


def test_inline_video_embed_is_cut_out_of_a_sentence():
    line = "Keduanya membahas perdagangan [Gambas:Video CNN] dan perbatasan kedua negara."
    assert clean_lines([line]) == ["Keduanya membahas perdagangan dan perbatasan kedua negara."]


def test_repeated_paragraph_kept_once():
    assert clean_lines([STORY[0], STORY[1], STORY[0], STORY[2]]) == STORY


def test_menu_block_and_tail_go():
    menu = ["Beranda", "Nasional", "Internasional", "Ekonomi"]
    tail = ["Lihat Semua", "SAAT INI", "Terpopuler", "LIVE REPORT"]
    assert clean_lines(menu + STORY + tail) == STORY


def test_short_subheading_between_paragraphs_stays():
    lines = [STORY[0], "2. Membahas Perbatasan", STORY[1], STORY[2]]
    assert clean_lines(lines) == lines


def test_glued_sentences_get_their_space_back():
    assert clean_lines(["Salah satunya adalah Anwar.Kantor berita itu tidak merinci isinya."]) == [
        "Salah satunya adalah Anwar. Kantor berita itu tidak merinci isinya."
    ]


def test_normalize_removes_invisible_characters():
    assert normalize("Ja\u200bkarta\u00a0kota\r\nbaru\x07") == "Jakarta kota\nbaru"


def test_ids_are_content_derived_and_stable():
    text = clean_text("\n".join(STORY))
    assert article_id(text) == content_hash(text)[:16]
    assert article_id(text) == article_id(clean_text("\n\n".join(STORY) + "\nFollow\n"))
    assert article_id(text) != article_id(text + " Tambahan.")


SENTENCE = "Menteri Luar Negeri Retno Marsudi bertemu Wang Yi di Beijing pada Selasa."


@pytest.mark.parametrize(
    ("lines", "kept"),
    [
        ([SENTENCE], [SENTENCE]),
        ([SENTENCE.rstrip(".")], [SENTENCE.rstrip(".")]),  # no full stop: still the whole text
        (["Jokowi tiba di Tokyo"], ["Jokowi tiba di Tokyo"]),  # short, and nothing else: not a menu's tail
        (["Beranda", "Nasional", "Internasional", "Ekonomi", SENTENCE, "Lihat Semua", "SAAT INI"], [SENTENCE]),
        (["Baca juga: Harga cabai naik", SENTENCE, "Follow", "(rds/rds)"], [SENTENCE]),
        ([SENTENCE, "Kedua menteri berjabat tangan. (Foto: ANTARA/Andi)", SENTENCE], [SENTENCE]),
    ],
)
def test_a_one_sentence_story_is_kept_and_its_page_noise_goes(lines, kept):
    assert clean_lines(lines) == kept
    assert clean_text("\n".join(lines)) == "\n\n".join(kept)
