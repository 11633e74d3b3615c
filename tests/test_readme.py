"""The README's promises: its Python example runs as written, and `import kg` stays light."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import kg
from tests.conftest import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent


def _python_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## From Python") :]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_python_example_runs_from_the_repository_root(tmp_path):
    code = _python_example()
    assert 8 <= len([ln for ln in code.splitlines() if ln.strip()]) <= 12  # "a ten-line example"
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    built, facts = re.match(r"(\d+) articles, (\d+) facts", lines[0]).groups()
    assert int(built) == 10 and int(facts) > 10
    assert "person/" in lines[1] and "city/tokyo" in lines[2] and "visited" in lines[2] and "2023-07-03" in lines[2]
    assert re.fullmatch(r"\d+ entities", lines[3]) and int(lines[3].split()[0]) > 10
    assert (tmp_path / "outputs" / "graph.ttl").is_file() and (tmp_path / "outputs" / "store").is_dir()


def test_import_kg_is_light_and_names_the_public_face():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, kg; print(sorted(m for m in ('spacy', 'rdflib', 'pyoxigraph') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "[]", done.stderr
    for name in (
        "build",
        "build_articles",
        "extract_text",
        "write_outputs",
        "open_store",
        "query",
        "to_networkx",
        "BeritaKGError",
        "InputError",
        "QueryError",
        "DataError",
        "ConfigError",
    ):
        assert name in kg.__all__ and callable(getattr(kg, name)), name
    assert issubclass(kg.QueryError, kg.BeritaKGError) and issubclass(kg.DataError, kg.BeritaKGError)


def test_the_package_ships_type_information():
    assert (Path(kg.__file__).parent / "py.typed").is_file()


DOCS = ["README.md", "CHANGELOG.md", "BENCHMARKS.md", "ontology/README.md"]


def _links(text: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"\]\(([^)\s]+)\)", text)]


def test_the_docs_link_only_inside_the_repository_or_to_the_web():
    """A reader on a fresh clone (or on a forge's web page) can follow every link: a relative link
    names a file of the repository, never one beside it (../shared is not part of a clone), and an
    anchor names a heading of the page."""
    for doc in DOCS:
        path = ROOT / doc
        text = path.read_text(encoding="utf-8")
        headings = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in re.findall(r"^#+ (.*)$", text, re.M)}
        for link in _links(text):
            if re.match(r"https?://", link):
                continue
            target, _, anchor = link.partition("#")
            if not target:
                assert anchor in headings, f"{doc}: no heading for #{anchor}"
                continue
            resolved = (path.parent / target).resolve()
            assert resolved.is_relative_to(ROOT), f"{doc}: {link} points outside the repository"
            assert resolved.exists(), f"{doc}: {link} does not exist"
