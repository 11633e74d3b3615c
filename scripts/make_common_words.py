"""Regenerate kg/data/common_words.json: Indonesian common words, from the UD treebanks.

Run: python scripts/make_common_words.py [--ud ../shared/data/ud-indonesian]

A word the Universal Dependencies treebanks for Indonesian (GSD, CSUI: CC BY-SA 4.0; PUD:
CC BY-SA 3.0; see the README's credits) write in lower case and never tag as a proper noun is a
common word ("sejalan", "ongkos", "rumah"). `kg.nlp.names` uses the list to tell a sentence's
capitalised first word from a one-word name: "Sejalan dengan itu, …" names nothing. The output
is committed, so the treebanks are not needed at run time.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UD = ROOT.parent / "shared" / "data" / "ud-indonesian"
OUT = ROOT / "kg" / "data" / "common_words.json"
COMMENT = (
    "Indonesian common words (kg.nlp.names): written in lower case and never tagged PROPN in the UD "
    "Indonesian treebanks GSD, CSUI (CC BY-SA 4.0) and PUD (CC BY-SA 3.0). Made by "
    "scripts/make_common_words.py; do not edit by hand."
)


def common_words(folder: Path) -> list[str]:
    """The lower-case alphabetic forms of the treebanks in `folder` that are never a proper noun."""
    lower: Counter[str] = Counter()
    proper: set[str] = set()
    for path in sorted(folder.glob("*.conllu")):
        for line in path.open(encoding="utf-8"):
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 10 or not cols[0].isdigit():
                continue  # comments, blank lines, multiword ranges and empty nodes
            form, upos = cols[1], cols[3]
            if upos == "PROPN":
                proper.add(form.casefold())
            elif form.isalpha() and form.islower():
                lower[form] += 1
    return sorted(w for w in lower if w not in proper)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ud", type=Path, default=UD, help="folder of the UD Indonesian .conllu files")
    args = ap.parse_args(argv)
    words = common_words(args.ud)
    if not words:
        raise SystemExit(f"no .conllu files with words in {args.ud}")
    OUT.write_text(json.dumps({"comment": COMMENT, "words": words}, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(words)} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
