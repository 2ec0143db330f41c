"""The benchmark's verdicts (bench/report.py): a ratio of medians, its interval over the
rounds, and "within noise" exactly when that interval holds the target."""

from __future__ import annotations

import pytest

from bench.report import Comparison, compare


def test_a_steady_ratio_has_no_spread() -> None:
    floor = [1.0, 1.3, 0.9, 1.1, 1.2, 1.0, 0.95]
    c = compare([1.1 * f for f in floor], floor)
    assert c.ratio == pytest.approx(1.1)
    assert [c.low, c.high, c.single_low, c.single_high] == pytest.approx([1.1] * 4)
    assert c.verdict(1.05) == "**missed**"
    assert c.verdict(1.10) == "met"


def test_the_interval_holds_the_ratio_and_lies_within_the_rounds() -> None:
    floor = [1.0] * 11
    ours = [0.95, 1.0, 1.02, 1.04, 1.05, 1.06, 1.07, 1.08, 1.1, 1.2, 1.3]
    c = compare(ours, floor)
    assert c.ratio == pytest.approx(1.06)
    assert c.single_low <= c.low < c.ratio < c.high <= c.single_high
    assert (c.single_low, c.single_high) == (0.95, 1.3)
    assert c.high < 1.3  # resampling 11 rounds rarely draws the extremes' median
    assert compare(ours, floor) == c  # seeded: the same samples, the same report


def test_within_noise_only_when_the_interval_holds_the_target() -> None:
    c = Comparison(ratio=1.04, low=0.98, high=1.12, single_low=0.9, single_high=1.2)
    assert c.verdict(1.05) == "met, within noise"
    assert c.verdict(1.02) == "**missed**, within noise"
    assert c.verdict(1.15) == "met"
    assert c.verdict(0.95) == "**missed**"
    assert str(c) == "1.04 (95% 0.98 to 1.12; rounds 0.90 to 1.20)"


def test_rounds_must_pair() -> None:
    with pytest.raises(ValueError):
        compare([1.0, 1.1], [1.0])
