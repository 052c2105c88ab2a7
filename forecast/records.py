"""Records that cost next to nothing to define: ``@frozen`` in place of ``@dataclass(frozen=True)``, and
``@mutable`` in place of ``@dataclass``.

``dataclasses.dataclass`` writes ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__`` and ``__delattr__`` of every class as source text
and compiles each one when the module is imported, then works out each field
(for a string annotation, whether it names ``ClassVar`` or ``InitVar``). A
build imports about a hundred such classes (the inputs' records, the results,
the report's context), and that was a third of ``forecast build`` as a whole
process (benchmarks/RESULTS.md, issue 25).

A record reads its fields from the class body itself (the annotations, in
order, and their defaults or ``field(...)``), and every record has the same
six methods, written once here:

* ``__init__`` takes the fields by position or name, fills the defaults and
  ``default_factory`` values, then calls ``__post_init__`` if the class has one;
* ``__eq__`` and ``__hash__`` use the fields with ``compare=True``, and only
  records of the same class are equal, as a dataclass's are;
* ``__repr__`` shows the fields with ``repr=True``;
* setting or deleting an attribute raises ``dataclasses.FrozenInstanceError``
  (``__post_init__`` sets derived fields with ``object.__setattr__``, as it
  does in a frozen dataclass).

``mutable`` is the same without the last point and, as for a dataclass whose
fields may change, with no hash.

A record is still a dataclass to ``dataclasses.fields``, ``replace``,
``asdict`` and ``is_dataclass``: ``__dataclass_fields__`` is worked out by
``dataclasses`` itself the first time something asks for it (a scenario's
change, the Assumptions sheet's settings, a test), for that class alone.
Type checkers read ``frozen`` as a frozen dataclass and ``mutable`` as a plain
one (``dataclass_transform``). What a record does not take (inheritance,
``ClassVar``, ``InitVar``, ``field(init=False)``, ``kw_only``, ``hash=``) is
refused when the class is defined, not silently done differently.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, cast, dataclass_transform

_T = TypeVar("_T")
_MISSING: Any = dataclasses.MISSING
_UNSUPPORTED_ANNOTATION = re.compile(r"^\s*(?:(?:typing|dataclasses)\.)?(?:ClassVar|InitVar)\b")


class _Spec:
    """What the generic methods need of one record class, read from its body once when it is defined."""

    __slots__ = ("names", "known", "defaults", "factories", "compared", "shown", "post_init")

    def __init__(self, cls: type, fields: dict[str, dataclasses.Field[Any]]) -> None:
        self.names = tuple(fields)
        self.known = frozenset(self.names)
        self.defaults = {n: f.default for n, f in fields.items() if f.default is not _MISSING}
        self.factories: dict[str, Callable[[], Any]] = {
            n: cast("Callable[[], Any]", f.default_factory) for n, f in fields.items() if f.default_factory is not _MISSING}
        compared = tuple(n for n, f in fields.items() if f.compare)
        # the compared fields as one tuple, as a dataclass's __eq__ and __hash__ make it (attrgetter of several
        # names returns a tuple; of one, the value alone)
        self.compared: Callable[[Any], tuple[Any, ...]] = (
            attrgetter(*compared) if len(compared) > 1
            else (lambda record: (getattr(record, compared[0]),)) if compared else (lambda record: ())
        )
        self.shown = tuple(n for n, f in fields.items() if f.repr)
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


class _DataclassFields:
    """A record's ``__dataclass_fields__``, made by ``dataclasses`` the first time it is read.

    The ``field(...)`` objects of the class body are put back on the class and
    ``dataclasses.dataclass`` runs with nothing to generate (``init``, ``repr``
    and ``eq`` off, so the record's own methods stay): it sets the real
    ``__dataclass_fields__`` (replacing this descriptor) and ``__dataclass_params__``.
    """

    _lock = threading.Lock()  # two threads of one batch asking at once make it once

    def __init__(self, declared: dict[str, dataclasses.Field[Any]]) -> None:
        self.declared = declared

    def __get__(self, instance: object, owner: type) -> dict[str, dataclasses.Field[Any]]:
        with self._lock:
            if owner.__dict__.get("__dataclass_fields__") is self:
                for name, declared in self.declared.items():
                    setattr(owner, name, declared)
                dataclasses.dataclass(owner, init=False, repr=False, eq=False)
        made: dict[str, dataclasses.Field[Any]] = owner.__dict__["__dataclass_fields__"]
        return made


def _fields(cls: type) -> tuple[dict[str, dataclasses.Field[Any]], dict[str, dataclasses.Field[Any]]]:
    """Each field of the class body (name → a Field holding its default, factory, compare and repr), and the
    ``field(...)`` objects as written; each class attribute that was a ``field(...)`` becomes its default."""
    if any("__dataclass_fields__" in base.__dict__ or "__record__" in base.__dict__ for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__qualname__}: a record cannot derive from another record or a dataclass")
    fields: dict[str, dataclasses.Field[Any]] = {}
    declared: dict[str, dataclasses.Field[Any]] = {}
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if not isinstance(annotation, str) or _UNSUPPORTED_ANNOTATION.match(annotation):
            raise TypeError(f"{cls.__qualname__}.{name}: a record takes plain annotations (no ClassVar or InitVar; "
                            "modules of records use `from __future__ import annotations`)")
        value = cls.__dict__.get(name, _MISSING)
        if isinstance(value, dataclasses.Field):
            if not value.init or value.kw_only is True or value.hash is not None:
                raise TypeError(f"{cls.__qualname__}.{name}: a record's field() takes default, default_factory, "
                                "compare and repr only")
            declared[name] = value
            if value.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, value.default)
            fields[name] = value
        else:
            fields[name] = dataclasses.field(default=value)
        default = fields[name].default
        if default is not _MISSING and type(default).__hash__ is None:  # a list, dict or set: shared by every record
            raise TypeError(f"{cls.__qualname__}.{name}: mutable default {type(default).__name__} is not allowed: "
                            "use field(default_factory=...)")
    return fields, declared


def _record(cls: type[_T], methods: dict[str, object]) -> type[_T]:
    fields, declared = _fields(cls)
    spec = _Spec(cls, fields)
    if not cls.__doc__:
        cls.__doc__ = f"{cls.__name__}({', '.join(spec.names)})"
    methods = {**methods, "__init__": _init, "__eq__": _eq, "__repr__": _repr, "__record__": spec,
               "__match_args__": spec.names, "__dataclass_fields__": _DataclassFields(declared)}
    for name, method in methods.items():
        setattr(cls, name, method)
    return cls


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def frozen(cls: type[_T]) -> type[_T]:
    """Make ``cls`` a frozen record: a frozen dataclass's behaviour, with the methods above."""
    return _record(cls, {"__hash__": _hash, "__setattr__": _frozen, "__delattr__": _frozen})


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def mutable(cls: type[_T]) -> type[_T]:
    """Make ``cls`` a record whose fields may change (a plain ``@dataclass``): unhashable, as a dataclass is."""
    return _record(cls, {"__hash__": None})
