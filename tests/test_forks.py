"""kg.forks: the build's tail jobs in forked processes give what running them here gives."""

import os

import pytest

from kg.export.files import write_outputs
from kg.export.writers import OUTPUT_FILES
from kg.forks import can_fork, fork_map

pytestmark = pytest.mark.skipif(not can_fork(), reason="this platform does not fork")

STATE = {"big": list(range(100_000))}  # what a child inherits without pickling


def _square_with_pid(n: int) -> tuple[int, int]:
    return n * n + STATE["big"][n], os.getpid()


def _fails_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("three is refused")
    return n


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_results_come_back_in_order_whatever_the_workers(workers):
    seen = []
    results = fork_map(_square_with_pid, list(range(12)), workers, on_done=lambda item, result: seen.append(item))
    assert [r for r, _ in results] == [n * n + n for n in range(12)]
    assert sorted(seen) == list(range(12))  # on_done ran here once per job, in the order they ended
    pids = {pid for _, pid in results}
    assert (pids == {os.getpid()}) == (workers == 1)  # more than one worker: not this process


def test_a_job_that_fails_fails_the_map():
    with pytest.raises(ValueError, match="three is refused"):
        fork_map(_fails_on_three, list(range(6)), 2)


def test_a_lambda_and_unpicklable_items_need_not_pickle():
    items = [lambda: 1, lambda: 2]  # lambdas do not pickle: the children inherit them
    assert fork_map(lambda f: f() * 10, items, 2) == [10, 20]


def test_outputs_and_report_are_the_same_with_one_process_or_several(tmp_path, examples_build, monkeypatch):
    result, _ = examples_build
    write_outputs(result, tmp_path / "forked", check=True)
    monkeypatch.setattr("kg.forks.tail_workers", lambda: 1)
    write_outputs(result, tmp_path / "here", check=True)
    for name in OUTPUT_FILES:
        assert (tmp_path / "forked" / name).read_bytes() == (tmp_path / "here" / name).read_bytes(), name
    assert b'"shacl"' in (tmp_path / "here" / "report.json").read_bytes()
