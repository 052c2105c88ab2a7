"""The children list inside one engine run (issue 26, calculations.md §12): what ``forecast.engine.run`` asks.

``apply(inputs)`` runs §12 over ``inputs.children`` (``forecast.engine.children.run``) and gives back:

- the Placements rows with children and weekly_cost derived from the list on list-driven lines (a
  blank budget_weekly_cost resolved to the derived weekly cost), so budget assumptions, growth, the
  bridge and later years follow §2 from them;
- each list-driven row's cost still to come this year (its type's commitments + entrants_cost), which
  replaces §2's children × weekly_cost × W × R on those rows, so the line's outturn is
  actual_to_date + Σ cost_i + Σ entrants_cost;
- every problem as a ``Problem`` at its cell (errors stop the run): §12's data quality by child and
  row, a list type with no Placements row on its line, a Placements children/weekly_cost left blank
  on a line with no list, typed children/weekly_cost replaced (warned), entrants on a line with no
  list (warned: not counted).

Child IDs: ``problems(..., named=False)`` (what the run carries into the workbook's warnings) never
names a child; ``validate`` prints the named form (unless Settings child_ids = hide).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from forecast.engine import children as ch
from forecast.errors import Problem
from forecast.inputs.children_model import ChildRow, key
from forecast.inputs.model import Inputs, PlacementRow
from forecast.names import quoted
from forecast.records import frozen

# the column of a Children row each kind of problem is shown at
_COLUMN = {
    ch.END_BEFORE_START: "planned_end", ch.OVERLAP: "start", ch.REPEATED: "child", ch.NO_COST: "weekly_cost",
    ch.NEGATIVE_COST: "weekly_cost", ch.ZERO_COST: "weekly_cost", ch.COST_AND_RATE: "rate",
    ch.RATE_NO_UNIT: "rate_unit", ch.UNKNOWN_UNIT: "rate_unit", ch.NOT_PLACEMENTS: "line",
    ch.OVER_18: "date_of_birth", ch.PAID_AFTER_END: "paid_to", ch.OVER_MEDIAN: "weekly_cost",
    ch.UNIT_NO_RATE: "rate_unit", ch.DOB_DIFFERS: "date_of_birth",
}
NO_PLACEMENTS_ROW = "list type with no Placements row"
BLANK_WITHOUT_LIST = "children or weekly_cost blank with no list"
REPLACED = "typed children or weekly_cost replaced"
ENTRANTS_WITHOUT_LIST = "entrants on a line with no list"


@frozen
class ListProblem:
    """One problem found by the list's wiring: its kind (one validate summary line each) and where it is."""

    kind: str
    severity: str
    sheet: str
    cell: str
    message: str
    child: str | None = None  # the child ID when the problem is about one child's row

    def problem(self, named: bool) -> Problem:
        who = f"child {quoted(self.child)}: " if named and self.child else ""
        return Problem(self.sheet, self.cell, who + self.message, self.severity)


@frozen
class ListRun:
    result: ch.ChildrenResult | None  # None when there is no list (only blank Placements cells checked)
    placements: tuple[PlacementRow, ...]  # derived on list-driven lines
    remaining: dict[tuple[str, str], float]  # (line, type) keys → commitments + entrants_cost, list-driven rows
    problems: tuple[ListProblem, ...]

    @property
    def errors(self) -> list[ListProblem]:
        return [p for p in self.problems if p.severity == ch.ERROR]


def line_basis(inputs: Inputs) -> list[ch.LineBasis]:
    """Each Budget line's method and actual to date, and its Placements rows' entrants and budget weekly cost."""
    rows_of: dict[str, list[PlacementRow]] = {}  # each line's Placements rows in order, found once
    for r in inputs.placements:
        rows_of.setdefault(key(r.line), []).append(r)
    out = []
    for b in inputs.budget:
        types = tuple(
            ch.TypeBasis(r.placement_type, r.entrants,
                         None if any(x.startswith("budget_weekly_cost@") for x in r.blank) else r.budget_weekly_cost)
            for r in rows_of.get(key(b.line), [])
        )
        out.append(ch.LineBasis(b.line, b.method, b.actual_to_date, types))
    return out


def needed(inputs: Inputs) -> bool:
    return bool(inputs.children) or any(r.blank or r.entrants for r in inputs.placements)


def apply(inputs: Inputs) -> ListRun:
    settings = inputs.settings
    found: list[ListProblem] = []
    result = None
    if inputs.children:
        result = ch.run(inputs.children, settings, line_basis(inputs), settings.high_cost_weekly)
        if settings.child_ids == "hide":
            result = ch.hide_child_ids(result)
        where = {(r.source, r.row): r for r in inputs.children}
        found += [_from_issue(i, where) for i in result.issues]
    listed = {key(r.line) for r in result.lines} if result is not None else set()
    # a type on the list with no Placements row on its line: the bridge has no budget figures for it
    placed = {(key(r.line), key(r.placement_type)) for r in inputs.placements}
    first: dict[tuple[str, str], ChildRow] = {}
    for child in inputs.children:
        pair = (key(child.line), key(child.placement_type))
        if pair[0] in listed and pair not in placed:
            first.setdefault(pair, child)
    for row in first.values():
        found.append(ListProblem(
            NO_PLACEMENTS_ROW, ch.ERROR, row.source, row.cell("placement_type"),
            f"placement type {quoted(row.placement_type)} has no Placements row on line {quoted(row.line)}: add "
            "one (its budget_children, budget_weekly_cost and growth carry the list's children into the bridge "
            "and later years)", None if settings.child_ids == "hide" else row.child))
    rows: list[PlacementRow] = list(inputs.placements)
    remaining: dict[tuple[str, str], float] = {}
    if result is not None and result.lines:
        rows = ch.derived_placements(rows, result)
        types = {(key(t.line), key(t.placement_type)): t for r in result.lines for t in r.types}
        for i, (typed, derived) in enumerate(zip(inputs.placements, rows, strict=True)):
            pair = (key(derived.line), key(derived.placement_type))
            if pair[0] not in listed:
                continue
            t = types.get(pair)
            remaining[pair] = (t.commitments + t.entrants_cost) if t is not None else 0.0
            if any(x.startswith("budget_weekly_cost@") for x in typed.blank):
                rows[i] = replace(derived, budget_weekly_cost=derived.weekly_cost)
            typed_cells = [c for c in ("children", "weekly_cost")
                           if not any(x.startswith(c + "@") for x in typed.blank)]
            if typed_cells:
                sheet, _, cell = typed.cell.partition("!")
                found.append(ListProblem(
                    REPLACED, ch.WARNING, sheet, cell,
                    f"{' and '.join(typed_cells)} typed for {typed.placement_type} on line {quoted(typed.line)} "
                    f"{'are' if len(typed_cells) > 1 else 'is'} replaced by the Children list's "
                    f"({derived.children:g} active at the period's end at £{derived.weekly_cost:,.2f} a week): leave "
                    f"{'them' if len(typed_cells) > 1 else 'it'} blank"))
    for typed in inputs.placements:
        if key(typed.line) in listed:
            continue
        for blank in typed.blank:
            name, _, place = blank.partition("@")
            if name == "budget_weekly_cost":
                continue  # only blank because weekly_cost is (said once, at weekly_cost)
            sheet, _, cell = place.partition("!")
            found.append(ListProblem(
                BLANK_WITHOUT_LIST, ch.ERROR, sheet, cell,
                f"{name} is blank and line {quoted(typed.line)} has no Children list to give it: type it, or add "
                "the line's placements to the Children sheet (or give them with --children FILE)"))
    for typed in inputs.placements:
        # entrants are costed only from a list (§12); on a children × weekly cost line they would be
        # dropped without a word, and the outturn would look as if they had been counted
        if key(typed.line) not in listed and typed.entrants:
            sheet, _, cell = typed.cell.partition("!")
            found.append(ListProblem(
                ENTRANTS_WITHOUT_LIST, ch.WARNING, sheet, cell,
                f"entrants {typed.entrants:g} a month for {typed.placement_type} on line {quoted(typed.line)} are "
                "not counted: entrants are costed only on a line forecast from the Children list; count new "
                "placements in children, or give the line's placements as a Children list"))
    return ListRun(result, tuple(rows), remaining, tuple(found))


def _from_issue(issue: ch.Issue, where: Mapping[tuple[str, int], ChildRow]) -> ListProblem:
    if issue.row is None:  # about a whole line (implied to date, entrants with nothing to cost them at)
        return ListProblem(issue.kind, issue.severity, issue.source, "", issue.message)
    row = where.get((issue.source, issue.row))
    cell = row.cell(_COLUMN.get(issue.kind, "child")) if row is not None else f"A{issue.row}"
    return ListProblem(issue.kind, issue.severity, issue.source, cell, issue.message, issue.child)


def summary_lines(found: Sequence[ListProblem]) -> list[str]:
    """One line per kind of problem with its count, errors first: what validate prints before the rows."""
    counts: dict[tuple[str, str], int] = {}
    for p in found:
        counts[(p.severity, p.kind)] = counts.get((p.severity, p.kind), 0) + 1
    order = sorted(counts, key=lambda sk: (sk[0] != ch.ERROR, list(counts).index(sk)))
    return [f"{severity:<7} {counts[(severity, kind)]:>4} × {kind}" for severity, kind in order]
