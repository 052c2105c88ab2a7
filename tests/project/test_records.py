"""``forecast.records.frozen`` behaves as ``@dataclass(frozen=True)`` does, without compiling anything per class.

Each check builds the same class twice, once with each decorator, and asks
both the same question: the records are only worth having if nothing that
reads a result or an input record can tell them apart.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
import re
import time
from dataclasses import dataclass, field
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecast.records import frozen, mutable


def _pair() -> tuple[type, type]:
    def body(decorate):  # type: ignore[no-untyped-def]
        @decorate
        class Line:
            """A budget line."""

            name: str
            budget: float
            tags: tuple[str, ...] = ()
            notes: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
            ratio: float = field(init=True, default=1.0)

        return Line

    return body(dataclass(frozen=True)), body(frozen)


DATACLASS, RECORD = _pair()
VALUES = st.tuples(
    st.text(max_size=5), st.floats(allow_nan=True), st.lists(st.text(max_size=3), max_size=3).map(tuple),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2), st.floats(allow_nan=False),
)


@pytest.mark.slow
@given(VALUES, VALUES)
def test_equality_hash_and_repr_are_a_dataclass_s(a: tuple[object, ...], b: tuple[object, ...]) -> None:
    for left, right in ((a, a), (a, b)):
        d1, d2 = DATACLASS(*left), DATACLASS(*right)
        r1, r2 = RECORD(*left), RECORD(*right)
        assert (r1 == r2) is (d1 == d2)
        assert (r1 != r2) is (d1 != d2)
        assert repr(r1) == repr(d1)
        assert hash(r1) == hash(d1)  # the same field values, so the same hash (a NaN's is its identity in both)


def test_nan_fields_compare_by_identity_as_in_a_tuple() -> None:
    nan = float("nan")
    assert RECORD("a", nan) == RECORD("a", nan)  # the same NaN object, as a dataclass's tuple comparison
    assert (RECORD("a", nan) == RECORD("a", float("nan"))) is (DATACLASS("a", nan) == DATACLASS("a", float("nan")))


def test_keywords_defaults_and_factories() -> None:
    r = RECORD(budget=2.0, name="x")
    assert (r.name, r.budget, r.tags, r.notes, r.ratio) == ("x", 2.0, (), {}, 1.0)
    assert RECORD("x", 1.0).notes is not RECORD("x", 1.0).notes  # a fresh dict each time
    assert RECORD("a", 1.0) != DATACLASS("a", 1.0)  # different classes are never equal
    assert RECORD("a", 1.0) == RECORD("a", 1.0, notes={"differs": "but is not compared"})


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    ((), {"name": "x"}, "missing field 'budget'"),
    (("x", 1.0, (), {}, 1.0, "extra"), {}, "takes 5 fields but 6 were given"),
    (("x",), {"name": "y", "budget": 1.0}, "multiple values for field 'name'"),
    (("x", 1.0), {"colour": "red"}, "unexpected field 'colour'"),
    (("x",), {"colour": "red"}, "unexpected field 'colour'"),  # as many values as fields, one of them unknown
])
def test_a_wrong_call_is_a_type_error_as_for_a_dataclass(args: tuple[object, ...], kwargs: dict[str, object],
                                                         message: str) -> None:
    with pytest.raises(TypeError, match=re.escape(message)):
        RECORD(*args, **kwargs)
    with pytest.raises(TypeError):
        DATACLASS(*args, **kwargs)


def test_frozen() -> None:
    r = RECORD("x", 1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.budget = 2.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del r.budget  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.other = 1  # type: ignore[attr-defined]
    assert r.budget == 1.0


def test_the_dataclasses_functions_work_on_records() -> None:
    r = RECORD("x", 1.0, ("a",))
    assert dataclasses.is_dataclass(r)
    assert [f.name for f in dataclasses.fields(r)] == [f.name for f in dataclasses.fields(DATACLASS)]
    assert dataclasses.asdict(r) == dataclasses.asdict(DATACLASS("x", 1.0, ("a",)))
    changed = dataclasses.replace(r, budget=5.0)
    assert (changed.budget, changed.name, type(changed)) == (5.0, "x", RECORD)
    assert r.budget == 1.0


def test_post_init_runs_after_the_fields_are_set() -> None:
    @frozen
    class Derived:
        a: float
        double: float = 0.0

        def __post_init__(self) -> None:
            object.__setattr__(self, "double", self.a * 2)

    assert Derived(3.0).double == 6.0
    assert dataclasses.replace(Derived(3.0), a=4.0).double == 8.0


@frozen
class Kept:
    """A record defined at module level, as every record in forecast is (a batch worker pickles its results)."""

    name: str
    notes: dict[str, str] = field(default_factory=dict)


def test_pickle_and_copy_round_trip() -> None:
    r = Kept("x", {"k": "v"})
    for again in (pickle.loads(pickle.dumps(r)), copy.copy(r), copy.deepcopy(r)):
        assert again == r and again.notes == {"k": "v"} and type(again) is Kept
    assert copy.deepcopy(r).notes is not r.notes


def test_a_record_costs_far_less_to_define_than_a_frozen_dataclass() -> None:
    """The reason the module exists: measured in CPU time, the two decorators over the same 30 classes."""
    fields = "\n".join(f"    f{i}: int = {i}" for i in range(15))
    source = "\n".join(f"@decorate\nclass C{n}:\n{fields}\n" for n in range(30))
    code = compile(source, "<classes>", "exec")

    def cost(decorate: object) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            exec(code, {"decorate": decorate})
            best = min(best, time.process_time() - start)
        return best

    assert cost(frozen) * 3 < cost(dataclass(frozen=True))


def test_a_mutable_record_is_a_plain_dataclass_s_equal() -> None:
    @mutable
    class Table:
        name: str
        rows: list[int] = field(default_factory=list)

    @dataclass
    class Plain:
        name: str
        rows: list[int] = field(default_factory=list)

    t = Table("a")
    t.rows.append(1)
    t.name = "b"  # fields may change
    assert (t.name, t.rows, repr(t).replace("Table", "")) == ("b", [1], repr(Plain("b", [1])).replace("Plain", ""))
    assert t == Table("b", [1]) and t != Table("b")
    with pytest.raises(TypeError, match="unhashable"):
        hash(t)  # as a dataclass with eq and without frozen
    with pytest.raises(TypeError, match="unhashable"):
        hash(Plain("b"))
    assert [f.name for f in dataclasses.fields(t)] == ["name", "rows"]


def test_forecast_defines_its_records_with_frozen_or_mutable() -> None:
    """A new ``@dataclass`` in the package would bring the compiling back, a class at a time."""
    from pathlib import Path

    package = Path(__file__).parents[2] / "forecast"
    found = [f"{path.relative_to(package.parent)}:{n}" for path in sorted(package.rglob("*.py"))
             for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if re.match(r"\s*@(dataclasses\.)?dataclass\b", line)]
    assert not found, f"use forecast.records.frozen or mutable instead of @dataclass: {found}"


def test_an_unknown_field_is_refused_even_when_the_count_matches() -> None:
    with pytest.raises(TypeError, match="unexpected field 'colour'"):
        Kept("x", colour="red")  # type: ignore[call-arg]  # two values for two fields, one of them unknown


def test_dataclass_fields_are_worked_out_on_first_use_with_what_field_said() -> None:
    @frozen
    class Late:
        a: int
        b: tuple[int, ...] = field(default=(), compare=False, repr=False)
        c: list[int] = field(default_factory=list)

    assert "__dataclass_params__" not in Late.__dict__  # nothing worked out at definition
    assert Late(1).b == () and Late(1).c == [] and Late(1) == Late(1, (2,))
    made = {f.name: f for f in dataclasses.fields(Late)}
    assert (made["b"].default, made["b"].compare, made["b"].repr) == ((), False, False)
    assert made["c"].default_factory is list and made["a"].default is dataclasses.MISSING
    assert Late.b == () and "c" not in Late.__dict__  # the class attributes a dataclass leaves
    assert Late(1) == Late(1, (5,)) and repr(Late(1)) == f"{Late.__qualname__}(a=1, c=[])"  # its own methods stay
    assert dataclasses.replace(Late(1, (3,), [4]), a=2) == Late(2, (3,), [4])


def test_many_threads_asking_at_once_get_one_set_of_fields() -> None:
    import threading

    @frozen
    class Shared:
        a: int
        b: str = ""

    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(dataclasses.fields(Shared))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 8 and all(g == got[0] for g in got) and [f.name for f in got[0]] == ["a", "b"]


def test_what_a_record_does_not_take_is_refused_when_it_is_defined() -> None:
    with pytest.raises(TypeError, match="cannot derive"):
        @frozen
        class Child(Kept):  # type: ignore[misc]
            extra: int = 0
    with pytest.raises(TypeError, match="ClassVar"):
        @frozen
        class WithClassVar:
            count: ClassVar[int] = 0  # type: ignore[misc]  # noqa: F821
    with pytest.raises(TypeError, match="default, default_factory"):
        @frozen
        class Hidden:
            a: int = field(default=0, init=False)
    with pytest.raises(TypeError, match="mutable default list"):  # as a dataclass refuses it: every record would share it
        @mutable
        class Shared:
            rows: list[int] = []  # noqa: RUF012
