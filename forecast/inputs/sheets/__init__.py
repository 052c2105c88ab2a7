"""One module per input sheet, each listed once in ``forecast/inputs/registry.py``.

A sheet module declares everything about its sheet:

- ``SCHEMA``: a ``forecast.schema.SheetSchema``: the columns in template
  order (name, kind, note, default, drop-down choices, units, limits), the
  key that must be unique, ``scenario_key`` (the column a Scenarios or Risks
  ``row`` names), ``fixed`` (the columns a scenario may not change), ``roll``
  (the columns ``forecast roll`` fills) and, for a sheet of one row per
  setting, ``settings``. The template writes, and the docs list, exactly
  this.
- ``RECORD``: the typed, frozen record of one row (re-exported by
  ``forecast.inputs.model`` for the engine).
- ``read(table, plan)``: the row checks. Each cell is already converted by
  ``cells.convert`` (``row.value(name)``: None when blank, ``BAD`` when
  wrong and reported); ``read`` adds the rules of the row (``row.error``,
  ``row.warning`` name the cell), looks other sheets' rows up through the
  ``Plan`` (``plan.line_ref``, ``plan.staff_ref``, ``plan.check_trend``)
  and records what later sheets may name, then returns the records.

A module imports the reading machinery (``Plan``, ``Table``, ``Row``) for
types only, so the records can be imported without the reader.

Example, a sheet of one-off grants by year::

    SCHEMA = SheetSchema(
        "Grants",
        (
            Column("name", TEXT, "Name of the grant. Unique.", required=True),
            Column("year", YEAR, "Financial year it is received.", required=True),
            Column("amount", COUNT, "Amount received.", required=True, units=UNITS),
        ),
        key=("name",),
        note="Grants received (optional sheet).",
        scenario_key="name",
        fixed=("name",),
    )


    @frozen  # forecast.records: a frozen dataclass without the compiling
    class Grant:
        name: str
        year: int
        amount: float


    RECORD = Grant


    def read(table: Table, plan: Plan) -> list[Grant]:
        grants = []
        for row in table.rows:
            plan.check_year(row, "year")
            if row.ok:
                grants.append(Grant(row.value("name"), row.value("year"), row.value("amount")))
        return grants

and one line in the registry: ``_sheet(grants, "grants")`` (plus a
``grants: tuple[Grant, ...] = ()`` field of ``Inputs`` for the engine).
"""
