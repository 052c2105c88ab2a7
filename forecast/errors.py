"""One error hierarchy for the whole tool.

The CLI turns every ``ForecastError`` into one clear message on stderr and
exit code 1; anything else is a bug and shows a traceback only with --debug.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
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
