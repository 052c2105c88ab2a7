"""The children list's keys of ``forecast summary --json`` (issue 26, outputs.md rev 3).

``children_json(results)`` gives what goes into the summary's ``placements`` object:

- ``lines``: per placements line, ``commitments``, ``entrants_cost``, ``known_ends`` and
  ``implied_to_date`` (money, unrounded; null on a line with no Children rows);
- ``high_cost``: ``[{child, line, placement_type, weekly_cost, provider, last_day}]`` (null with no list;
  ``child`` is ``row N`` when Settings child_ids = hide; a blank provider is null);
- ``aged_out``: ``{"2026/27": count, …}`` for plan years t ≥ 1 (null with no list).

``add_children(placements, results)`` merges them into the summary's ``placements`` dict in place.
"""

from __future__ import annotations

from typing import Any

from forecast.engine.results import Results

LINE_KEYS = ("commitments", "entrants_cost", "known_ends", "implied_to_date")


def _money(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None  # a risk run's array of draws has no one figure


def children_json(results: Results) -> dict[str, Any]:
    """The list's figures as the summary's ``placements`` keys (see the module's docstring)."""
    names = list(results.placements.lines) if results.placements is not None else []
    listed = results.children
    by_line = {x.line: x for x in listed.lines} if listed is not None else {}
    lines = {
        name: {k: (_money(getattr(by_line[name], k)) if name in by_line else None) for k in LINE_KEYS}
        for name in names
    }
    if listed is None:
        return {"lines": lines, "high_cost": None, "aged_out": None}
    return {
        "lines": lines,
        "high_cost": [
            {
                "child": h.child,
                "line": h.line,
                "placement_type": h.placement_type,
                "weekly_cost": float(h.weekly_cost),
                "provider": h.provider or None,  # a blank provider is null, like every blank
                "last_day": h.last_day.isoformat() if h.last_day is not None else None,
            }
            for h in listed.high_cost
        ],
        "aged_out": listed.aged_out_by_year,
    }


def add_children(placements: dict[str, Any] | None, results: Results) -> None:
    """Merge ``children_json`` into the summary's ``placements`` object (nothing when there is none)."""
    if placements is None:
        return
    found = children_json(results)
    for name, figures in found["lines"].items():
        placements["lines"].setdefault(name, {}).update(figures)
    placements["high_cost"] = found["high_cost"]
    placements["aged_out"] = found["aged_out"]
