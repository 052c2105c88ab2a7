"""A build checks what the scenarios and risk ranges it runs make (issue 20 item 3), and only those.

``validate`` checks every scenario and range; a build loads without that (it cost a third of a plain
build) and checks the ones it runs: a bad scenario it is asked for is refused naming its Scenarios row,
one it does not run cannot change its figures, so it is left to ``validate`` to report.
"""

from __future__ import annotations

from factory import minimal_sheets, write_workbook


def _book(tmp_path):
    sheets = minimal_sheets()
    # 0.05 + 2 = 2.05: 205% a year, outside -1..1
    sheets["Scenarios"] = [{"scenario": "Dear", "sheet": "Settings", "row": "placement_inflation",
                            "column": "value", "op": "add", "value": 2}]
    sheets.pop("Risks", None)
    return write_workbook(tmp_path / "in.xlsx", sheets)


def test_validate_refuses_every_scenario_that_breaks_the_rules(run_cli, tmp_path):
    result = run_cli("validate", _book(tmp_path))
    assert result.exit_code == 1
    assert "Scenarios!" in result.output and "placement_inflation" in result.output


def test_build_refuses_the_scenario_it_is_asked_for(run_cli, tmp_path):
    source = _book(tmp_path)
    result = run_cli("build", source, "--scenario", "Dear", "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 1
    assert "Scenarios!" in result.output and "placement_inflation" in result.output
    assert not (tmp_path / "out.xlsx").exists()
    every = run_cli("build", source, "--all-scenarios", "-o", tmp_path / "all.xlsx")
    assert every.exit_code == 1 and "Scenarios!" in every.output


def test_build_of_base_alone_is_not_changed_by_a_scenario_it_does_not_run(run_cli, tmp_path):
    result = run_cli("build", _book(tmp_path), "-o", tmp_path / "base.xlsx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "base.xlsx").exists()
