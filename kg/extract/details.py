"""What a statement carries besides its two parties: the office given or taken (`bk:roleTitle`
of appointed, elected, dismissed, resignedFrom) and a sentence's penalty (`bk:penalty`).

Both are read from the words around a frame's trigger (kg.extract.relations calls them) and kept
as written, so that "Menteri Sosial" or "4 tahun 6 bulan penjara" reach the graph as the reader
saw them.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from .frames import Actor, Frame

__all__ = ["role_title", "penalty"]

#: words that end an office named after "sebagai"/"menjadi" ("sebagai Menteri Sosial oleh …")
ROLE_STOP = frozenset(
    "oleh di pada dan untuk yang dalam periode masa menggantikan karena setelah sejak hingga sampai "
    'usai seusai selama mulai atas dengan , . ; : ( ) " “ ” –'.split()
)
ROLE_MAX = 7
#: words before an office that are not part of it ("mundur dari jabatan Ketua …")
ROLE_LEAD = frozenset("jabatan jabatannya posisi posisinya kursi kursinya kedudukan kedudukannya status".split())

_NUMBER = r"(?:\d+(?:[.,]\d+)?|se|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|setengah)"
_UNIT = r"(?:tahun|bulan|hari|minggu)"
_PENALTY = re.compile(
    rf"\b(?:{_NUMBER}(?:\s+(?:belas|puluh))?\s+{_UNIT}(?:\s+(?:dan\s+)?{_NUMBER}\s+{_UNIT})?"
    r"(?:\s+(?:pidana\s+)?(?:penjara|kurungan|bui|tahanan))?"
    r"|(?:hukuman|pidana|vonis)\s+mati"
    r"|(?:pidana\s+)?penjara\s+seumur\s+hidup|hukuman\s+seumur\s+hidup)"
    r"(?:\s+dan\s+denda\s+(?:sebesar\s+)?Rp\s?[\d.,]+(?:\s+(?:juta|miliar|triliun))?)?",
    re.IGNORECASE,
)
PENALTY_WINDOW = 120  # characters after the trigger


def _words(sent: Span, start: int, end: int) -> str:
    return sent[start:end].text.strip()


def role_title(sent: Span, toks: list[str], frame: Frame, j: int, obj: Actor | None) -> str:
    """The office a frame's statement names, as written, or "".

    `role_after`: the words after a marker that follows the object ("melantik X sebagai Menteri
    Sosial"); `role_between`: the words between the trigger and the object ("terpilih sebagai
    Ketua Umum Partai X" → "Ketua Umum")."""
    if frame.role_between and obj is not None and obj.start >= j:
        k = j
        while k < obj.start and toks[k] in ROLE_LEAD:
            k += 1
        if 0 < obj.start - k <= ROLE_MAX and not ROLE_STOP.intersection(toks[k : obj.start]):
            return _words(sent, k, obj.start)
        return ""
    if not frame.role_after:
        return ""
    start = max(j, obj.end if obj is not None and obj.end > 0 else j)
    marks = [k for k in range(start, min(len(toks), start + 4)) if toks[k] in frame.role_after]
    if not marks:
        return ""
    k = marks[0] + 1
    while k < len(toks) and toks[k] in ROLE_LEAD | frame.role_after:
        k += 1
    end = k
    while end < len(toks) and end - k < ROLE_MAX and toks[end] not in ROLE_STOP:
        end += 1
    return _words(sent, k, end) if end > k else ""


def penalty(sent: Span, j: int) -> str:
    """The first penalty written after the trigger ("5 tahun penjara", "hukuman mati"), or ""."""
    if j >= len(sent):
        return ""
    start = sent[j].idx - sent.start_char
    text = sent.text[start : start + PENALTY_WINDOW]
    m = _PENALTY.search(text)
    return m.group(0).strip() if m else ""
