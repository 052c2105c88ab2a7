"""The few lines ``forecast build`` prints: net variance, the MTFP gap by year, the checks."""

from __future__ import annotations

from forecast.engine.results import Results
from forecast.fy import fy_label
from forecast.report.context import as_at
from forecast.report.summary import money_text


def headline_text(results: Results) -> str:
    """E.g. ``Net variance: 8,989 overspend`` and ``MTFP gap: 2019/20 8,989 · 2020/21 9,681 …``."""
    s = results.settings
    net = results.totals.net_variance
    word = "overspend" if net > 0 else "underspend" if net < 0 else "on budget"
    lines = [
        f"{s.authority} – {s.service}, {as_at(results)} ({s.units}, scenario {results.scenario})",
        f"  Net variance: {money_text(net)} {word}",
    ]
    if results.mtfp:
        gaps = "  ".join(f"{fy_label(y.year)} {money_text(y.gap)}" for y in results.mtfp)
        lines.append(f"  MTFP gap:     {gaps}")
    failed = [c.key for c in results.checks if not c.ok]
    if failed:
        lines.append(f"  Checks: {len(failed)} of {len(results.checks)} FALSE ({', '.join(failed)})")
    else:
        lines.append(f"  Checks: all {len(results.checks)} TRUE")
    if results.warnings:
        lines.append(f"  Warnings: {len(results.warnings)} (listed on the Assumptions sheet)")
    return "\n".join(lines)
