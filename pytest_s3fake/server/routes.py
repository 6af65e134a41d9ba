"""From an HTTP request to botocore's operation name, by a table built once from botocore's S3 model.

Each operation in the model has an `http.method` and a `requestUri` such as `/{Bucket}/{Key+}?uploads`
or `/{Bucket}?list-type=2`. The table groups operations by (method, target), where the target is what
the path names: the service (`/`), a bucket (`/{Bucket}`) or an object (`/{Bucket}/{Key+}`). Within a
group each operation has its *discriminators*: the query names (and values) of its requestUri, the
query parameters its input shape requires (`uploadId`, `partNumber`, `id`), and the headers it requires
(`x-amz-copy-source` for CopyObject and UploadPartCopy). A request matches an operation when it carries
all of that operation's discriminators.

Rules for the cases the model leaves open (docs/server.md lists them):
1. The most specific match wins: the one with the most discriminators. `PUT /b/k?partNumber=1&uploadId=u`
   with `x-amz-copy-source` is UploadPartCopy (3) over UploadPart (2), CopyObject (1) and PutObject (0).
2. `?x-id=Name` (sent by the JavaScript SDK v3 and others) names the operation outright when `Name` is one
   of the group's operations.
3. Operations that share every discriminator (GetBucketLifecycle and GetBucketLifecycleConfiguration,
   ListBuckets and ListDirectoryBuckets, ...) resolve to one fixed name, chosen when the table is built:
   an operation we implement over one we do not, then one the model does not mark deprecated, then the
   shorter name.
4. A method the target has no operation for at all (`POST /b/k`, `PATCH /b`) is `405 MethodNotAllowed`;
   a method none of whose operations matches (for example `POST /b/k` without `?uploads` or `?uploadId`)
   is `405` too, as S3 answers it.
5. The one exception to the model: `POST /{Bucket}` with `Content-Type: multipart/form-data` that no model
   operation matches is PostObject (a browser form upload), which botocore's model does not have.
6. Operations addressed by a host prefix rather than a bucket in the path (WriteGetObjectResponse, whose
   model `requestUri` is the literal `/WriteGetObjectResponse` and whose host starts with its
   `RequestRoute`) are found by that literal path, whether it arrives as the path itself (a client
   with `inject_host_prefix=False`) or as the key under a `ROUTE.localhost` host, when the request
   carries the headers the operation requires. No bucket can be named so (bucket names are lower
   case), and no other operation takes a bare POST on a key.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from pytest_s3fake.errors.codes import MethodNotAllowed
from pytest_s3fake.operations import OPERATIONS
from pytest_s3fake.service_model import s3_model

SERVICE, BUCKET, OBJECT = "service", "bucket", "object"


@dataclass(frozen=True, slots=True)
class Route:
    """One operation's place in the table: what a request must carry to be it."""

    operation: str
    #: Query parameters that must be present; a value of None accepts any value.
    query: tuple[tuple[str, str | None], ...]
    #: Lower-case header names that must be present.
    headers: tuple[str, ...]

    @property
    def weight(self) -> int:
        return len(self.query) + len(self.headers)

    def matches(self, query: Mapping[str, str], headers: Mapping[str, str]) -> bool:
        for name, value in self.query:
            got = query.get(name)
            if got is None or (value is not None and got != value):
                return False
        return all(name in headers for name in self.headers)


def _target(uri_path: str) -> str | None:
    if uri_path == "/":
        return SERVICE
    if uri_path == "/{Bucket}":
        return BUCKET
    if uri_path == "/{Bucket}/{Key+}":
        return OBJECT
    return None


def _route(name: str) -> tuple[str, str, Route] | None:
    op = s3_model().operation_model(name)
    path, _, uri_query = op.http["requestUri"].partition("?")
    target = _target(path)
    if target is None:
        return None
    query: dict[str, str | None] = {}
    for pair in filter(None, uri_query.split("&")):
        key, sep, value = pair.partition("=")
        query[key] = value if sep else None
    headers: list[str] = []
    shape = op.input_shape
    if shape is not None:
        for member in shape.required_members:
            serialization = shape.members[member].serialization
            location, wire_name = serialization.get("location"), serialization.get("name", member)
            if location == "querystring":
                query.setdefault(wire_name, None)
            elif location == "header":
                headers.append(wire_name.lower())
    return op.http["method"], target, Route(name, tuple(sorted(query.items())), tuple(sorted(headers)))


def _preference(route: Route) -> tuple[int, int, int, str]:
    """Rule 3's order (smaller first) among routes with the same discriminators."""
    deprecated = bool(getattr(s3_model().operation_model(route.operation), "deprecated", False))
    return (route.operation not in OPERATIONS, deprecated, len(route.operation), route.operation)


@functools.cache
def table() -> dict[tuple[str, str], tuple[Route, ...]]:
    """(method, target) -> routes, most specific first, each set of discriminators once (rule 3)."""
    groups: dict[tuple[str, str], dict[tuple[object, ...], Route]] = {}
    for name in s3_model().operation_names:
        found = _route(name)
        if found is None:
            continue
        method, target, route = found
        same = groups.setdefault((method, target), {})
        signature = (route.query, route.headers)
        if signature not in same or _preference(route) < _preference(same[signature]):
            same[signature] = route
    return {
        group: tuple(sorted(routes.values(), key=lambda r: (-r.weight, r.operation)))
        for group, routes in groups.items()
    }


@functools.cache
def _relevant(method: str, target: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """What the routes of one group look at: the query names they need, the names among those whose
    value they also compare, and the header names they need."""
    routes = table().get((method, target), ())
    names = sorted({name for route in routes for name, _ in route.query})
    valued = sorted({name for route in routes for name, value in route.query if value is not None} | {"x-id"})
    headers = sorted({name for route in routes for name in route.headers})
    return tuple(names), tuple(valued), tuple(headers)


@functools.cache
def _literal_paths() -> dict[tuple[str, str], Route]:
    """(method, literal path) -> the host-prefixed operation at that path (rule 6)."""
    found = {}
    for name in s3_model().operation_names:
        op = s3_model().operation_model(name)
        path = op.http["requestUri"].partition("?")[0]
        if op.endpoint and op.endpoint.get("hostPrefix") and "{" not in path:
            required = op.input_shape.required_members if op.input_shape is not None else []
            headers = tuple(sorted(
                op.input_shape.members[member].serialization["name"].lower() for member in required
                if op.input_shape.members[member].serialization.get("location") == "header"))
            found[op.http["method"], path] = Route(name, (), headers)
    return found


def operation_for(method: str, bucket: str | None, key: str | None, query: Mapping[str, str],
                  headers: Mapping[str, str]) -> str:
    """botocore's operation name for a request, or MethodNotAllowed (rules in the module docstring).

    The answer depends only on which of the group's discriminators the request carries (and the values
    of the few compared by value), so it is looked up by those (`_resolve`, cached), not matched anew."""
    if bucket is not None and method == "POST":  # rule 6
        literal = _literal_paths().get((method, f"/{bucket if key is None else key}"))
        if literal is not None and literal.matches({}, headers):
            return literal.operation
    target = SERVICE if bucket is None else BUCKET if key is None else OBJECT
    names, valued, header_names = _relevant(method, target)
    present = tuple(name for name in names if name in query)
    values = tuple((name, query[name]) for name in valued if name in query)
    carried = tuple(name for name in header_names if name in headers)
    form = method == "POST" and headers.get("content-type", "").startswith("multipart/form-data")
    return _resolve(method, target, present, values, carried, form)


@functools.lru_cache(maxsize=1024)
def _resolve(method: str, target: str, present: tuple[str, ...], values: tuple[tuple[str, str], ...],
             carried: tuple[str, ...], form: bool) -> str:
    query = {name: "" for name in present}
    query.update(values)
    headers = dict.fromkeys(carried, "")
    routes = table().get((method, target), ())
    named = query.get("x-id")
    if named is not None:
        for route in routes:
            if route.operation == named:
                return named
    for route in routes:
        if route.matches(query, headers):
            return route.operation
    if form and target == BUCKET:
        return "PostObject"  # rule 5
    raise MethodNotAllowed(method=method, resource_type={SERVICE: "SERVICE", BUCKET: "BUCKET",
                                                           OBJECT: "OBJECT"}[target])
