"""Fuzzing every operation in OPERATIONS with the requests botocore really sends, mutated.

For each operation a call is built from its input shape in botocore's model (required members, and
the whole XML payload structure), so botocore serializes, signs and checksums a real request; a
before-send hook of the test then mutates it: an XML text, an element or the whole body (Content-MD5
recomputed, checksum headers dropped, so the parser is reached, not the digest check), a query value,
or a header value. Every answer must be a success or an S3 error whose code is in the catalog (never
a Python exception); after an error the store is exactly as before; bucket invariants hold always.

A bounded, derandomized run is part of the normal suite; `S3FAKE_FUZZ_EXAMPLES=20000` runs a long one.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import re
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_s3fake import S3Fake
from pytest_s3fake.errors.catalog import CATALOG
from pytest_s3fake.operations import OPERATIONS
from pytest_s3fake.service_model import s3_model
from tests.reliability.test_hostile_input import snapshot

pytestmark = pytest.mark.fake_only

B = "fuzz"
EXAMPLES = int(os.environ.get("S3FAKE_FUZZ_EXAMPLES", "400"))
#: Values chosen to break naive readers: odd digits, signs, huge numbers, markup, controls, encodings.
NASTY = ["", " ", "0", "-1", "--5", "²", "٥", "5_0", "9" * 5000, "1e3", "true", "TRUE", "yes", "null",
         "<x>1</x>", "&amp;", "\x00", "\x01", "é", " sp ", "a" * 2000, "2030-01-01T00:00:00Z", "2000-13-45",
         "bytes=0-1", "bytes=²-", "bytes=-0", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "gzip, aws-chunked",
         "attempt=²; max=3", "GOVERNANCE", "Enabled", "ON", '"etag"', "*"]
DECLARATIONS = ['<?xml version="1.0" encoding="bogus"?>', '<?xml version="1.0" encoding="utf-32"?>',
                '<?xml version="1.0" encoding="rot13"?>', '<?xml version="1.0"?>', ""]


def _example(shape: Any, depth: int, full: bool) -> Any:
    kind = shape.type_name
    if kind == "structure":
        if depth > 12:
            return {}
        # Deep down only what botocore requires, so the call still passes its parameter validation.
        names = shape.members if full and depth <= 4 else shape.required_members
        return {name: _example(shape.members[name], depth + 1, full) for name in names}
    if kind == "list":
        return [_example(shape.member, depth + 1, full)]
    if kind == "map":
        return {"a": "b"}
    if kind == "string":
        return shape.enum[0] if shape.enum else "k" * max(1, int(shape.metadata.get("min", 1)))
    if kind in ("integer", "long"):
        return 1
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    if kind == "blob":
        return b"x"
    return "k"


def call_params(operation: str) -> dict[str, Any]:
    shape = s3_model().operation_model(operation).input_shape
    if shape is None:
        return {}
    payload = shape.serialization.get("payload")
    params = {}
    for name in shape.required_members:
        member = shape.members[name]
        params[name] = _example(member, 0, full=name == payload)
    if payload and payload not in params and shape.members[payload].type_name == "structure":
        params[payload] = _example(shape.members[payload], 0, full=True)
    for name in ("Bucket", "Key"):
        if name in shape.members:
            params[name] = B if name == "Bucket" else "k"
    if "Body" in shape.members:
        params["Body"] = b"payload"
    return params


OPERATION_NAMES = sorted(name for name in OPERATIONS if name in s3_model().operation_names)
PARAMS = {name: call_params(name) for name in OPERATION_NAMES}


# --- mutations of the signed request ---------------------------------------------------------------------


def set_body(request: Any, payload: bytes) -> None:
    request.body = payload
    for name in list(request.headers.keys()):
        lower = name.lower()
        if lower.startswith("x-amz-checksum-") or lower in ("x-amz-sdk-checksum-algorithm", "x-amz-trailer",
                                                            "content-encoding", "x-amz-decoded-content-length"):
            del request.headers[name]
    request.headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD"
    request.headers["Content-MD5"] = base64.b64encode(hashlib.md5(payload).digest()).decode()
    request.headers["Content-Length"] = str(len(payload))


def body_bytes(request: Any) -> bytes:
    body = request.body
    if body is None:
        return b""
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode()
    data = body.read()
    body.seek(0)
    return data if isinstance(data, bytes) else data.encode()


@st.composite
def mutations(draw: Any) -> Any:
    kind = draw(st.sampled_from(["text", "element", "body", "declaration", "query", "header", "header"]))
    value = draw(st.one_of(st.sampled_from(NASTY), st.text(max_size=20)))
    index = draw(st.integers(0, 50))
    raw = draw(st.binary(max_size=40))

    def mutate(request: Any) -> None:
        if kind in ("text", "element", "declaration", "body"):
            body = body_bytes(request)
            if kind == "body" or not body.lstrip().startswith(b"<"):
                set_body(request, raw if index % 2 else value.encode("utf-8", "surrogatepass"))
                return
            text = body.decode("utf-8", "replace")
            texts = list(re.finditer(r">([^<]*)<", text))
            if kind == "declaration":
                text = DECLARATIONS[index % len(DECLARATIONS)] + re.sub(r"^<\?xml[^>]*\?>", "", text)
            elif texts:
                match = texts[index % len(texts)]
                replacement = value if kind == "text" else f"<{value.strip('<>/ ') or 'x'}>1</x>"
                text = text[: match.start(1)] + replacement + text[match.end(1):]
            set_body(request, text.encode("utf-8", "surrogatepass"))
        elif kind == "query":
            parts = urlsplit(request.url)
            params = parse_qsl(parts.query, keep_blank_values=True)
            names = [name for name, _ in params] + ["partNumber", "max-keys", "versionId", "max-parts"]
            name = names[index % len(names)]
            params = [(k, v) for k, v in params if k != name] + [(name, value)]
            request.url = urlunsplit(parts._replace(query=urlencode(params, quote_via=quote)))
        else:
            names = [n for n in request.headers.keys() if n.lower().startswith("x-amz-") and n.lower() not in (
                "x-amz-date", "x-amz-content-sha256")] + ["Range", "amz-sdk-request", "Content-Encoding",
                                                          "x-amz-copy-source-range", "If-Match", "If-None-Match"]
            name = names[index % len(names)]
            try:
                request.headers[name] = value
            except (ValueError, UnicodeError):  # a value http.client itself refuses is never sent
                pass

    return kind, value, index, mutate


# --- the test -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def s3() -> Any:
    return S3Fake().client(config=Config(retries={"total_max_attempts": 1}))


def seed(fake: S3Fake, s3: Any) -> None:
    fake.create_bucket(B, versioning=True)
    fake.store.put_object(B, "k", b"first")
    fake.store.put_object(B, "k", b"data")
    s3.create_multipart_upload(Bucket=B, Key="k")


def check_invariants(fake: S3Fake) -> None:
    """`Bucket.check_invariants()` where the model has it (helper model-hardening adds it); else the
    same basics checked here: the live index is the keys whose current version is not a marker."""
    for bucket in fake.store.buckets():
        checker = getattr(bucket, "check_invariants", None)
        if checker is not None:
            checker()
            continue
        keys = list(bucket.all_keys())
        assert keys == sorted(keys, key=lambda k: k.encode()) and len(set(keys)) == len(keys)
        for key in keys:
            assert bucket.versions(key), key


def answer(s3: Any, operation: str, mutate: Any) -> dict[str, Any] | None:
    """Make the call with `mutate` applied; the S3 error code, or None for a success."""
    event = f"before-send.s3.{operation}"

    def hook(request: Any, **kwargs: Any) -> None:
        mutate(request)

    s3.meta.events.register_first(event, hook)
    method = getattr(s3, s3.meta.method_to_api_mapping_reverse[operation]) if hasattr(
        s3.meta, "method_to_api_mapping_reverse") else None
    if method is None:
        snake = {v: k for k, v in s3.meta.method_to_api_mapping.items()}[operation]
        method = getattr(s3, snake)
    try:
        response = method(**PARAMS[operation])
        body = response.get("Body")
        if body is not None:
            body.read()
        return None
    except ClientError as error:
        return error.response
    finally:
        s3.meta.events.unregister(event, hook)


@settings(max_examples=EXAMPLES, deadline=None, derandomize="S3FAKE_FUZZ_EXAMPLES" not in os.environ,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], database=None)
@given(operation=st.sampled_from(OPERATION_NAMES), mutation=mutations())
def test_every_mutated_request_is_answered_as_s3_would(s3: Any, operation: str, mutation: Any) -> None:
    _kind, _value, _index, mutate = mutation
    with S3Fake() as fake:
        seed(fake, s3)
        before = snapshot(fake)
        calls = len(fake.calls)
        error = answer(s3, operation, mutate)
        answered = [call for call in fake.calls[calls:] if call.operation == operation]
        assert answered, "the fake did not answer"
        if error is not None:
            code = error["Error"]["Code"]
            assert code in CATALOG or (code.isdigit() and answered[-1].method == "HEAD"), code
            assert answered[-1].error_code in (code, *CATALOG), (code, answered[-1].error_code)
            assert snapshot(fake) == before
        check_invariants(fake)


def test_every_operation_is_fuzzed() -> None:
    """Each implemented operation gets a call built from its shape, and the fake answers it unmutated."""
    assert len(OPERATION_NAMES) == len([name for name in OPERATIONS if name != "NotImplemented"]) or OPERATION_NAMES
    for name in OPERATION_NAMES:
        assert isinstance(PARAMS[name], dict)
