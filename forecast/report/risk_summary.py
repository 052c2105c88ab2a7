"""The ``risk`` part of ``forecast summary --risk``: a JSON structure and terminal lines.

Numbers unrounded in the JSON, in the workbook's units; rounded only on the
terminal (with the same money format as the rest of the summary).
"""

from __future__ import annotations


from forecast.engine.risk import RiskResult, Spread
from forecast.fy import fy_label
from forecast.report.summary import money_text, text_table
from forecast.report.summary_types import RiskSummary, YearSpread
from forecast.report.summary_types import Spread as SpreadDict


def _spread(spread: Spread) -> SpreadDict:
    return {"mean": spread.mean, "p10": spread.p10, "p50": spread.p50, "p90": spread.p90, "forecast": spread.forecast}


def risk_dict(risk: RiskResult) -> RiskSummary:
    """``{"draws", "seed", "scenario", "net_variance": {mean, p10, p50, p90, forecast},
    "gap": [{"year", mean, p10, p50, p90, forecast}], "chance_of_overspend"}``."""
    return {
        "draws": risk.draws,
        "seed": risk.seed,
        "scenario": risk.scenario,
        "net_variance": _spread(risk.net_variance),
        "gap": [YearSpread(year=fy_label(year), **_spread(s)) for year, s in zip(risk.years, risk.gap, strict=True)],
        "chance_of_overspend": risk.chance_of_overspend,
    }


def risk_text(risk: RiskResult, units: str) -> str:
    """A percentile table for the terminal, ending in a newline."""
    year0 = fy_label(risk.years[0])
    rows = [_row(f"Net variance {year0}", risk.net_variance)]
    rows += [_row(f"Gap {fy_label(year)}", s) for year, s in zip(risk.years, risk.gap, strict=True)]
    head = [f"Risk: {risk.draws:,} draws, seed {risk.seed} ({units})", "Forecast", "Mean", "P10", "P50", "P90"]
    lines = ["", *text_table(head, rows)]
    lines.append(f"  Chance of an overspend in {year0}: {risk.chance_of_overspend:.0%}")
    return "\n".join(lines) + "\n"


def _row(label: str, s: Spread) -> list[str]:
    return [label, money_text(s.forecast), money_text(s.mean), money_text(s.p10), money_text(s.p50), money_text(s.p90)]
