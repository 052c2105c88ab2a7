"""Layout templates: how the output workbook looks, read from a TOML file.

A layout decides presentation only (column order, headings, number formats,
sign convention, units label, optional sheets, RAG colours); it never changes
a figure. The built-in default equals ``templates/appendix-7a.toml`` (a test
keeps them identical). The shipped layouts are package data in
``forecast/templates/``, named ``templates/NAME.toml`` in messages and on the
Assumptions sheet, so an installed wheel finds them as a checkout does.
"""

from __future__ import annotations

import re
from dataclasses import field
from pathlib import Path
from typing import Any

from forecast.errors import ForecastError
from forecast.report import registry
from forecast.records import frozen


class LayoutError(ForecastError):
    """A layout template cannot be used; the message names the file and the key."""


# Revenue Summary columns a layout may use, with their default headings.
COLUMNS: dict[str, str] = {
    "line": "Service area",
    "group": "Group",
    "method": "Forecast method",
    "budget": "Budget {year}\n{units}",
    "actual_to_date": "Actual to date\n{units}",
    "outturn": "Forecast outturn\n{units}",
    "variance": "Variance\n{units}",
    "earmarked": "Earmarked reserve set aside\n{units}",
    "earmark_unused": "Earmark not needed (stays in reserves)\n{units}",
    "earmark_drawn": "Funded from earmarked reserve\n{units}",
    "net_variance": "Net variance\n{units}",
    "variance_pct": "Net variance\n% of budget",
    "previous_variance": "Previous variance ({previous})\n{units}",
    "movement": "Movement\n{units}",
    "rag": "RAG",
    "comment": "Comment",
}
REQUIRED_COLUMNS = ("line", "net_variance")

# Sheets in the workbook's order, from the one registry: Revenue Summary and
# Checks are always written (the summary shows the master check); the rest are
# chosen by the layout.
SHEET_ORDER = registry.names()
ALWAYS_SHEETS = registry.always()
# Written whenever a build asks for them (--scenario, --all-scenarios, --risk), whatever the layout lists:
# a layout chooses presentation, it never makes asked-for work vanish.
ASKED_SHEETS = registry.asked()
OPTIONAL_SHEETS = registry.optional()

SIGN_CONVENTIONS = ("overspend-positive", "overspend-negative")
RAG_KEYS = ("green", "amber", "red", "delivered")
FORMAT_KEYS = ("money", "percent", "fte", "count", "rate", "unit_cost")
PLACEHOLDERS = ("authority", "service", "year", "month", "units", "previous")

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


@frozen
class Layout:
    """A validated layout template."""

    name: str = "Appendix 7(a) revenue summary"
    title: str = "Revenue Summary – budget, actual and forecast for {service}"
    columns: tuple[str, ...] = (
        "line",
        "budget",
        "actual_to_date",
        "outturn",
        "variance",
        "earmarked",
        "earmark_unused",
        "earmark_drawn",
        "net_variance",
        "variance_pct",
        "previous_variance",
        "movement",
        "rag",
        "comment",
    )
    headings: dict[str, str] = field(default_factory=lambda: dict(COLUMNS))
    sign_convention: str = "overspend-positive"
    units_label: str = ""  # "" = the inputs' units (£000 or £)
    sheets: tuple[str, ...] = OPTIONAL_SHEETS
    open_at: str = "Revenue Summary"
    formats: dict[str, str] = field(
        default_factory=lambda: {
            "money": "#,##0;(#,##0);-",
            "percent": "0.0%;(0.0%);-",
            "fte": "#,##0.0;(#,##0.0);-",
            "count": "#,##0.0;(#,##0.0);-",
            "rate": "0.0%",
            "unit_cost": "£#,##0;(£#,##0);-",
        }
    )
    rag_colours: dict[str, str] = field(
        default_factory=lambda: {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE", "delivered": "#BDD7EE"}
    )
    source: str = "(built-in appendix-7a)"

    @property
    def sign(self) -> int:
        """+1 when an overspend shows positive, −1 when the layout flips it."""
        return 1 if self.sign_convention == "overspend-positive" else -1

    def includes(self, sheet: str) -> bool:
        return sheet in ALWAYS_SHEETS or sheet in ASKED_SHEETS or sheet in self.sheets

    def heading(self, column: str, **values: str) -> str:
        """The column's heading with its placeholders filled. Read alone (issue 21): at Month 12 the outturn is
        no forecast ("Forecast outturn" prints "Outturn"), and "Previous variance" names its period."""
        values = {"previous": "", **values}
        text = self.headings.get(column, COLUMNS[column]).format(**values).replace(" ()", "")
        if column == "outturn" and values.get("month") == "12":
            text = re.sub(r"\b(?:Forecast|Projected) outturn", "Outturn", text)
            text = re.sub(r"^(?:Forecast|Projected)\b", "Outturn", text)
        if column == "previous_variance" and values["previous"] and values["previous"] not in text:
            first, sep, rest = text.partition("\n")
            text = f"{first} ({values['previous']}){sep}{rest}"
        return text


@frozen
class LayoutKey:
    """One key a layout template may set: docs/outputs.md's table of keys is generated from these."""

    name: str
    kind: str
    meaning: str


KEYS: tuple[LayoutKey, ...] = (
    LayoutKey("name", "text", "the layout's name, shown on the Assumptions sheet"),
    LayoutKey("title", "text", "the Revenue Summary's title (its A1); may use "
              + ", ".join("`{" + p + "}`" for p in PLACEHOLDERS)),
    LayoutKey("columns", "list", "Revenue Summary columns, left to right, from `" + " ".join(COLUMNS)
              + "`; `line` first; " + " and ".join(f"`{c}`" for c in REQUIRED_COLUMNS) + " required; no repeats; "
              "every row must add across: with `net_variance` beside `variance`, or beside `budget` and `outturn`, "
              "`earmark_drawn` (what the earmark funds) is required; `earmarked` is the amount set aside and "
              "`earmark_unused` what stays in reserves (set aside − unused = drawn)"),
    LayoutKey("sign_convention", " or ".join(f"`{c}`" for c in SIGN_CONVENTIONS),
              "how variance, net variance, variance %, previous variance, movement and the Variance Analysis show an "
              "overspend; with `overspend-negative` the formulas flip too (variance `=budget − outturn`, net "
              "`=variance + earmark drawn`), so recalculation still gives the figures shown"),
    LayoutKey("units_label", "text", "shown wherever a heading says `{units}` (e.g. `£'000`); empty: the inputs' units"),
    LayoutKey("sheets", "list", "optional sheets to write, from `" + " ".join(OPTIONAL_SHEETS) + "` ("
              + ", ".join(ALWAYS_SHEETS[:-1]) + " and " + ALWAYS_SHEETS[-1] + " are always written, Notes when there "
              "are notes; " + " and ".join(ASKED_SHEETS) + " whenever the build asks for them, listed or not)"),
    LayoutKey("open_at", "sheet name", "the sheet the workbook opens at"),
    LayoutKey("headings", "table", "a heading per column key (`[headings]`); `\\n` breaks the line"),
    LayoutKey("formats", "table", "Excel number formats (`[formats]`): " + ", ".join(f"`{k}`" for k in FORMAT_KEYS)),
    LayoutKey("rag_colours", "table", "fills as `#RRGGBB` (`[rag_colours]`): " + ", ".join(f"`{k}`" for k in RAG_KEYS)),
)
_TOP_KEYS = tuple(k.name for k in KEYS)


def keys_markdown() -> str:
    """The table of layout keys for docs/outputs.md (docs/generate.py writes it there)."""
    rows = ["| key | type | meaning |", "|---|---|---|"]
    rows += [f"| `{k.name}` | {k.kind} | {k.meaning} |" for k in KEYS]
    return "\n".join(rows) + "\n"


def templates_dir() -> Path:
    """The shipped layouts' folder, ``forecast/templates/``: package data, so an installed wheel has it too."""
    return Path(__file__).resolve().parents[1] / "templates"


def _shown(path: Path) -> str:
    """How a layout's file is named in messages and on the Assumptions sheet: a shipped one by
    ``templates/NAME.toml`` (never this machine's folders, so a build is the same on every machine)."""
    try:
        return (Path("templates") / path.resolve().relative_to(templates_dir().resolve())).as_posix()
    except ValueError:
        return str(path)


def layout_names() -> list[str]:
    """The shipped layout names (``templates/*.toml``), for help texts and messages."""
    return sorted(path.stem for path in templates_dir().glob("*.toml"))


def resolve_layout_path(spec: str | Path) -> Path:
    """A path as given, or a shipped layout: a bare name (``quarterly-monitoring``), or ``templates/NAME.toml``
    as the Assumptions sheet names it, when no such file is here (the layouts ship inside the package)."""
    path = Path(spec)
    if path.exists():
        return path
    if not path.suffix and path.parent == Path("."):
        return templates_dir() / f"{spec}.toml"
    if path.parent == Path("templates") and path.suffix == ".toml" and (templates_dir() / path.name).exists():
        return templates_dir() / path.name
    return path


def load_layout(spec: str | Path | None = None) -> Layout:
    """The layout at ``spec`` (a TOML path or a template name); the default when None."""
    if spec is None:
        return Layout()
    path = resolve_layout_path(spec)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LayoutError(f"{path}: layout template not found (templates ship in templates/*.toml)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LayoutError(f"{path}: cannot read layout template ({exc})") from None
    import tomllib  # only a layout file needs it: the default layout is Layout() (issue 25: 3 ms of a build)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LayoutError(f"{path}: not valid TOML ({exc})") from None
    return parse_layout(data, _shown(path))


def parse_layout(data: dict[str, Any], source: str) -> Layout:
    """Validate every key of a parsed template; the first bad key is a LayoutError naming it."""
    default = Layout()

    def fail(key: str, message: str) -> LayoutError:
        return LayoutError(f"{source}: {key}: {message}")

    for key in data:
        if key not in _TOP_KEYS:
            raise fail(key, f"unknown key; choose from {', '.join(_TOP_KEYS)}")
    name = _text(data, "name", default.name, fail)
    title = _text(data, "title", default.title, fail)
    _placeholders_ok("title", title, fail)
    columns = _columns(data.get("columns", list(default.columns)), fail)
    headings = dict(COLUMNS)
    for key, value in _table(data, "headings", fail).items():
        if key not in COLUMNS:
            raise fail(f"headings.{key}", f"unknown column; choose from {', '.join(COLUMNS)}")
        if not isinstance(value, str):
            raise fail(f"headings.{key}", f"must be text, got {value!r}")
        _placeholders_ok(f"headings.{key}", value, fail)
        headings[key] = value
    sign = _text(data, "sign_convention", default.sign_convention, fail)
    if sign not in SIGN_CONVENTIONS:
        raise fail("sign_convention", f"{sign!r}: choose from {', '.join(SIGN_CONVENTIONS)}")
    units_label = _text(data, "units_label", default.units_label, fail, allow_empty=True)
    sheets = _sheets(data.get("sheets", list(default.sheets)), fail)
    open_at = _text(data, "open_at", default.open_at, fail)
    if open_at not in SHEET_ORDER or not (open_at in ALWAYS_SHEETS or open_at in sheets):
        raise fail("open_at", f"{open_at!r}: must be one of the sheets written ({', '.join(ALWAYS_SHEETS + sheets)})")
    formats = dict(default.formats)
    for key, value in _table(data, "formats", fail).items():
        if key not in FORMAT_KEYS:
            raise fail(f"formats.{key}", f"unknown format; choose from {', '.join(FORMAT_KEYS)}")
        if not isinstance(value, str) or not value.strip():
            raise fail(f"formats.{key}", f"must be an Excel number format such as '#,##0', got {value!r}")
        formats[key] = value
    colours = dict(default.rag_colours)
    for key, value in _table(data, "rag_colours", fail).items():
        if key not in RAG_KEYS:
            raise fail(f"rag_colours.{key}", f"unknown RAG; choose from {', '.join(RAG_KEYS)}")
        if not isinstance(value, str) or not _COLOUR.match(value):
            raise fail(f"rag_colours.{key}", f"must be a colour written #RRGGBB, got {value!r}")
        colours[key] = value.upper()
    return Layout(
        name=name,
        title=title,
        columns=columns,
        headings=headings,
        sign_convention=sign,
        units_label=units_label,
        sheets=sheets,
        open_at=open_at,
        formats=formats,
        rag_colours=colours,
        source=source,
    )


def _text(data: dict[str, Any], key: str, default: str, fail: Any, allow_empty: bool = False) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise fail(key, f"must be {'text' if allow_empty else 'non-empty text'}, got {value!r}")
    return value


def _table(data: dict[str, Any], key: str, fail: Any) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise fail(key, f"must be a table ([{key}] with key = value lines), got {value!r}")
    return value


def _columns(value: Any, fail: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise fail("columns", "must be a non-empty list of column names")
    seen: set[str] = set()
    for i, column in enumerate(value):
        if column not in COLUMNS:
            raise fail(f"columns[{i}] = {column!r}", f"unknown column; choose from {', '.join(COLUMNS)}")
        if column in seen:
            raise fail(f"columns[{i}] = {column!r}", "listed twice")
        seen.add(column)
    for column in REQUIRED_COLUMNS:
        if column not in seen:
            raise fail("columns", f"must include {column!r} (required: {', '.join(REQUIRED_COLUMNS)})")
    if value[0] != "line":
        raise fail("columns", "'line' must come first (it labels each row)")
    adds_across(tuple(value), fail)
    return tuple(value)


def adds_across(columns: tuple[str, ...], fail: Any) -> None:
    """Every printed row must add across: a reader adds budget to variance and takes the earmark drawn off.

    Net variance = outturn − budget − earmark drawn (rev 3: an earmark is
    drawn only as far as the line overspends, so the amount set aside,
    ``earmarked``, does not add across). A layout showing the net variance
    beside the gross variance, or beside both budget and outturn, must show
    ``earmark_drawn`` too, else a line with an earmark does not add up on
    the page (quarterly monitoring once showed 12,000 and 13,854 beside an
    overspend of 1,354).
    """
    shown = set(columns)
    if "earmark_drawn" in shown or "net_variance" not in shown:
        return
    set_aside = (
        " ('earmarked' is the amount set aside, which an underspending line does not draw)" if "earmarked" in shown
        else ""
    )
    if "variance" in shown:
        raise fail(
            "columns",
            "shows 'variance' and 'net_variance' but not 'earmark_drawn': a row with an earmark would not add "
            f"across{set_aside}; add 'earmark_drawn' between them",
        )
    if {"budget", "outturn"} <= shown:
        raise fail(
            "columns",
            "shows 'budget', 'outturn' and 'net_variance' but not 'earmark_drawn': a row with an earmark would not "
            f"add across (net variance = outturn − budget − earmark drawn){set_aside}; add 'earmark_drawn' before "
            "'net_variance'",
        )


def _sheets(value: Any, fail: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise fail("sheets", "must be a list of sheet names")
    for i, sheet in enumerate(value):
        if sheet in ALWAYS_SHEETS:
            continue
        if sheet not in OPTIONAL_SHEETS:
            raise fail(f"sheets[{i}] = {sheet!r}", f"unknown sheet; choose from {', '.join(OPTIONAL_SHEETS)}")
    return tuple(s for s in OPTIONAL_SHEETS if s in value)


def _placeholders_ok(key: str, text: str, fail: Any) -> None:
    import string  # only a layout file's text has placeholders to check

    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise fail(key, f"{text!r}: {exc} (write {{{{ and }}}} for literal braces)") from None
    for placeholder in names:
        if placeholder not in PLACEHOLDERS:
            raise fail(
                key, f"{{{placeholder}}} is not a placeholder; use {', '.join('{' + p + '}' for p in PLACEHOLDERS)}"
            )
