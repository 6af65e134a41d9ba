"""How `ObjectVersion` keeps a million small objects small: few slots, the rest on demand.

A slots dataclass pays 8 bytes a field on every instance, and `ObjectVersion` has about twenty fields
of which a plain object uses five (key, version id, body, ETag, date). `compact` turns a dataclass
that declares `__slots__` for only some of its fields into one whose other fields are properties:

- every field not in `__slots__` (metadata, tags, retention, ... and any field added later) lives in
  one shared `_rare` list, made on the first write of a value other than the field's default; until
  then the property answers the default, and the instance holds `None`;
- `etag`: a small body's ETag is the quoted MD5 of its bytes, computed when read, so it is not kept
  (96 bytes an object); any other ETag (multipart, large body) is kept in `_rare`;
- `version_id`: an id in the form `Ids.version_id` makes (32 of its 64 characters) is kept as the 24
  bytes it packs into, and unpacked when read (64 bytes instead of 96); any other id is kept as is;
- `seq`: its own slot (`_seq`).

`seq` and every other field need a default. The dataclass's `__init__`, `__repr__` and `fields()` stay as `@dataclass` made them, and every field
keeps its name for reading and writing, so other code (and a field added with a default) needs no change.
"""

from __future__ import annotations

import binascii
import hashlib
from collections.abc import Callable
from dataclasses import MISSING, fields
from typing import Any, TypeVar, cast

T = TypeVar("T")

#: Bodies up to this size have their ETag computed when read (an MD5 of 256 bytes is about 0.3 µs).
LAZY_ETAG_MAX = 256

#: `Ids.version_id`'s alphabet, position for position against standard base64's.
_ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._"
_B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_TO_B64 = str.maketrans(_ID_ALPHABET, _B64_ALPHABET)
_FROM_B64 = bytes.maketrans(_B64_ALPHABET.encode(), _ID_ALPHABET.encode())
_ID_CHARS = frozenset(_ID_ALPHABET)


def md5_etag(body: bytes) -> str:
    """The ETag S3 gives a single-part object: the quoted MD5 hex digest of its bytes."""
    return f'"{hashlib.md5(body).hexdigest()}"'


def pack_id(version_id: str) -> str | bytes:
    """A 32-character id of `Ids.version_id`'s alphabet as 24 bytes; any other id unchanged."""
    if len(version_id) != 32 or not _ID_CHARS.issuperset(version_id):
        return version_id
    return binascii.a2b_base64(version_id.translate(_TO_B64))


def unpack_id(held: str | bytes) -> str:
    if type(held) is str:
        return held
    return binascii.b2a_base64(held, newline=False).translate(_FROM_B64).decode()  # type: ignore[arg-type]


def _is_default(value: object, default: object) -> bool:
    # Identity, except for immutable scalars: an empty dict passed in stays that dict, not the default.
    return value is default or (type(value) in (str, bool, int) and type(value) is type(default)
                                and value == default)


def _rare_property(index: int, default: object) -> property:
    def get(self: Any) -> Any:
        rare = self._rare
        return default if rare is None else rare[index]

    def set_(self: Any, value: object) -> None:
        rare = self._rare
        if rare is None:
            if _is_default(value, default):
                return
            rare = self._rare = list(self._rare_defaults)
        rare[index] = value

    return property(get, set_)


def _etag_property(index: int) -> property:
    def get(self: Any) -> str:
        rare = self._rare
        if rare is not None and rare[index] is not None:
            return rare[index]  # type: ignore[no-any-return]
        return md5_etag(self.body)

    def set_(self: Any, value: str) -> None:
        body = self.body
        if len(body) <= LAZY_ETAG_MAX and value == md5_etag(body):
            value = None  # type: ignore[assignment]  # the body's MD5, computed when read
            if self._rare is None:
                return
        elif self._rare is None:
            self._rare = list(self._rare_defaults)
        self._rare[index] = value

    return property(get, set_)


def _id_property() -> property:
    def get(self: Any) -> str:
        return unpack_id(self._id)

    def set_(self: Any, value: str) -> None:
        self._id = pack_id(value)

    return property(get, set_)


def _seq_property() -> property:
    def get(self: Any) -> int:
        return self._seq  # type: ignore[no-any-return]

    def set_(self: Any, value: int) -> None:
        self._seq = value

    return property(get, set_)


def _make_init(cls: type, hot: tuple[str, ...], rare: list[Any], rare_defaults: tuple[object, ...]) -> Any:
    """An `__init__` with the dataclass's signature that fills the slots at once: the rare list only
    when some value differs from its default (identity, or equality for str, bool, int and None)."""
    params: list[str] = []
    checks: list[str] = []
    env: dict[str, Any] = {"_pack": pack_id, "_md5": md5_etag, "_LAZY": LAZY_ETAG_MAX}
    for f in fields(cls):
        if f.default is MISSING:
            params.append(f.name)
        else:
            env[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
    values = []
    for f in rare:
        if f.name == "etag":
            values.append("etag")
            checks.append("etag is None")
        else:
            values.append(f.name)
            scalar = f.default is None or type(f.default) in (str, bool, int)
            checks.append(f"{f.name} {'==' if scalar else 'is'} _d_{f.name}")
    lines = [f"def __init__(self, {', '.join(params)}):"]
    lines += [f"    self.{name} = {name}" for name in hot]
    lines += ["    self._id = _pack(version_id)", "    self._seq = seq"]
    if "etag" in [f.name for f in rare]:
        lines.append("    if len(body) <= _LAZY and etag == _md5(body):")
        lines.append("        etag = None  # the body's MD5, computed when read")
    lines.append(f"    self._rare = None if ({' and '.join(checks) or 'True'}) else [{', '.join(values)}]")
    exec("\n".join(lines), env)  # generated from the class's own field names, as dataclasses does
    init: Any = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def compact(*hot: str) -> Callable[[type[T]], type[T]]:
    """Rebuild dataclass `cls` with slots for the `hot` fields plus `_id`, `_seq` and `_rare`, every
    other field a property (see above), as `@dataclass(slots=True)` rebuilds a class with a slot per
    field. Apply it above `@dataclass` (without `slots=True`). Fields are assigned in declaration order,
    so `body` must come before `etag`."""

    def rebuild(cls: type[T]) -> type[T]:
        names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
        if "body" in names and "etag" in names and names.index("body") > names.index("etag"):
            raise TypeError(f"{cls.__name__}: body must be declared before etag")
        namespace = {k: v for k, v in cls.__dict__.items() if k not in ("__dict__", "__weakref__")}
        for name in names:
            namespace.pop(name, None)  # defaults live in __init__'s signature, as with slots=True
        namespace["__slots__"] = (*hot, "_id", "_rare", "_seq")
        rare = [f for f in fields(cls) if f.name not in hot and f.name not in ("version_id", "seq")]  # type: ignore[arg-type]
        for f in rare:
            if f.default is MISSING and f.name != "etag":
                raise TypeError(f"{cls.__name__}.{f.name} needs a default or a slot")
        rare_defaults = tuple(None if f.name == "etag" else f.default for f in rare)
        namespace["__init__"] = _make_init(cls, hot, rare, rare_defaults)
        new: Any = type(cls.__name__, cls.__bases__, namespace)
        new.version_id = _id_property()
        new.seq = _seq_property()
        for index, f in enumerate(rare):
            prop = _etag_property(index) if f.name == "etag" else _rare_property(index, f.default)
            setattr(new, f.name, prop)
        new._rare_defaults = rare_defaults
        return cast("type[T]", new)

    return rebuild
