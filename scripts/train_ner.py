"""Train the package's entity recognizers (kg/models/ner*) reproducibly, in one command.

    python scripts/train_ner.py            # all five committee members (about 80 minutes on 2 cores)
    python scripts/train_ner.py --member ner-plain

The committee (see kg/nlp/vote.py): `ner` (recognizer and POS tagger on one tok2vec, seed 0; its tags
also serve kg.nlp.entities), `ner-seed1` (the same, seed 1), and `ner-plain`, `ner-plain-seed1`,
`ner-plain-seed2` (the recognizer alone, seeds 0-2). The seed also picks the held-out tenth. An
entity needs three votes of five.

Data:
- named entities: idner-news-2k train.txt (Khairunnisa et al. 2020, MIT), PER/LOC/ORG. A fixed
  10% of it is held out to pick the best checkpoint; dev.txt is never used here, so it stays a
  measurement (`python scripts/eval_ner.py`);
- part of speech: the 32.8k tagged news sentences inside the nlp-id wheel (MIT), fetched with
  `pip download nlp-id==0.1.23.0 --no-deps` unless --postag names the file. A tagger learns them
  in the same network as the recognizer (one shared tok2vec), which teaches that network what a
  proper noun looks like from 560k tokens instead of 30k.

Texts are tokenized by the project's own tokenizer (`berita_kg.tokenizer.v1`), as at run time.
The trained pipeline (tok2vec, tagger, ner) is copied to --output without its tokenizer, which
kg.nlp.loading supplies when it loads the model.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from spacy.cli.train import train
from spacy.tokens import Doc, DocBin

from kg.eval.conll import GoldSentence, read_conll
from kg.nlp.loading import model_path
from kg.nlp.tokenizer import blank

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CONFIGS = {"tagger": HERE / "ner" / "ner.cfg", "plain": HERE / "ner" / "plain.cfg"}
SHARED = ROOT.parent / "shared" / "data" / "idner-news-2k"
NLP_ID = "nlp-id==0.1.23.0"
POSTAG_MEMBER = "nlp_id/data/dataset_postag.txt"
#: committee member folder (beside kg/models/ner) → (configuration, seed); see kg.nlp.loading.COMMITTEE
MEMBERS = {
    "ner": ("tagger", 0),
    "ner-plain": ("plain", 0),
    "ner-seed1": ("tagger", 1),
    "ner-plain-seed1": ("plain", 1),
    "ner-plain-seed2": ("plain", 2),
}


def ner_docs(sentences: list[GoldSentence]) -> list[Doc]:
    """Gold sentences as Docs from the project tokenizer, with their entities."""
    nlp = blank()
    docs = []
    for sent in sentences:
        doc = nlp.make_doc(sent.text)
        spans = [doc.char_span(s, e, label=lab, alignment_mode="expand") for s, e, lab in sent.spans]
        doc.ents = [s for s in spans if s is not None]
        docs.append(doc)
    return docs


def postag_docs(path: Path, limit: int = 0) -> list[Doc]:
    """The nlp-id POS file (``token<TAB>tag`` lines, a blank line between sentences) as Docs with
    tags and no entity annotation (missing, not "O": the recognizer learns nothing from them)."""
    vocab = blank().vocab
    docs, words, tags = [], [], []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0]:
            words.append(parts[0])
            tags.append(parts[1])
        elif words:
            docs.append(Doc(vocab, words=words, tags=tags))
            words, tags = [], []
            if limit and len(docs) >= limit:
                break
    return docs


def fetch_postag(work: Path) -> Path:
    """Download the nlp-id wheel (no dependencies) and take its POS data file out of it."""
    subprocess.run([sys.executable, "-m", "pip", "download", NLP_ID, "--no-deps", "-q", "-d", str(work)], check=True)
    wheel = next(work.glob("nlp_id-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        zf.extract(POSTAG_MEMBER, work)
    return work / POSTAG_MEMBER


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--train", type=Path, default=SHARED / "train.txt", help="CoNLL entity data (token ... BIO)")
    ap.add_argument("--postag", type=Path, help="nlp-id dataset_postag.txt (default: fetched from PyPI)")
    ap.add_argument(
        "--member",
        choices=sorted(MEMBERS),
        action="append",
        help="train only this committee member (repeatable; default: all)",
    )
    ap.add_argument(
        "--config",
        choices=sorted(CONFIGS),
        help="with --output: tagger (tok2vec shared by a POS tagger and the recognizer) or plain",
    )
    ap.add_argument("--output", type=Path, help="train one recognizer into this folder instead of the committee")
    ap.add_argument("--max-steps", type=int, default=5000)
    ap.add_argument("--ner-repeat", type=int, default=4, help="copies of the entity data beside the POS data")
    ap.add_argument("--limit", type=int, default=0, help="use only this many sentences of each data set (smoke tests)")
    ap.add_argument("--seed", type=int, default=0, help="with --output")
    ap.add_argument(
        "--extra-docbin",
        type=Path,
        action="append",
        help="a DocBin of more entity sentences (e.g. scripts/distil_ner.py's silver labels), added once",
    )
    ap.add_argument("--patience", type=int, help="steps without a better held-out score before stopping (cfg: 1600)")
    ap.add_argument("--width", type=int, help="tok2vec width (cfg: 96)")
    ap.add_argument("--depth", type=int, help="tok2vec depth (cfg: 4)")
    ap.add_argument("--rows", type=int, help="hash-embedding rows for NORM (cfg: 5000; the other three get half)")
    ap.add_argument("--learn-rate", type=float, help="Adam learning rate (cfg: 0.001)")
    ap.add_argument(
        "--averages", action="store_true", help="keep and save the running average of the weights (cfg: off)"
    )
    ap.add_argument(
        "--init-from",
        type=Path,
        help="continue training this trained pipeline (every component sourced from it) instead of a fresh one: "
        "the second, gold-only phase of a distillation",
    )
    args = ap.parse_args(argv)
    if args.init_from is not None and (args.width, args.depth, args.rows) != (None, None, None):
        ap.error("--width, --depth and --rows shape a fresh network; --init-from keeps the trained one's shape")
    if args.output:
        jobs = [(args.output, args.config or "tagger", args.seed)]
    else:
        jobs = [(model_path().parent / name, *MEMBERS[name]) for name in (args.member or sorted(MEMBERS))]
    postag = args.postag
    with tempfile.TemporaryDirectory(prefix="kg-postag-") as tmp:
        for output, config, seed in jobs:
            if config == "tagger" and postag is None:
                postag = fetch_postag(Path(tmp))
            train_one(args, output, config, seed, postag)
    return 0


def sourced_config(base: Path, trained: Path, out: Path) -> Path:
    """`base` with every pipeline component sourced from the trained pipeline `trained`, so that
    spaCy resumes its weights rather than initializing new ones (a fine-tuning phase)."""
    from spacy.util import load_config

    source = out.parent / "source"
    shutil.copytree(trained, source)
    if not (source / "tokenizer").exists():  # saved without one (see train_one); spaCy's loader wants it
        blank().tokenizer.to_disk(source / "tokenizer")  # type: ignore[union-attr]
    cfg = load_config(base)
    names = load_config(source / "config.cfg")["nlp"]["pipeline"]
    cfg["nlp"]["pipeline"] = list(names)
    cfg["components"] = {name: {"source": str(source)} for name in names}
    cfg.to_disk(out)
    return out


def train_one(args: argparse.Namespace, output: Path, config: str, seed: int, postag: Path | None) -> None:
    """Train one recognizer into `output`."""

    gold = read_conll(args.train)
    if args.limit:
        gold = gold[: args.limit]
    order = list(range(len(gold)))
    random.Random(seed).shuffle(order)
    held = set(order[: max(1, len(gold) // 10)])
    train_docs = ner_docs([g for i, g in enumerate(gold) if i not in held])
    held_docs = ner_docs([g for i, g in enumerate(gold) if i in held])

    with tempfile.TemporaryDirectory(prefix="kg-train-") as tmp:
        work = Path(tmp)
        corpus = DocBin(store_user_data=False)
        if config == "tagger":
            assert postag is not None, "the tagger's configuration trains on UD part-of-speech data"
            for doc in postag_docs(postag, args.limit):
                corpus.add(doc)
        for _ in range(max(1, args.ner_repeat)):
            for doc in train_docs:
                corpus.add(doc)
        extra = 0
        for path in args.extra_docbin or ():
            for doc in DocBin().from_disk(path).get_docs(blank().vocab):
                corpus.add(doc)
                extra += 1
        corpus.to_disk(work / "train.spacy")
        DocBin(docs=held_docs).to_disk(work / "held.spacy")
        print(
            f"training on {len(train_docs)} entity sentences (x{args.ner_repeat}), "
            f"{extra} extra entity sentences, "
            f"{len(corpus) - extra - len(train_docs) * max(1, args.ner_repeat)} POS sentences; "
            f"checkpoints picked on {len(held_docs)} held-out sentences",
            flush=True,
        )
        overrides = {
            "paths.train": str(work / "train.spacy"),
            "paths.dev": str(work / "held.spacy"),
            "training.max_steps": args.max_steps,
            "system.seed": seed,
            "training.eval_frequency": max(1, min(500, args.max_steps // 4)),
        }
        if args.patience is not None:
            overrides["training.patience"] = args.patience
        if args.learn_rate is not None:
            overrides["training.optimizer.learn_rate"] = args.learn_rate
        if args.averages:
            overrides["training.optimizer.use_averages"] = True
        cfg_path = CONFIGS[config]
        if args.init_from is not None:
            cfg_path = sourced_config(cfg_path, args.init_from, work / "sourced.cfg")
        else:
            if args.width is not None:
                overrides["components.tok2vec.model.encode.width"] = args.width
            if args.depth is not None:
                overrides["components.tok2vec.model.encode.depth"] = args.depth
            if args.rows is not None:
                overrides["components.tok2vec.model.embed.rows"] = [args.rows, *[max(1000, args.rows // 2)] * 3]
        train(cfg_path, work / "out", overrides=overrides)
        best = work / "out" / "model-best"
        if not best.is_dir():
            best = work / "out" / "model-last"
        (best / "tokenizer").unlink(missing_ok=True)  # kg.nlp.loading supplies the tokenizer
        meta = json.loads((best / "meta.json").read_text())
        sources = [
            {
                "name": "idner-news-2k",
                "url": "https://github.com/khairunnisaor/idner-news-2k",
                "license": "MIT",
                "author": "Khairunnisa, Imankulova, Komachi (AACL-SRW 2020)",
            }
        ]
        if config == "tagger":
            sources.append(
                {"name": "nlp-id dataset_postag.txt", "url": "https://pypi.org/project/nlp-id/", "license": "MIT"}
            )
        if args.init_from is not None:  # what the resumed network learnt from stays credited
            sources += json.loads((args.init_from / "meta.json").read_text()).get("sources", [])
        if args.extra_docbin:
            sources.append(
                {
                    "name": "IndoSum dev folds labelled by the committee (scripts/distil_ner.py)",
                    "url": "https://github.com/kata-ai/indosum",
                    "license": "CC BY-SA 4.0",
                }
            )
        unique = [s for i, s in enumerate(sources) if s not in sources[:i]]
        meta.update({"name": f"berita_kg_{output.name}".replace("-", "_"), "sources": unique})
        (best / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(best, output)
    print(f"saved the recognizer to {output}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
