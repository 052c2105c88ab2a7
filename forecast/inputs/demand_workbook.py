"""``forecast demand``: a copy of an input workbook whose Demand sheet holds a demand model's prediction.

``demand_rows`` is the pure step (a read prediction, the input workbook's typed Placements → the Demand
sheet's rows and what to tell the user); ``write_demand`` reads both files, checks them and writes the copy
through the template writer, keeping every other sheet as written (as ``forecast roll`` keeps them). The
input workbook is never written over; an existing output is replaced only with ``force``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from forecast.errors import Problem, UsageError
from forecast.inputs.demand_prediction import Prediction, read_prediction
from forecast.inputs.demand_split import PlacementRow, Split, TypeShare, split_prediction
from forecast.inputs.model import Inputs
from forecast.inputs.model import PlacementRow as ModelPlacementRow
from forecast.inputs.rows import Rows, WorkbookRows
from forecast.records import frozen

DEMAND_SHEET = "Demand"


@frozen
class DemandReport:
    """What ``forecast demand`` wrote and mapped."""

    path: Path  # the workbook written
    prediction: Prediction
    split: Split
    replaced: int  # Demand rows the input workbook had, now replaced

    @property
    def rows(self) -> int:
        return len(self.split.rows)

    @property
    def shares(self) -> tuple[TypeShare, ...]:
        return self.split.shares

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return self.split.warnings

    def lines(self) -> list[str]:
        """What it mapped, the month range and the categories, as the command prints them."""
        p = self.prediction
        out = [
            f"Read {p.source}: {p.days:,} days from {p.first_day:%d %b %Y} to {p.last_day:%d %b %Y}, "
            f"{len(p.age_bands)} age bands summed, NOT_IN_CARE dropped; categories {', '.join(p.categories)}.",
            f"Whole months {p.months[0]:%b %Y} to {p.months[-1]:%b %Y} ({len(p.months)}), each month's mean of its days"
            + (f"; left out as partial: {', '.join(f'{m:%b %Y}' for m in p.partial_months)}." if p.partial_months
               else "."),
        ]
        for category in p.categories:
            mine = [s for s in self.shares if s.category == category]
            if not mine:
                continue
            first, last = p.means[category][0], p.means[category][-1]
            parts = ", ".join(
                f"{s.placement_type} {s.share:.1%} ({s.children:g} today"
                + (", category from its name" if s.category_default else "") + ")"
                for s in mine
            )
            out.append(f"  {category} ({first:,.1f} in {p.months[0]:%b %Y}, {last:,.1f} in {p.months[-1]:%b %Y}) "
                       f"→ {parts}")
        out.append(f"Wrote {self.rows:,} Demand rows to {self.path}"
                   + (f" (replacing the {self.replaced:,} it had)" if self.replaced else "") + ".")
        return out


def default_output(inputs: Path) -> Path:
    """``<stem>-demand.xlsx`` beside the inputs (outputs.md)."""
    return inputs.with_name(f"{inputs.stem}-demand.xlsx")


def placement_rows(inputs: Inputs, placements: Sequence[ModelPlacementRow] | None = None) -> list[PlacementRow]:
    """What the split needs of the input workbook's Placements rows (every line).

    ``placements``: the rows with today's children as the engine counts them (on a line forecast from the
    Children list, §12, its placements active at the period's end, not the blank or replaced cells); the
    caller derives them (``forecast.api.today_placements``: the inputs layer may not import the engine).
    Default: the Placements rows as written.
    """
    rows = inputs.placements if placements is None else placements
    return [PlacementRow(p.line, p.placement_type, float(p.children), p.demand_category or None) for p in rows]


def keep_trends(inputs: Inputs, split: Split) -> Split:
    """The split without the types a Placements row gives growth ``trend``: they keep their History trend.

    §9 refuses ``trend`` on a Demand-driven row, so writing their Demand would give a copy that does not
    validate. Their rows are left out (the other types of their category keep the shares they had, so no
    type gets more than its part) and each such type is warned with the children a month left out and the
    cell to change to let the Demand drive it.
    """
    import math

    from forecast.inputs.demand_split import type_key
    from forecast.schema import TREND

    trend_rows: dict[str, str] = {}
    for p in inputs.placements:
        if p.growth == TREND:
            trend_rows.setdefault(type_key(p.placement_type), p.cell)
    kept = [s for s in split.shares if type_key(s.placement_type) not in trend_rows]
    if len(kept) == len(split.shares):
        return split
    warnings = list(split.warnings)
    for s in split.shares:
        key = type_key(s.placement_type)
        if key not in trend_rows:
            continue
        mine = [r.children for r in split.rows if type_key(r.placement_type) == key]
        mean = math.fsum(mine) / len(mine) if mine else 0.0
        sheet, _, cell = trend_rows[key].partition("!")
        warnings.append(Problem(sheet, cell, (
            f"{s.placement_type!r} has growth trend, so it keeps its History trend and is left out of the Demand "
            f"({s.share:.1%} of {s.category}, {mean:,.1f} children a month on average): give its growth as a number "
            "(it then applies past the Demand's last whole year) and run forecast demand again for the Demand to "
            "drive it"), "warning"))
    left = {type_key(s.placement_type) for s in kept}
    return replace(split, rows=tuple(r for r in split.rows if type_key(r.placement_type) in left),
                   shares=tuple(kept), warnings=tuple(warnings))


def demand_rows(split: Split) -> Rows:
    """The Demand sheet's rows: month (first day), placement type, children unrounded."""
    return [{"month": r.month, "placement_type": r.placement_type, "children": r.children} for r in split.rows]


def with_demand(values: WorkbookRows, rows: Rows) -> WorkbookRows:
    """The workbook's values with its Demand sheet replaced by ``rows`` (every other sheet as written)."""
    return replace(values, sheets={**values.sheets, DEMAND_SHEET: rows})


def workbook_bytes(inputs: Inputs, values: WorkbookRows, prediction: Prediction) -> bytes:
    """The copy, laid out as ``forecast init`` writes one, with a Read me saying where its Demand came from."""
    from forecast.inputs.template import input_workbook_bytes

    authority = inputs.settings.authority
    months = prediction.months
    read_me = (
        f"Demand sheet written by `forecast demand` from {prediction.source} (the demand model's prediction, "
        f"whole months {months[0]:%b %Y} to {months[-1]:%b %Y}) into a copy of "
        f"{inputs.source_name or 'the input workbook'}; every other sheet is as it was.",
        "Each category's expected children (age bands summed, NOT_IN_CARE dropped, each month's mean of its "
        "days) are shared over the Placements types of that demand_category by today's children.",
        "Settings demand_in_year = yes makes the Demand drive the rest of this year too.",
    )
    return input_workbook_bytes(
        values.sheets,
        title=f"forecast input workbook: {authority}, with Demand",
        heading=f"forecast input workbook — {authority}, with Demand from {prediction.source}",
        read_me=read_me,
        other_sheets=values.other_sheets,
    )


def write_demand(
    prediction: Path, inputs: Path, output: Path | None = None, force: bool = False,
    today: Callable[[Inputs], Sequence[ModelPlacementRow]] | None = None,
) -> DemandReport:
    """Read ``prediction`` and ``inputs`` (it must validate), write the copy with the Demand sheet.

    ``today``: the Placements rows with today's children as the engine counts them (see ``placement_rows``).
    """
    from forecast.files import check_workbook_target, write_bytes
    from forecast.inputs import load_inputs_and_rows

    target = output if output is not None else default_output(inputs)
    check_workbook_target(target, [inputs, prediction])
    if target.exists() and not force:
        raise UsageError("force", f"{target} already exists (it may hold your edits): use {{force=}} to replace it, "
                         "or choose another {output=}", force=True, output="PATH")
    read = read_prediction(prediction)
    loaded, values = load_inputs_and_rows(inputs)
    split = split_prediction(read, placement_rows(loaded, today(loaded) if today is not None else None))
    split = keep_trends(loaded, split)
    old = len(values.sheets.get(DEMAND_SHEET, []))
    data = workbook_bytes(loaded, with_demand(values, demand_rows(split)), read)
    write_bytes(target, data)
    return DemandReport(target, read, split, old)


def split_lines(warnings: Sequence[Problem]) -> list[str]:
    """The split's warnings as the command prints them."""
    return [f"warning {p}" for p in warnings]
