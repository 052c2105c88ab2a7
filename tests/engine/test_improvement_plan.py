"""The improvement plan (calculations.md §11, issue 24): every figure worked by hand in the test.

The engine (``forecast.engine.actions``), the Actions rows' checks
(``forecast.inputs.actions``) and the narrative sentence; the sheet is
tested in ``test_improvement_plan_sheet.py``.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from actions_support import (
    CP_CASELOAD,
    ENFIELD_HISTORY,
    ENFIELD_POSTS,
    ENFIELD_ROWS,
    EXAMPLE_ROWS,
    TIMELY,
    action_rows,
    example_history,
    history_rows,
)
from forecast.engine.actions import (
    ActionResult,
    add_months,
    amber_horizon,
    improvement_plan,
    months_between,
)
from forecast.errors import Problem
from forecast.inputs.actions import ActionRow, RawActionRow, check_actions, name_key
from forecast.inputs.model import HistoryRow
from forecast.report.improvement_words import figure, sentence

FY = 2025  # 2025/26
E6 = dt.date(2025, 9, 30)  # the end of Month 6


def act(due: dt.date, status: str = "on track", section: str = "1. Leadership", action: str = "",
        **kw: object) -> ActionRow:
    return ActionRow(section=section, action=action or f"{status} due {due}", due=due, status=status, **kw)  # type: ignore[arg-type]


def one(row: ActionRow, period: int = 6, **kw: object) -> ActionResult:
    return improvement_plan([row], FY, period, **kw).items[0]  # type: ignore[arg-type]


# -- E, overdue and RAG -----------------------------------------------------------------------------------------

def test_period_end_is_the_months_last_day_and_the_day_before_the_year_at_period_0() -> None:
    assert improvement_plan([], FY, 6).period_end == E6
    assert improvement_plan([], FY, 0).period_end == dt.date(2025, 3, 31)
    assert improvement_plan([], FY, 12).period_end == dt.date(2026, 3, 31)
    assert improvement_plan([], FY, 11).period_end == dt.date(2026, 2, 28)


def test_due_on_the_periods_last_day_and_not_complete_is_overdue_and_red() -> None:
    on_the_day = one(act(E6, "on track"))
    assert on_the_day.overdue and on_the_day.rag == "red"
    next_day = one(act(dt.date(2025, 10, 1), "on track"))
    assert not next_day.overdue and next_day.rag == "green"
    done = one(act(dt.date(2025, 7, 1), "complete"))  # complete: never overdue, green
    assert not done.overdue and done.rag == "green"
    late_not_started = one(act(dt.date(2025, 8, 1), "not started"))  # overdue beats amber
    assert late_not_started.overdue and late_not_started.rag == "red"
    # the same action a month earlier (E = 31 Aug) is not yet overdue
    assert not one(act(E6, "on track"), period=5).overdue


def test_rag_from_status() -> None:
    later = dt.date(2026, 6, 30)
    assert one(act(later, "off track")).rag == "red"
    assert one(act(later, "at risk")).rag == "amber"
    assert one(act(later, "on track")).rag == "green"
    assert one(act(later, "not started")).rag == "green"  # due more than three months after E
    assert one(act(later, "complete")).rag == "green"


def test_amber_window_ends_on_the_same_day_three_calendar_months_after_e() -> None:
    # E = 30 Sep 2025; three calendar months on, the same day: 30 Dec 2025 (EDATE), not 31 Dec
    assert amber_horizon(E6) == dt.date(2025, 12, 30)
    assert one(act(dt.date(2025, 12, 30), "not started")).rag == "amber"
    assert one(act(dt.date(2025, 12, 31), "not started")).rag == "green"
    assert one(act(dt.date(2025, 10, 1), "not started")).rag == "amber"
    assert one(act(dt.date(2025, 12, 30), "on track")).rag == "green"  # only not started turns amber by date


def test_month_end_days_a_shorter_month_lacks_go_to_its_last_day() -> None:
    assert add_months(dt.date(2025, 8, 31), 3) == dt.date(2025, 11, 30)  # there is no 31 November
    assert add_months(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)  # a leap year
    assert add_months(dt.date(2025, 3, 31), 3) == dt.date(2025, 6, 30)  # P = 0's E
    # Month 5 (E = 31 Aug 2025): not started and due 30 Nov is amber, 1 Dec is green
    assert one(act(dt.date(2025, 11, 30), "not started"), period=5).rag == "amber"
    assert one(act(dt.date(2025, 12, 1), "not started"), period=5).rag == "green"


def test_a_sections_rag_is_its_worst_and_counts_are_by_section_and_rag() -> None:
    rows = [
        act(dt.date(2026, 1, 31), "on track", "1. Leadership", "a"),
        act(dt.date(2026, 1, 31), "at risk", "2. Practice", "b"),
        act(dt.date(2026, 1, 31), "complete", "1.  LEADERSHIP", "c"),  # the same section by the one name rule
        act(dt.date(2025, 9, 1), "on track", "2. Practice", "d"),  # overdue: red
        act(dt.date(2026, 1, 31), "on track", "3. Workforce", "e"),
        act(dt.date(2026, 6, 1), "at risk", "3. Workforce", "f"),
    ]
    plan = improvement_plan(rows, FY, 6)
    got = [(s.section, s.rag, s.green, s.amber, s.red, s.overdue) for s in plan.sections]
    assert got == [
        ("1. Leadership", "green", 2, 0, 0, 0),
        ("2. Practice", "red", 0, 1, 1, 1),
        ("3. Workforce", "amber", 1, 1, 0, 0),
    ]
    assert [i.section for i in plan.items][2] == "1. Leadership"  # reported under its first spelling
    assert [i.row.action for i in plan.overdue] == ["d"]
    assert (plan.count("green"), plan.count("amber"), plan.count("red")) == (3, 2, 1)


# -- measures ---------------------------------------------------------------------------------------------------

def constant_growth(measure: str = "caseload", start: float = 100.0, factor: float = 1.01) -> list[HistoryRow]:
    """Oct 2024 … Sep 2025, value_m = start × factor^m: ln(value) is a straight line, so b = ln(factor) exactly."""
    return [HistoryRow(dt.date(2024 + (9 + m) // 12, (9 + m) % 12 + 1, 1), measure, start * factor**m)
            for m in range(12)]


def test_months_from_the_latest_month_to_the_target_dates_month() -> None:
    assert months_between(dt.date(2025, 9, 1), dt.date(2026, 3, 31)) == 6  # Sep 2025 → Mar 2026
    assert months_between(dt.date(2025, 9, 1), dt.date(2025, 9, 30)) == 0
    assert months_between(dt.date(2025, 12, 1), dt.date(2026, 1, 1)) == 1


def test_projection_from_a_12_month_trend_with_known_growth() -> None:
    history = constant_growth()
    # ĝ = exp(12 ln 1.01) − 1 = 1.01^12 − 1 ≈ 12.68%; latest (Sep 2025, m = 11) = 100 × 1.01^11 ≈ 111.567
    # n = 6 months (Sep 2025 → Mar 2026): projected = latest × (1.01^12)^(6/12) = 100 × 1.01^17 ≈ 118.430
    row = act(dt.date(2026, 3, 31), measure="Caseload", target=118.0, target_date=dt.date(2026, 3, 15))
    m = one(row, history=history).measure
    assert m.latest == pytest.approx(100 * 1.01**11, rel=1e-12)
    assert m.growth == pytest.approx(1.01**12 - 1, rel=1e-9)
    assert m.months_to_target == 6
    assert m.projected == pytest.approx(100 * 1.01**17, rel=1e-9)
    assert m.met is False  # 111.57 < 118 (up)
    assert m.on_course is True  # 118.43 ≥ 118
    higher = one(act(dt.date(2026, 3, 31), measure="caseload", target=119.0, target_date=dt.date(2026, 3, 1)),
                 history=history).measure
    assert higher.on_course is False  # 118.43 < 119


def test_met_and_on_course_by_direction() -> None:
    falling = constant_growth(factor=0.97)  # latest = 100 × 0.97^11 ≈ 71.54; at Mar 2026, 100 × 0.97^17 ≈ 59.58
    down = dict(measure="caseload", target_date=dt.date(2026, 3, 31), direction="down")
    assert one(act(dt.date(2026, 3, 31), target=72.0, **down), history=falling).measure.met is True  # 71.54 ≤ 72
    assert one(act(dt.date(2026, 3, 31), target=71.0, **down), history=falling).measure.met is False
    assert one(act(dt.date(2026, 3, 31), target=60.0, **down), history=falling).measure.on_course is True  # 59.58
    assert one(act(dt.date(2026, 3, 31), target=59.0, **down), history=falling).measure.on_course is False
    up = dict(measure="caseload", target_date=dt.date(2026, 3, 31))  # direction up by default
    assert one(act(dt.date(2026, 3, 31), target=71.0, **up), history=falling).measure.met is True  # 71.54 ≥ 71
    assert one(act(dt.date(2026, 3, 31), target=60.0, **up), history=falling).measure.on_course is False  # falls
    exactly = 100 * 0.97**11
    assert one(act(dt.date(2026, 3, 31), target=exactly, **down), history=falling).measure.met is True  # equal meets
    assert one(act(dt.date(2026, 3, 31), target=exactly, **up), history=falling).measure.met is True


def test_measure_names_match_by_the_one_name_rule() -> None:
    history = constant_growth("Child\u00a0Protection   Caseload")
    row = act(dt.date(2026, 3, 31), measure=" child protection caseload ", target=1.0)
    assert one(row, history=history).measure.latest == pytest.approx(100 * 1.01**11)
    wide = act(dt.date(2026, 3, 31), measure="ＣＨＩＬＤ protection caseload", target=1.0)  # full-width letters: NFKC
    assert one(wide, history=history).measure.latest is not None
    assert name_key("Ａ\u00a0b\tC") == "a b c"


def test_null_rules() -> None:
    history = constant_growth()
    short = constant_growth("short")[-5:]  # 5 months: no trend
    target_date = dt.date(2026, 3, 31)
    none = one(act(target_date), history=history).measure  # no measure at all
    assert (none.latest, none.met, none.projected, none.on_course) == (None, None, None, None)
    missing = one(act(target_date, measure="referrals", target=5.0, target_date=target_date), history=history).measure
    assert (missing.latest, missing.met, missing.projected, missing.on_course) == (None, None, None, None)
    no_trend = one(act(target_date, measure="short", target=100.0, target_date=target_date), history=short).measure
    assert no_trend.latest == pytest.approx(100 * 1.01**11) and no_trend.met is True  # judged on met
    assert (no_trend.growth, no_trend.projected, no_trend.on_course) == (None, None, None)
    same_month = one(act(target_date, measure="caseload", target=100.0, target_date=dt.date(2025, 9, 30)),
                     history=history).measure
    assert same_month.months_to_target == 0 and same_month.projected is None and same_month.on_course is None
    before = one(act(target_date, measure="caseload", target=100.0, target_date=dt.date(2025, 6, 30)),
                 history=history).measure
    assert before.projected is None and before.met is True
    no_target = one(act(target_date, measure="caseload", target_date=target_date), history=history).measure
    assert no_target.latest is not None and (no_target.met, no_target.projected, no_target.on_course) == (None,) * 3
    no_date = one(act(target_date, measure="caseload", target=100.0), history=history).measure
    assert no_date.met is True and no_date.projected is None and no_date.on_course is None
    with_zero = [*constant_growth("z")[:-1], HistoryRow(dt.date(2025, 9, 1), "z", 0.0)]  # a 0 in the window
    zero = one(act(target_date, measure="z", target=1.0, target_date=target_date), history=with_zero).measure
    assert zero.latest == 0.0 and zero.met is False and zero.projected is None


def test_linked_investment_money_by_plan_year() -> None:
    money = {"Frontline Posts": ((0.0, 1000.0, 1000.0), (0.0, 0.0, 250.0))}
    plan = improvement_plan([act(E6, investment="frontline  posts"), act(E6, action="other")], FY, 6, money=money)
    first, second = plan.items
    assert first.money is not None and first.money.cost == (0.0, 1000.0, 1000.0)
    assert first.money.saving == (0.0, 0.0, 250.0)
    assert second.money is None


def test_json_has_outputs_md_keys() -> None:
    row = act(dt.date(2026, 3, 31), measure="caseload", target=118.0, target_date=dt.date(2026, 3, 31), lead="DCS")
    got = improvement_plan([row], FY, 6, history=constant_growth()).as_json()
    assert list(got) == ["sections", "overdue", "items"]
    assert got["sections"] == [{"section": "1. Leadership", "rag": "green", "green": 1, "amber": 0, "red": 0}]
    assert got["overdue"] == 0
    item = got["items"][0]  # type: ignore[index]
    assert list(item) == ["section", "action", "lead", "due", "status", "rag", "overdue", "measure", "latest",
                          "target", "met", "projected", "on_course"]
    assert item["due"] == "2026-03-31" and item["lead"] == "DCS" and item["on_course"] is True


# -- the examples -----------------------------------------------------------------------------------------------

def test_main_example_has_one_measure_on_course_and_one_not() -> None:
    history = history_rows(example_history())
    plan = improvement_plan(action_rows(EXAMPLE_ROWS), FY, 6, history=history)
    by_action = {i.row.action: i for i in plan.items}
    assert [(s.section, s.rag, s.green, s.amber, s.red) for s in plan.sections] == [
        ("1. Leadership and governance", "red", 1, 0, 1),  # the scorecard is due 30 Sep and not complete
        ("2. Quality of practice", "amber", 0, 2, 0),  # at risk; not started and due 15 Dec ≤ 30 Dec
        ("3. Workforce", "red", 2, 0, 1),  # off track
    ]
    assert [i.row.action for i in plan.overdue] == ["Refresh the performance scorecard the board reviews"]
    caseload = next(i for i in plan.items if i.row.measure == CP_CASELOAD).measure
    timely = next(i for i in plan.items if i.row.measure == TIMELY).measure
    assert caseload.on_course is True and caseload.met is False  # 18.6 now; about 15.5 by March against 18
    assert timely.on_course is False and timely.met is False  # 73.6% now; about 74.5% by March against 90%
    assert caseload.projected == pytest.approx(18.6 * 0.97**6, rel=0.01)
    assert timely.projected == pytest.approx(73.6 * 1.002**6, rel=0.005)
    assert by_action["Market supplement and career pathway for social workers"].row.investment is not None


def test_enfield_plan_as_the_seed_gives_it() -> None:
    rows = action_rows(ENFIELD_ROWS)
    money = {ENFIELD_POSTS: ((0.0, 1000.0, 1000.0, 1000.0), (0.0, 0.0, 0.0, 0.0))}
    plan = improvement_plan(rows, 2018, 6, history=history_rows(ENFIELD_HISTORY), money=money)
    assert plan.period_end == dt.date(2018, 9, 30)
    assert len(plan.items) == 8 and len(plan.sections) == 3
    assert plan.overdue == ()  # every action falls due in October or November 2018, after E
    # not started: none; statuses complete or on track only, so every action is green at Quarter 2
    assert plan.count("green") == 8
    capacity = next(i for i in plan.items if i.row.investment == ENFIELD_POSTS)
    assert capacity.money is not None and capacity.money.cost[1] == 1000.0
    m = capacity.measure
    assert m.latest == 33.25 and m.met is False  # 798 cases / 24 social workers against 18
    assert m.projected is None and m.on_course is None  # one month of History: no trend


# -- the narrative sentence -------------------------------------------------------------------------------------

def test_sentence_counts_by_rag_and_gives_each_measure() -> None:
    history = history_rows(example_history())
    plan = improvement_plan(action_rows(EXAMPLE_ROWS), FY, 6, history=history)
    # caseload 18.6 (26 × 0.97^11 = 18.61, rounded to 18.6 in History); projected 73.6 × 1.002^6 = 74.5
    assert sentence(plan) == (
        "3 of 7 improvement plan actions green, 2 amber and 2 red, 1 overdue; "
        f"{TIMELY} 73.6 against a target of 90 by March 2026, not on course (projected "
        f"{figure(timely_projection(plan))}); "
        f"{CP_CASELOAD} 18.6 against a target of 18 by March 2026, on course."
    )
    assert figure(timely_projection(plan)) == "74.5"


def timely_projection(plan: object) -> float:
    from forecast.engine.actions import ImprovementPlan

    assert isinstance(plan, ImprovementPlan)
    projected = next(i for i in plan.items if i.row.measure == TIMELY).measure.projected
    assert projected is not None
    return projected


def test_sentence_without_a_trend_says_met_or_not_and_none_overdue() -> None:
    rows = action_rows(ENFIELD_ROWS)
    plan = improvement_plan(rows, 2018, 6, history=history_rows(ENFIELD_HISTORY))
    assert sentence(plan) == ("8 of 8 improvement plan actions green, 0 amber and 0 red, none overdue; "
                              "R&A caseload 33.3 against a target of 18 by March 2020, not yet met.")
    assert sentence(improvement_plan([], FY, 6)) == ""
    assert figure(21.0) == "21" and figure(1234.56) == "1,234.6" and figure(33.25) == "33.3"  # half up, as Excel shows 0.0


# -- bad input, every problem in one run ------------------------------------------------------------------------

COLUMNS = ("section", "action", "lead", "due", "status", "investment", "measure", "target", "target_date",
           "direction")


def raw(row: int, **values: object) -> RawActionRow:
    return RawActionRow(values, {c: f"{'ABCDEFGHIJ'[i]}{row}" for i, c in enumerate(COLUMNS)})


def test_bad_input_all_in_one_run() -> None:
    due = dt.date(2026, 1, 31)
    rows = [
        raw(2, section="1. Leadership", action="Board", due=due, status="On Track", investment="frontline POSTS",
            measure="caseload", target=18, target_date="2026-03-31", direction="Down"),  # fine
        raw(3, section="1. Leadership", action="Status", due=due, status="done"),
        raw(4, section="1. Leadership", action="Direction", due=due, status="at risk", direction="sideways"),
        raw(5, section="1. Leadership", action="Due", due="next week", status="at risk"),
        raw(6, section="1. Leadership", action="Target date", due=due, status="at risk", measure="caseload",
            target=18, target_date=46112),
        raw(7, section="1. Leadership", action="Investment", due=due, status="at risk", investment="Unknown"),
        raw(8, section="1. Leadership", action="Target", due=due, status="at risk", target=18),
        raw(9, section="1.  leadership", action="board", due=due, status="at risk"),  # the same action again
        raw(10, section="2. Practice", action="Referrals", due=due, status="at risk", measure="referrals"),
        raw(11, action="No section", due=due, status="at risk"),
        raw(12, section="2. Practice", action="No due", status="at risk"),
        raw(13, section="2. Practice", action="Date only", due=due, status="at risk", measure="caseload",
            target_date=due),
    ]
    found, problems = check_actions(rows, investments=["Frontline posts"], measures=["Caseload"])
    errors = [(p.cell, p.message.split(" ")[0]) for p in problems if p.severity == "error"]
    warnings = [(p.cell, p.message.split(" ")[0]) for p in problems if p.severity == "warning"]
    assert errors == [
        ("E3", "status"), ("J4", "direction"), ("D5", "due"), ("I6", "target_date"), ("F7", "investment"),
        ("H8", "target"), ("B9", "action"), ("A11", "section"), ("D12", "due"),
    ]
    assert warnings == [("G10", "measure"), ("I13", "target_date")]
    assert all(isinstance(p, Problem) and p.sheet == "Actions" for p in problems)
    assert "looks like the date 2026-03-31" in next(p.message for p in problems if p.cell == "I6")
    assert [r.action for r in found] == ["Board", "Referrals", "Date only"]
    board = found[0]
    assert (board.status, board.direction, board.investment, board.target) == ("on track", "down", "Frontline posts",
                                                                               18.0)
    assert board.target_date == dt.date(2026, 3, 31) and board.cell == "Actions!B2" and board.row == 2
    assert math.isclose(board.target or 0, 18)


# -- history and compare helpers --------------------------------------------------------------------------------

def test_section_rags_for_history_and_status_changes_for_compare() -> None:
    from forecast.engine.actions import section_rags, status_changes

    rows = action_rows(EXAMPLE_ROWS)
    plan = improvement_plan(rows, FY, 6, history=history_rows(example_history()))
    assert section_rags(plan) == {"1. Leadership and governance": "red", "2. Quality of practice": "amber",
                                  "3. Workforce": "red"}
    later = [ActionRow(r.section.upper(), "  " + r.action.lower(), r.due,
                       "complete" if r.status == "on track" else r.status) for r in rows]
    changed = status_changes(rows, later)
    # on track → complete: the scorecard, the eight social workers and the market supplement (matched by the
    # one name rule though case and spacing changed)
    assert [(c.before, c.after) for c in changed] == [("on track", "complete")] * 3
    assert changed[0].action == "  refresh the performance scorecard the board reviews"
    assert status_changes(rows, rows) == ()


def test_paste_ready_table_has_one_row_per_action_as_text() -> None:
    from forecast.report.improvement_words import improvement_plan_table

    plan = improvement_plan(action_rows(EXAMPLE_ROWS), FY, 6, history=history_rows(example_history()))
    table = improvement_plan_table(plan)
    assert table.key == "improvement-plan" and len(table.rows) == 7
    row = next(r for r in table.rows if r.values[6] == CP_CASELOAD)
    assert row.label == "Recruit eight frontline social workers to Child Protection"
    assert row.values[2:] == ("31 March 2026", "On track", "Green", "No", CP_CASELOAD, "18.6", "18",
                              "31 March 2026", "15.5", "yes")  # 18.6 × 0.97^6 = 15.5
    assert len(table.columns) == 1 + len(row.values) == len(table.kinds)
