"""Train the package's Indonesian part-of-speech tagger (UPOS), lemmatizer and dependency parser
(kg/models/parser) reproducibly, in one command.

    python scripts/train_parser.py                       # the shipped model, --config finetune (~11 min)
    python scripts/train_parser.py --config shared --output /tmp/parser-b
    python scripts/eval_parser.py kg/models/parser       # held-out test scores, raw text

Configurations (scripts/parser/*.cfg):
- `shared`: tok2vec, tagger and ner sourced from the entity recognizer (kg/models/ner) and
  frozen, byte-for-byte unchanged; a morphologizer (UPOS on `token.pos_`, features on
  `token.morph`), a parser and an edit-tree lemmatizer learn on the recognizer's token vectors. The
  output is a full pipeline (tok2vec, tagger, ner, morphologizer, parser, lemmatizer) whose
  tagger and ner give what kg/models/ner gives, so it can stand in for it; `shared-wide`: the
  same with a parser of twice the hidden width;
- `standalone`: its own tok2vec (spaCy's efficiency settings) with the same three components;
- `finetune` (shipped in kg/models/parser): the recognizer's tok2vec as a starting point,
  fine-tuned with the three components (no tagger, no ner: the tuned tok2vec no longer suits
  them). It and `standalone` score 6-7 points of LAS and 3-4 of UPOS above `shared` on the
  held-out tenth (scripts/eval_parser.py), at the cost of a second token-vector pass beside the
  recognizer's.

Data: the Universal Dependencies treebanks in ../shared/data/ud-indonesian (CC BY-SA): UD
Indonesian-GSD dev (McDonald et al. 2013, the UD Indonesian-GSD maintainers), UD Indonesian-CSUI
train (Alfina et al.) and UD Indonesian-PUD (Zeman et al. 2017, CoNLL 2017 shared task). Their
pool (2,215 sentences) is split once (seed 0): a fixed 10% is held out to pick the checkpoint.
GSD test and CSUI test are never trained on nor used to pick anything; they measure.

Each multi-word token becomes one word, as the project's tokenizer keeps it whole ("bukunya",
"tidaklah"): the word takes head, relation, UPOS, lemma and features of its head part (the part
whose head lies outside the token), see `kg.eval.ud.merge_mwt`. The treebanks' conventions are
harmonised (`kg.eval.ud.harmonise`), in training and gold test data alike:

    nmod, no case child, NOUN after its NOUN/PROPN head  -> compound   (GSD's convention;
                                                            CSUI and PUD say nmod)
    obl with a case child "oleh"                         -> obl:agent  (CSUI's and PUD's; GSD: obl)
    PROPN lemma = lower-cased form ("Emma" -> "emma")    -> the form   (CSUI's and PUD's; GSD's)

so downstream rules see nsubj, nsubj:pass, obj, obl (with its case child), obl:agent ("oleh"),
appos, flat/flat:name, conj, compound and nmod (a proper noun or a prepositional phrase under a
noun). Texts are tokenized by the project's tokenizer (`berita_kg.tokenizer.v1`); spaCy aligns
its tokens with the gold words. The best checkpoint is copied to --output without its tokenizer,
which kg.nlp.loading supplies.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import spacy  # noqa: E402
from spacy.cli.train import train  # noqa: E402
from spacy.tokens import DocBin  # noqa: E402

from kg.eval.ud import Sentence, prepare, read_conllu, split_pool, to_doc  # noqa: E402
from kg.nlp import factories  # noqa: E402, F401  (registers the tokenizer named in the configs)
from kg.nlp.loading import model_path  # noqa: E402
from kg.nlp.tokenizer import blank  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CONFIGS = {name: HERE / "parser" / f"{name}.cfg" for name in ("standalone", "shared", "shared-wide", "finetune")}
#: Configurations that source the recognizer's components, and those that keep them frozen.
SOURCED = ("shared", "shared-wide", "finetune")
FROZEN = ("shared", "shared-wide")
UD = ROOT.parent / "shared" / "data" / "ud-indonesian"
#: The training pool; GSD test and CSUI test are held out for measuring.
POOL = ("id_gsd-ud-dev.conllu", "id_csui-ud-train.conllu", "id_pud-ud-test.conllu")
SOURCES = [
    {
        "name": "UD Indonesian-GSD (dev)",
        "url": "https://github.com/UniversalDependencies/UD_Indonesian-GSD",
        "license": "CC BY-SA 4.0",
        "author": "McDonald et al. 2013; the UD Indonesian-GSD maintainers",
    },
    {
        "name": "UD Indonesian-CSUI (train)",
        "url": "https://github.com/UniversalDependencies/UD_Indonesian-CSUI",
        "license": "CC BY-SA 4.0",
        "author": "Alfina et al.",
    },
    {
        "name": "UD Indonesian-PUD",
        "url": "https://github.com/UniversalDependencies/UD_Indonesian-PUD",
        "license": "CC BY-SA 3.0",
        "author": "Zeman et al. 2017 (CoNLL 2017 shared task)",
    },
]


def pool(data: Path, limit: int = 0) -> list[Sentence]:
    """The training pool, multi-word tokens merged and harmonised (`kg.eval.ud.prepare`)."""
    out: list[Sentence] = []
    for name in POOL:
        sents = prepare(read_conllu(data / name))
        out += sents[:limit] if limit else sents
    return out


def held_out(data: Path, limit: int = 0, seed: int = 0) -> list[Sentence]:
    """The fixed tenth of the pool that picks checkpoints (also scored by scripts/eval_parser.py)."""
    return split_pool(pool(data, limit), seed)[1]


def write_docbin(sentences: list[Sentence], path: Path) -> None:
    vocab = blank().vocab
    DocBin(docs=[to_doc(s, vocab) for s in sentences]).to_disk(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--config", choices=sorted(CONFIGS), default="finetune")
    ap.add_argument("--output", type=Path, default=model_path().parent / "parser")
    ap.add_argument("--data", type=Path, default=UD, help="folder of the UD Indonesian .conllu files")
    ap.add_argument("--ner", type=Path, default=model_path(), help="the recognizer to source (--config shared)")
    ap.add_argument("--max-steps", type=int, default=3000)
    ap.add_argument("--eval-frequency", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0, help="training seed (the held-out tenth is always seed 0)")
    ap.add_argument("--limit", type=int, default=0, help="use only this many sentences of each treebank (smoke tests)")
    ap.add_argument("--keep", type=Path, help="keep spaCy's training folder (model-best, model-last) here")
    args = ap.parse_args(argv)

    train_sents, held_sents = split_pool(pool(args.data, args.limit), 0)
    print(f"training on {len(train_sents)} sentences; checkpoints picked on {len(held_sents)} held out", flush=True)
    with tempfile.TemporaryDirectory(prefix="kg-parser-") as tmp:
        work = Path(tmp)
        write_docbin(train_sents, work / "train.spacy")
        write_docbin(held_sents, work / "held.spacy")
        overrides: dict[str, object] = {
            "paths.train": str(work / "train.spacy"),
            "paths.dev": str(work / "held.spacy"),
            "training.max_steps": args.max_steps,
            "training.eval_frequency": max(1, min(args.eval_frequency, args.max_steps)),
            "system.seed": args.seed,
        }
        if args.config in SOURCED:
            overrides["paths.ner"] = str(with_tokenizer(args.ner, work / "ner"))
        out = args.keep or work / "out"
        start = time.perf_counter()
        train(CONFIGS[args.config], out, overrides=overrides)
        minutes = (time.perf_counter() - start) / 60
        best = out / "model-best"
        if not best.is_dir():
            best = out / "model-last"
        if args.config in FROZEN:
            check_frozen(best, args.ner)
        if args.output.exists():
            shutil.rmtree(args.output)
        shutil.copytree(best, args.output, ignore=shutil.ignore_patterns("tokenizer"))
    meta_path = args.output / "meta.json"
    meta = json.loads(meta_path.read_text())
    sources = SOURCES
    if args.config in SOURCED:
        sources = [*json.loads((args.ner / "meta.json").read_text()).get("sources", []), *SOURCES]
    meta.update(
        {
            "name": f"berita_kg_{args.output.name}".replace("-", "_"),
            "sources": sources,
            "license": "CC BY-SA 4.0",  # trained on the UD treebanks (CC BY-SA)
            "description": f"scripts/train_parser.py --config {args.config} --max-steps {args.max_steps} "
            f"--seed {args.seed} ({minutes:.1f} minutes of training)",
        }
    )
    meta_path.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    print(f"saved the parser ({args.config}) to {args.output} after {minutes:.1f} minutes", flush=True)
    return 0


def with_tokenizer(model: Path, copy: Path) -> Path:
    """A copy of `model` with the project's tokenizer saved in it: spaCy's `source` loads whole
    pipelines, tokenizer included, and the package's models are saved without theirs."""
    shutil.copytree(model, copy)
    blank().tokenizer.to_disk(copy / "tokenizer")  # type: ignore[union-attr]
    return copy


def check_frozen(trained: Path, source: Path) -> None:
    """Fail unless tok2vec, tagger and ner of `trained` are byte-identical to those of `source`."""
    new = spacy.load(trained, exclude=["tokenizer"])
    old = spacy.load(source, exclude=["tokenizer"])
    for name in ("tok2vec", "tagger", "ner"):
        if new.get_pipe(name).model.to_bytes() != old.get_pipe(name).model.to_bytes():  # type: ignore[attr-defined]
            raise SystemExit(f"{name} changed in training: it should be frozen")
    print("tok2vec, tagger and ner are identical to the recognizer's", flush=True)


if __name__ == "__main__":
    sys.exit(main())
