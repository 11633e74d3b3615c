"""Regenerate kg/data/countries.jsonl and kg/data/calendar.json from Babel's Indonesian locale.

Run: python scripts/make_gazetteer.py   (needs the `dev` extra: Babel)

Babel (BSD) gives the Indonesian names of every territory and the month and day names; this
script adds the aliases Indonesian news uses and Wikidata QIDs only where they are certain.
The outputs are committed, so Babel is not needed at run time.
"""

from __future__ import annotations

import json
from pathlib import Path

from babel import Locale

from kg.nlp.gazetteer import slug

DATA = Path(__file__).resolve().parent.parent / "kg" / "data"

# Region and grouping codes that are not countries.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AQ", "IC", "EA", "DG", "CP", "TA", "AC"}

# Aliases used by Indonesian news, by ISO code.
ALIASES: dict[str, list[str]] = {
    "KP": ["Korut", "DPRK", "Republik Rakyat Demokratik Korea", "Korea Utara"],
    "KR": ["Korsel", "Republik Korea"],
    "US": ["AS", "Amerika", "USA", "Negeri Paman Sam"],
    "CN": ["China", "Cina", "RRT", "RRC", "Republik Rakyat Tiongkok", "Negeri Tirai Bambu"],
    "RU": ["Federasi Rusia", "Rusia"],
    "ID": ["RI", "Republik Indonesia"],
    "GB": ["Inggris", "Britania Raya"],
    "FR": ["Perancis"],
    "PS": ["Wilayah Palestina"],
    "SA": ["Saudi"],
    "AE": ["UEA", "Uni Emirat Arab"],
    "TW": ["Taiwan"],
    "MM": ["Myanmar (Burma)", "Burma"],
    "HK": ["Hong Kong DAK Tiongkok"],
    "MO": ["Makau DAK Tiongkok", "Macau"],
    "TL": ["Timor-Leste"],
    "CZ": ["Republik Ceko"],
    "IR": ["Republik Islam Iran"],
    "PH": ["Republik Filipina", "Pilipina"],
    "VA": ["Takhta Suci"],
    "AF": ["Afghanistan"],
    "ET": ["Ethiopia"],
    "NL": ["Negeri Belanda"],
    "HU": ["Hongaria"],
    "KG": ["Kirgistan", "Kirgizstan"],
    "CO": ["Kolombia"],
}

# Names news writes where Babel's are long-winded (Babel's name stays an alias).
LABELS = {"MM": "Myanmar", "HK": "Hong Kong", "MO": "Makau", "PS": "Palestina"}

# Wikidata items, only those known for certain.
QIDS = {
    "RU": "Q159",
    "KP": "Q423",
    "KR": "Q884",
    "US": "Q30",
    "CN": "Q148",
    "UA": "Q212",
    "ID": "Q252",
    "GB": "Q145",
    "JP": "Q17",
    "FR": "Q142",
    "DE": "Q183",
    "IN": "Q668",
    "IR": "Q794",
    "IL": "Q801",
    "SA": "Q851",
    "TR": "Q43",
    "AU": "Q408",
    "MY": "Q833",
    "SG": "Q334",
    "VN": "Q881",
    "TH": "Q869",
    "PH": "Q928",
    "CA": "Q16",
    "BR": "Q155",
    "SY": "Q858",
    "BY": "Q184",
    "IT": "Q38",
    "ES": "Q29",
    "EG": "Q79",
    "PK": "Q843",
}

# Former states news still writes about.
EXTRA = [
    {
        "key": "country/uni-soviet",
        "type": "Country",
        "label": "Uni Soviet",
        "label_en": "Soviet Union",
        "aliases": ["Soviet", "USSR", "Uni Republik Sosialis Soviet"],
        "qid": "Q15180",
    },
]


def countries() -> list[dict]:
    id_, en = Locale("id"), Locale("en")
    rows = []
    for code, name in sorted(id_.territories.items()):
        if not (len(code) == 2 and code.isalpha()) or code in NOT_COUNTRIES:
            continue
        name = LABELS.get(code, name)
        aliases = sorted({a for a in ALIASES.get(code, []) if a != name})
        row = {
            "key": f"country/{slug(name)}",
            "type": "Country",
            "label": name,
            "label_en": en.territories.get(code),
            "aliases": aliases,
            "iso": code,
        }
        if code in QIDS:
            row["qid"] = QIDS[code]
        rows.append(row)
    return rows + EXTRA


def calendar() -> dict:
    id_, en = Locale("id"), Locale("en")
    months: dict[str, int] = {}
    for loc in (id_, en):
        for width in ("wide", "abbreviated"):
            for num, name in loc.months["format"][width].items():
                months[name.lower()] = num
    months.update({"agt": 8, "sept": 9, "nop": 11, "pebruari": 2, "nopember": 11})
    days: dict[str, int] = {}
    for loc in (id_, en):
        for width in ("wide", "abbreviated"):
            for num, name in loc.days["format"][width].items():
                days[name.lower()] = num
    days.update({"jum'at": 4, "ahad": 6})
    return {
        "months": dict(sorted(months.items())),
        "days": dict(sorted(days.items())),
        "timezones": {"WIB": "+07:00", "WITA": "+08:00", "WIT": "+09:00", "UTC": "+00:00", "GMT": "+00:00"},
    }


def main() -> None:
    with open(DATA / "countries.jsonl", "w", encoding="utf-8") as fh:
        for row in countries():
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    with open(DATA / "calendar.json", "w", encoding="utf-8") as fh:
        json.dump(calendar(), fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.write("\n")


if __name__ == "__main__":
    main()
