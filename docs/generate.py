"""Regenerate the parts of the docs that the code already knows, so they cannot drift.

    python docs/generate.py          # rewrite them
    python docs/generate.py --check  # exit 1 naming each part that is out of date (tests/project/test_docs_generated.py)

Each generated part sits between ``<!-- generated: NAME -->`` and
``<!-- end generated: NAME -->`` in its file; everything outside the markers
is written by hand.

- README.md ``commands``: each command's ``--help``, as click prints it.
- README.md ``input-sheets``: one row per input sheet, from the input registry (forecast/inputs/registry.py).
- docs/inputs-reference.md ``input-columns``: every sheet's columns with their notes, from each sheet module's schema.
- docs/outputs.md ``layout-keys``: the layout template's keys, from forecast/report/layout.py.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 100  # help text wrapped as on a 100-column terminal, whatever the machine


def commands() -> str:
    import click

    from forecast.cli import cli

    parts: list[str] = []
    with click.Context(cli, info_name="forecast", **_settings(cli)) as top:
        parts += ["### `forecast`", "", "```text", top.get_help(), "```", ""]
        for name in cli.list_commands(top):
            command = cli.get_command(top, name)
            assert command is not None
            with click.Context(command, info_name=name, parent=top, **_settings(command)) as ctx:
                parts += [f"### `forecast {name}`", "", "```text", command.get_help(ctx), "```", ""]
    return "\n".join(parts)


def _settings(command: object) -> dict[str, object]:
    """The command's own context settings (``-h``), at a fixed width."""
    return {**getattr(command, "context_settings", {}), "terminal_width": WIDTH, "max_content_width": WIDTH}


def input_sheets() -> str:
    from forecast.inputs.registry import SCHEMAS as SHEETS

    rows = ["| sheet | required | columns (bold: required) | what it holds |", "|---|---|---|---|"]
    for sheet in SHEETS:
        columns = ", ".join(f"**{c.name}**" if c.required else c.name for c in sheet.columns)
        rows.append(f"| {sheet.name} | {'yes' if sheet.required else ''} | {columns} | {sheet.note} |")
    return "\n".join(rows) + "\n"


def input_columns() -> str:
    from forecast.inputs.registry import SCHEMAS as SHEETS

    out: list[str] = []
    for sheet in SHEETS:
        out += [f"## {sheet.name}{' (required)' if sheet.required else ''}", "", sheet.note, ""]
        columns = sheet.settings or sheet.columns
        head = "setting" if sheet.settings else "column"
        out += [f"| {head} | kind | meaning |", "|---|---|---|"]
        out += [f"| `{c.name}` | {c.kind} | {c.describe().replace('|', '/')} |" for c in columns]
        out.append("")
    return "\n".join(out)


def layout_keys() -> str:
    from forecast.report.layout import keys_markdown

    return keys_markdown()


def build_headline() -> str:
    """What ``forecast build`` prints for the Blackpool example: quoted figures come from the code (issue 21)."""
    from forecast import api
    from forecast.report.headline import headline_text
    from forecast.report.layout import Layout
    from forecast.report.workbook import sheets_for

    source = ROOT / "inputs" / "blackpool-2019-20-m4.xlsx"
    results = api.run(source)
    sheets = len(sheets_for(results, Layout()))
    wrote = f"Wrote outputs/{source.stem}-forecast.xlsx ({sheets} sheets)"
    return "```\n" + headline_text(results) + "\n" + wrote + "\n```\n"


PARTS: tuple[tuple[str, str, Callable[[], str]], ...] = (
    ("README.md", "commands", commands),
    ("README.md", "input-sheets", input_sheets),
    ("docs/inputs-reference.md", "input-columns", input_columns),
    ("docs/outputs.md", "layout-keys", layout_keys),
    ("docs/outputs.md", "build-headline", build_headline),
)


def _replace(text: str, name: str, body: str, path: str) -> str:
    pattern = re.compile(
        rf"(<!-- generated: {re.escape(name)} -->\n).*?(<!-- end generated: {re.escape(name)} -->)", re.S
    )
    if not pattern.search(text):
        raise SystemExit(f"{path}: no '<!-- generated: {name} -->' ... '<!-- end generated: {name} -->' markers")
    return pattern.sub(lambda m: m.group(1) + body.rstrip("\n") + "\n" + m.group(2), text, count=1)


def generate(check: bool = False) -> list[str]:
    """Rewrite every generated part (or, with ``check``, only list those out of date); returns their names."""
    stale: list[str] = []
    texts: dict[str, str] = {}
    for path, name, make in PARTS:
        file = ROOT / path
        text = texts.get(path, file.read_text(encoding="utf-8"))
        new = _replace(text, name, make(), path)
        if new != text:
            stale.append(f"{path} ({name})")
        texts[path] = new
    if not check:
        for path, text in texts.items():
            (ROOT / path).write_text(text, encoding="utf-8")
    return stale


if __name__ == "__main__":
    checking = "--check" in sys.argv[1:]
    out_of_date = generate(check=checking)
    if checking and out_of_date:
        print("out of date (run python docs/generate.py): " + ", ".join(out_of_date), file=sys.stderr)
        sys.exit(1)
    print("up to date" if checking else f"regenerated: {', '.join(out_of_date) or 'nothing changed'}")
