import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg import __version__
from kg.cli import cli
from tests.conftest import EXAMPLES


def _commands():
    return sorted(cli.commands)


@pytest.mark.parametrize("command", [[], *[[c] for c in _commands()]])
def test_every_command_has_help_with_examples(command):
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and "Examples:" in result.output


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_build_examples_end_to_end(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(EXAMPLES), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["articles_built"] == 5 and report["skipped"] == []
    assert report["articles_read"] == report["articles_built"] + len(report["duplicates"]) + len(report["skipped"])
    assert {"visited", "metWith", "sentMessageTo", "leaderOf"} <= set(report["facts"])


def test_bad_input_warns_on_stderr_and_build_goes_on(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "kosong.txt").write_text("")
    (tmp_path / "in" / "a.jsonl").write_text('{"text": "Joe Biden berkunjung ke Kyiv bersama rombongan kecil."}\n{rusak\n')
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(tmp_path / "in"), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    warnings = [ln for ln in proc.stderr.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == 2
    assert any("kosong.txt: empty file" in w for w in warnings)
    assert any("a.jsonl:2: broken JSON line" in w for w in warnings)
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["articles_read"] == 3 and report["articles_built"] == 1 and len(report["skipped"]) == 2


def test_no_article_built_exits_1_and_writes_nothing(tmp_path):
    (tmp_path / "kosong.txt").write_text("")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "kosong.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args", [["build"], ["build", "x", "--no-such-option"], ["no-such-command"]])
def test_usage_errors_exit_2(args):
    assert CliRunner().invoke(cli, args).exit_code == 2


def test_output_path_that_is_a_file_is_a_clear_error(tmp_path):
    (tmp_path / "berkas").write_text("x")
    result = CliRunner().invoke(cli, ["build", str(EXAMPLES), "-o", str(tmp_path / "berkas")])
    assert result.exit_code == 1
    assert "is not a folder" in result.output
