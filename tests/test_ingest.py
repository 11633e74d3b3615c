import json

import pytest

from kg.ingest.clean import normalize
from kg.ingest.files import MAX_ARTICLE_CHARS, cut_text, read_file, read_inputs
from kg.ingest.readers import detect_outlet, detokenize, parse_txt

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
    from pathlib import Path

    p = tmp_path / "rahasia.txt"
    p.write_text("Judul Berita Panjang\n\nIsi berita.")
    real = Path.read_bytes

    def deny(self):
        if self.name == "rahasia.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
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


@settings(max_examples=100, deadline=None)
@given(_TEXTISH)
def test_cleaning_any_text_never_raises(text):
    from kg.model import RawArticle, Skipped
    from kg.pipeline import prepare

    article = prepare(RawArticle(source="x.txt", body=text))
    assert isinstance(article, Skipped) or (article.text.strip() and "\x00" not in article.text)
