"""compare: B − A line by line and year by year, the lines that explain the change first."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from forecast.engine import run
from forecast.engine.compare import compare
from forecast.errors import ForecastError
from forecast.inputs.model import BudgetLine, Inputs, Investment, PlacementRow, Settings


def _month4() -> Inputs:
    return Inputs(
        settings=Settings(authority="Blackpool Council", financial_year=2019, period=4, mtfp_years=3),
        budget=(
            BudgetLine("Looked After Children", 30_000.0, "placements", actual_to_date=12_000.0, earmarked=3_570.0),
            BudgetLine("Ofsted Improvement Plan", 500.0, "manual", forecast=4_864.0),
            BudgetLine("Fieldwork teams", 9_000.0, "manual", forecast=9_100.0),
            BudgetLine("Care leavers", 2_000.0, "manual", forecast=1_950.0),
        ),
        placements=(PlacementRow("Looked After Children", "external residential", 60.0, 5_000.0, 50.0, 4_900.0),),
        investments=(Investment("Front door", "ongoing", 400.0, 2020),),
    )


def _month5(inputs: Inputs, line: str, forecast: float) -> Inputs:
    budget = tuple(dataclasses.replace(b, forecast=forecast) if b.line == line else b for b in inputs.budget)
    return dataclasses.replace(inputs, budget=budget)


def test_the_changed_line_comes_first_and_the_changes_add_up() -> None:
    a = _month4()
    b = _month5(a, "Care leavers", 2_600.0)
    result = compare(run(a), run(b), "m4.xlsx", "m5.xlsx")
    first = result.lines[0]
    assert first.line == "Care leavers"
    assert first.net_variance_change == pytest.approx(650.0)
    assert first.outturn_change == pytest.approx(650.0)
    assert [c.net_variance_change for c in result.lines[1:]] == pytest.approx([0.0, 0.0, 0.0])
    assert result.total.net_variance_change == pytest.approx(sum(c.net_variance_change for c in result.lines))
    assert [y.gap_difference for y in result.years] == pytest.approx([650.0, 0.0, 0.0])  # not recurring
    # the year-0 gap rose 650 and later gaps did not: next year's change in gap falls by those 650
    changes = [y.gap_change_difference for y in result.years]
    assert changes[0] is None and changes[1:] == pytest.approx([-650.0, 0.0])
    assert (result.a.label, result.b.label, result.a.authority) == ("m4.xlsx", "m5.xlsx", "Blackpool Council")


def test_lines_are_ranked_by_size_of_change_either_way() -> None:
    a = _month4()
    b = _month5(_month5(a, "Fieldwork teams", 8_000.0), "Care leavers", 2_100.0)
    result = compare(run(a), run(b))
    assert [c.line for c in result.lines][:2] == ["Fieldwork teams", "Care leavers"]
    assert result.lines[0].net_variance_change == pytest.approx(-1_100.0)


def test_a_line_in_only_one_file_counts_as_zero_in_the_other() -> None:
    a = _month4()
    b = dataclasses.replace(a, budget=a.budget[:3] + (BudgetLine("Legal", 100.0, "manual", forecast=900.0),))
    result = compare(run(a), run(b))
    statuses = {c.line: c.status for c in result.lines}
    assert statuses["Legal"] == "only in B" and statuses["Care leavers"] == "only in A"
    assert result.lines[0].line == "Legal"
    assert result.lines[0].net_variance_a == 0.0 and result.lines[0].net_variance_b == pytest.approx(800.0)


def test_matching_ignores_case_and_plan_years_are_matched_by_year() -> None:
    a = _month4()
    renamed = tuple(dataclasses.replace(x, line=x.line.upper()) for x in a.budget)
    b = dataclasses.replace(
        a,
        budget=renamed,
        placements=tuple(dataclasses.replace(p, line=p.line.upper()) for p in a.placements),
        settings=dataclasses.replace(a.settings, mtfp_years=4),
    )
    result = compare(run(a), run(b))
    assert all(c.status == "both" for c in result.lines)
    assert [y.year for y in result.years] == [2019, 2020, 2021, 2022]
    assert result.years[-1].gap_a is None and result.years[-1].gap_difference is None


def test_different_units_cannot_be_compared() -> None:
    a = _month4()
    b = dataclasses.replace(a, settings=dataclasses.replace(a.settings, units="£"))
    with pytest.raises(ForecastError, match="A is in £000 and B in £"):
        compare(run(a), run(b))


def test_different_authorities_are_noted() -> None:
    a = _month4()
    b = dataclasses.replace(a, settings=dataclasses.replace(a.settings, authority="Enfield"))
    assert compare(run(a), run(b)).notes == ("A is Blackpool Council and B is Enfield",)


def test_terminal_table_shows_changed_lines_the_total_and_the_gap() -> None:
    from forecast.report.compare_text import compare_text

    # Revision 2 §6: the three manual lines' later years are their year-0 budgets (500 + 9,000 + 2,000 =
    # 11,500) with general inflation 2%, not their cash limits: 11,500 × 0.02 = 230 more in 2020/21 and
    # 11,500 × (1.02² − 1) = 464.6 more in 2021/22 than revision 1's (13,175) and (12,354).
    a = _month4()
    b = _month5(a, "Care leavers", 2_600.0)
    text = compare_text(compare(run(a), run(b), "m4.xlsx", "m5.xlsx"))
    assert text == (
        "A: m4.xlsx (Blackpool Council, Month 4 2019/20, scenario Base)\n"
        "B: m5.xlsx (Blackpool Council, Month 4 2019/20, scenario Base)\n"
        "Figures in £000; change = B − A; the lines that explain most of the change come first.\n"
        "\n"
        "  Line          Outturn A  Outturn B  Change  Net var A  Net var B  Change\n"
        "  Care leavers      1,950      2,600     650       (50)        600     650\n"
        # Rev 3 §1: the Looked After Children line underspends, so its 3,570 earmark is not drawn:
        # net −6,727 + 3,570 = −3,157 (A) and −6,077 + 3,570 = −2,507 (B); the year-0 gap moves with it.
        "  Total            38,343     38,993     650    (3,157)    (2,507)     650\n"
        "  (3 lines unchanged)\n"
        "\n"
        "  MTFP gap  2019/20   2020/21   2021/22\n"
        "  A         (3,157)  (12,945)  (11,889)\n"
        "  B         (2,507)  (12,945)  (11,889)\n"
        "  B − A         650         -         -\n"
        "\n"
        # A: −12,945 − (−3,157) = −9,788 and −11,889 − (−12,945) = 1,056; B: −12,945 − (−2,507) = −10,438
        "  Change in gap from the year before  2019/20   2020/21  2021/22\n"
        "  A                                             (9,788)    1,056\n"
        "  B                                            (10,438)    1,056\n"
        "  B − A                                           (650)        -\n"
    )


# --- the command ---------------------------------------------------------


def _blackpool_pair(tmp_path: Path) -> tuple[Path, Path]:
    """The Blackpool Month 4 example, and a 'Month 5' copy where only the adoption allowances moved."""
    from factory import write_workbook

    from forecast.inputs.examples import example_sheets

    m4 = example_sheets("blackpool-2019-20-m4")
    m5 = copy.deepcopy(m4)
    (row,) = [r for r in m5["Budget"] if r["line"] == "Adoption and special guardianship allowances"]
    row["forecast"] = 2_352  # 400 more than at Month 4
    return write_workbook(tmp_path / "bp-m4.xlsx", m4), write_workbook(tmp_path / "bp-m5.xlsx", m5)


def test_compare_blackpool_names_the_changed_line_first(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    a, b = _blackpool_pair(tmp_path)
    out = tmp_path / "bp-compare.xlsx"
    result = run_cli("compare", a, b, "-o", out)
    assert result.exit_code == 0, result.output
    table = result.output.splitlines()
    header = next(i for i, line in enumerate(table) if line.strip().startswith("Line "))
    assert table[header + 1].split()[:5] == ["Adoption", "and", "special", "guardianship", "allowances"]
    assert table[header + 1].split()[-1] == "400"
    assert table[header + 2].strip().startswith("Total")
    assert "A: bp-m4.xlsx (Blackpool Council, Month 4 2019/20, scenario Base)" in result.output
    assert result.output.rstrip().endswith(f"Wrote {out}")

    sheet = openpyxl.load_workbook(out).active
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    header_row = next(i for i, r in enumerate(rows) if r[0] == "Line")
    first = rows[header_row + 1]
    assert first[0] == "Adoption and special guardianship allowances"
    # every line is in both files: no Status column (issue 21: no empty column); net variance change is B − A
    assert rows[header_row][1].startswith("Budget A")
    assert first[10] == "=I{0}-E{0}".format(header_row + 2)
    values = [tuple(r) for r in openpyxl.load_workbook(out, data_only=True).active.iter_rows(values_only=True)]
    assert values[header_row + 1][10] == pytest.approx(400.0)  # the cached value of the live formula
    # each side adds across: outturn − budget − earmark drawn = net variance (issue 21), on every row
    for row in values[header_row + 1:]:
        if row[0] is None or not isinstance(row[1], (int, float)):
            break
        for side in (1, 5):
            budget, outturn, drawn, net = row[side:side + 4]
            assert outturn - budget - drawn == pytest.approx(net, abs=1e-6), row


def test_compare_of_a_file_with_itself_changes_nothing(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    a, _ = _blackpool_pair(tmp_path)
    result = run_cli("compare", a, a)
    assert result.exit_code == 0
    assert "lines unchanged" in result.output
    total = next(line for line in result.output.splitlines() if line.strip().startswith("Total"))
    assert total.split()[-1] == "-"


def test_compare_reports_a_bad_file(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    a, _ = _blackpool_pair(tmp_path)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"")
    result = run_cli("compare", a, bad)
    assert result.exit_code == 1
    assert "bad.xlsx" in result.output and "Traceback" not in result.output


def test_workbook_shows_gap_change_in_gap_and_reserves_with_b_minus_a_formulas() -> None:
    """Reserves 300 in A and 250 in B; B's one-off reserves-funded investment draws 100 either way."""
    import dataclasses as dc
    import datetime as dt
    import io

    import openpyxl

    from plan_sheets import plan_sheets
    from forecast.inputs import inputs_from_sheets
    from forecast.report.compare_workbook import compare_workbook_bytes

    a_inputs = inputs_from_sheets(plan_sheets(), "a.xlsx")
    b_inputs = dc.replace(a_inputs, settings=dc.replace(a_inputs.settings, reserves_opening=250.0))
    result = compare(run(a_inputs), run(b_inputs), "a.xlsx", "b.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(compare_workbook_bytes(result, dt.datetime(2026, 1, 1))))
    values = openpyxl.load_workbook(
        io.BytesIO(compare_workbook_bytes(result, dt.datetime(2026, 1, 1))), data_only=True
    ).active
    sheet = book.active
    column_a = [c.value for c in sheet["A"]]
    reserves = column_a.index("Reserves at the end of the year (£000)") + 1  # 1-based row of the heading
    a_row, b_row, diff = reserves + 2, reserves + 3, reserves + 4
    assert [sheet.cell(r, 1).value for r in (a_row, b_row, diff)] == ["A", "B", "B − A"]
    # 300 − 100 = 200 and 250 − 100 = 150 at the end of 2025/26; B − A = −50 every year
    assert values.cell(a_row, 2).value == pytest.approx(200) and values.cell(b_row, 2).value == pytest.approx(150)
    for col in range(2, 7):
        assert sheet.cell(diff, col).value == f"={sheet.cell(b_row, col).coordinate}-{sheet.cell(a_row, col).coordinate}"
        assert values.cell(diff, col).value == pytest.approx(-50)
    change = column_a.index("Change in gap from the year before (£000)") + 1
    assert values.cell(change + 2, 2).value is None  # no year before the first
    assert values.cell(change + 4, 3).value == pytest.approx(0)  # the reserves change no gap
