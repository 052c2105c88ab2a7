"""One error hierarchy for the whole tool.

The CLI turns every ``ForecastError`` into one clear message on stderr and
exit code 1; anything else is a bug and shows a traceback only with --debug.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from forecast.records import frozen


@frozen
class Problem:
    """One thing wrong (or worth a warning) in the input workbook.

    ``sheet`` and ``cell`` say where (``cell`` may be "" when the problem is
    with a whole sheet or file); ``message`` says what and how to fix it.
    """

    sheet: str
    cell: str
    message: str
    severity: str = "error"  # "error" or "warning"

    @property
    def place(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or "file"

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


class ForecastError(Exception):
    """Base of every error the tool reports to a user (exit code 1)."""


class InputError(ForecastError):
    """The input workbook cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem] | str, path: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem("", "", problems)]
        self.problems = [p for p in problems if p.severity == "error"] or problems
        self.path = path
        super().__init__(self._text())

    def _text(self) -> str:
        head = f"{self.path}: " if self.path else ""
        n = len(self.problems)
        if n == 1:
            return head + str(self.problems[0])
        lines = [f"{head}{n} problems in the input workbook:"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class OutputError(ForecastError):
    """An output could not be written (folder missing, file open, disk full)."""


class UsageError(ForecastError):
    """A call's argument cannot be used: ``parameter`` names it as the library function spells it.

    The message is written once, naming arguments as ``{name}`` (the bare name) or ``{name=}`` (with its value
    from ``values``); only names given in ``values`` are replaced (a path's own braces stay). The library shows them as Python does (``force=True``); the command line renders the
    same message with its own options (``--force``) via ``worded``, so a library message never names a flag
    and the command line never repeats the library's check.
    """

    def __init__(self, parameter: str, template: str, *, wrong_call: bool = False, **values: object) -> None:
        self.parameter = parameter
        self.wrong_call = wrong_call  # wrong whatever the files hold (the command line's usage error, exit 2)
        self.template = template
        self.values = values
        super().__init__(self.worded(lambda name, value: name if value is None else f"{name}={value}"))

    def worded(self, spell: Callable[[str, object | None], str]) -> str:
        """The message with each ``{name}`` / ``{name=}`` spelt by ``spell(name, value or None)``."""
        def one(match: re.Match[str]) -> str:
            name, with_value = match[1], bool(match[2])
            if name not in self.values:
                return match[0]
            return spell(name, self.values[name] if with_value else None)

        return re.sub(r"\{(\w+)(=?)\}", one, self.template)


class OutputPathError(UsageError, OutputError):
    """An output path that cannot be used: an ``OutputError`` that names the output argument as ``UsageError``
    does (``output`` in the library, ``-o`` on the command line)."""

    def __init__(self, template: str, **values: object) -> None:
        given: dict[str, Any] = {"output": None, **values}  # Any: none of them is wrong_call
        super().__init__("output", template, **given)
