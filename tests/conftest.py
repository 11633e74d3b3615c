"""Shared fixtures: the loaded pipeline once per session, paths to examples and seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp.loading import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def doc_of(nlp):
    from kg.nlp.loading import make_doc

    return make_doc


def build_into(paths, out):
    """Build `paths` and write the outputs into `out`: (result, out)."""
    from kg.export.files import write_outputs
    from kg.pipeline import build

    result = build(paths)
    write_outputs(result, out)
    return result, out


@pytest.fixture(scope="session")
def examples_build(tmp_path_factory):
    """The bundled examples built once into a temporary folder: (result, outdir)."""
    return build_into([EXAMPLES], tmp_path_factory.mktemp("examples-out"))
