"""Checks defined once (issue 18): each identity is declared once with its terms as typed cell keys; the engine
evaluates it from them and the Checks sheet writes the same terms as a formula."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

import forecast
from forecast.engine import figure_keys as k
from forecast.engine import identities
from forecast.engine.identities import minus, plus, side
from forecast.engine.results import Check

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inputs" / "example.xlsx"


def test_a_side_adds_its_terms_left_to_right() -> None:
    # 120 − 45 + 7.5 = 82.5
    s = side(plus(k.revenue_total("outturn"), 120.0), minus(k.revenue_total("budget"), 45.0),
             plus(k.revenue_total("earmarked"), 7.5))
    assert s.value() == 82.5
    assert s.keys() == (("+", k.revenue_total("outturn")), ("-", k.revenue_total("budget")),
                        ("+", k.revenue_total("earmarked")))
    assert side(minus(k.VARIANCE_TOTAL, 3.0)).value() == -3.0
    # the engine's own total when it holds the side as one number; a part without a figure needs one
    assert side(plus(k.VARIANCE_TOTAL), figure=9.0).value() == 9.0
    with pytest.raises(ValueError, match="without the engine's figure"):
        side(plus(k.VARIANCE_TOTAL)).value()


def test_every_check_of_a_run_carries_its_terms_as_cell_keys() -> None:
    results = forecast.run(EXAMPLE)
    assert results.checks
    for check in results.checks:
        assert check.left_terms and check.right_terms, check.key
        for sign, key in (*check.left_terms, *check.right_terms):
            assert sign in "+-" and isinstance(key, k.CellKey)
    variance = next(c for c in results.checks if c.key == "variance")
    assert variance.right_terms == (("+", k.revenue_total("outturn")), ("-", k.revenue_total("budget")))
    t = results.totals
    assert variance.right == t.outturn - t.budget


def test_the_checks_sheet_matches_no_check_by_name() -> None:
    source = (ROOT / "forecast" / "report" / "sheets" / "checks.py").read_text("utf-8")
    assert not re.search(r"mtfp_gap|placements_bridge|staffing_identity|reserves:|total_|groups_", source)


@pytest.mark.slow
def test_a_new_identity_is_one_declaration(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Declared in the engine only, it is evaluated there and written as a formula on the Checks sheet."""
    declared = identities.checks

    def with_one_more(*args: object, **kwargs: object) -> tuple[Check, ...]:
        found = declared(*args, **kwargs)  # type: ignore[arg-type]
        totals = args[2]
        extra = identities._check(
            "outturn_split", "Outturn = budget + variance",
            side(plus(k.revenue_total("outturn"), totals.outturn)),  # type: ignore[attr-defined]
            side(plus(k.revenue_total("budget"), totals.budget),  # type: ignore[attr-defined]
                 plus(k.revenue_total("variance"), totals.variance)),  # type: ignore[attr-defined]
        )
        return (*found, extra)

    monkeypatch.setattr("forecast.engine._checks", with_one_more)
    report = forecast.build(EXAMPLE, tmp_path / "x.xlsx")
    assert report.results.checks[-1].key == "outturn_split" and report.results.checks[-1].ok
    sheet = openpyxl.load_workbook(report.path)["Checks"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "Outturn = budget + variance")
    left, right = row[1].value, row[2].value
    assert re.fullmatch(r"='Revenue Summary'!\$?[A-Z]+\$?\d+", left), left
    assert re.fullmatch(r"='Revenue Summary'!\$?[A-Z]+\$?\d+\+'Revenue Summary'!\$?[A-Z]+\$?\d+", right), right


def test_every_sheet_that_owns_keys_is_a_sheet_of_the_registry() -> None:
    from forecast.report import registry

    assert k.OWNERS <= set(registry.names())
