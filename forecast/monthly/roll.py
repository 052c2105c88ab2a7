"""``forecast roll``: next period's input workbook from this one (outputs.md, "The monthly cycle").

Within the year every value is copied, the period moves on, each line's
previous_variance becomes its net variance now (unrounded) and
actual_previous its actual now, the cells a finance business partner must
refresh are marked "to update", History gains this month's children and
cases, and recruits in post by the end of the new period are listed.
At Month 12 the workbook rolls into the next financial year at period 0.

``roll_rows`` is the pure step (typed inputs, their values as written, the
engine's results → the next workbook's rows); ``roll`` reads, checks and
writes the file through the template writer, so a rolled workbook is laid
out exactly as ``forecast init`` writes one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from forecast import schema
from forecast.inputs import registry
from forecast.engine.results import Results
from forecast.errors import UsageError
from forecast.fy import fy_label, month_start, parse_fy, period_end, period_label
from forecast.inputs.model import Inputs
from forecast.inputs.rows import Rows, WorkbookRows
from forecast.inputs.tables import text_key
from forecast.inputs.template import Marks

# The cells a month-end refresh must touch (outputs.md): sheet → columns.
TO_UPDATE = {
    "Budget": ("actual_to_date",),
    "Placements": ("children", "weekly_cost"),
    "Staffing": ("fte_permanent", "fte_agency", "cases"),
}
# Cleared at year end: the closed year's spend and forecasts.
YEAR_END_CLEARED = ("actual_to_date", "actual_previous", "previous_variance", "forecast")


@dataclass(frozen=True)
class Rolled:
    """The next period's workbook: its rows, marked cells and what the user should know."""

    rows: WorkbookRows
    marks: Marks
    financial_year: int
    period: int
    from_period: int
    notes: tuple[str, ...] = ()  # warnings: budgets carried forward, savings dropped, recruits now in post


@dataclass
class _Work:
    sheets: dict[str, Rows]
    marks: dict[tuple[str, int, str], str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def mark(self, sheet: str, i: int, column: str, note: str) -> None:
        self.marks[(sheet, i, column)] = note


def target_period(period: int, to: int | None) -> int:
    """The period a workbook at ``period`` rolls to (``to`` when given); raise UsageError when it cannot."""
    if period == 12:
        if to not in (None, 0):
            raise UsageError(
                "to", "{to=}: a Month 12 workbook rolls into the next financial year at period 0 (budget "
                "setting); roll without {to}, then roll that workbook on to the month you need", to=to,
            )
        return 0
    chosen = period + 1 if to is None else to
    if chosen <= period or chosen > 12:
        raise UsageError(
            "to", f"{{to=}}: the workbook is at period {period}, so it can roll only to a later month of the year "
            f"({period + 1} to 12)", to=to,
        )
    return chosen


def roll_rows(inputs: Inputs, values: WorkbookRows, results: Results, to: int | None = None) -> Rolled:
    """The next period's workbook from this one: ``values`` as written, ``inputs`` typed, ``results`` of Base."""
    settings = inputs.settings
    period = target_period(settings.period, to)
    year_end = settings.period == 12
    year = settings.financial_year + 1 if year_end else settings.financial_year
    work = _Work({name: [dict(row) for row in rows] for name, rows in values.sheets.items()})
    _settings(work, settings.financial_year, settings.period, year, period)
    due = f"to update for {_period_name(year, period)}"
    if year_end:
        _year_end_budget(work, inputs, due)
        _drop_closed_year(work, inputs)
    else:
        _carry_variances(work, inputs, results)
    for sheet, columns in TO_UPDATE.items():
        for i in range(len(work.sheets.get(sheet, []))):
            for column in columns:
                if sheet != "Budget" or not year_end:
                    work.mark(sheet, i, column, f"{due}: {_what(column)}")
    _extend_history(work, inputs)
    _recruits_in_post(work, inputs, year, period)
    rows = replace(values, sheets=work.sheets)
    return Rolled(rows, Marks(work.marks), year, period, settings.period, tuple(work.notes))


def _period_name(year: int, period: int) -> str:
    return f"{period_label(period)} {fy_label(year)}"


def _what(column: str) -> str:
    return {
        "actual_to_date": "spend to the end of the new period",
        "children": "children in this placement type now",
        "weekly_cost": "average weekly cost now",
        "fte_permanent": "employees in post now (add recruits who have started)",
        "fte_agency": "agency workers in post now",
        "cases": "open cases now",
    }[column]


def _settings(work: _Work, old_year: int, old_period: int, year: int, period: int) -> None:
    rows = work.sheets.setdefault("Settings", [])
    given = {c.name for c in map(registry.setting_for, (r.get("setting", "") for r in rows)) if c}
    # a setting the workbook left out stays out (blank: its default), rather than the template's typed default
    rows += [{"setting": c.name, "value": None} for c in registry.SETTINGS if c.name not in given]
    for row in rows:
        setting = registry.setting_for(row.get("setting", ""))
        name = setting.name if setting else ""
        if name == "period":
            row["value"] = period
        elif name == "financial_year":
            row["value"] = fy_label(year)
        elif name == "report_title" and isinstance(row.get("value"), str):
            # a title naming the month or year rolled from would mislead the next report
            before = str(row["value"])
            title = re.sub(rf"\bMonth {old_period}\b", period_label(period), before)
            title = title.replace(fy_label(old_year), fy_label(year))
            if title != before:
                work.notes.append(f"Settings: report_title now reads {title!r}: check it")
                row["value"] = title


def _carry_variances(work: _Work, inputs: Inputs, results: Results) -> None:
    """previous_variance = net variance now (unrounded); actual_previous = actual to date now."""
    by_line = {text_key(r.line): r for r in results.lines}
    typed = {text_key(b.line): b for b in inputs.budget}
    for row in work.sheets.get("Budget", []):
        key = text_key(row.get("line"))
        row["previous_variance"] = by_line[key].net_variance
        row["actual_previous"] = typed[key].actual_to_date


def _year_end_budget(work: _Work, inputs: Inputs, due: str) -> None:
    """Each line's budget = its ``budget <new year>`` (else carried forward by §6); the closed year cleared."""
    from forecast.engine.mtfp import cash_limits

    settings = inputs.settings
    new_year = settings.financial_year + 1
    next_column = schema.header_key(schema.future_budget_name(new_year))
    typed = {text_key(b.line): b for b in inputs.budget}
    carried = []
    for i, row in enumerate(work.sheets.get("Budget", [])):
        line = typed[text_key(row.get("line"))]
        budget = line.future_budgets.get(new_year)
        if budget is None:
            budget = cash_limits(line, replace(settings, mtfp_years=max(2, settings.mtfp_years)))[1]
            carried.append(line.line)
            work.mark("Budget", i, "budget", f"{due}: no 'budget {fy_label(new_year)}' was given, so this is "
                      f"{fy_label(settings.financial_year)}'s budget carried forward: enter the approved budget")
        row["budget"] = budget
        for column in [h for h in row if schema.header_key(h) == next_column]:
            del row[column]  # the next year's column is now the budget; later years keep their columns
        for column in YEAR_END_CLEARED:
            row[column] = None
        if str(row.get("method") or "").strip().lower() == "manual":
            row["method"] = None  # no forecast yet: the line forecasts its budget until one is typed
    if carried:
        work.notes.append(
            f"Budget: no 'budget {fy_label(new_year)}' for {len(carried)} line(s), so their budget is "
            f"{fy_label(settings.financial_year)}'s carried forward (§6): {_listing(carried)}; enter the approved "
            "budgets"
        )
    for sheet in ("Scenarios", "Risks"):  # a change to next year's cash limit now changes the budget
        for row in work.sheets.get(sheet, []):
            if schema.header_key(row.get("column", "")) == next_column:
                row["column"] = "budget"


def _drop_closed_year(work: _Work, inputs: Inputs) -> None:
    """Savings of the closed year leave (listed); investments move on or leave only when they cannot stay."""
    closed = inputs.settings.financial_year
    savings = {text_key(s.name): s for s in inputs.savings}
    kept, dropped = [], []
    for row in work.sheets.get("Savings", []):
        saving = savings.get(text_key(row.get("name")))
        if saving is not None and saving.year == closed:
            dropped.append(f"{saving.name} ({saving.amount:,.6g}, {saving.rag})")
        else:
            kept.append(row)
    if dropped:
        work.sheets["Savings"] = kept
        work.notes.append(f"Savings: dropped the closed year {fy_label(closed)}'s savings: {_listing(dropped)}")
    investments = {text_key(s.name): s for s in inputs.investments}
    kept, ended = [], []
    for row in work.sheets.get("Investments", []):
        item = investments.get(text_key(row.get("name")))
        if item is None:
            kept.append(row)
        elif (item.kind == "one-off" and item.start_year == closed) or item.end_year == closed:
            ended.append(item.name)
        else:
            for column in ("start_year", "saving_start_year"):
                if parse_fy(row.get(column)) == closed:
                    row[column] = fy_label(closed + 1)  # ongoing: it goes on from the new year
            kept.append(row)
    if ended:
        work.sheets["Investments"] = kept
        work.notes.append(f"Investments: dropped those spent or ended in {fy_label(closed)}: {_listing(ended)}")


def _extend_history(work: _Work, inputs: Inputs) -> None:
    """History gains month P: children now by placement type, open cases now by team."""
    settings = inputs.settings
    if settings.period == 0:
        return  # budget setting: no month has passed
    month = month_start(settings.financial_year, settings.period)
    counts: dict[str, float] = {}
    for p in inputs.placements:
        counts[p.placement_type] = counts.get(p.placement_type, 0.0) + p.children
    for s in inputs.staffing:
        if s.cases is not None:
            counts[s.team] = counts.get(s.team, 0.0) + s.cases
    recorded = {(h.month, text_key(h.measure)) for h in inputs.history}
    rows = work.sheets.setdefault("History", [])
    for measure, value in counts.items():
        if (month, text_key(measure)) not in recorded:  # a count the user recorded already is theirs
            rows.append({"month": month, "measure": measure, "value": value})


def _recruits_in_post(work: _Work, inputs: Inputs, year: int, period: int) -> None:
    end = period_end(year, period)
    for r in inputs.recruitment:
        if r.start <= end:
            if r.kind == "join":
                work.notes.append(
                    f"{r.cell or 'Recruitment'}: {r.fte:g} FTE {r.role} ({r.team}) started {r.start.isoformat()}, "
                    "now in post: add to fte_permanent and delete the Recruitment row"
                )
            else:  # rev 3 pipeline kinds (issue 19): what to change on Staffing before deleting the row
                change = {"leave": "take it from fte_permanent", "agency_join": "add it to fte_agency",
                          "agency_leave": "take it from fte_agency",
                          "progress": f"move it from fte_permanent to the {r.to_role} row's"}.get(r.kind, "")
                work.notes.append(
                    f"{r.cell or 'Recruitment'}: {r.fte:g} FTE {r.role} ({r.team}) {r.kind} on "
                    f"{r.start.isoformat()} has happened: {change} and delete the Recruitment row"
                )


def _listing(names: Iterable[str]) -> str:
    return "; ".join(names)


# Reading and writing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RollReport:
    path: Path
    rolled: Rolled


def default_output(inputs: Path, period: int) -> Path:
    """``<stem>-m<P'>.xlsx`` beside the inputs (outputs.md)."""
    return inputs.with_name(f"{inputs.stem}-m{period}.xlsx")


def rolled_workbook_bytes(inputs: Inputs, rolled: Rolled) -> bytes:
    """The rolled workbook, laid out as ``forecast init`` writes one, with a Read me saying what to do."""
    from forecast.inputs.template import input_workbook_bytes

    name = _period_name(rolled.financial_year, rolled.period)
    authority = inputs.settings.authority
    read_me = (
        f"Rolled by `forecast roll` from {inputs.source_name or 'the workbook'} "
        f"({_period_name(inputs.settings.financial_year, rolled.from_period)})",
        "",
        "Orange cells are to update: actuals to date, children and weekly costs, staff in post and cases. "
        "Hover over one to see what it needs.",
        "previous_variance holds each line's net variance at the period rolled from, and actual_previous its "
        "actual to date then: `forecast validate` warns about every line whose actual_to_date still equals it.",
        *(f"Note: {n}" for n in rolled.notes),
    )
    return input_workbook_bytes(
        rolled.rows.sheets,
        title=f"forecast input workbook: {authority}, {name}",
        heading=f"forecast input workbook — {authority}, {name}",
        read_me=read_me,
        marks=rolled.marks,
        other_sheets=rolled.rows.other_sheets,
    )


def roll(inputs: Path, output: Path | None = None, to: int | None = None, force: bool = False) -> RollReport:
    """Read ``inputs`` (it must validate), roll it on and write the next workbook; never over ``inputs``."""
    from forecast.engine import run
    from forecast.files import check_workbook_target, write_bytes
    from forecast.inputs import load_inputs_and_rows

    loaded, values = load_inputs_and_rows(inputs)
    period = target_period(loaded.settings.period, to)  # before the engine runs: a bad --to is named first
    target = output if output is not None else default_output(inputs, period)
    check_workbook_target(target, [inputs])
    if target.exists() and not force:
        raise UsageError("force", f"{target} already exists (it may hold your edits): use {{force=}} to replace it, "
                         "or choose another {output=}", force=True, output="PATH")
    rolled = roll_rows(loaded, values, run(loaded), to)
    data = rolled_workbook_bytes(loaded, rolled)
    write_bytes(target, data)
    return RollReport(target, rolled)
