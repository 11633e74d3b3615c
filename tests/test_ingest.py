import json

import pytest

from kg.ingest import detect_outlet, parse_txt, read_inputs

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


@pytest.mark.parametrize(("line", "outlet"), [
    ("RIAU24.COM - Presiden baru saja tiba di Pekanbaru untuk meresmikan jembatan baru di kota itu.", "Riau24"),
    ("Dapatkan berita terkini dan kejutan menarik dari SINDOnews.com, Klik Disini", "SINDOnews"),
    ("Jakarta, CNN Indonesia --", "CNN Indonesia"),
    ("Kata seorang warga kepada wartawan di lokasi.", None),
])
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
    good = _write(tmp_path / "baik.txt", "Judul Berita Percobaan Panjang\n\nPresiden tiba di Jakarta kemarin sore bersama rombongan.\n".encode())
    _write(tmp_path / "kosong.txt", b"  \n")
    _write(tmp_path / "biner.txt", b"\x00\x01\x02binary\x00" * 50)
    _write(tmp_path / "latin.txt", "Judul Berita Lama Sekali\n\nCaf\xe9 itu dikunjungi menteri di Bandung kemarin.\n".encode("cp1252"))
    _write(tmp_path / "catatan.md", b"# bukan berita")
    lines = [json.dumps({"text": "Menteri tiba di Surabaya untuk kunjungan kerja dua hari."}), "{rusak", json.dumps({"title": "tanpa teks"}), ""]
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
        ("rahasia.txt", "cannot be read (Permission denied)")]


def test_symlink_loop_does_not_hang(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    (tmp_path / "a" / "berita.txt").write_text("Judul Berita Sangat Panjang\n\nMenteri tiba di Medan kemarin sore.")
    result = read_inputs([tmp_path])
    assert [a.source.split("/")[-1] for a in result.articles] == ["berita.txt"]


def test_jsonl_fields(tmp_path):
    rec = {"text": "Isi berita yang cukup panjang untuk dibaca.", "title": "Judul", "date": "Senin, 15 Agu 2022 14:35 WIB",
           "url": "https://contoh.example/a", "source": "Contoh"}
    (tmp_path / "a.jsonl").write_text(json.dumps(rec) + "\n")
    (art,) = read_inputs([tmp_path / "a.jsonl"]).articles
    assert (art.headline, art.published, art.url, art.publisher) == (
        "Judul", "2022-08-15T14:35:00+07:00", "https://contoh.example/a", "Contoh")
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
