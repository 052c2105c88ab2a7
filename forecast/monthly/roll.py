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
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from forecast import schema
from forecast.inputs import registry
from forecast.engine.results import Results
from forecast.errors import UsageError
from forecast.fy import fy_label, month_start, parse_fy, period_end, period_label
from forecast.inputs.model import Inputs
from forecast.inputs.rows import TOOL_READ_ME, Rows, WorkbookRows
from forecast.inputs.tables import text_key
from forecast.inputs.template import Marks
from forecast.records import frozen, mutable

# The cells a month-end refresh must touch (outputs.md): sheet → columns.
TO_UPDATE = {
    "Budget": ("actual_to_date",),
    "Placements": ("children", "weekly_cost"),
    "Staffing": ("fte_permanent", "fte_agency", "cases"),
    "Actions": ("status",),  # issue 24: each action's progress, as the plan reports it at the new period
}
# Cleared at year end: the closed year's spend and forecasts, and its earmarks (an earmark is for one year).
YEAR_END_CLEARED = ("actual_to_date", "actual_previous", "previous_variance", "forecast", "earmarked")
# Uplifted at year end by a setting (outputs.md rev 3): sheet → (column, the setting's rate) …
YEAR_END_UPLIFT = {
    "Placements": (("weekly_cost", "placement_inflation"),),
    "Staffing": (("salary", "pay_award"), ("agency_hourly_rate", "pay_award")),
}
# … and marked "to update" with the basis the budget was built on.
YEAR_END_BASIS = {"Placements": ("budget_children", "budget_weekly_cost"), "Staffing": ("fte_budget",)}
_FY_LABEL = re.compile(r"\b(?:FY)?(\d{4})[/-](\d{2}|\d{4})\b")


@frozen
class Rolled:
    """The next period's workbook: its rows, marked cells and what the user should know."""

    rows: WorkbookRows
    marks: Marks
    financial_year: int
    period: int
    from_period: int
    notes: tuple[str, ...] = ()  # warnings: budgets carried forward, savings dropped, recruits now in post


@mutable
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
        dropped = _drop_closed_year(work, inputs)
        _uplift_unit_costs(work, inputs, due)
        _drop_changes_naming(work, dropped)
        _rewrite_setting_notes(work, settings.financial_year)
    else:
        _carry_variances(work, inputs, results)
    for sheet, columns in TO_UPDATE.items():
        for i in range(len(work.sheets.get(sheet, []))):
            for column in columns:
                if sheet != "Budget" or not year_end:
                    work.mark(sheet, i, column, f"{due}: {_what(column)}")
    _extend_history(work, inputs)
    _recruits_in_post(work, inputs, year, period)
    _drop_changes_that_no_longer_apply(work)
    rows = replace(values, sheets=work.sheets, other_sheets=_as_written(values.other_sheets))
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
        "status": "this action's progress now (the improvement plan's RAG is worked from it and the dates)",
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
        elif name == "previous_period":
            # the period previous_variance was reported at: the one rolled from (blank at year end, where
            # previous_variance is cleared)
            row["value"] = None if old_period == 12 else old_period
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
        if row.get("actual_to_date") in (None, ""):
            # blank at budget setting (read as 0): written as 0, so the new period's workbook validates and
            # `validate` warns that it still equals actual_previous until the spend is entered
            row["actual_to_date"] = typed[key].actual_to_date


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


def _drop_closed_year(work: _Work, inputs: Inputs) -> dict[str, set[str]]:
    """Savings of the closed year leave (listed); investments move on or leave only when they cannot stay.

    Returns the names dropped, by sheet (name keys), so the Scenarios and Risks rows naming them go too.
    An investment that stays keeps consistent years: a start or saving start in the closed year moves to
    the new year, and a saving that ended in the closed year is over (its saving cleared, noted).
    """
    closed = inputs.settings.financial_year
    gone: dict[str, set[str]] = {"Savings": set(), "Investments": set()}
    savings = {text_key(s.name): s for s in inputs.savings}
    kept, dropped = [], []
    for row in work.sheets.get("Savings", []):
        saving = savings.get(text_key(row.get("name")))
        if saving is not None and saving.year == closed:
            dropped.append(f"{saving.name} ({saving.amount:,.6g}, {saving.rag})")
            gone["Savings"].add(text_key(saving.name))
        else:
            kept.append(row)
    if dropped:
        work.sheets["Savings"] = kept
        work.notes.append(f"Savings: dropped the closed year {fy_label(closed)}'s savings: {_listing(dropped)}")
    investments = {text_key(s.name): s for s in inputs.investments}
    kept, ended, saving_over = [], [], []
    for row in work.sheets.get("Investments", []):
        item = investments.get(text_key(row.get("name")))
        if item is None:
            kept.append(row)
        elif (item.kind == "one-off" and item.start_year == closed) or item.end_year == closed:
            ended.append(item.name)
            gone["Investments"].add(text_key(item.name))
        else:
            for column in ("start_year", "saving_start_year"):
                if parse_fy(row.get(column)) == closed:
                    row[column] = fy_label(closed + 1)  # ongoing: it goes on from the new year
            if item.saving_end_year is not None and item.saving_end_year <= closed:
                # the saving ended with the closed year: none is left to count in the new plan
                row["annual_saving"], row["saving_start_year"], row["saving_end_year"] = None, None, None
                saving_over.append(item.name)
            kept.append(row)
    if ended:
        work.sheets["Investments"] = kept
        work.notes.append(f"Investments: dropped those spent or ended in {fy_label(closed)}: {_listing(ended)}")
    if saving_over:
        work.notes.append(f"Investments: the saving of {_listing(saving_over)} ended in {fy_label(closed)}, so "
                          "annual_saving and its years are cleared")
    return gone


def _uplift_unit_costs(work: _Work, inputs: Inputs, due: str) -> None:
    """Next year's prices: weekly costs × (1 + placement_inflation), salaries and agency rates × (1 + pay_award),
    each marked "to update" with the budget basis (budget_children, budget_weekly_cost, fte_budget)."""
    settings = inputs.settings
    typed: dict[str, dict[tuple[str, ...], Any]] = {
        "Placements": {(text_key(p.line), text_key(p.placement_type)): p for p in inputs.placements},
        "Staffing": {(text_key(s.team), text_key(s.role)): s for s in inputs.staffing},
    }
    keys = {"Placements": ("line", "placement_type"), "Staffing": ("team", "role")}
    for sheet, uplifts in YEAR_END_UPLIFT.items():
        for i, row in enumerate(work.sheets.get(sheet, [])):
            record = typed[sheet].get(tuple(text_key(row.get(k)) for k in keys[sheet]))
            if record is None:
                continue
            for column, setting in uplifts:
                value = getattr(record, column)
                if not isinstance(value, (int, float)):
                    continue  # blank: nothing to uplift
                rate = float(getattr(settings, setting))
                row[column] = value * (1 + rate)
                work.mark(sheet, i, column, f"{due}: {column} × (1 + {setting} {rate:g}) for "
                          f"{fy_label(settings.financial_year + 1)}: enter the new price")
            for column in YEAR_END_BASIS[sheet]:
                work.mark(sheet, i, column, f"{due}: what the {fy_label(settings.financial_year + 1)} budget "
                          "was built on")
    if inputs.placements or inputs.staffing:
        work.notes.append(
            f"Placements and Staffing: weekly costs uplifted by placement_inflation ({settings.placement_inflation:g}), "
            f"salaries and agency rates by pay_award ({settings.pay_award:g}); check them and the budget basis "
            "(budget_children, budget_weekly_cost, fte_budget), marked to update"
        )


def _drop_changes_naming(work: _Work, gone: dict[str, set[str]]) -> None:
    """Scenarios and Risks rows naming a saving or investment the roll dropped go too (listed); an action
    keeps its row but loses its link to a dropped investment (listed), else the rolled workbook would fail
    `validate` ("investment not on Investments")."""
    unlinked = []
    for n, row in enumerate(work.sheets.get("Actions", []), start=2):
        if gone["Investments"] and text_key(row.get("investment")) in gone["Investments"]:
            unlinked.append(f"row {n} ({row.get('action')!s}: {row.get('investment')!s})")
            row["investment"] = None
    if unlinked:
        work.notes.append("Actions: the investment cleared where the roll dropped it from Investments: "
                          + _listing(unlinked))
    for sheet in ("Scenarios", "Risks"):
        rows = work.sheets.get(sheet)
        if not rows:
            continue
        kept, dropped = [], []
        for n, row in enumerate(rows, start=2):
            target = registry.sheet_for(row.get("sheet"))
            names = gone.get(target.name, set()) if target is not None else set()
            if names and text_key(row.get("row")) in names:
                dropped.append(f"row {n} ({target.name if target else ''} {row.get('row')!s})")
            else:
                kept.append(row)
        if dropped:
            work.sheets[sheet] = kept
            work.notes.append(f"{sheet}: dropped the rows naming what the roll dropped: {_listing(dropped)}")


def _drop_changes_that_no_longer_apply(work: _Work) -> None:
    """The rolled workbook always validates: a Scenarios or Risks row the rolled data refuses is dropped
    (listed with why), rather than writing a workbook `validate` rejects."""
    if not work.sheets.get("Scenarios") and not work.sheets.get("Risks"):
        return
    from forecast.inputs import sheets_from_rows
    from forecast.inputs.validate import validate_sheets

    for _ in range(3):  # a dropped row can only remove problems; twice more catches a chain
        _inputs, problems = validate_sheets(sheets_from_rows({k: v for k, v in work.sheets.items() if v}))
        bad: dict[str, dict[int, str]] = {}
        for p in problems:
            if p.severity == "error" and p.sheet in ("Scenarios", "Risks"):
                digits = "".join(ch for ch in p.cell if ch.isdigit())
                if digits:
                    bad.setdefault(p.sheet, {}).setdefault(int(digits) - 2, p.message)
        if not bad:
            return
        for sheet, why in bad.items():
            rows = work.sheets[sheet]
            work.notes.append(f"{sheet}: dropped rows that no longer apply to the rolled workbook: " + _listing(
                f"row {i + 2} ({rows[i].get('sheet')!s} {rows[i].get('row')!s} {rows[i].get('column')!s}: {m})"
                for i, m in sorted(why.items()) if i < len(rows)))
            work.sheets[sheet] = [r for i, r in enumerate(rows) if i not in why]


def _rewrite_setting_notes(work: _Work, closed: int) -> None:
    """Settings notes that quote a financial year move on with the plan (``2025/26 to 2029/30`` → ``2026/27 to
    2030/31``); the period's note, which describes the months of actuals, is cleared (period 0 has none)."""
    changed = []
    for row in work.sheets.get("Settings", []):
        note = row.get("notes")
        if not isinstance(note, str) or not note:
            continue
        setting = registry.setting_for(row.get("setting", ""))
        if setting is not None and setting.name in ("period", "previous_period"):
            row["notes"] = None
            changed.append(setting.name)
            continue
        moved = _FY_LABEL.sub(lambda m: _next_label(m, closed), note)
        if moved != note:
            row["notes"] = moved
            changed.append(setting.name if setting else str(row.get("setting")))
    if changed:
        work.notes.append(f"Settings: notes quoting the closed year rewritten for the new one: {_listing(changed)}")


def _next_label(match: re.Match[str], closed: int) -> str:
    year = parse_fy(match.group(0))
    return fy_label(year + 1) if year is not None and year >= closed else match.group(0)


def _as_written(other: dict[str, list[list[object]]]) -> dict[str, list[list[object]]]:
    """A sheet the tool does not read, as Excel shows it: an error cell as its text (``#N/A``), a formula
    never calculated blank (its value was never saved)."""
    from forecast.inputs.reader import CellError

    return {name: [[v.text if isinstance(v, CellError) else v for v in line] for line in grid]
            for name, grid in other.items()}


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


@frozen
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
        read_me_sheet=read_me_sheet(rolled.rows.other_sheets),
    )


def read_me_sheet(other_sheets: dict[str, list[list[object]]]) -> str:
    """``Read me``, unless the user has their own sheet of that name (kept): then ``forecast read me``."""
    taken = {schema.header_key(name) for name in other_sheets}
    return TOOL_READ_ME if schema.header_key(schema.README_SHEET) in taken else schema.README_SHEET


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
