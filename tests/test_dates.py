from datetime import date

import pytest

from kg.nlp.dates import find_dates, parse_published

REF = date(2022, 8, 15)  # a Monday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rabu, 14 Juni 2023 - 13:25 WIB", "2023-06-14T13:25:00+07:00"),
        ("Senin, 15 Agu 2022 14:35 WIB", "2022-08-15T14:35:00+07:00"),
        ("Redaksi 31 Dec 2024, 19:45", "2024-12-31T19:45:00"),
        ("Selasa, 2 Januari 2024 08:00 WITA", "2024-01-02T08:00:00+08:00"),
        ("Jumat, 5 Mei 2023 10:15 WIT", "2023-05-05T10:15:00+09:00"),
        ("2024-06-20T10:30:00+07:00", "2024-06-20T10:30:00+07:00"),
        ("2024-06-20T03:30:00Z", "2024-06-20T03:30:00+00:00"),
        ("20/06/2024 10:30 WIB", "2024-06-20T10:30:00+07:00"),
        ("3 Maret 2021", "2021-03-03"),
        ("tanpa tanggal sama sekali", None),
        ("31 Februari 2023", None),
        ("", None),
    ],
)
def test_parse_published(text, expected):
    assert parse_published(text) == expected


@pytest.mark.parametrize(
    ("text", "ref", "value", "datatype"),
    [
        ("Surat itu dikirim pada Senin (15/8).", REF, "2022-08-15", "date"),
        ("Ia tiba pada Jumat (12/8) malam.", REF, "2022-08-12", "date"),
        ("Pesan dikirim Jumat (27 Desember).", date(2024, 12, 31), "2024-12-27", "date"),
        ("Pertemuan pada 25 April 2019 berlangsung lama.", REF, "2019-04-25", "date"),
        ("Pada April 2019, keduanya bertemu.", REF, "2019-04", "gYearMonth"),
        ("Invasi dimulai pada Februari lalu.", REF, "2022-02", "gYearMonth"),
        ("Pengakuan itu terjadi Juli lalu.", REF, "2022-07", "gYearMonth"),
        ("Agustus lalu ia berkunjung.", REF, "2021-08", "gYearMonth"),
        ("Pada bulan Juni tahun ini mereka bertemu.", date(2024, 12, 31), "2024-06", "gYearMonth"),
        ("Pakta berlaku pada bulan Desember.", date(2024, 12, 31), "2024-12", "gYearMonth"),
        ("Kunjungan terjadi pada bulan September.", date(2023, 6, 1), "2022-09", "gYearMonth"),
        ("Kesepakatan ditandatangani pada 2019.", REF, "2019", "gYear"),
        ("Hubungan membaik pada tahun 2024.", REF, "2024", "gYear"),
        ("Ekspor naik tahun lalu.", REF, "2021", "gYear"),
        ("Ia tiba kemarin.", REF, "2022-08-14", "date"),
        # a weekday without a number: the latest such day on or before the dateline (REF is a Monday)
        ("Keduanya bertemu pada hari Kamis.", REF, "2022-08-11", "date"),
        ("Rapat itu digelar Sabtu lalu.", REF, "2022-08-13", "date"),
        ("Surat tiba pada Senin.", REF, "2022-08-15", "date"),
        ("Surat tiba Senin lalu.", REF, "2022-08-08", "date"),
        ("Upacara berlangsung hari Minggu.", REF, "2022-08-14", "date"),
        # last week, as precisely as XSD allows: its month, or its year when it spans two months
        ("Delegasi itu datang pekan lalu.", REF, "2022-08", "gYearMonth"),
        ("Delegasi itu datang minggu lalu.", date(2022, 7, 6), "2022", "gYear"),  # 27 Jun - 3 Jul
        # the weekday picks the year: 27 December was a Friday in 2019, not in 2021
        ("Pesan dikirim Jumat (27 Desember).", REF, "2019-12-27", "date"),
        ("Ia tiba Rabu (20/3).", date(2024, 7, 1), "2024-03-20", "date"),
        ("Ia tiba Senin (20/3).", date(2024, 7, 1), "2023-03-20", "date"),
        # days ago, this month and last month
        ("Ia tiba dua hari lalu.", REF, "2022-08-13", "date"),
        ("Ia tiba 3 hari yang lalu.", REF, "2022-08-12", "date"),
        ("Harga naik awal bulan ini.", REF, "2022-08", "gYearMonth"),
        ("Harga naik bulan lalu.", date(2024, 1, 10), "2023-12", "gYearMonth"),
    ],
)
def test_find_dates_resolves_against_publication(text, ref, value, datatype):
    found = find_dates(text, ref)
    assert [(d.value.value, d.value.datatype) for d in found] == [(value, datatype)]
    assert text[found[0].start : found[0].end] == found[0].value.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kunjungan terjadi pada bulan September.", [("--09", "gMonth")]),  # no year is invented
        ("Surat dikirim Senin (15/8).", []),  # a day without a dateline is left out
        ("Ia tiba kemarin.", []),
        ("Keduanya bertemu pada hari Kamis.", []),
        ("Delegasi itu datang pekan lalu.", []),
        ("Pada April 2019, keduanya bertemu.", [("2019-04", "gYearMonth")]),
    ],
)
def test_find_dates_without_publication_date_never_invents_a_year(text, expected):
    assert [(d.value.value, d.value.datatype) for d in find_dates(text, None)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Lebih dari 10.000 tentara dikirim.",
        "Pada 1990-an terjadi krisis.",
        "Perang Korea 1950-1953 berakhir buntu.",
        "Ada 2019 orang yang hadir.",
        "Dalam satu minggu terakhir harga naik.",  # "minggu" is a week, not Sunday
        "Aturan itu ada dalam UU No. 1 Tahun 2023 tentang KUHP.",  # the year of a law's number
        "Perpres Nomor 12 Tahun 2021 mengatur hal itu.",
    ],
)
def test_numbers_that_are_not_dates(text):
    assert find_dates(text, REF) == []


def test_last_week_across_new_year_is_left_out():
    (dm,) = find_dates("Delegasi itu datang pekan lalu.", date(2025, 1, 2))  # 23-29 Dec
    assert (dm.value.value, dm.value.datatype) == ("2024-12", "gYearMonth")
    assert find_dates("Delegasi itu datang pekan lalu.", date(2025, 1, 8)) == []  # 30 Dec - 5 Jan: no year


# -- properties (hypothesis): date resolution never raises, never leaves a sane range -----------
from datetime import date as _date  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kg.nlp.dates import MAX_YEAR, MIN_YEAR  # noqa: E402

_DATEY = st.sampled_from(
    [
        "Senin",
        "(15/8)",
        "(31/2)",
        "(0/0)",
        "29 Februari",
        "2024",
        "9999",
        "0000",
        "tahun lalu",
        "bulan depan",
        "pekan lalu",
        "kemarin",
        "dua hari lalu",
        "Desember",
        "1 Januari 1800",
        "31 Desember 2200",
        "2023-02-29",
        "T25:61",
        "WIB",
        "(27 Desember)",
        "abad ke-21",
        " ",
        "/",
    ]
)
_TEXT = st.lists(st.one_of(_DATEY, st.text(max_size=6), st.integers(-(10**6), 10**6).map(str)), max_size=25).map(
    " ".join
)


def _year(value: str) -> int | None:
    return None if value.startswith("--") else int(value[:4])


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, ref=st.one_of(st.none(), st.dates(min_value=_date(1, 1, 1), max_value=_date(9999, 12, 31))))
def test_date_resolution_never_raises_nor_leaves_a_sane_range(text, ref):
    for mention in find_dates(text, ref):
        year = _year(mention.value.value)
        assert year is None or MIN_YEAR <= year <= MAX_YEAR, mention
        assert 0 <= mention.start < mention.end <= len(text)
    published = parse_published(text)
    assert published is None or MIN_YEAR <= int(published[:4]) <= MAX_YEAR


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("Sidang digelar pada 28-29 Desember 2024.", "2024-12-28", "2024-12-29"),
        ("Pameran berlangsung 1 hingga 3 Maret 2023.", "2023-03-01", "2023-03-03"),
        ("Rapat kerja pada 5 sampai 7 Mei 2022 di Bogor.", "2022-05-05", "2022-05-07"),
    ],
)
def test_a_range_is_its_first_day_and_its_last(text, first, last):
    (found,) = find_dates(text, REF)
    assert (found.value.value, found.value.end, found.value.datatype) == (first, last, "date")
