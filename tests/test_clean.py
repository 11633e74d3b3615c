import pytest

from kg.ingest.clean import (
    article_id,
    bound_fields,
    clean_lines,
    clean_text,
    content_hash,
    normalize,
    repair_text,
    strip_footnote_digits,
)
from kg.model import RawArticle

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
        "Simak juga Video 'Warga Bergotong Royong Membersihkan Kali'",
        "Simak Juga Video: Antrean Panjang di Stasiun Gambir",
        "SIMAK JUGA - Persib Rekrut Penjaga Gawang Baru",
        "Baca Juga : Harga Beras Turun Menjelang Panen",
        "Baca: Jembatan Baru Diresmikan Bupati",
        "baca:",
        "[Baca juga: Harga Cabai Turun di Pasar Induk]",
        "(Baca Juga: Jembatan Baru Diresmikan Bupati)",
        "Baca_Juga",
        "SCROLL TO RESUME CONTENT",
        "Lihat juga: Jadwal Kereta Tambahan untuk Mudik",
        "Saksikan video selengkapnya di kanal kami",
        "Saksikan juga: Wawancara Khusus dengan Gubernur",
        "Tonton juga",
        "Tonton Juga: Debat Calon Wali Kota",
        "Bagikan artikel ini",
        "Share this article",
        "Follow us on Instagram",
        "Ikuti kami di Twitter dan Facebook",
        "Halaman 2",
        "Halaman 2 dari 3",
        "Pilihan Redaksi",
        "Penulis",
        "Editor: Sari Wulandari",
        "(rea/ugo)",
        "[abc]",
        "* * *",
        "—",
        "Sumber berita Reuters dan gambar header Pixabay.",
        "Artikel ini telah tayang di Contohnews.com dengan judul 'Jembatan Baru Diresmikan'",
        "Berita ini telah terbit di Harian Contoh, Senin (9/10/2017)",
        "Contohberita.id adalah portal berita ekonomi. Kamu bisa menjadi anggota komunitas kami.",
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


# -- fragments that start or end a line of the story ---------------------------------------------

TAIL = "Kapal itu merapat di pelabuhan pukul 10.00 WIB."


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (f"{TAIL} (rea/ugo)", TAIL),
        (f"{TAIL} (abc)", TAIL),
        (f"{TAIL} [abc]", TAIL),
        (f"{TAIL} (Antara)", TAIL),
        ("“Kami siap berlayar,” kata nakhoda. (abc / def)", "“Kami siap berlayar,” kata nakhoda."),
        (f"{TAIL} Baca juga: Pelabuhan Baru Dibuka Menteri", TAIL),
        (f"{TAIL} Baca juga:", TAIL),
        (f"{TAIL} SIMAK JUGA - Jadwal Kapal Menjelang Lebaran", TAIL),
        (f"{TAIL} [Baca juga: Pelabuhan Baru] Penumpang turun tertib.", f"{TAIL} Penumpang turun tertib."),
        (f"{TAIL} (Baca: Tarif Kapal (Kelas Ekonomi) Naik) (abc)", TAIL),
        ("Baca_Juga Penumpang turun dengan tertib.", "Penumpang turun dengan tertib."),
        # story sentences that merely use the same words stay whole
        ("Ia meminta warga melihat juga kondisi saluran air di sekitar rumah.", None),
        ("Lihat saja, harga cabai sudah naik dua kali lipat, kata pedagang.", None),
        ("Simak saja cara tim itu bertahan sepanjang babak kedua.", None),
        ("Saksikan bagaimana warga menyambut rombongan itu, kata panitia.", None),
        ("Baca Al-Quran setiap pagi sudah menjadi kebiasaannya sejak kecil.", None),
        ("Sumber berita itu mengatakan rapat ditunda hingga Senin.", None),
        ("Artikel ini membahas cara toko kecil bersaing dengan penjual daring.", None),
        ("Berita ini dibantah oleh juru bicara kepolisian pada Selasa.", None),
        ("Halaman 2 laporan itu memuat daftar nama pejabat yang diperiksa.", None),
        ("Film itu mendapat nilai tinggi dari para kritikus. (8/10)", None),
        ("Ia bertanya kepada wartawan, “Sudah baca juga laporan itu?”", None),
        ("Keduanya bertemu di Jakarta (Indonesia) dan Kuala Lumpur (Malaysia)", None),
    ],
)
def test_page_furniture_at_the_start_or_end_of_a_line_goes(line, kept):
    assert clean_lines([line, *STORY]) == [kept or line, *STORY]


# -- encoding: mojibake and HTML entities ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("Presiden franÃ§ois hollande tiba di Jakarta.", "Presiden françois hollande tiba di Jakarta."),
        ("Warga SÃ£o Paulo dan MÃ¼nchen berunjuk rasa.", "Warga São Paulo dan München berunjuk rasa."),
        ("Pelatih JoaquÃ\xadn tiba.", "Pelatih Joaquín tiba."),  # the soft hyphen is part of the "í"
        ("Pelatih Ã  la carte", "Pelatih à la carte"),  # the no-break space too
        ("â€œKami siap,â€\x9d kata menteri itu.", "“Kami siap,” kata menteri itu."),
        ("â€œKami siap,â€ kata menteri itu.", "“Kami siap,” kata menteri itu."),  # the last byte lost
        ("Ia hadir â€” bersama istrinya.", "Ia hadir — bersama istrinya."),
        ("Ekspor kopi &amp; teh naik.", "Ekspor kopi & teh naik."),
        ("Ia menyebut &quot;langkah maju&quot; itu.", 'Ia menyebut "langkah maju" itu.'),
        ("Pada Jum&#39;at pagi warga berkumpul.", "Pada Jum'at pagi warga berkumpul."),
        ("Harga naik&nbsp;5 persen.", "Harga naik 5 persen."),
        ("Rapat di Gedung &#8220;Merdeka&#8221;.", "Rapat di Gedung “Merdeka”."),
        ("Nilai x &lt; 5.\nKopi &amp; teh.", "Nilai x < 5.\nKopi & teh."),
        ("Nilai x < 5.\nKopi &amp; teh.", "Nilai x < 5.\nKopi & teh."),  # a "<" does not stop it
        ("Nilai x < 5 &amp; y > 2.", "Nilai x < 5 & y > 2."),
        ("Konﬂik itu berakhir.", "Konflik itu berakhir."),
        ("Tim ＰＳＭ menang ２-１.", "Tim PSM menang 2-1."),
        ("Jakarta\x07Bogor – café", "Jakarta Bogor – café"),  # a control is a space, not deleted
        # good text stays as written: curly quotes, dashes, symbols
        ("“Kami siap,” kata ‘Pak’ Budi — ketua RT.", "“Kami siap,” kata ‘Pak’ Budi — ketua RT."),
        ("Suhu 30°C, luas 5 m², ½ porsi… café", "Suhu 30°C, luas 5 m², ½ porsi… café"),
        ("Presiden Joko Widodo & Wakil Presiden", "Presiden Joko Widodo & Wakil Presiden"),
    ],
)
def test_encoding_is_repaired_and_good_text_kept(text, repaired):
    assert normalize(text) == repaired


def test_repair_text_passes_plain_text_as_it_is():
    text = "Presiden tiba di Jakarta.\n“Kami siap,” katanya – lalu pergi…"
    assert repair_text(text) is text


def test_headline_and_publisher_are_repaired_too():
    raw = RawArticle(
        source="a.jsonl:1", body="Isi.", headline="Ekspor &amp; Impor franÃ§ois", publisher="Kompas &amp; Co"
    )
    fixed = bound_fields(raw)
    assert (fixed.headline, fixed.publisher, fixed.notes) == ("Ekspor & Impor françois", "Kompas & Co", ())


def test_clean_text_repairs_and_cleans():
    text = "Ekspor kopi &amp; teh naik.\nBaca juga: Harga Kopi\nâ€œKami senang,â€ kata petani. (abc/def)"
    assert clean_text(text) == "Ekspor kopi & teh naik.\n\n“Kami senang,” kata petani."


# -- footnote digits glued to a name --------------------------------------------------------------

MENTION = "Fadli Zon menghadiri rapat itu."


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (f"{MENTION} Fadli Zon6 mengatakan partainya siap.", f"{MENTION} Fadli Zon mengatakan partainya siap."),
        (f"{MENTION} Menurut Fadli Zon12, partainya siap.", f"{MENTION} Menurut Fadli Zon, partainya siap."),
        (f"{MENTION}\nPartainya siap, kata Fadli Zon3.", f"{MENTION}\nPartainya siap, kata Fadli Zon."),
        # no other mention of the name: nothing says the digit is not part of it
        ("Fadli Zon6 mengatakan partainya siap.", None),
        # the glued form twice: a name of its own
        (f"{MENTION} Fadli Zon6 tiba. Fadli Zon6 pergi.", None),
        # the name is written with a number elsewhere: the digits are part of it
        ("Ponsel Galaxy Note7 ditarik. Galaxy Note 7 pernah terbakar. Galaxy Note laris.", None),
        ("Tim Yamaha Tech3 tampil. Yamaha Tech-3 juara. Yamaha Tech menang.", None),
        # names with digits, codes and numbers
        ("Pebalap Moto2 itu finis ketiga di kelas Moto3.", None),
        ("Satelit Telkom1 rusak. Telkom mengganti satelit itu.", None),
        ("Akun @Tech3Racing dan tagar #May17 ramai dibicarakan.", None),
        ("Ibu2 dan Bapak2 hadir di balai desa.", None),
        ("Laga Persija Jakarta18.00 WIB dimulai. Persija Jakarta menang.", None),
        ("Keputusan Presiden Nomor18 Tahun 2017. Keputusan Presiden itu berlaku.", None),
        ("KTT G20 dan B20 membahas COVID-19 di Bali.", None),
        ("Harga Rp5 ribu per kilogram, kata pedagang.", None),
        ("Pesawat F16 dan Su-35 terbang di atas Jl.5 pada 1945.", None),
        ("Kotak P3K dan jaringan 4G tersedia di pos KM50.", None),
        ("Generasi 2018an mudik pada H-1 Lebaran.", None),
        ("Pesawat MH17 jatuh. Pasal 5 mengatur hal itu.", None),
    ],
)
def test_footnote_digits_glued_to_a_name_go_and_real_tokens_stay(text, fixed):
    assert strip_footnote_digits(text) == (fixed or text)


def test_footnote_digits_are_cut_when_cleaning():
    lines = [MENTION, "Fadli Zon6 mengatakan partainya siap mengikuti pemilu."]
    assert clean_lines(lines) == [MENTION, "Fadli Zon mengatakan partainya siap mengikuti pemilu."]
