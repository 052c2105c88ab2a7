"""The variance narrative paragraph, in the style of a council's finance report.

Built from engine figures only, e.g. for Blackpool at Month 4 2019/20:
"Children's Social Care is forecast to overspend by £8,989k at Month 4
2019/20. When budgets were set, £3,570k was earmarked to cover the forecast
overspend on Looked After Children placements. Since that time, …, resulting
in an additional pressure of £4,625k. In addition to this, an amount of
£4,364k is included in the forecast relating to Ofsted Improvement Plan."
"""

from __future__ import annotations

from forecast.engine.results import LineResult, Results
from forecast.engine.variance import NEGLIGIBLE
from forecast.fy import fy_label
from forecast.report.benchmark_report import benchmark_sentence
from forecast.report.demand_words import demand_sentence
from forecast.report.improvement_words import narrative_sentence as plan_progress
from forecast.report.plan_words import investments_sentence, money, ongoing_sentence, plan_sentences, short

__all__ = ["money", "narrative"]


def _negligible(amount: float, units: str) -> bool:
    return abs(amount) < NEGLIGIBLE  # rounds to nothing in the report's units


def narrative(results: Results) -> str:
    """One paragraph explaining the service's net variance, its earmarks and its main lines.

    A paragraph a member reads, whatever the input's size: it names at most the engine's few material
    lines (``MAX_MATERIAL_LINES``), then the others as one figure, cuts long names short and lists no
    more than a few names in any plan sentence (under 3,000 characters at 10,000 lines).
    """
    s = results.settings
    units = s.units
    net = results.totals.net_variance
    when = f"at Month {s.period} {fy_label(s.financial_year)}" if s.period else f"for {fy_label(s.financial_year)}"
    final = s.period == 12  # the year is over: the figure is the outturn, not a forecast (issue 21)
    if final:
        when = f"in {fy_label(s.financial_year)} (Month 12 outturn)"
    if _negligible(net, units):
        head = f"{short(s.service)} {'has spent' if final else 'is forecast to spend'} within its budget {when}."
    else:
        verb = ("overspent" if net > 0 else "underspent") if final else ("overspend" if net > 0 else "underspend")
        head = f"{short(s.service)} {'has' if final else 'is forecast to'} {verb} by {money(net, units)} {when}."
    sentences = [head]
    by_name = {x.line: x for x in results.lines}
    material = [by_name[name] for name in results.material_lines]
    said_line = said_earmark = False
    contributing = 0
    for line in material:
        # Lines moving the same way as the total explain it; the others offset it.
        same_way = line.net_variance > 0 if net >= 0 else line.net_variance < 0
        if line.earmarked and not _negligible(line.earmarked, units):
            sentences += _earmarked_sentences(results, line, first=not said_earmark)
            said_earmark = said_line = True
        elif same_way:
            sentences.append(_contributing(line, units, first=not said_line, again=contributing > 0))
            said_line = True
            contributing += 1
        else:
            word = "an overspend" if line.net_variance > 0 else "an underspend"
            sentences.append(
                f"This is partly offset by {word} of {money(line.net_variance, units)} on {short(line.line)}."
            )
        ongoing = ongoing_sentence(line, results)
        if ongoing:
            sentences.append(ongoing)
    rest = results.other_lines_net_variance
    if material and not _negligible(rest, units):
        word = "overspend" if rest > 0 else "underspend"
        others = len(results.lines) - len(material)
        who = "Other lines" if others <= _COUNT_OTHERS_FROM else f"The other {others:,} lines"
        sentences.append(f"{who} together show a net {word} of {money(rest, units)}.")
    elif material and len(results.lines) - len(material) > _COUNT_OTHERS_FROM:  # many lines, netting to nothing
        sentences.append(f"The other {len(results.lines) - len(material):,} lines together show no net variance.")
    staffing = _staffing_sentence(results)
    if staffing:
        sentences.append(staffing)
    invested = investments_sentence(results)  # issue 21: each material investment, what it costs and buys
    if invested:
        sentences.append(invested)
    sentences += [s for s in (plan_progress(results),) if s]  # issue 24: the improvement plan's progress
    sentences += plan_sentences(results, paragraph=True)  # the plan years: reserves, carried cash limits, trends
    for extra in (demand_sentence(results), benchmark_sentence(results)):  # issues 22 and 23
        if extra:
            sentences.append(extra)
    text = " ".join(sentences)
    if final:  # the lines' sentences speak of the outturn too
        for said, meant in (("included in the forecast", "included in the outturn"),
                            ("The forecast includes", "The outturn includes"),
                            ("The forecast now shows", "The outturn shows"),
                            ("to cover the forecast overspend", "to cover the expected overspend")):
            text = text.replace(said, meant)
    return text


_COUNT_OTHERS_FROM = 20  # past this many other lines, the paragraph says how many


def _contributing(line: LineResult, units: str, first: bool, again: bool) -> str:
    """A line moving the same way as the service total, in the report's words."""
    amount = money(line.net_variance, units)
    name = short(line.line)
    if line.net_variance > 0:
        if first:
            return f"The forecast includes {amount} relating to {name}."
        if not again:
            return f"In addition to this, an amount of {amount} is included in the forecast relating to {name}."
        return f"A further {amount} is included in the forecast relating to {name}."
    if first:
        return f"This includes an underspend of {amount} on {name}."
    return f"A further underspend of {amount} is forecast on {name}."


def _earmarked_sentences(results: Results, line: LineResult, first: bool) -> list[str]:
    units = results.settings.units
    if first:
        opening = f"When budgets were set, {money(line.earmarked, units)} was earmarked to cover the forecast overspend"
    else:
        opening = f"A further {money(line.earmarked, units)} was earmarked at budget setting for the overspend"
    out = [f"{opening} on {short(line.line)}."]
    reasons = _reasons(results, line)
    since = f"Since that time, {reasons}, resulting in" if reasons else "The forecast now shows"
    unused = line.earmark_unused
    if line.net_variance > 0 and not _negligible(line.net_variance, units):
        out.append(f"{since} an additional pressure of {money(line.net_variance, units)}.")
    elif _negligible(unused, units):
        out.append("The sum earmarked covers the pressure in full.")
    elif _negligible(line.earmark_drawn, units):
        # rev 3 §1: an earmark is drawn only as far as the line overspends
        state = (
            f"now forecasts an underspend of {money(line.variance, units)}" if line.variance < 0
            and not _negligible(line.variance, units) else "no longer forecasts an overspend"
        )
        out.append(f"The line {state}, so none of the earmark is needed: it stays in reserves.")
    else:
        out.append(
            f"The pressure is now {money(line.earmark_drawn, units)}, which the earmark covers; the other "
            f"{money(unused, units)} is not needed and stays in reserves."
        )
    return out


def _reasons(results: Results, line: LineResult) -> str:
    """Why a placements or staffing line moved, from the signs of its bridge."""
    parts: list[str] = []
    adverse = line.net_variance >= 0
    p = results.placements
    if p is not None and line.line in p.lines:
        b = p.lines[line.line].bridge
        if (b.volume > 0) == adverse and b.volume:
            parts.append(
                "an increase in the number of children in placements"
                if b.volume > 0
                else "fewer children in placements"
            )
        if (b.mix > 0) == adverse and b.mix:
            parts.append(
                "an adverse change in the mix of placements"
                if b.mix > 0
                else "a favourable change in the mix of placements"
            )
        if (b.price > 0) == adverse and b.price:
            parts.append("higher weekly costs" if b.price > 0 else "lower weekly costs")
    st = results.staffing
    if st is not None and line.line in st.lines:
        if adverse and st.agency_premium > 0:
            parts.append("the premium paid for agency workers")
        if not adverse and st.vacancy_saving > 0:
            parts.append("vacant posts")
    if not parts:
        return ""
    if len(parts) == 1:
        return "there has been " + parts[0]
    return "there has been " + ", ".join(parts[:-1]) + " and " + parts[-1]


def _staffing_sentence(results: Results) -> str:
    st = results.staffing
    units = results.settings.units
    if st is None or not st.rows or st.agency_share is None:
        return ""
    text = f"Agency workers fill {st.agency_share:.0%} of the posts in use"
    if not _negligible(st.agency_premium, units):
        text += f", at a premium of {money(st.agency_premium, units)} a year over employees"
    if not _negligible(st.vacancy_saving, units):
        word = "save" if st.vacancy_saving > 0 else "cost"
        text += f"; vacancies {word} {money(st.vacancy_saving, units)} a year"
    return text + "."
