"""The notebooks run top to bottom (nbclient) and are committed without outputs."""

import json

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_the_two_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["01-build-and-query.ipynb", "02-network-analysis.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebooks_carry_no_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"{path.name}: strip the outputs"


def _run(path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    kinds = {k for o in outputs for k in o.get("data", {})}
    return text, kinds


def test_build_and_query_notebook():
    text, kinds = _run(ROOT / "notebooks" / "01-build-and-query.ipynb")
    assert "SHACL conforms: True" in text and "### treaties" in text and "Pakta pertahanan" in text
    assert "sentence: " in text and "rule: rule:visit." in text  # the provenance of one fact
    assert "image/png" in kinds  # the timeline


def test_network_analysis_notebook():
    text, kinds = _run(ROOT / "notebooks" / "02-network-analysis.ipynb")
    assert "betweenness" in text and "Kim Jong Un metWith Vladimir Putin" in text
    assert {"image/png", "text/html"} <= kinds  # the ego graph and the pyvis view
