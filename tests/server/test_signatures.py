"""SigV4 verification (`S3Fake(verify_signatures=True)`), in-process door: botocore signs at request-created,
before before-send, so the fake checks the same signed request a server would.

Codes and fields as S3 answers them: LocalStack's aws-validated `test_s3.py` snapshots
(`test_presigned_url_signature_authentication*`, `test_put_object_with_wrong_credentials`,
`test_presign_with_expired`) and the SigV4 reference pages.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

import pytest
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_s3fake import S3Fake
from pytest_s3fake.sigv4 import Signatures

pytestmark = pytest.mark.fake_only


@pytest.fixture
def fake() -> Any:
    with S3Fake(verify_signatures=True) as fake:
        fake.create_bucket("b")
        yield fake


def code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Code"])


def test_default_pair_and_added_pair_verify(fake: S3Fake) -> None:
    fake.client().put_object(Bucket="b", Key="k", Body=b"v")
    fake.add_credentials("AKIDEXAMPLE", "s3cr3t")
    other = fake.client(aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="s3cr3t")
    assert other.get_object(Bucket="b", Key="k")["Body"].read() == b"v"


def test_off_by_default_any_credentials_work() -> None:
    with S3Fake() as fake:
        fake.create_bucket("b")
        fake.client(aws_access_key_id="whoever", aws_secret_access_key="x").put_object(Bucket="b", Key="k")


def test_wrong_secret_is_signature_does_not_match_with_canonical_request(fake: S3Fake) -> None:
    client = fake.client(aws_secret_access_key="wrong")
    with pytest.raises(ClientError) as exc:
        client.put_object(Bucket="b", Key="k", Body=b"v")
    error = exc.value.response["Error"]
    assert error["Code"] == "SignatureDoesNotMatch"
    assert error["AWSAccessKeyId"] == "testing"
    assert error["StringToSign"].startswith("AWS4-HMAC-SHA256\n")
    assert error["CanonicalRequest"].startswith("PUT\n/b/k\n")
    assert error["CanonicalRequestBytes"].startswith("50 55 54 0a")  # "PUT\n"
    assert fake.store.bucket("b").current("k") is None
    assert fake.calls[-1].error_code == "SignatureDoesNotMatch"


def test_unknown_access_key(fake: S3Fake) -> None:
    with pytest.raises(ClientError) as exc:
        fake.client(aws_access_key_id="AKIDUNKNOWN").list_objects_v2(Bucket="b")
    assert code(exc) == "InvalidAccessKeyId"
    assert exc.value.response["Error"]["AWSAccessKeyId"] == "AKIDUNKNOWN"


def test_scope_naming_another_region_is_malformed(fake: S3Fake) -> None:
    """botocore's region redirector reads the Region field and re-signs for it, as against S3."""
    fake.client(region_name="eu-west-1").list_objects_v2(Bucket="b")
    first, retried = fake.calls
    assert first.error_code == "AuthorizationHeaderMalformed"
    assert retried.status == 200


def test_skewed_clock(fake: S3Fake) -> None:
    fake.clock.advance(minutes=16)
    with pytest.raises(ClientError) as exc:
        fake.client(config=Config(retries={"max_attempts": 1})).list_objects_v2(Bucket="b")
    assert code(exc) == "RequestTimeTooSkewed"
    assert exc.value.response["Error"]["MaxAllowedSkewMilliseconds"] == "900000"


def presigned(fake: S3Fake, method: str, expires: int = 60, **kw: Any) -> str:
    client = fake.client(config=Config(signature_version="s3v4"))
    return str(client.generate_presigned_url(
        method, Params={"Bucket": "b", "Key": "k", **kw}, ExpiresIn=expires))


def _fetch(fake: S3Fake, url: str, method: str = "GET", body: bytes = b"") -> Any:
    """Send a presigned URL through the in-process door, as an HTTP client would send it."""
    from pytest_s3fake.attempt import Incoming, respond

    host = url.split("/")[2]
    return respond(fake, "GetObject" if method == "GET" else "PutObject",
                   Incoming(method, url, {"Host": host}, body)).response


def test_presigned_get_verifies_then_expires(fake: S3Fake) -> None:
    fake.client().put_object(Bucket="b", Key="k", Body=b"v")
    url = presigned(fake, "get_object", expires=60)
    assert _fetch(fake, url).status == 200
    fake.clock.advance(seconds=3600)  # far past: the URL was signed at the wall clock
    response = _fetch(fake, url)
    assert response.status == 403
    assert b"<Code>AccessDenied</Code>" in response.body
    assert b"<Message>Request has expired</Message>" in response.body
    assert b"<X-Amz-Expires>60</X-Amz-Expires>" in response.body


def test_presigned_url_with_changed_key_fails(fake: S3Fake) -> None:
    url = presigned(fake, "put_object").replace("/b/k?", "/b/other?")
    response = _fetch(fake, url, "PUT", b"x")
    assert response.status == 403 and b"SignatureDoesNotMatch" in response.body
    assert fake.store.bucket("b").current("other") is None


def test_unsigned_request_is_access_denied(fake: S3Fake) -> None:
    from pytest_s3fake.attempt import Incoming, respond

    response = respond(fake, "ListObjectsV2", Incoming("GET", "http://localhost/b?list-type=2", {})).response
    assert response is not None and response.status == 403 and b"AccessDenied" in response.body


# --- property: anything botocore signs with a known key verifies; any changed byte fails ------------------

paths = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20)
queries = st.dictionaries(st.text("abcXYZ-_.~ =&%", min_size=1, max_size=6), st.text(max_size=8), max_size=3)
headers = st.dictionaries(st.sampled_from(["x-amz-meta-a", "content-type", "x-amz-meta-b", "range"]),
                          st.text("abc 1-=/", min_size=1, max_size=10).map(str.strip).filter(bool), max_size=3)


def _signed(path: str, query: dict[str, str], extra: dict[str, str], presign: bool) -> AWSRequest:
    request = AWSRequest("PUT", "https://s3.amazonaws.com/b/" + quote(path, safe="/~"),
                         headers=extra, params=query, data=b"" if presign else b"body")
    creds = Credentials("testing", "testing")
    signer = S3SigV4QueryAuth(creds, "s3", "us-east-1", expires=300) if presign else S3SigV4Auth(creds, "s3", "us-east-1")
    if not presign:
        request.headers["X-Amz-Content-SHA256"] = "UNSIGNED-PAYLOAD"
    signer.add_auth(request)
    return request


def _verify(prepared: Any, url: str | None = None, headers: dict[str, str] | None = None) -> None:
    hdrs = {k.lower(): (v.decode() if isinstance(v, bytes) else v) for k, v in prepared.headers.items()}
    Signatures().verify(prepared.method, url or prepared.url, headers if headers is not None else hdrs,
                        datetime.now(timezone.utc), "us-east-1")  # botocore signs at its own now


@settings(max_examples=150, deadline=None)
@given(paths, queries, headers, st.booleans())
def test_property_botocore_signed_requests_verify(path: str, query: dict[str, str], extra: dict[str, str],
                                                  presign: bool) -> None:
    _verify(_signed(path, query, extra, presign).prepare())


@settings(max_examples=150, deadline=None)
@given(paths, queries, headers, st.booleans(), st.data())
def test_property_any_changed_byte_in_signed_parts_fails(path: str, query: dict[str, str], extra: dict[str, str],
                                                         presign: bool, data: st.DataObject) -> None:
    prepared = _signed(path, query, extra, presign).prepare()
    hdrs = {k.lower(): (v.decode() if isinstance(v, bytes) else v) for k, v in prepared.headers.items()}
    scheme, _, rest = prepared.url.partition("://")
    host, _, path_query = rest.partition("/")
    path_part, _, query_part = path_query.partition("?")
    target = data.draw(st.sampled_from(["path"] + [f"h:{h}" for h in extra] + (["query"] if query else [])))
    if target == "path":
        i = data.draw(st.integers(0, len(path_part) - 1))
        path_part = path_part[:i] + ("Z" if path_part[i] != "Z" else "Y") + path_part[i + 1:]
    elif target == "query":
        signed_query = [p for p in query_part.split("&") if not p.startswith("X-Amz-")]
        victim = data.draw(st.sampled_from(signed_query))
        query_part = query_part.replace(victim, victim + "Q", 1)
    else:
        name = target[2:]
        hdrs[name] = hdrs[name] + "Q"
    url = f"{scheme}://{host}/{path_part}" + (f"?{query_part}" if query_part else "")
    with pytest.raises(Exception) as exc:
        _verify(prepared, url, hdrs)
    assert type(exc.value).__name__ == "SignatureDoesNotMatch"
