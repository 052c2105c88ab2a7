"""What ``forecast history`` prints: the total by period and the accuracy against Month 12, or the JSON.

Formatting only; the figures come from ``forecast.engine.history``, shown
with the helpers ``forecast summary`` uses.
"""

from __future__ import annotations

from forecast.fy import fy_label, period_label
from forecast.engine.history import History
from forecast.report.summary import money_text, text_table


def history_text(h: History) -> str:
    """The whole report as text, ending in a newline."""
    labels = [period_label(p) for p in h.periods]
    movement = h.total.movement(h.periods)
    out = [
        f"{h.authority}, {h.service}, {fy_label(h.financial_year)}: the forecast by period (figures in {h.units})",
        "",
        *text_table(
            ["", *labels],
            [
                ["Budget", *(money_text(h.total.budgets[p]) for p in h.periods)],
                ["Forecast outturn", *(money_text(h.total.outturn[p]) for p in h.periods)],
                ["Earmark drawn", *(money_text(h.total.earmark_drawn.get(p, 0.0)) for p in h.periods)],
                ["Net variance", *(money_text(h.total.net_variance[p]) for p in h.periods)],
                ["Movement", *(money_text(movement[p]) if p in movement else "" for p in h.periods)],
            ],
        ),
    ]
    a = h.accuracy
    if a is not None:
        mape = "n/a" if a.mean_abs_pct_error is None else f"{a.mean_abs_pct_error:.1%}"
        out += [
            "",
            f"Accuracy against the Month {a.final_period} outturn of {money_text(a.final_outturn)}:",
            *text_table(
                ["", *labels],
                [
                    ["Error", *(money_text(a.errors[p]) for p in h.periods)],
                    ["% error", *(_pct(a.pct_errors[p]) for p in h.periods)],
                ],
            ),
            f"Mean absolute percentage error before Month {a.final_period}: {mape}",
        ]
    if h.actions:  # issue 24: each section's RAG by period
        out += ["", "Improvement plan: each section's RAG by period", *text_table(
            ["Section", *labels],
            [[s, *(h.actions.get(p, {}).get(s, "").capitalize() for p in h.periods)] for s in h.sections],
        )]
    return "\n".join(out) + "\n"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def history_dict(h: History) -> dict[str, object]:
    """The ``--json`` structure of outputs.md, unrounded, in the files' units."""
    accuracy = None
    if h.accuracy is not None:
        a = h.accuracy
        accuracy = {
            "final_period": a.final_period,
            "final_outturn": a.final_outturn,
            "errors": a.errors,
            "pct_errors": a.pct_errors,
            "mean_abs_pct_error": a.mean_abs_pct_error,
            "lines": {line: {"errors": errors} for line, errors in a.line_errors.items()},
        }
    out: dict[str, object] = {
        "authority": h.authority,
        "financial_year": fy_label(h.financial_year),
        "units": h.units,
        "periods": list(h.periods),
        "lines": [
            {"line": x.line, "budget": x.budget, "outturn": x.outturn, "net_variance": x.net_variance}
            for x in h.lines
        ],
        "total": {"budget": h.total.budget, "outturn": h.total.outturn, "net_variance": h.total.net_variance},
        "accuracy": accuracy,
    }
    if h.actions:  # issue 24 (outputs.md): {period: {section: rag}} when the files have Actions
        out["actions"] = h.actions
    return out
