"""The examples' Settings rows for benchmarks (issue 23): the authority's code and its children aged 0-17.

Codes are the DfE's; populations are the DfE's ``population_estimate`` beside its 2025 rates per 10,000
(ONS mid-2024, children aged 0-17: ``forecast/data/benchmark/cla.csv``, column ``population``). A row for a
setting the Settings sheet does not declare yet is left out, so an example reads without a warning.
"""

from __future__ import annotations

from forecast.inputs.sheets.settings import setting_for

_ROWS: dict[str, tuple[tuple[str, object, str | None], ...]] = {
    "blackpool": (
        ("la_code", "890", "Blackpool's DfE code (ONS E06000009): compared with its statistical neighbours"),
        ("child_population", 28923, "Children aged 0-17, ONS mid-2024 (the DfE's 2025 rates per 10,000)"),
    ),
    "enfield": (
        ("la_code", "308", "Enfield's DfE code (ONS E09000010): compared with its statistical neighbours"),
        ("child_population", 80331, "Children aged 0-17, ONS mid-2024 (the DfE's 2025 rates per 10,000)"),
    ),
}


def benchmark_rows(example: str) -> tuple[tuple[str, object, str | None], ...]:
    """The Settings rows (setting, value, notes) of ``example``'s benchmarks."""
    return tuple(row for row in _ROWS[example] if setting_for(row[0]) is not None)
