"""The benchmark's verdicts (bench/results.py): the mean per-round difference with its 95%
interval, met or missed only when the whole interval is on one side of the margin, and the
report rendered from saved samples alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import results as res


def test_a_steady_difference_has_a_tight_interval() -> None:
    floor = [1.0, 1.3, 0.9, 1.1, 1.2]
    estimate = res.paired([f + 0.02 for f in floor], floor)
    assert estimate.mean == pytest.approx(0.02)
    assert estimate.low == pytest.approx(0.02)
    assert estimate.high == pytest.approx(0.02)
    assert estimate.verdict(0.05) == "met"
    assert estimate.verdict(0.01) == "**missed**"


def test_undecided_exactly_when_the_interval_holds_the_margin() -> None:
    estimate = res.paired([1.00, 1.10, 1.02, 1.08], [1.0] * 4)
    assert estimate.low < 0.05 < estimate.high
    assert estimate.verdict(0.05) == "undecided"
    assert estimate.verdict(estimate.high) == "met"
    assert estimate.verdict(estimate.low - 0.001) == "**missed**"


def test_one_round_decides_nothing() -> None:
    assert res.paired([1.0], [0.5]).verdict(10.0) == "undecided"


def test_rounds_must_pair() -> None:
    with pytest.raises(ValueError):
        res.paired([1.0, 1.1], [1.0])


def sample(form: str, kind: str, turn: int, command: str, cpu: float) -> dict[str, object]:
    calls = {"CreateEnvironmentAccountConnection": 10} if command == "up" else {}
    record = {"form": form, "kind": kind, "n": 10, "round": turn, "command": command}
    figures = {"wall_s": 2 * cpu, "cpu_s": 3 * cpu, "own_cpu_s": cpu, "peak_kib": 70_000}
    return {**record, **figures, "hosts": 1, "calls": calls}


def test_the_report_renders_from_saved_samples(tmp_path: Path) -> None:
    results = res.Results("python -m bench", {"date": "d", "cpus": "2", "python": "3"})
    results.machine.update(pulumi="v3", packages="p")
    for turn in range(4):
        for form in ("dynamic", "plugin"):
            for command in ("up", "preview", "refresh", "destroy"):
                results.samples.append(sample(form, "floor", turn, command, 1.0 + turn / 10))
                ours = 1.0 + turn / 10 + (0.3 if command == "up" else 0.0)
                results.samples.append(sample(form, "ours", turn, command, ours))
    results.rounds = {"10 dynamic": "4 (the most)", "10 plugin": "4 (the most)"}
    res.save(results, tmp_path / "raw.json")
    text = res.write(res.load(tmp_path / "raw.json"), tmp_path / "results.md")
    assert (tmp_path / "results.md").read_text() == text
    rows = {line.split(" | ")[0]: line for line in text.splitlines() if line.startswith("| ")}
    assert rows["| dynamic up, N=10: own CPU"].endswith("| **missed** |")
    assert rows["| plugin preview, N=10: own CPU"].endswith("| met |")
    assert rows["| dynamic Proton calls, N=10, every command"].endswith("| met |")
    assert res.undecided(results, 10, "dynamic") == res.undecided(results, 10, "plugin") == []
