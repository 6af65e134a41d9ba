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
import functools
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
        init = namespace["__init__"]

        @functools.wraps(init)
        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            self._rare = None  # read by the first property set, so it must exist first
            init(self, *args, **kwargs)

        namespace["__init__"] = __init__
        new: Any = type(cls.__name__, cls.__bases__, namespace)
        special: dict[str, Callable[[], property]] = {"version_id": _id_property, "seq": _seq_property}
        rare_defaults: list[object] = []
        for f in fields(cls):  # type: ignore[arg-type]
            if f.name in hot:
                continue
            if f.name in special:
                setattr(new, f.name, special[f.name]())
            elif f.name == "etag":
                setattr(new, f.name, _etag_property(len(rare_defaults)))
                rare_defaults.append(None)
            else:
                if f.default is MISSING:
                    raise TypeError(f"{cls.__name__}.{f.name} needs a default or a slot")
                setattr(new, f.name, _rare_property(len(rare_defaults), f.default))
                rare_defaults.append(f.default)
        new._rare_defaults = tuple(rare_defaults)
        return cast("type[T]", new)

    return rebuild
