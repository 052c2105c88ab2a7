"""Frozen records that cost next to nothing to define: ``@frozen`` in place of ``@record``.

``dataclasses.dataclass`` writes ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__`` and ``__delattr__`` of every class as source text
and compiles each one when the module is imported. A build imports about a
hundred such classes (the inputs' records, the results, the report's context),
and that compiling was a third of ``forecast build`` as a whole process
(benchmarks/RESULTS.md, issue 25).

``frozen`` lets ``dataclasses`` do only the bookkeeping of the fields, with
nothing generated, so ``dataclasses.fields``, ``replace``, ``asdict`` and
``is_dataclass`` work as before, and gives every record the same six methods,
written once here:

* ``__init__`` takes the fields by position or name, fills the defaults and
  ``default_factory`` values, then calls ``__post_init__`` if the class has one;
* ``__eq__`` and ``__hash__`` use the fields with ``compare=True``, and only
  records of the same class are equal, as a dataclass's are;
* ``__repr__`` shows the fields with ``repr=True``;
* setting or deleting an attribute raises ``dataclasses.FrozenInstanceError``
  (``__post_init__`` sets derived fields with ``object.__setattr__``, as it
  does in a frozen dataclass).

``mutable`` is the same without the last point and, as for a dataclass whose
fields may change, with no hash. Type checkers read ``frozen`` as a frozen
dataclass and ``mutable`` as a plain one (``dataclass_transform``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

_T = TypeVar("_T")
_MISSING = dataclasses.MISSING


class _Spec:
    """What the generic methods need of one record class, worked out once when the class is defined."""

    __slots__ = ("names", "known", "defaults", "factories", "compared", "shown", "post_init")

    def __init__(self, cls: type) -> None:
        fields = dataclasses.fields(cls)
        self.names = tuple(f.name for f in fields)
        self.known = frozenset(self.names)
        self.defaults = {f.name: f.default for f in fields if f.default is not _MISSING}
        self.factories = {f.name: f.default_factory for f in fields if f.default_factory is not _MISSING}
        compared = tuple(f.name for f in fields if f.compare)
        # the compared fields as one tuple, as a dataclass's __eq__ and __hash__ make it (attrgetter of several
        # names returns a tuple; of one, the value alone)
        self.compared: Callable[[Any], tuple[Any, ...]] = (
            attrgetter(*compared) if len(compared) > 1
            else (lambda record: (getattr(record, compared[0]),)) if compared else (lambda record: ())
        )
        self.shown = tuple(f.name for f in fields if f.repr)
        self.post_init = getattr(cls, "__post_init__", None)


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    spec: _Spec = type(self).__record__
    names = spec.names
    if len(args) > len(names):
        raise TypeError(f"{type(self).__qualname__}() takes {len(names)} fields but {len(args)} were given")
    values = dict(zip(names, args, strict=False))  # fewer values than fields: the rest by name or default
    if kwargs:
        if not spec.known.issuperset(kwargs):
            raise TypeError(f"{type(self).__qualname__}() got unexpected field {min(kwargs.keys() - spec.known)!r}")
        if not values.keys().isdisjoint(kwargs):
            raise TypeError(f"{type(self).__qualname__}() got multiple values for field "
                            f"{min(values.keys() & kwargs.keys())!r}")
        values.update(kwargs)
    if len(values) != len(names):
        for name in names:
            if name in values:
                continue
            if name in spec.defaults:
                values[name] = spec.defaults[name]
            elif name in spec.factories:
                values[name] = spec.factories[name]()
            else:
                raise TypeError(f"{type(self).__qualname__}() missing field {name!r}")
    self.__dict__.update(values)
    if spec.post_init is not None:
        spec.post_init(self)


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    values = self.__record__.compared
    return values(self) == values(other)  # tuples, as a dataclass compares


def _hash(self: Any) -> int:
    return hash(self.__record__.compared(self))


def _repr(self: Any) -> str:
    own = self.__dict__
    shown = ", ".join(f"{name}={own[name]!r}" for name in self.__record__.shown)
    return f"{type(self).__qualname__}({shown})"


def _frozen(self: Any, name: str, *value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def frozen(cls: type[_T]) -> type[_T]:
    """Make ``cls`` a frozen record: a dataclass's fields, with the methods above instead of compiled ones."""
    return _record(cls, {"__hash__": _hash, "__setattr__": _frozen, "__delattr__": _frozen})


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def mutable(cls: type[_T]) -> type[_T]:
    """Make ``cls`` a record whose fields may change (a plain ``@dataclass``): unhashable, as a dataclass is."""
    return _record(cls, {"__hash__": None})


def _record(cls: type[_T], methods: dict[str, object]) -> type[_T]:
    undocumented = not cls.__doc__
    if undocumented:
        cls.__doc__ = "-"  # dataclasses would write one from inspect.signature, the costliest step left
    dataclasses.dataclass(cls, init=False, repr=False, eq=False)
    spec = _Spec(cls)
    if undocumented:
        cls.__doc__ = f"{cls.__name__}({', '.join(spec.names)})"
    methods = {**methods, "__init__": _init, "__eq__": _eq, "__repr__": _repr, "__record__": spec}
    for name, method in methods.items():
        setattr(cls, name, method)
    return cls
