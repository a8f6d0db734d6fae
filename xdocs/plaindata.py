"""Typed plain data: dataclasses to JSON values and back, validated on the way in.

Caches store what they learned as JSON, never as pickles: reading JSON runs no
code. This module turns a dataclass tree (a portal ``CardEntry`` with its
workflow state, findings, records, dates) into JSON values using the type
annotations, and decodes JSON back only when it matches those annotations
*exactly*: every field present, no extra field, every value of its declared
type. Anything else raises :class:`Invalid`, which a cache treats as a miss.
A value the annotations cannot describe raises :class:`Unencodable` when
encoding, so it is simply not cached.

Supported annotations: ``None``, ``bool``, ``int``, ``float``, ``str``,
``datetime``, ``date``, enums, dataclasses, ``list``/``tuple``/``set``,
``dict``, unions, ``Literal`` and ``Any`` (plain YAML-like data: scalars, lists,
mappings and dates, tagged so that decoding is unambiguous).


One module although it is a little over 400 lines: it is one codec, and the encode
and decode rules for each type sit side by side so that they cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

#: deepest nesting accepted inside ``Any`` values (a front-matter is far shallower).
MAX_DEPTH = 64

Codec = tuple[Callable[[Any, int], Any], Callable[[Any, int], Any]]


class Unencodable(TypeError):
    """A value (or an annotation) this codec cannot represent."""


class Invalid(ValueError):
    """JSON that does not match the annotations it is decoded against."""


Overrides = Mapping[tuple[type, str], Any]
_REGISTRY: dict[frozenset[tuple[tuple[type, str], Any]], _Codecs] = {}


def _codecs(overrides: Overrides | None) -> _Codecs:
    key = frozenset((overrides or {}).items())
    if key not in _REGISTRY:
        _REGISTRY[key] = _Codecs(dict(overrides or {}))
    return _REGISTRY[key]


def encode(value: Any, tp: Any, overrides: Overrides | None = None) -> Any:
    """``value`` (of annotation ``tp``) as JSON-compatible data; Unencodable if impossible.

    ``overrides`` gives the real type of dataclass fields annotated ``Any``:
    ``{(CardEntry, "state"): WorkflowState | None}``.
    """
    return _codecs(overrides).get(tp)[0](value, 0)


def decode(data: Any, tp: Any, overrides: Overrides | None = None) -> Any:
    """JSON data back to a value of ``tp``; Invalid unless it matches exactly."""
    try:
        return _codecs(overrides).get(tp)[1](data, 0)
    except Invalid:
        raise
    except (TypeError, ValueError, KeyError, OverflowError, RecursionError) as exc:
        raise Invalid(f"{type(exc).__name__}: {exc}") from None


def _deeper(depth: int) -> int:
    if depth > MAX_DEPTH:
        raise Invalid("nested too deeply")
    return depth + 1


class _Codecs:
    """Builds one (encode, decode) pair per annotation, once."""

    def __init__(self, overrides: Overrides) -> None:
        self.overrides = overrides
        self.cache: dict[Any, Codec] = {}
        self.building: set[Any] = set()

    def get(self, tp: Any) -> Codec:
        if tp in self.cache:
            return self.cache[tp]
        if tp in self.building:  # a recursive type: look the codec up when it is used
            return (lambda v, d: self.cache[tp][0](v, d), lambda v, d: self.cache[tp][1](v, d))
        self.building.add(tp)
        try:
            codec = self._build(tp)
        except Unencodable as exc:  # remembered: asking again gives the same answer
            codec = (_raise(exc), _raise(exc))
        finally:
            self.building.discard(tp)
        self.cache[tp] = codec
        return codec

    # -- builders ---------------------------------------------------------------------
    def _build(self, tp: Any) -> Codec:  # noqa: C901 - one branch per kind of annotation
        if tp is Any or tp is object:
            return _any_codec()
        if tp is None or tp is type(None):
            return _exact(type(None))
        if tp is bool:
            return _exact(bool)
        if tp is int:
            return _int_codec()
        if tp is float:
            return _float_codec()
        if tp is str:
            return _exact(str)
        if tp is dt.datetime:
            return _iso_codec(dt.datetime)
        if tp is dt.date:
            return _iso_codec(dt.date)
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return _enum_codec(tp)
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            return self._dataclass(tp)
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            return self._union(args)
        if origin is typing.Literal:
            return _literal_codec(args)
        if origin in (list, set, frozenset) or (origin is tuple and args[-1:] == (Ellipsis,)):
            return self._sequence(origin, args[0] if args else Any)
        if origin is tuple:
            return self._fixed_tuple(args)
        if origin is dict:
            return self._mapping(*(args or (Any, Any)))
        if tp in (list, dict, tuple, set):
            return self._build(tp[Any] if tp is not dict else dict[Any, Any])
        raise Unencodable(f"no plain-data form for {tp!r}")

    def _dataclass(self, cls: type) -> Codec:
        try:
            hints = typing.get_type_hints(cls)
        except Exception as exc:  # noqa: BLE001 - an annotation that does not resolve
            raise Unencodable(f"{cls.__name__}: {exc}") from None
        fields = dataclasses.fields(cls)
        names = [f.name for f in fields]
        kinds = {f.name: self.overrides.get((cls, f.name), hints[f.name]) for f in fields}
        init = {f.name for f in fields if f.init}
        codecs = {name: self.get(kinds[name]) for name in names}
        expected = set(names)

        def enc(value: Any, depth: int) -> Any:
            if type(value) is not cls:
                raise Unencodable(f"expected {cls.__name__}, got {type(value).__name__}")
            return {n: codecs[n][0](getattr(value, n), depth + 1) for n in names}

        def dec(data: Any, depth: int) -> Any:
            if not isinstance(data, dict) or set(data) != expected:
                raise Invalid(f"{cls.__name__}: fields do not match")
            values = {n: codecs[n][1](data[n], _deeper(depth)) for n in names}
            obj = cls(**{n: v for n, v in values.items() if n in init})
            for n in names:
                if n not in init:
                    object.__setattr__(obj, n, values[n])
            return obj

        return enc, dec

    def _union(self, members: tuple[Any, ...]) -> Codec:
        optional = type(None) in members
        rest = [m for m in members if m is not type(None)]
        if len(rest) == 1:
            inner = self.get(rest[0])

            def enc1(value: Any, depth: int) -> Any:
                return None if value is None else inner[0](value, depth)

            def dec1(data: Any, depth: int) -> Any:
                return None if data is None else inner[1](data, depth)

            if optional:
                return enc1, dec1
            return inner
        codecs = [self.get(m) for m in rest]

        def enc(value: Any, depth: int) -> Any:
            if value is None and optional:
                return None
            for i, codec in enumerate(codecs):
                try:
                    return {"u": i, "v": codec[0](value, depth)}
                except Unencodable:
                    continue
            raise Unencodable(f"{type(value).__name__} fits no member of the union")

        def dec(data: Any, depth: int) -> Any:
            if data is None and optional:
                return None
            if not isinstance(data, dict) or set(data) != {"u", "v"} or type(data["u"]) is not int:
                raise Invalid("bad union value")
            if not 0 <= data["u"] < len(codecs):
                raise Invalid("bad union member")
            return codecs[data["u"]][1](data["v"], depth)

        return enc, dec

    def _sequence(self, origin: Any, item: Any) -> Codec:
        inner = self.get(item)
        make = {list: list, set: set, frozenset: frozenset, tuple: tuple}[origin]

        def enc(value: Any, depth: int) -> Any:
            if not isinstance(value, (list, tuple, set, frozenset)):
                raise Unencodable(f"expected a sequence, got {type(value).__name__}")
            return [inner[0](v, depth + 1) for v in value]

        def dec(data: Any, depth: int) -> Any:
            if not isinstance(data, list):
                raise Invalid("expected a list")
            return make(inner[1](v, _deeper(depth)) for v in data)

        return enc, dec

    def _fixed_tuple(self, items: tuple[Any, ...]) -> Codec:
        codecs = [self.get(i) for i in items]

        def enc(value: Any, depth: int) -> Any:
            if not isinstance(value, tuple) or len(value) != len(codecs):
                raise Unencodable("tuple of the wrong length")
            return [c[0](v, depth + 1) for c, v in zip(codecs, value, strict=True)]

        def dec(data: Any, depth: int) -> Any:
            if not isinstance(data, list) or len(data) != len(codecs):
                raise Invalid("tuple of the wrong length")
            return tuple(c[1](v, _deeper(depth)) for c, v in zip(codecs, data, strict=True))

        return enc, dec

    def _mapping(self, key: Any, value: Any) -> Codec:
        kc, vc = self.get(key), self.get(value)
        if key is str:

            def enc_s(obj: Any, depth: int) -> Any:
                if not isinstance(obj, dict):
                    raise Unencodable(f"expected a mapping, got {type(obj).__name__}")
                return {kc[0](k, depth): vc[0](v, depth + 1) for k, v in obj.items()}

            def dec_s(data: Any, depth: int) -> Any:
                if not isinstance(data, dict):
                    raise Invalid("expected a mapping")
                return {k: vc[1](v, _deeper(depth)) for k, v in data.items()}

            return enc_s, dec_s

        def enc(obj: Any, depth: int) -> Any:
            if not isinstance(obj, dict):
                raise Unencodable(f"expected a mapping, got {type(obj).__name__}")
            return [[kc[0](k, depth + 1), vc[0](v, depth + 1)] for k, v in obj.items()]

        def dec(data: Any, depth: int) -> Any:
            if not isinstance(data, list) or not all(
                isinstance(p, list) and len(p) == 2 for p in data
            ):
                raise Invalid("expected a list of pairs")
            out = {}
            for k, v in data:
                k = kc[1](k, _deeper(depth))
                try:
                    hash(k)
                except TypeError:
                    raise Invalid("unhashable key") from None
                out[k] = vc[1](v, _deeper(depth))
            return out

        return enc, dec


def _raise(exc: Unencodable) -> Callable[[Any, int], Any]:
    def fail(value: Any, depth: int) -> Any:
        raise Unencodable(str(exc))

    return fail


def _exact(kind: type) -> Codec:
    def enc(value: Any, depth: int) -> Any:
        if kind is str and isinstance(value, str):
            return str(value)
        if type(value) is not kind:
            raise Unencodable(f"expected {kind.__name__}, got {type(value).__name__}")
        return value

    def dec(data: Any, depth: int) -> Any:
        if type(data) is not kind:
            raise Invalid(f"expected {kind.__name__}, got {type(data).__name__}")
        return data

    return enc, dec


def _int_codec() -> Codec:
    def enc(value: Any, depth: int) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Unencodable(f"expected int, got {type(value).__name__}")
        return int(value)

    def dec(data: Any, depth: int) -> Any:
        if type(data) is not int:
            raise Invalid(f"expected int, got {type(data).__name__}")
        return data

    return enc, dec


def _float_codec() -> Codec:
    def enc(value: Any, depth: int) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Unencodable(f"expected float, got {type(value).__name__}")
        return float(value)

    def dec(data: Any, depth: int) -> Any:
        if type(data) not in (int, float):
            raise Invalid(f"expected float, got {type(data).__name__}")
        return float(data)

    return enc, dec


def _iso_codec(kind: type) -> Codec:
    def enc(value: Any, depth: int) -> Any:
        if not isinstance(value, kind) or (kind is dt.date and isinstance(value, dt.datetime)):
            raise Unencodable(f"expected {kind.__name__}, got {type(value).__name__}")
        return kind.isoformat(value)

    def dec(data: Any, depth: int) -> Any:
        if type(data) is not str:
            raise Invalid(f"expected an ISO {kind.__name__}")
        return kind.fromisoformat(data)

    return enc, dec


def _enum_codec(kind: type[enum.Enum]) -> Codec:
    def enc(value: Any, depth: int) -> Any:
        if not isinstance(value, kind):
            raise Unencodable(f"expected {kind.__name__}")
        return value.value

    def dec(data: Any, depth: int) -> Any:
        if type(data) not in (int, str):
            raise Invalid(f"expected a {kind.__name__} value")
        return kind(data)

    return enc, dec


def _literal_codec(values: tuple[Any, ...]) -> Codec:
    def enc(value: Any, depth: int) -> Any:
        if value not in values:
            raise Unencodable(f"{value!r} is not one of {values}")
        return value

    def dec(data: Any, depth: int) -> Any:
        if data not in values or type(data) not in (str, int, bool, type(None)):
            raise Invalid(f"{data!r} is not one of {values}")
        return data

    return enc, dec


def _any_codec() -> Codec:
    """Plain YAML-like data, tagged: ``{"l": […]}`` a list, ``{"m": [[k, v], …]}`` a
    mapping, ``{"t": iso}`` a datetime, ``{"d": iso}`` a date; scalars as they are."""

    def enc(value: Any, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise Unencodable("nested too deeply")
        if value is None:
            return None
        if isinstance(value, bool):
            return bool(value)
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            return float(value)
        if isinstance(value, str):
            return str(value)
        if isinstance(value, dt.datetime):
            return {"t": value.isoformat()}
        if isinstance(value, dt.date):
            return {"d": value.isoformat()}
        if isinstance(value, (list, tuple)):
            return {"l": [enc(v, depth + 1) for v in value]}
        if isinstance(value, dict):
            return {"m": [[enc(k, depth + 1), enc(v, depth + 1)] for k, v in value.items()]}
        raise Unencodable(f"no plain-data form for {type(value).__name__}")

    def dec(data: Any, depth: int) -> Any:
        depth = _deeper(depth)
        if data is None or type(data) in (bool, int, float, str):
            return data
        if not isinstance(data, dict) or len(data) != 1:
            raise Invalid("bad plain value")
        ((tag, inner),) = data.items()
        if tag == "t" and type(inner) is str:
            return dt.datetime.fromisoformat(inner)
        if tag == "d" and type(inner) is str:
            return dt.date.fromisoformat(inner)
        if tag == "l" and isinstance(inner, list):
            return [dec(v, depth) for v in inner]
        if tag == "m" and isinstance(inner, list):
            out = {}
            for pair in inner:
                if not isinstance(pair, list) or len(pair) != 2:
                    raise Invalid("bad mapping pair")
                key = dec(pair[0], depth)
                try:
                    hash(key)
                except TypeError:
                    raise Invalid("unhashable key") from None
                out[key] = dec(pair[1], depth)
            return out
        raise Invalid(f"bad tag {tag!r}")

    return enc, dec
