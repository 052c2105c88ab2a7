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

Type checkers read ``frozen`` as a frozen dataclass (``dataclass_transform``).
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar, dataclass_transform

_T = TypeVar("_T")
_MISSING = dataclasses.MISSING


class _Spec:
    """What the generic methods need of one record class, worked out once when the class is defined."""

    __slots__ = ("names", "defaults", "factories", "compared", "shown", "post_init")

    def __init__(self, cls: type) -> None:
        fields = dataclasses.fields(cls)
        self.names = tuple(f.name for f in fields)
        self.defaults = {f.name: f.default for f in fields if f.default is not _MISSING}
        self.factories = {f.name: f.default_factory for f in fields if f.default_factory is not _MISSING}
        self.compared = tuple(f.name for f in fields if f.compare)
        self.shown = tuple(f.name for f in fields if f.repr)
        self.post_init = getattr(cls, "__post_init__", None)


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    spec: _Spec = type(self).__record__
    names = spec.names
    if len(args) > len(names):
        raise TypeError(f"{type(self).__qualname__}() takes {len(names)} fields but {len(args)} were given")
    values = dict(zip(names, args, strict=False))  # fewer values than fields: the rest by name or default
    for name, value in kwargs.items():
        if name in values:
            raise TypeError(f"{type(self).__qualname__}() got multiple values for field {name!r}")
        values[name] = value
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
        if len(values) != len(names):
            unknown = sorted(set(values) - set(names))
            raise TypeError(f"{type(self).__qualname__}() got unexpected field {unknown[0]!r}")
    self.__dict__.update(values)
    if spec.post_init is not None:
        spec.post_init(self)


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    own, theirs, names = self.__dict__, other.__dict__, self.__record__.compared
    return tuple(own[name] for name in names) == tuple(theirs[name] for name in names)  # as a dataclass compares


def _hash(self: Any) -> int:
    own = self.__dict__
    return hash(tuple(own[name] for name in self.__record__.compared))


def _repr(self: Any) -> str:
    own = self.__dict__
    shown = ", ".join(f"{name}={own[name]!r}" for name in self.__record__.shown)
    return f"{type(self).__qualname__}({shown})"


def _frozen(self: Any, name: str, *value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def frozen(cls: type[_T]) -> type[_T]:
    """Make ``cls`` a frozen record: a dataclass's fields, with the methods above instead of compiled ones."""
    undocumented = not cls.__doc__
    if undocumented:
        cls.__doc__ = "-"  # dataclasses would write one from inspect.signature, the costliest step left
    dataclasses.dataclass(cls, init=False, repr=False, eq=False)
    spec = _Spec(cls)
    if undocumented:
        cls.__doc__ = f"{cls.__name__}({', '.join(spec.names)})"
    methods: dict[str, object] = {"__init__": _init, "__eq__": _eq, "__hash__": _hash, "__repr__": _repr,
                                  "__setattr__": _frozen, "__delattr__": _frozen, "__record__": spec}
    for name, method in methods.items():
        setattr(cls, name, method)
    return cls
