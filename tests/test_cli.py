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
    assert report["articles_built"] == 10 and report["skipped"] == []
    assert report["articles_read"] == report["articles_built"] + len(report["duplicates"]) + report["skipped_count"]
    assert {"visited", "metWith", "sentMessageTo", "leaderOf", "signed", "signedOn", "accused"} <= set(report["facts"])
    # contract version 2 from the domestic-news examples
    assert {"said", "arrested", "namedSuspect", "appointed", "elected", "requested"} <= set(report["facts"])
    assert report["entities"]["Treaty"] == 1  # the pact of two example articles is one node
    # all in the diplomacy examples: version 2 adds an alleged gaveAidTo ("menuduh bahwa … untuk membantu Rusia")
    assert report["statements_not_asserted"] == {"alleged": 3, "denied": 1}


def test_the_draw_switch_redraws_without_analysing_and_remove_keeps_it(tmp_path):
    """A build with another --draw rewrites graph.html and graph.graphml from the cached analyses;
    `kg remove` draws as the folder's last build did."""
    import networkx as nx

    def drawing():
        report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
        nodes = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True).number_of_nodes()
        return report["drawing"], nodes, report["incremental"]["extracted"], report["articles_built"]

    assert CliRunner().invoke(cli, ["build", "-q", str(EXAMPLES), "-o", str(tmp_path)]).exit_code == 0
    facts, nodes, _, built = drawing()
    assert facts["draw"] == "facts" and facts["entities_not_drawn"] > 0 and nodes == facts["entities_drawn"]
    html = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert f"{facts['entities_not_drawn']} entities without facts not drawn; rebuild with --draw all" in html
    again = CliRunner().invoke(cli, ["build", "-q", str(EXAMPLES), "-o", str(tmp_path), "--draw", "all"])
    assert again.exit_code == 0, again.output
    every, nodes, extracted, _ = drawing()
    total = facts["entities_drawn"] + facts["entities_not_drawn"]
    assert every == {"draw": "all", "entities_drawn": total, "entities_not_drawn": 0} and nodes == total
    assert extracted == 0 and "entities without facts" not in (tmp_path / "graph.html").read_text(encoding="utf-8")
    article = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["articles"][0]["id"]
    removed = CliRunner().invoke(cli, ["remove", "-q", article, "-d", str(tmp_path)])
    assert removed.exit_code == 0, removed.output
    kept, nodes, _, left = drawing()
    assert kept["draw"] == "all" and kept["entities_not_drawn"] == 0 and nodes == kept["entities_drawn"]
    assert left == built - 1


@pytest.mark.parametrize("value", ["some", "FACTS", ""])
def test_an_unknown_draw_is_a_usage_error(tmp_path, value):
    result = CliRunner().invoke(cli, ["build", str(EXAMPLES), "-o", str(tmp_path / "out"), "--draw", value])
    assert result.exit_code == 2 and "Invalid value for '--draw'" in result.output and "'facts', 'all'" in result.output
    assert not (tmp_path / "out").exists()


def test_build_help_names_the_draw_switch_and_its_default():
    text = CliRunner().invoke(cli, ["build", "--help"], terminal_width=200).output
    assert "--draw [facts|all]" in text and "[default: facts]" in text.split("--draw", 1)[1].split("--max-file-size")[0]


def test_bad_input_warns_on_stderr_and_build_goes_on(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "kosong.txt").write_text("")
    (tmp_path / "in" / "a.jsonl").write_text(
        '{"text": "Joe Biden berkunjung ke Kyiv bersama rombongan kecil."}\n{rusak\n'
    )
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(tmp_path / "in"), "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
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


ENTITY_LINES = [
    "Presiden Joko Widodo tiba di Tokyo pada 3 Maret 2024.",
    "",
    "Ekonom Hendra Wijayakusuma menilai rupiah menguat.",
]


def test_entities_reads_lines_and_prints_one_json_object_per_line(tmp_path):
    src = tmp_path / "kalimat.txt"
    src.write_text("\n".join(ENTITY_LINES) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["entities", str(src)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["text"] for r in records] == ENTITY_LINES
    first = records[0]
    for e in first["entities"]:
        assert first["text"][e["start"] : e["end"]] == e["text"]
        assert set(e) == {"start", "end", "label", "text", "id"}
    assert {(e["text"], e["label"]) for e in first["entities"]} >= {
        ("Joko Widodo", "Person"),
        ("Tokyo", "City"),
        ("3 Maret 2024", "Date"),
    }
    assert next(e["id"] for e in first["entities"] if e["label"] == "Date") == "2024-03-03"
    assert records[1]["entities"] == []
    assert ("Hendra Wijayakusuma", "Person") in {(e["text"], e["label"]) for e in records[2]["entities"]}


def test_entities_reads_stdin_and_all_adds_country_modifiers():
    line = "Dua warga Palestina terluka di Gaza."
    plain = json.loads(CliRunner().invoke(cli, ["entities"], input=line + "\n").output)
    every = json.loads(CliRunner().invoke(cli, ["entities", "--all", "--no-dates"], input=line + "\n").output)
    assert "Palestina" not in {e["text"] for e in plain["entities"]}
    assert "Palestina" in {e["text"] for e in every["entities"]}


def test_entities_matches_the_library(tmp_path):
    from kg.nlp.recognize import recognize

    src = tmp_path / "k.txt"
    src.write_text(ENTITY_LINES[0] + "\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "kg", "entities", str(src)], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == next(recognize([ENTITY_LINES[0]]))


def test_facts_prints_dated_facts_one_line_per_document():
    lines = ["Narendra Modi berkunjung ke Moskow pada Senin (8/7).", "", "Tidak ada fakta di sini."]
    result = CliRunner().invoke(cli, ["facts", "--date", "2024-07-10"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["text"] for r in records] == lines
    [visit] = records[0]["facts"]
    assert (visit["subject"], visit["predicate"], visit["object"], visit["date"]) == (
        "person/narendra-modi",
        "visited",
        "city/moskow",
        "2024-07-08",
    )
    assert visit["rule"] == "rule:visit.berkunjung-ke" and visit["evidence"] == lines[0]
    assert records[1]["facts"] == [] and records[2]["facts"] == []


def test_facts_matches_the_library():
    from kg.pipeline import extract_text, fact_record

    line = "Korea Utara diduga mengirim tentara ke Rusia pada Oktober lalu."
    out = json.loads(CliRunner().invoke(cli, ["facts", "--date", "2024-12-01"], input=line + "\n").output)
    assert out["facts"] == [fact_record(f) for f in extract_text(line, "2024-12-01")]
    assert out["facts"][0]["modality"] == "alleged"


def test_facts_rejects_a_date_it_cannot_read():
    result = CliRunner().invoke(cli, ["facts", "--date", "kapan-kapan"], input="x\n")
    assert result.exit_code == 2 and "--date" in result.output


def test_a_folder_of_hostile_files_builds_and_the_report_accounts_for_every_record(tmp_path):
    """A 50 MB text, a 5 MB single line, deep and broken HTML, broken JSONL lines, a symlink loop:
    `kg build` exits 0, reports each problem, and read = built + duplicates + skipped."""
    src = tmp_path / "masuk"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "balik").symlink_to(src)
    paragraph = "Presiden meresmikan jembatan baru di Palembang pada hari Senin bersama gubernur. " * 30
    (src / "besar.txt").write_text(
        "Judul Berkas Yang Besar Sekali\n\n" + "\n\n".join([paragraph] * 21_000), encoding="utf-8"
    )
    (src / "baris.txt").write_text(
        "Judul Satu Baris Panjang\n\n" + "Menteri tiba di Medan pada Selasa. " * 150_000, encoding="utf-8"
    )
    (src / "dalam.html").write_text("<html><body>" + "<div>" * 100_000 + "Isi" + "</body>")
    (src / "rusak.html").write_text(
        "<html><title>Judul</title><p>Menteri <b>tiba <i>di</p> Medan</table></html><<>" * 40
    )
    good = json.dumps({"text": "Menteri Luar Negeri Retno Marsudi bertemu Wang Yi di Beijing pada Senin (3/6/2024)."})
    (src / "baris.jsonl").write_text(
        "\n".join([good, "{rusak", "[" * 50_000, json.dumps({"judul": "tanpa teks"})]), encoding="utf-8"
    )
    out = tmp_path / "keluar"
    result = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(src), "-o", str(out)], capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["articles_read"] == report["articles_built"] + len(report["duplicates"]) + report["skipped_count"]
    reasons = {s["source"].split("/")[-1]: s["reason"] for s in report["skipped"]}
    assert reasons["baris.jsonl:2"].startswith("broken JSON line") and "nested too deeply" in reasons["baris.jsonl:3"]
    assert reasons["baris.jsonl:4"].startswith('no "text" field') and "symlink loop" in reasons["balik"]
    parts = [a for a in report["articles"] if "besar.txt#part" in a["source"]]
    copies = [d for d in report["duplicates"] if "besar.txt#part" in d["source"]]
    assert len(parts) + len(copies) >= 1000  # every part of the 50 MB file is built or a copy of one built
    assert any("baris.jsonl:1" in a["source"] for a in report["articles"])
    for line in ("baris.jsonl:2", "symlink loop"):
        assert line in result.stderr  # each problem also warned about


def test_many_bad_records_make_one_summary_and_the_counts_add_up(tmp_path):
    """5,000 records without text: a few warnings and one summary with the count, not 5,000
    lines; a file over --max-file-size is reported and not read; the rest is built."""
    (tmp_path / "in").mkdir()
    good = '{"text": "Menteri Luar Negeri Retno Marsudi bertemu Wang Yi di Beijing pada Selasa."}\n'
    (tmp_path / "in" / "banyak.jsonl").write_text("{}\n" * 5000 + good, encoding="utf-8")
    with (tmp_path / "in" / "besar.txt").open("wb") as fh:
        fh.truncate(2_000_001)  # sparse: 2 MB of nothing, over a 1 MB limit
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg",
            "build",
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "out"),
            "--max-file-size",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    warnings = [ln for ln in proc.stderr.splitlines() if ln.startswith("warning:")]
    assert 2 <= len(warnings) <= 25
    assert any("besar.txt: over the size limit of 1 MB" in w for w in warnings)
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["articles_built"] == 1 and report["skipped_count"] == 5001 and len(report["skipped"]) <= 22
    assert [s["count"] for s in report["skipped"] if "count" in s] == [5000 - 20]
    assert report["articles_read"] == report["articles_built"] + len(report["duplicates"]) + report["skipped_count"]


@pytest.mark.parametrize(
    ("flags", "stages", "live"),
    [
        ([], False, False),  # not a terminal: only the summary
        (["--progress"], True, True),  # the stage under way on one status line, cleared at the end
        (["-v"], True, False),  # each stage on its own line, with its seconds
        (["-q", "--progress"], False, False),  # quiet wins
    ],
)
def test_build_says_what_stage_it_is_in(tmp_path, flags, stages, live):
    """After the progress bar, linking, the graph, validation, each file and the store are named,
    so a long build is never silent on a terminal."""
    result = CliRunner().invoke(cli, ["build", str(EXAMPLES / "ott-kpk-gorontalo.txt"), "-o", str(tmp_path), *flags])
    assert result.exit_code == 0, result.output
    err = result.stderr
    named = ["linking the entities", "making the graph", "checking the graph against the SHACL shapes"]
    named += ["graph.html ready", "the SHACL check ready", "loading the SPARQL store"]
    assert all((stage in err) == stages for stage in named), err
    assert ("\r\x1b[K" in err) == live
    if "-v" in flags:
        assert "link took" in err and "graph.trig: " in err and err.count("\n") > 20
    assert ("built 1 article(s)" in err) == ("-q" not in flags)
    if live:  # the status line is cleared before the summary
        assert err.rstrip("\n").rsplit("\r\x1b[K", 1)[-1].startswith("built 1 article(s)")
