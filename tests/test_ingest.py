import json
import os

import pytest

from kg.ingest.clean import normalize
from kg.ingest.files import MAX_ARTICLE_CHARS, cut_text, read_file, read_inputs
from kg.ingest.readers import detect_outlet, detokenize, parse_txt, strip_dateline
from kg.model import RawArticle, Skipped
from kg.pipeline import prepare

SCRAPE = """Menu

Menlu Retno Bertemu Menlu Wang Yi di Beijing

Sandi | CNN Indonesia
Kamis, 7 Maret 2024 10:05 WIB
Kedua menteri berfoto bersama sebelum pertemuan. (Foto: Reuters/Ali)
Jakarta, CNN Indonesia --

Menteri Luar Negeri Retno Marsudi bertemu dengan Menteri Luar Negeri Wang Yi di Beijing pada Rabu (6/3).

Keduanya membahas situasi di Laut China Selatan.

Berita Terkait
Terpopuler
"""


def test_scraped_txt_header_dateline_and_captions():
    raw = parse_txt(SCRAPE, "scrape.txt")
    assert raw.headline == "Menlu Retno Bertemu Menlu Wang Yi di Beijing"
    assert raw.published == "2024-03-07T10:05:00+07:00"
    assert raw.publisher == "CNN Indonesia"
    assert raw.body.lstrip().startswith("Menteri Luar Negeri Retno Marsudi")
    assert "Foto" not in raw.body


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("RIAU24.COM - Presiden baru saja tiba di Pekanbaru untuk meresmikan jembatan baru di kota itu.", "Riau24"),
        ("Dapatkan berita terkini dan kejutan menarik dari SINDOnews.com, Klik Disini", "SINDOnews"),
        ("Jakarta, CNN Indonesia --", "CNN Indonesia"),
        ("Kata seorang warga kepada wartawan di lokasi.", None),
    ],
)
def test_detect_outlet(line, outlet):
    assert detect_outlet(line) == outlet


def test_city_dateline_prefix_is_stripped():
    text = "Judul Berita Yang Cukup Panjang\nSenin, 1 Juli 2024 09:00 WIB\nMOSKOW - Presiden Rusia tiba di ibu kota setelah lawatan panjang ke Asia Tengah.\n"
    raw = parse_txt(text, "x.txt")
    assert raw.body.startswith("Presiden Rusia tiba")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jakarta, CNN Indonesia - - Gubernur meresmikan pasar baru.", "Gubernur meresmikan pasar baru."),
        ("Jakarta, CNN Indonesia -- Gubernur meresmikan pasar baru.", "Gubernur meresmikan pasar baru."),
        ("Palu (ANTARA News) - Banjir merendam dua desa.", "Banjir merendam dua desa."),
        ("Merdeka.com - Polisi menangkap dua orang.", "Polisi menangkap dua orang."),
        ("BERITAKITA.com - Polisi menangkap dua orang.", "Polisi menangkap dua orang."),
        ("TOKYO, JUARA.net - Ganda putra melaju ke final.", "Ganda putra melaju ke final."),
        ("KAIRO – Presiden Mesir tiba di Riyadh.", "Presiden Mesir tiba di Riyadh."),
        ("SLEMAN (Pos kota) – Hujan deras merendam jalan.", "Hujan deras merendam jalan."),
        ("blokKota.com - Warga menanam pohon.", "Warga menanam pohon."),
        ("Jeddah, Arab Saudi, 27 / 11 (Antara) - Delegasi tiba.", "Delegasi tiba."),
        ("Dewan Keamanan / DK PBB, New York (ANTARA News) - Sidang dibuka.", "Sidang dibuka."),
        # a hyphenated name the tokenizer spaced, a score, a sentence with a dash: no dateline
        ("Go - Jek meluncurkan layanan baru.", "Go - Jek meluncurkan layanan baru."),
        ("Mercedes - Benz merakit mobil di Bogor.", "Mercedes - Benz merakit mobil di Bogor."),
        ("Persib menang 2 - 1 atas Persija.", "Persib menang 2 - 1 atas Persija."),
        (
            "Menteri Kesehatan - yang baru dilantik - meninjau rumah sakit.",
            "Menteri Kesehatan - yang baru dilantik - meninjau rumah sakit.",
        ),
    ],
)
def test_strip_dateline(line, expected):
    assert strip_dateline(line) == expected


def test_headline_made_from_the_text_has_no_dateline():
    raw = RawArticle(
        source="a.jsonl:1", body="Jakarta, CNN Indonesia - - Gubernur meresmikan pasar baru. Pasar itu besar."
    )
    article = prepare(raw)
    assert article.headline == "Gubernur meresmikan pasar baru."
    assert article.text.startswith("Jakarta, CNN Indonesia")  # the text itself is kept as given


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_bad_inputs_are_reported_and_good_ones_kept(tmp_path):
    good = _write(
        tmp_path / "baik.txt",
        b"Judul Berita Percobaan Panjang\n\nPresiden tiba di Jakarta kemarin sore bersama rombongan.\n",
    )
    _write(tmp_path / "kosong.txt", b"  \n")
    _write(tmp_path / "biner.txt", b"\x00\x01\x02binary\x00" * 50)
    _write(
        tmp_path / "latin.txt",
        "Judul Berita Lama Sekali\n\nCaf\xe9 itu dikunjungi menteri di Bandung kemarin.\n".encode("cp1252"),
    )
    _write(tmp_path / "catatan.md", b"# bukan berita")
    lines = [
        json.dumps({"text": "Menteri tiba di Surabaya untuk kunjungan kerja dua hari."}),
        "{rusak",
        json.dumps({"title": "tanpa teks"}),
        "",
    ]
    _write(tmp_path / "banyak.jsonl", "\n".join(lines).encode())
    result = read_inputs([tmp_path, tmp_path / "tidak-ada.txt"])
    reasons = {s.source.split("/")[-1]: s.reason for s in result.skipped}
    assert reasons["kosong.txt"] == "empty file"
    assert reasons["biner.txt"].startswith("binary file")
    assert reasons["catatan.md"].startswith("unknown extension '.md'")
    assert reasons["banyak.jsonl:2"].startswith("broken JSON line")
    assert reasons["banyak.jsonl:3"].startswith('no "text" field')
    assert reasons["tidak-ada.txt"] == "no such file or folder"
    sources = sorted(a.source.split("/")[-1] for a in result.articles)
    assert sources == ["baik.txt", "banyak.jsonl:1", "latin.txt"]
    latin = next(a for a in result.articles if a.source.endswith("latin.txt"))
    assert "Café" in latin.body and any("Windows-1252" in n for n in latin.notes)
    assert any("latin.txt" in w for w in result.warnings)
    assert result.records_read == len(result.articles) + len(result.skipped)
    assert good.exists()


def test_unreadable_file_is_skipped(tmp_path, monkeypatch):
    import os

    p = tmp_path / "rahasia.txt"
    p.write_text("Judul Berita Panjang\n\nIsi berita.")
    real = os.open

    def deny(path, *args, **kwargs):
        if str(path).endswith("rahasia.txt"):
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    result = read_inputs([tmp_path])
    assert [(s.source.split("/")[-1], s.reason) for s in result.skipped] == [
        ("rahasia.txt", "cannot be read (Permission denied)")
    ]


def test_symlink_loop_does_not_hang(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    (tmp_path / "a" / "berita.txt").write_text("Judul Berita Sangat Panjang\n\nMenteri tiba di Medan kemarin sore.")
    result = read_inputs([tmp_path])
    assert [a.source.split("/")[-1] for a in result.articles] == ["berita.txt"]


def test_jsonl_fields(tmp_path):
    rec = {
        "text": "Isi berita yang cukup panjang untuk dibaca.",
        "title": "Judul",
        "date": "Senin, 15 Agu 2022 14:35 WIB",
        "url": "https://contoh.example/a",
        "source": "Contoh",
    }
    (tmp_path / "a.jsonl").write_text(json.dumps(rec) + "\n")
    (art,) = read_inputs([tmp_path / "a.jsonl"]).articles
    assert (art.headline, art.published, art.url, art.publisher) == (
        "Judul",
        "2022-08-15T14:35:00+07:00",
        "https://contoh.example/a",
        "Contoh",
    )
    assert art.source.endswith("a.jsonl:1")


def test_html_page_meta_and_main_text(tmp_path):
    page = """<html><head><meta property="og:title" content="Judul Halaman">
    <meta property="article:published_time" content="2024-06-20T10:30:00+07:00">
    <meta property="og:site_name" content="Contoh Berita"></head><body>
    <nav><ul><li>Beranda</li><li>Politik</li></ul></nav>
    <article><p>Presiden Rusia Vladimir Putin mengunjungi Pyongyang untuk pertama kalinya dalam dua puluh empat tahun terakhir.</p>
    <p>Kunjungan itu disambut upacara militer yang megah di lapangan utama ibu kota Korea Utara.</p></article>
    </body></html>"""
    (tmp_path / "p.html").write_text(page)
    (art,) = read_inputs([tmp_path / "p.html"]).articles
    assert art.headline == "Judul Halaman"
    assert art.published == "2024-06-20T10:30:00+07:00"
    assert art.publisher == "Contoh Berita"
    assert "mengunjungi Pyongyang" in art.body and "Beranda" not in art.body


def test_a_long_text_is_analysed_whole_in_parts(tmp_path):
    paragraph = "Menteri luar negeri bertemu duta besar di Jakarta untuk membahas kerja sama. " * 8
    body = "\n\n".join(f"{n}. {paragraph}".strip() for n in range(300))
    (tmp_path / "panjang.txt").write_text("Judul Berita Yang Sangat Panjang\n\n" + body + "\n", encoding="utf-8")
    articles = read_inputs([tmp_path]).articles
    assert len(articles) >= -(-len(body) // MAX_ARTICLE_CHARS)  # at least ceil(length / limit) parts
    assert all(len(a.body) <= MAX_ARTICLE_CHARS for a in articles)
    assert "".join(a.body for a in articles).strip() == body  # nothing lost, nothing repeated
    assert [a.source.rsplit("#", 1)[1] for a in articles] == [f"part{i}" for i in range(1, len(articles) + 1)]
    assert articles[1].headline.endswith(f"(bagian 2/{len(articles)})") and "analysed in" in articles[0].notes[-1]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("a" * 10, ["a" * 10]),
        ("abcdefgh ij", ["abcdefgh ", "ij"]),  # at a word
        ("abc. efg. ijklmnopq", ["abc. efg. ", "ijklmnopq"]),  # at a sentence before a word
        ("x" * 25, ["x" * 10, "x" * 10, "x" * 5]),  # no place to cut: cut hard
    ],
)
def test_cut_text(text, parts):
    assert cut_text(text, 10) == parts


def test_hostile_files_are_read_or_reported_and_nothing_valid_is_lost(tmp_path):
    """A 50 MB text, a 5 MB single line, deeply nested and malformed HTML, broken JSONL lines."""
    sentence = "Presiden meresmikan jembatan baru di Palembang pada hari Senin. "
    big = "\n\n".join(sentence * 40 for _ in range(50_000_000 // (len(sentence) * 40) + 1))
    (tmp_path / "besar.txt").write_text("Judul Berkas Yang Besar Sekali\n\n" + big, encoding="utf-8")
    (tmp_path / "baris.txt").write_text(
        "Judul Satu Baris Panjang\n\n" + sentence * (5_000_000 // len(sentence) + 1), encoding="utf-8"
    )
    (tmp_path / "dalam.html").write_text("<html><body>" + "<div>" * 100_000 + "Isi" + "</div>" * 10 + "</body>")
    (tmp_path / "rusak.html").write_text(
        "<html><head><title>Judul</title><body><p>Menteri <b>tiba <i>di</p> Medan</table></html></html><<<>>>" * 50
    )
    good = json.dumps({"text": "Menteri tiba di Surabaya pada Senin\u2028untuk kunjungan kerja dua hari."})
    (tmp_path / "baris.jsonl").write_text(
        "\n".join([good, "{rusak", "[" * 100_000, good.replace("Surabaya", "Malang")]), encoding="utf-8"
    )
    result = read_inputs([tmp_path])
    by_file: dict[str, list] = {}
    for a in result.articles:
        by_file.setdefault(a.source.split("/")[-1].split("#")[0].split(":")[0], []).append(a)
    assert len(by_file["besar.txt"]) >= 1000 and len(by_file["baris.txt"]) >= 100
    whole = "".join(a.body for a in by_file["besar.txt"])
    assert whole.strip() == normalize(big).strip(), "the parts of the 50 MB file do not make up its text"
    skipped = {s.source.split("/")[-1]: s.reason for s in result.skipped}
    assert skipped["baris.jsonl:2"].startswith("broken JSON line") and skipped["baris.jsonl:3"].startswith(
        "broken JSON"
    )
    assert [a.source.split("/")[-1] for a in by_file["baris.jsonl"]] == ["baris.jsonl:1", "baris.jsonl:4"]
    assert "\u2028" in by_file["baris.jsonl"][0].body  # a JSON string may hold it: the line is not cut there
    for name in ("dalam.html", "rusak.html"):  # read or reported, never raised
        assert name in by_file or name in skipped
    assert result.records_read == len(result.articles) + len(result.skipped)


def test_a_symlink_loop_and_an_unlistable_folder_are_reported(tmp_path, monkeypatch):
    import os

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "balik").symlink_to(tmp_path / "a")
    (tmp_path / "a" / "berita.txt").write_text("Judul Berita Sangat Panjang\n\nMenteri tiba di Medan kemarin sore.")
    (tmp_path / "terkunci").mkdir()
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("terkunci"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = read_inputs([tmp_path])
    reasons = {s.source.split("/")[-1]: s.reason for s in result.skipped}
    assert "symlink loop" in reasons["balik"] and reasons["terkunci"] == "folder cannot be read (Permission denied)"
    assert [a.source.split("/")[-1] for a in result.articles] == ["berita.txt"]


def test_detokenize_glues_punctuation_back():
    assert (
        detokenize(["Kata", "Jokowi", "(", "presiden", ")", ",", "itu", "benar", "."])
        == "Kata Jokowi (presiden), itu benar."
    )


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        (["anak", "-", "anak", "itu"], "anak-anak itu"),
        (["Perserikatan", "Bangsa", "-", "Bangsa"], "Perserikatan Bangsa-Bangsa"),
        (["kartu", "e", "-", "KTP", "baru"], "kartu e-KTP baru"),
        (["kata", "Yusuf", "al", "-", "Harbi"], "kata Yusuf al-Harbi"),
        (["tol", "Jakarta", "-", "Bandung"], "tol Jakarta-Bandung"),
        (["Mar", "-", "a", "-", "Lago"], "Mar-a-Lago"),
        (["skor", "2", "-", "1"], "skor 2 - 1"),
        (["BANDUNG", "-", "Warga", "kota"], "BANDUNG - Warga kota"),
        (["Kabarnews", "-", "Ketua", "partai"], "Kabarnews - Ketua partai"),
        (["Anak", "-", "anak", "bermain"], "Anak-anak bermain"),
        (["Jakarta", ",", "Kantor", "Berita", "-", "-", "Polisi"], "Jakarta, Kantor Berita - - Polisi"),
    ],
)
def test_detokenize_puts_hyphens_back_inside_words(tokens, text):
    assert detokenize(tokens) == text


def test_a_pre_tokenized_indosum_record_is_read_as_running_text(tmp_path):
    rec = {
        "id": "x1",
        "source": "suara",
        "source_url": "http://www.suara.com/news/2017/03/13/201620/judul",
        "paragraphs": [
            [
                ["Menteri", "tiba", "di", "Jakarta", "(", "Senin", ")", "."],
                ["Ia", "berkata", ":", '"', "Baik", '"', "."],
            ],
            [["Kunjungan", "berlanjut", "."]],
        ],
    }
    (tmp_path / "indosum.jsonl").write_text(json.dumps(rec) + "\n")
    (art,) = read_inputs([tmp_path]).articles
    assert art.body == 'Menteri tiba di Jakarta (Senin). Ia berkata: " Baik ".\n\nKunjungan berlanjut.'
    assert (art.published, art.publisher, art.url) == ("2017-03-13", "suara", rec["source_url"])


# -- hostile inputs: surrogates, odd file names, special files, sizes, repeats, encodings -------


def _strings(record) -> list[str]:
    """Every string a record holds (its fields and notes)."""
    import dataclasses

    out: list[str] = []
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        out.extend(
            [value]
            if isinstance(value, str)
            else [v for v in value if isinstance(v, str)]
            if isinstance(value, tuple)
            else []
        )
    return out


def _encodable(records) -> bool:
    for rec in records:
        for text in _strings(rec):
            text.encode("utf-8")  # raises UnicodeEncodeError on a lone surrogate
    return True


GOOD = "Menteri Luar Negeri Retno Marsudi bertemu Wang Yi di Beijing pada Selasa."


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("text", GOOD + " \ud800"),
        ("title", "Judul \udfff"),
        ("date", "Senin, 15 Agu 2022 \ud800"),
        ("url", "https://contoh.example/\udc80"),
        ("source", "Contoh \ud800"),
        ("source_url", "https://contoh.example/2016/08/31/\ud800"),
        ("paragraphs", [[["Menteri", "tiba", "\ud800", "."]]]),
        ("id", "\ud800"),  # a field not read: still no harm
    ],
)
def test_a_lone_surrogate_in_any_jsonl_field_is_repaired_and_the_article_built(tmp_path, field, value):
    from kg.pipeline import prepare

    rec: dict[str, object] = {} if field == "paragraphs" else {"text": GOOD}
    rec[field] = value
    (tmp_path / "a.jsonl").write_text(json.dumps(rec) + "\n", encoding="ascii")  # "\ud800" escaped
    result = read_inputs([tmp_path])
    assert not result.skipped and len(result.articles) == 1
    (raw,) = result.articles
    article = prepare(raw)
    assert _encodable([raw, article, *result.skipped]) and "\ufffd" not in raw.source
    if field in ("text", "title", "url", "source", "source_url", "paragraphs"):
        assert any("surrogate" in n for n in raw.notes), raw.notes
        assert "\ufffd" in "".join(_strings(raw))


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".md"])
def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path, suffix):
    import os

    folder = os.fsencode(tmp_path)
    content = GOOD if suffix == ".txt" else json.dumps({"text": GOOD})
    for stem in (b"caf\xe9", b"caf\xe8"):
        fd = os.open(os.path.join(folder, stem + suffix.encode()), os.O_CREAT | os.O_WRONLY, 0o644)
        os.write(fd, content.encode())
        os.close(fd)
    result = read_inputs([tmp_path])
    records = [*result.articles, *result.skipped]
    assert _encodable(records) and all(w.encode("utf-8") for w in result.warnings)
    names = sorted(r.source.rsplit("/", 1)[-1].split(":")[0] for r in records)
    assert names == [f"caf\\xe8{suffix}", f"caf\\xe9{suffix}"]  # escaped, and still two names
    assert len(result.articles) == (0 if suffix == ".md" else 2)
    assert all(any("not valid UTF-8" in n for n in a.notes) for a in result.articles)
    assert sum("not valid UTF-8" in w for w in result.warnings) == 2
    direct = read_inputs([os.path.join(folder, b"caf\xe9" + suffix.encode())])  # a bytes path
    assert [r.source for r in (*direct.articles, *direct.skipped)] == [
        r.source for r in records if "caf\\xe9" in r.source
    ]


def _in_thread(fn, timeout: float = 20):
    """fn() run in a daemon thread: its result, or a failure if it is still running at `timeout`."""
    import threading

    out: list = []
    worker = threading.Thread(target=lambda: out.append(fn()), daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), f"still running after {timeout} s: it blocked"
    return out[0]


def _fifo(path):
    import os

    os.mkfifo(path)


def _socket(path):
    import socket

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.close()


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (_fifo, "a FIFO"),
        (lambda p: p.symlink_to("/dev/zero"), "a character device"),
        (lambda p: p.symlink_to("/dev/null"), "a character device"),
        (_socket, "a socket"),
    ],
)
def test_only_regular_files_are_read_a_fifo_or_device_is_reported_without_blocking(tmp_path, make, kind):
    (tmp_path / "baik.txt").write_text("Judul Berita Yang Panjang\n\n" + GOOD)
    special = tmp_path / "khusus.txt"
    make(special)
    for path in (tmp_path, special):  # found in a folder, or named
        result = _in_thread(lambda path=path: read_inputs([path]))
        (skipped,) = result.skipped
        assert skipped.reason.startswith(f"not a regular file ({kind}") and skipped.reason.endswith("not read")
        if special.is_symlink():  # the source is where the link leads; the reason names the link
            assert skipped.source == str(special.resolve()) and f"the symlink {special}:" in skipped.reason
        else:
            assert skipped.source == str(special)
        assert result.records_read == len(result.articles) + len(result.skipped)
    assert [a.source.rsplit("/", 1)[-1] for a in read_inputs([tmp_path]).articles] == ["baik.txt"]


@pytest.mark.parametrize(("size", "read"), [(1000, True), (1001, False), (10**9, False)])
def test_a_file_over_the_size_limit_is_skipped_unread(tmp_path, size, read):
    with open(tmp_path / "besar.txt", "wb") as f:
        f.write(f"Judul Berita Yang Panjang\n\n{GOOD}\n".encode().ljust(min(size, 2000)))
        f.truncate(size)  # sparse past that: no disk used, and a read of it all would be slow
    result = read_inputs([tmp_path], max_bytes=1000)
    if read:
        assert not result.skipped
    else:
        (skipped,) = result.skipped
        assert skipped.reason.startswith(
            "over the size limit of 1,000 bytes" if size == 1001 else "over the size limit of 1 kB: 1 GB"
        )
        assert skipped.reason.endswith("raise it with --max-file-size") and not result.articles


def test_the_default_size_limit_and_a_file_that_grows_while_read(tmp_path, monkeypatch):
    import os

    from kg.ingest.files import MAX_FILE_BYTES

    with open(tmp_path / "sparse.txt", "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    (skipped,) = _in_thread(lambda: read_inputs([tmp_path]).skipped, timeout=10)
    assert skipped.reason == (
        f"over the size limit of {MAX_FILE_BYTES:,} bytes: {MAX_FILE_BYTES + 1:,} bytes; raise it with --max-file-size"
    )
    (tmp_path / "sparse.txt").unlink()
    (tmp_path / "tumbuh.txt").write_text("Judul Berita Yang Panjang\n\n" + GOOD * 10)
    real_stat, real_fstat = os.stat, os.fstat

    def small(st):  # the size the file had when looked at, before it grew
        return os.stat_result((*st[:6], 10, *st[7:10]))

    monkeypatch.setattr(os, "stat", lambda *a, **k: small(real_stat(*a, **k)))
    monkeypatch.setattr(os, "fstat", lambda fd: small(real_fstat(fd)))
    records, _ = read_file(tmp_path / "tumbuh.txt", max_bytes=100)
    monkeypatch.undo()
    assert [r.reason for r in records] == [
        "over the size limit of 100 bytes: 101 bytes; raise it with --max-file-size (it grew while being read)"
    ]


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Rabu, 14 Juni 2023 - 13:25 WIB", "2023-06-14T13:25:00+07:00"),
        ("14/06/2023 13:25", "2023-06-14T13:25:00"),
        ("Senin, 15 Agu 2022 14:35 WIB", "2022-08-15T14:35:00+07:00"),
        ("Amastya 31 Dec 2024, 19:45", "2024-12-31T19:45:00"),
        ("Sandi | CNN Indonesia - Kamis, 7 Maret 2024 10:05 WIB", "2024-03-07T10:05:00+07:00"),
        ("Diperbarui: Selasa, 4 Juli 2023 pukul 10.00 WIB", "2023-07-04T10:00:00+07:00"),
        ("Kompas.com - 15/08/2022, 14:35 WIB", "2022-08-15T14:35:00+07:00"),
        ("2023-06-14T13:25:00+07:00", "2023-06-14T13:25:00+07:00"),
        ("Presiden Jokowi tiba di Tokyo pada Senin (3/7/2023).", None),  # a sentence
        ("Presiden Jokowi tiba di Tokyo pada 3 Juli 2023", None),  # too many words besides the date
        ("Jokowi tiba 3 Juli 2023", None),  # a lower-case word of running text
        ("Jokowi di Tokyo, 3 Juli 2023", None),
        ("Menteri Retno Marsudi bertemu Wang Yi", None),  # no date at all
    ],
)
def test_is_date_line(line, published):
    from kg.ingest.readers import is_date_line

    assert is_date_line(line) == published


LEDES = [
    "Presiden Jokowi tiba di Tokyo pada Senin (3/7).",
    "Presiden Jokowi tiba di Tokyo pada Senin (3/7/2023).",
    "Presiden Jokowi tiba di Tokyo pada 3 Juli 2023.",
    "Jokowi tiba di Tokyo, 3 Juli 2023.",
]


@pytest.mark.parametrize("lede", [*LEDES, "Presiden Jokowi tiba di Tokyo 3 Juli 2023", "Jokowi tiba 3 Juli 2023"])
@pytest.mark.parametrize("date_line", [None, "Selasa, 4 Juli 2023 10:00 WIB"])
def test_a_short_lede_with_a_date_stays_in_the_story(lede, date_line):
    from kg.pipeline import prepare

    header = ["Kunjungan Presiden ke Jepang", *([date_line] if date_line else [])]
    raw = parse_txt("\n".join([*header, "", lede, "", "Ia akan bertemu Perdana Menteri Fumio Kishida."]), "a.txt")
    assert raw.headline == "Kunjungan Presiden ke Jepang"
    assert raw.published == ("2023-07-04T10:00:00+07:00" if date_line else None)
    assert prepare(raw).text.startswith(lede)


@pytest.mark.parametrize("lede", LEDES)
def test_a_lede_on_the_first_line_is_the_story_not_the_headline(lede):
    raw = parse_txt(f"{lede}\nSelasa, 4 Juli 2023 10:00 WIB\n\nIa akan bertemu Perdana Menteri Fumio Kishida.", "a.txt")
    assert raw.headline is None and raw.body.startswith(lede) and "Selasa, 4 Juli" not in raw.body
    assert raw.published == "2023-07-04T10:00:00+07:00"  # the date line after it is still read


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("satu.txt", GOOD),
        ("satu.txt", GOOD.rstrip(".")),  # no full stop: read as a headline, and the text too
        ("satu.txt", "Menu\n\nPresiden tiba.\n"),  # too short for a headline
        ("satu.txt", f"Judul Berita Yang Panjang\nSelasa, 4 Juli 2023 10:00 WIB\n\n{GOOD}\n\nBaca juga: lainnya"),
        ("satu.jsonl", json.dumps({"text": GOOD})),
        ("satu.jsonl", json.dumps({"text": GOOD, "title": GOOD})),
        ("satu.jsonl", json.dumps({"text": f"Beranda\n{GOOD}\nBerita Terkait\nTerpopuler"})),
    ],
)
def test_a_one_sentence_article_is_an_article(tmp_path, name, content):
    from kg.pipeline import prepare

    (tmp_path / name).write_text(content, encoding="utf-8")
    (raw,) = read_inputs([tmp_path]).articles
    article = prepare(raw)
    sentence = next(s for s in (GOOD, GOOD.rstrip("."), "Presiden tiba.") if s in content)
    assert not isinstance(article, Skipped) and article.text == sentence


def test_repeated_skip_reasons_are_counted_in_one_record_and_the_counts_add_up(tmp_path):
    from kg.ingest.files import MAX_SAME_REASON

    lines = ["{}"] * 5000 + ["{rusak"] * 3 + [json.dumps({"text": GOOD})] + ['{"a": 1'] * 30
    (tmp_path / "banyak.jsonl").write_text("\n".join(lines) + "\n")
    result = read_inputs([tmp_path])
    assert len(result.articles) == 1 and result.articles[0].source.endswith("banyak.jsonl:5004")
    assert result.records_read == len(lines) == len(result.articles) + sum(s.count for s in result.skipped)
    listed = [s for s in result.skipped if s.count == 1]
    summaries = sorted((s.count, s.reason) for s in result.skipped if s.count > 1)
    assert len(listed) == MAX_SAME_REASON + 3 + MAX_SAME_REASON  # "{}" 20, "{rusak" 3, '{"a": 1' 20
    assert summaries == [
        (
            10,
            "…and 10 more records skipped for the same reason (broken JSON line (Expecting ',' delimiter at column N)) (lines 5,025 to 5,034)",
        ),
        (
            4980,
            '…and 4,980 more records skipped for the same reason (no "text" field with the article\'s text (nor "paragraphs" of tokens)) (lines 21 to 5,000)',
        ),
    ]


def test_reading_many_empty_lines_takes_bounded_memory(tmp_path):
    import tracemalloc

    (tmp_path / "kosong.jsonl").write_text("{}\n" * 100_000)
    tracemalloc.start()
    try:
        result = read_inputs([tmp_path])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.records_read == 100_000 and len(result.skipped) == 21
    assert peak < 5_000_000, f"{peak:,} bytes at peak for a 300 kB file"  # one record a line held: 30 MB


def test_an_overlong_headline_publisher_url_or_date_is_cut_with_a_note(tmp_path):
    title = " ".join(f"kata{n}" for n in range(20_000))
    rec = {
        "text": GOOD,
        "title": title,
        "url": "https://x.example/" + "a" * 5000,
        "source": "S" * 2000,
        "date": "x" * 9000,
    }
    (tmp_path / "a.jsonl").write_text(json.dumps(rec))
    page = f'<html><head><meta property="og:title" content="{title}"></head><body><article><p>{GOOD * 3}</p></article></body></html>'
    (tmp_path / "p.html").write_text(page)
    (tmp_path / "t.txt").write_text(title[:5000] + "\n\n" + GOOD)
    arts = {a.source.rsplit("/", 1)[-1]: a for a in read_inputs([tmp_path]).articles}
    jsonl, html, txt = arts["a.jsonl:1"], arts["p.html"], arts["t.txt"]
    for art in (jsonl, html):
        assert len(art.headline) <= 1000 and art.headline.endswith("…")
        assert title.startswith(art.headline[:-1]) and title[len(art.headline) - 1] == " "  # at a word
        assert any("headline (" in n and "over 1,000: cut" in n for n in art.notes)
    assert len(jsonl.url) == len(jsonl.publisher) == 1000
    assert sum("over 1,000: cut" in n for n in jsonl.notes) == 4 and sum(map(len, jsonl.notes)) < 3000
    assert txt.headline is None and txt.body.startswith(title[:5000])  # a 5 kB line is the story, not a headline


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(tmp_path, codec, suffix):
    import codecs

    text = "Café itu dikunjungi menteri di Bandung kemarin sore."
    content = (
        f"Judul Berita Yang Panjang\n\n{text}\n" if suffix == ".txt" else json.dumps({"text": text}, ensure_ascii=False)
    )
    bom = {"utf-16-be": codecs.BOM_UTF16_BE, "utf-32-be": codecs.BOM_UTF32_BE}.get(codec, b"")
    (tmp_path / f"u{suffix}").write_bytes(bom + content.encode(codec))
    result = read_inputs([tmp_path])
    assert not result.skipped and [a.body.strip() for a in result.articles] == [text]
    # a stray byte at the end: replaced by U+FFFD, said in a note, the rest read
    (tmp_path / f"u{suffix}").write_bytes(bom + (content + "\n").encode(codec) + b"\x00")
    again = read_inputs([tmp_path])
    assert [a.body.strip().rstrip("\ufffd").strip() for a in again.articles] == [text]
    assert any(w.endswith("bad bytes replaced by U+FFFD") for w in again.warnings)


def test_the_source_is_the_resolved_absolute_path_however_it_is_spelled(tmp_path, monkeypatch):
    (tmp_path / "d").mkdir()
    page = tmp_path / "d" / "berita.txt"
    page.write_text("Judul Berita Yang Panjang\n\n" + GOOD)
    (tmp_path / "d" / "a.jsonl").write_text(json.dumps({"text": GOOD}))
    (tmp_path / "tautan.txt").symlink_to(page)
    monkeypatch.chdir(tmp_path)
    canonical = str(page.resolve())
    for spelled in ("d/berita.txt", "./d/../d/berita.txt", str(page), "tautan.txt", tmp_path / "d" / "berita.txt"):
        assert [a.source for a in read_inputs([spelled]).articles] == [canonical], spelled
    assert [a.source for a in read_inputs(["d/a.jsonl"]).articles] == [f"{(tmp_path / 'd' / 'a.jsonl').resolve()}:1"]
    assert read_inputs(["hilang.txt"]).skipped[0].source == str(tmp_path / "hilang.txt")


@pytest.mark.parametrize(
    ("given", "cwd", "expected"),
    [
        ("d/berita.txt", ".", ["berita.txt"]),
        ("./d/../d/berita.txt", ".", ["berita.txt"]),
        ("{tmp}/d/berita.txt", "d", ["berita.txt"]),
        ("berita.txt", "d", ["berita.txt"]),
        ("tautan.txt", ".", ["d/berita.txt"]),  # a link to a file under the same folder: named by its file
        ("luar/tautan.txt", ".", ["tautan.txt"]),  # a link out of its folder: named by the link
        ("d", ".", ["d/a.jsonl:1", "d/berita.txt"]),
        ("d/", ".", ["d/a.jsonl:1", "d/berita.txt"]),
        ("{tmp}/d", "d", ["d/a.jsonl:1", "d/berita.txt"]),
        (".", "d", ["d/a.jsonl:1", "d/berita.txt"]),
        ("d/a.jsonl", ".", ["a.jsonl:1"]),
    ],
)
def test_outputs_name_a_source_relative_to_the_folder_of_the_input_given(tmp_path, monkeypatch, given, cwd, expected):
    """Never an absolute path of the user's machine, and the same wherever the build runs from;
    the source itself stays absolute (what an incremental build matches on)."""
    (tmp_path / "d").mkdir()
    (tmp_path / "luar").mkdir()
    page = tmp_path / "d" / "berita.txt"
    page.write_text("Judul Berita Yang Panjang\n\n" + GOOD)
    (tmp_path / "d" / "a.jsonl").write_text(json.dumps({"text": GOOD}))
    (tmp_path / "tautan.txt").symlink_to(page)
    (tmp_path / "luar" / "tautan.txt").symlink_to(page)
    monkeypatch.chdir(tmp_path / cwd)
    articles = read_inputs([given.format(tmp=tmp_path)]).articles
    assert sorted(a.name for a in articles) == expected
    assert all(os.path.isabs(a.source) for a in articles)


def test_a_skipped_input_and_its_warnings_are_named_relative_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "rusak.jsonl").write_text("{bukan json\n")
    (tmp_path / "d" / "lama.txt").write_bytes(
        b"Judul Berita Yang Panjang\n\n" + GOOD.encode("cp1252", "ignore") + b"\xe9"
    )
    result = read_inputs(["hilang.txt", tmp_path / "d"])
    assert sorted(s.name for s in result.skipped) == ["d/rusak.jsonl:1", "hilang.txt"]
    assert all(not w.startswith(str(tmp_path)) for w in result.warnings)


# -- properties (hypothesis): no input makes reading or cleaning raise --------------------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_NEWSY = st.sampled_from(
    [
        "\n",
        "\n\n",
        " ",
        "<p>",
        "</div>",
        "<script>",
        '{"text": "',
        '"}',
        "\r\n",
        "\x00",
        "Jakarta, CNN Indonesia --",
        "Senin, 15 Agu 2022 14:35 WIB",
        "Foto: REUTERS/",
        "😀",
        "\u202e",
        "مرحبا",
        "\ufeff",
        "\xe9",
        "Baca juga:",
        "—",
        "ANTARA",
    ]
)
_TEXTISH = st.lists(st.one_of(_NEWSY, st.text(max_size=20)), max_size=30).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(st.binary(max_size=2000), _TEXTISH.map(lambda t: t.encode("utf-8", "surrogatepass"))),
    suffix=st.sampled_from([".txt", ".jsonl", ".html", ".htm"]),
)
def test_reading_any_bytes_never_raises(data, suffix):
    import tempfile
    from pathlib import Path

    from kg.model import RawArticle, Skipped

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"berkas{suffix}"
        path.write_bytes(data)
        records, notes = read_file(path)
    assert all(isinstance(r, (RawArticle, Skipped)) for r in records) and all(isinstance(n, str) for n in notes)
    assert records, "every file gives at least one record or one reason"
    assert _encodable(records) and all(n.encode("utf-8") for n in notes)


# any string, lone surrogates included (st.text leaves them out), and the other JSON values
_SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
_ANY_STR = st.one_of(st.lists(st.characters() | _SURROGATES | _NEWSY, max_size=20).map("".join), _TEXTISH)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _ANY_STR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_ANY_STR, inner, max_size=4),
    max_leaves=12,
)
_FIELDS = ("text", "title", "date", "url", "source", "source_url", "paragraphs")
_PARAGRAPHS = st.lists(st.lists(st.lists(_ANY_STR, max_size=5), max_size=3), max_size=3)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    record=st.fixed_dictionaries(
        {},
        optional={name: (_PARAGRAPHS | _JSON) if name == "paragraphs" else (_ANY_STR | _JSON) for name in _FIELDS},
    ),
    how=st.sampled_from(["ascii", "utf-8", "utf-16"]),
)
def test_reading_any_jsonl_record_never_raises_and_every_string_encodes(record, how):
    """Whatever the values of the fields read (lone surrogates, numbers, lists, nesting), written
    as escaped JSON, raw UTF-8 or UTF-16, reading gives a record whose every string encodes."""
    import tempfile
    from pathlib import Path

    line = json.dumps(record, ensure_ascii=how == "ascii")
    data = line.encode("utf-16" if how == "utf-16" else "utf-8", "surrogatepass")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "berkas.jsonl").write_bytes(data)
        result = read_inputs([tmp])
    assert len(result.articles) + len(result.skipped) == result.records_read == 1
    assert _encodable([*result.articles, *result.skipped]) and all(w.encode("utf-8") for w in result.warnings)


_NAMES = st.binary(min_size=1, max_size=40).filter(
    lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b"..")
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_NAMES, suffix=st.sampled_from([b".txt", b".jsonl", b".html", b""]))
def test_reading_a_file_of_any_name_never_raises_and_every_string_encodes(name, suffix):
    """File names are bytes on Linux, UTF-8 or not; each is read (or skipped with a reason) and
    shown in text that encodes."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(os.fsencode(tmp), name + suffix)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o644)
        os.write(fd, json.dumps({"text": GOOD}).encode() if suffix == b".jsonl" else GOOD.encode())
        os.close(fd)
        in_folder, named = read_inputs([tmp]), read_inputs([os.fsdecode(path)])
    for result in (in_folder, named):
        records = [*result.articles, *result.skipped]
        assert _encodable(records) and all(w.encode("utf-8") for w in result.warnings)
        assert result.records_read == len(result.articles) + sum(s.count for s in result.skipped)
    assert len(named.articles) + len(named.skipped) == 1  # named: read or reported, even if hidden
    assert in_folder.records_read == (0 if name.startswith(b".") else 1)  # hidden files are passed over


@settings(max_examples=100, deadline=None)
@given(_TEXTISH)
def test_cleaning_any_text_never_raises(text):
    from kg.model import RawArticle, Skipped
    from kg.pipeline import prepare

    article = prepare(RawArticle(source="x.txt", body=text))
    assert isinstance(article, Skipped) or (article.text.strip() and "\x00" not in article.text)
