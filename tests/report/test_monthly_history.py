"""`forecast history`: the forecast by period and its accuracy (outputs.md, "The monthly cycle (revision 2)").

Four workbooks of one authority (Months 4, 5, 6 and 12) whose outturns are
easy to compute by hand: line A is run rate (actual × 12 / P), line B a
manual forecast, both against budgets 1,200 and 500.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import openpyxl
import pytest

from factory import write_workbook

INPUTS = Path(__file__).resolve().parents[2] / "inputs"

# period → (actual of A, forecast of B, actual of B)
MONTHS = {4: (420, 600, 200), 5: (520, 580, 250), 6: (612, 560, 290), 12: (1230, 540, 540)}
# by hand: A = actual × 12 / P; B = its forecast
OUTTURN_A = {4: 1260, 5: 1248, 6: 1224, 12: 1230}
OUTTURN_B = {4: 600, 5: 580, 6: 560, 12: 540}
TOTAL = {4: 1860, 5: 1828, 6: 1784, 12: 1770}


def _workbook(folder: Path, period: int, authority: str = "Testshire County Council", year: str = "2025/26",
              units: str = "£000", name: str | None = None, forecast_b: float | None = None,
              earmarked_b: float = 0.0) -> Path:
    actual_a, forecast, actual_b = MONTHS[period]
    forecast_b = forecast if forecast_b is None else forecast_b
    sheets = {
        "Settings": [
            {"setting": "authority", "value": authority},
            {"setting": "financial_year", "value": year},
            {"setting": "period", "value": period},
            {"setting": "units", "value": units},
        ],
        "Budget": [
            {"line": "A", "budget": 1200, "actual_to_date": actual_a, "method": "run_rate"},
            {"line": "B", "budget": 500, "actual_to_date": actual_b, "method": "manual", "forecast": forecast_b,
             "earmarked": earmarked_b},
        ],
    }
    return write_workbook(folder / (name or f"m{period}.xlsx"), sheets)


@pytest.fixture
def year(tmp_path: Path) -> list[Path]:
    return [_workbook(tmp_path, p) for p in MONTHS]


def _json(run_cli, *paths: Path) -> dict:
    result = run_cli("history", *paths, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_history_and_accuracy_against_hand_computed_figures(run_cli, year):
    data = _json(run_cli, *year)
    assert (data["authority"], data["financial_year"], data["units"], data["periods"]) == (
        "Testshire County Council", "2025/26", "£000", [4, 5, 6, 12])
    lines = {x["line"]: x for x in data["lines"]}
    assert lines["A"]["outturn"] == pytest.approx({str(p): v for p, v in OUTTURN_A.items()})
    assert lines["B"]["outturn"] == pytest.approx({str(p): v for p, v in OUTTURN_B.items()})
    assert lines["A"]["net_variance"] == pytest.approx({"4": 60, "5": 48, "6": 24, "12": 30})
    assert data["total"]["budget"] == 1700
    assert data["total"]["outturn"] == pytest.approx({str(p): v for p, v in TOTAL.items()})
    assert data["total"]["net_variance"] == pytest.approx({"4": 160, "5": 128, "6": 84, "12": 70})
    accuracy = data["accuracy"]
    assert accuracy["final_period"] == 12 and accuracy["final_outturn"] == pytest.approx(1770)
    assert accuracy["errors"] == pytest.approx({"4": 90, "5": 58, "6": 14, "12": 0})
    assert accuracy["pct_errors"] == pytest.approx({"4": 90 / 1770, "5": 58 / 1770, "6": 14 / 1770, "12": 0})
    assert accuracy["mean_abs_pct_error"] == pytest.approx((90 + 58 + 14) / 3 / 1770)
    assert accuracy["lines"]["A"]["errors"] == pytest.approx({"4": 30, "5": 18, "6": -6, "12": 0})
    assert accuracy["lines"]["B"]["errors"] == pytest.approx({"4": 60, "5": 40, "6": 20, "12": 0})


def test_history_json_has_exactly_the_structure_of_outputs_md(run_cli, year):
    data = _json(run_cli, *year)
    assert set(data) == {"authority", "financial_year", "units", "periods", "lines", "total", "accuracy"}
    for line in data["lines"]:
        assert set(line) == {"line", "budget", "outturn", "net_variance"}
    assert set(data["total"]) == {"budget", "outturn", "net_variance"}
    assert set(data["accuracy"]) == {"final_period", "final_outturn", "errors", "pct_errors",
                                     "mean_abs_pct_error", "lines"}
    assert all(set(x) == {"errors"} for x in data["accuracy"]["lines"].values())
    periods = {str(p) for p in data["periods"]}
    for mapping in (data["total"]["outturn"], data["accuracy"]["errors"], data["accuracy"]["pct_errors"]):
        assert set(mapping) == periods and all(isinstance(v, float | int) for v in mapping.values())
    without_final = _json(run_cli, *year[:3])
    assert without_final["accuracy"] is None


def test_the_order_of_the_files_does_not_matter(run_cli, year):
    first = _json(run_cli, *year)
    for order in itertools.islice(itertools.permutations(year), 1, None, 7):
        assert _json(run_cli, *order) == first


def test_the_text_report_shows_movement_and_the_mean_absolute_percentage_error(run_cli, year):
    result = run_cli("history", *reversed(year))
    assert result.exit_code == 0, result.output
    movement = next(line for line in result.output.splitlines() if line.strip().startswith("Movement"))
    assert movement.split()[1:] == ["(32)", "(44)", "(14)"]  # 128 − 160, 84 − 128, 70 − 84
    assert f"Mean absolute percentage error before Month 12: {162 / 3 / 1770:.1%}" in result.output


@pytest.mark.parametrize(
    ("change", "what"),
    [
        ({"authority": "Otherham Borough Council"}, "authority"),
        ({"year": "2024/25"}, "financial year"),
        ({"units": "£"}, "units"),
    ],
)
def test_files_of_another_series_are_refused_naming_them(run_cli, tmp_path, year, change, what):
    stranger = _workbook(tmp_path, 5, name="stranger.xlsx", **change)
    result = run_cli("history", year[0], stranger)
    assert result.exit_code == 1
    assert f"differ in {what}" in result.output
    assert str(year[0]) in result.output and str(stranger) in result.output


def test_two_files_of_one_period_are_refused_naming_both(run_cli, tmp_path, year):
    twin = _workbook(tmp_path, 5, name="m5-again.xlsx")
    result = run_cli("history", *year, twin)
    assert result.exit_code == 1
    assert f"{year[1]} and {twin} are both period 5" in result.output


def test_a_month_12_manual_forecast_that_is_not_the_actual_is_warned(run_cli, tmp_path):
    final = _workbook(tmp_path, 12, forecast_b=560)  # B's forecast 560 against its actual 540
    result = run_cli("history", _workbook(tmp_path, 4), final)
    assert result.exit_code == 0
    assert "line 'B' is Month 12 but its manual forecast 560 differs from its actual to date 540" in result.output


def test_the_history_workbook_has_the_tables_charts_and_accuracy(run_cli, tmp_path, year):
    out = tmp_path / "history.xlsx"
    result = run_cli("history", *year, "-o", out)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Cover", "History", "Charts", "Accuracy"]
    charts = book["Charts"]._charts
    assert len(charts) == 1 + 2  # the total and each material line (A and B both overspend)
    assert len(book["Accuracy"]._charts) == 1
    cells = {c.value: c for row in book["Accuracy"].iter_rows() for c in row if isinstance(c.value, str)}
    mape = book["Accuracy"].cell(cells["Mean absolute percentage error (periods before Month 12)"].row, 2)
    assert mape.value == "=SUMPRODUCT(ABS(B7:D7))/COUNT(B7:D7)"
    values = openpyxl.load_workbook(out, data_only=True)["Accuracy"]
    assert values.cell(mape.row, 2).value == pytest.approx(162 / 3 / 1770)


def test_a_history_workbook_never_replaces_an_input(run_cli, year):
    result = run_cli("history", *year, "-o", year[0])
    assert result.exit_code == 1 and "is an input file of this command" in result.output


def test_the_shipped_monthly_example_converges(run_cli):
    files = sorted((INPUTS / "monthly").glob("*.xlsx"))
    data = _json(run_cli, *files)
    assert data["periods"] == [3, 6, 9, 12]
    errors = [abs(data["accuracy"]["errors"][str(p)]) for p in (3, 6, 9)]
    assert errors == sorted(errors, reverse=True) and errors[-1] < errors[0] / 10


def test_every_bad_file_is_named_in_one_run(run_cli, tmp_path, year):
    from factory import minimal_sheets, with_cell

    bad = []
    for name in ("bad-a.xlsx", "bad-b.xlsx"):
        sheets = with_cell(minimal_sheets(), "Placements", 0, "children", "twelve")
        bad.append(write_workbook(tmp_path / name, sheets))
    result = run_cli("history", year[0], *bad)
    assert result.exit_code == 1
    assert all(f"{path}: Placements!C2" in result.output for path in bad), result.output


def test_the_history_workbook_shows_the_earmark_drawn_and_has_a_cover(run_cli, tmp_path):
    """Issue 21: rows add up (outturn − budget − earmark drawn = net variance), money axes from 0, a Cover.

    B (budget 500) has 50 earmarked. Month 4: outturn 600, variance 100, drawn min(50, 100) = 50, net 50.
    Month 12: outturn 540, variance 40, drawn min(50, 40) = 40, net 0.
    """
    files = [_workbook(tmp_path, p, earmarked_b=50) for p in (4, 12)]
    out = tmp_path / "history.xlsx"
    assert run_cli("history", *files, "-o", out).exit_code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "Cover"
    cover = [c for row in book["Cover"].iter_rows(values_only=True) for c in row if c]
    assert "Testshire County Council" in cover and "m4.xlsx" in " ".join(map(str, cover))
    values = openpyxl.load_workbook(out, data_only=True)["History"]
    rows = [r for r in values.iter_rows(values_only=True)]
    heading = next(i for i, r in enumerate(rows) if str(r[0]).startswith("Funded from earmarked reserve"))
    b = next(r for r in rows[heading:] if r[0] == "B")
    assert b[1:3] == (50, 40)
    net_heading = next(i for i, r in enumerate(rows) if str(r[0]).startswith("Net variance"))
    b_net = next(i for i, r in enumerate(rows[net_heading:], start=net_heading) if r[0] == "B")
    assert rows[b_net][1:3] == (50, 0)
    formula = book["History"].cell(b_net + 1, 2).value  # live: outturn − budget − earmark drawn
    assert formula.startswith("=") and formula.count("-") == 2
    for chart in book["Charts"]._charts:
        assert chart.y_axis.scaling.min == 0
