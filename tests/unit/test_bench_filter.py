"""`scripts/bench.py NAME`: the filter matches the names the lines are printed with, and says when nothing does."""

from __future__ import annotations

import pytest

from scripts import bench


@pytest.fixture()
def figures(monkeypatch):
    ran = []

    def reminders():
        ran.append("reminders")
        return "reminder run, 20 000 interviews, 200 due: 1 (goal <= 1.1)\nreminder run time, 20 000 vs 2 000: 0.9x"

    def zip_size():
        ran.append("zip")
        return "deployment zip (dev): 19.2 MB (goal <= 20)"

    monkeypatch.setattr(
        bench,
        "FIGURES",
        [(("reminder run, 20 000 interviews", "reminder run time"), reminders), (("deployment zip",), zip_size)],
    )
    return ran


def test_a_printed_name_selects_only_its_line(figures, capsys):
    assert bench.main(["Reminder run time"]) == 0
    assert capsys.readouterr().out == "reminder run time, 20 000 vs 2 000: 0.9x\n"
    assert figures == ["reminders"]


def test_no_filter_prints_every_line(figures, capsys):
    assert bench.main([]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    assert figures == ["reminders", "zip"]


def test_a_filter_that_matches_nothing_says_so_and_fails(figures, capsys):
    assert bench.main(["latency"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("No figure's name contains 'latency'. The figures are:")
    assert "  reminder run time\n" in error
    assert figures == []
