"""AWS Signature Version 4, checked the way S3 checks it: header auth, query (presigned) auth, POST policies.

Written from the SigV4 specification
(https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html, `sigv4-query-string-auth.html`,
`sigv4-authentication-HTTPPOST.html`). Both doors call `Signatures.verify` with the request as the client sent
it: botocore signs at `request-created`, before `before-send` (botocore/endpoint.py `create_request` then
`_send_request`), so the in-process door sees the signed `AWSPreparedRequest` exactly as a server would.

Off by default: `S3Fake(verify_signatures=True)` turns it on. Failures raise S3's errors with S3's fields.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, unquote_plus, urlsplit

from pytest_s3fake.errors.codes import (
    AccessDenied,
    AuthorizationHeaderMalformed,
    AuthorizationQueryParametersError,
    InvalidAccessKeyId,
    RequestTimeTooSkewed,
    SignatureDoesNotMatch,
    XAmzContentSHA256Mismatch,
)
from pytest_s3fake.wire import Request, read_headers, split_url

if TYPE_CHECKING:
    from pytest_s3fake.fake import S3Fake

ALGORITHM = "AWS4-HMAC-SHA256"
#: The credential pair every fake knows (the same as `S3Fake.client()` and the fixtures use).
DEFAULT_ACCESS_KEY = "testing"
DEFAULT_SECRET_KEY = "testing"
#: S3 refuses header-signed requests more than 15 minutes away from its clock.
MAX_SKEW = timedelta(minutes=15)
#: The longest validity a presigned URL may ask for (seven days).
MAX_EXPIRES = 604800
#: The payload hashes of a body sent as signed aws-chunked framing, and the algorithms of its parts.
STREAMING_PAYLOAD = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
STREAMING_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
SIGNED_STREAMING = frozenset({STREAMING_PAYLOAD, STREAMING_TRAILER})
PAYLOAD_ALGORITHM = "AWS4-HMAC-SHA256-PAYLOAD"
TRAILER_ALGORITHM = "AWS4-HMAC-SHA256-TRAILER"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
_AUTH_PART = re.compile(r"\s*([A-Za-z]+)=([^,]*)\s*,?")
_AMZ_DATE = "%Y%m%dT%H%M%SZ"


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signing_key(secret: str, date: str, region: str, service: str = "s3") -> bytes:
    """The derived key of the spec: HMAC chain over date, region, service and "aws4_request"."""
    return _hmac(_hmac(_hmac(_hmac(("AWS4" + secret).encode(), date), region), service), "aws4_request")


def canonical_uri(raw_path: str) -> str:
    """The path URI-encoded once, each byte but the unreserved ones and "/" (S3 does not normalize it)."""
    return quote(unquote(raw_path or "/"), safe="/~")


def canonical_query(raw_query: str, *, drop: str | None = None) -> str:
    """Parameters URI-encoded, sorted by name then value, "name=value" joined with "&"."""
    pairs = []
    for part in raw_query.split("&") if raw_query else ():
        name, _, value = part.partition("=")
        name = unquote_plus(name)  # S3 reads "+" in a query as a space, as HTML forms send it
        if name == drop:
            continue
        pairs.append((quote(name, safe="-_.~"), quote(unquote_plus(value), safe="-_.~")))
    return "&".join(f"{k}={v}" for k, v in sorted(pairs))


def _host(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port is not None and (parts.scheme, parts.port) not in {("http", 80), ("https", 443)}:
        host = f"{host}:{parts.port}"
    return host


def canonical_request(method: str, url: str, headers: Mapping[str, str], signed: list[str], payload: str,
                      *, drop_query: str | None = None) -> str:
    """The spec's CanonicalRequest: method, URI, query, signed headers and their names, payload hash."""
    parts = urlsplit(url)
    lines = []
    for name in signed:
        value = headers.get(name)
        if value is None and name == "host":
            value = _host(url)
        lines.append(f"{name}:{' '.join((value or '').split())}\n")
    return "\n".join([method, canonical_uri(parts.path), canonical_query(parts.query, drop=drop_query),
                      "".join(lines), ";".join(signed), payload])


def string_to_sign(amz_date: str, scope: str, canonical: str) -> str:
    return "\n".join([ALGORITHM, amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])


def _hex_bytes(text: str) -> str:
    return " ".join(f"{b:02x}" for b in text.encode())


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class Signatures:
    """The credentials a fake knows and the SigV4 check against them."""

    def __init__(self) -> None:
        self.credentials: dict[str, str] = {DEFAULT_ACCESS_KEY: DEFAULT_SECRET_KEY}

    def add(self, access_key: str, secret_key: str) -> None:
        self.credentials[access_key] = secret_key

    # --- the checks ----------------------------------------------------------------------------------

    def verify(self, method: str, url: str, headers: Mapping[str, str], now: datetime,
               region: str | None = None, body: object = None) -> None:
        """Raise S3's error unless the request is signed by a known key. `headers` have lower-case names;
        `region` is the one the bucket lives in, when known (a scope naming another is malformed). A
        signed aws-chunked `body` (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`) has each chunk's
        signature checked too, chained from the header's seed signature."""
        query = urlsplit(url).query
        authorization = headers.get("authorization")
        if authorization is not None:
            self._verify_header(method, url, headers, authorization, now, region, body)
        elif "X-Amz-Signature=" in query or "X-Amz-Algorithm=" in query:
            self._verify_query(method, url, headers, query, now, region)
        else:
            raise AccessDenied()  # anonymous: only public resources answer it, and the fake has none

    def _verify_header(self, method: str, url: str, headers: Mapping[str, str], authorization: str,
                       now: datetime, region: str | None, body: object) -> None:
        algorithm, _, rest = authorization.strip().partition(" ")
        fields = dict(_AUTH_PART.findall(rest))
        if algorithm != ALGORITHM or not {"Credential", "SignedHeaders", "Signature"} <= fields.keys():
            raise AuthorizationHeaderMalformed(
                "The authorization header is malformed; the authorization header requires three components: "
                "Credential, SignedHeaders, and Signature."
            )
        amz_date = headers.get("x-amz-date", "")
        moment = _parse_amz_date(amz_date)
        if moment is None:
            raise AccessDenied("AWS authentication requires a valid Date or x-amz-date header")
        access_key, scope = self._scope(fields["Credential"], amz_date, region, header=True)
        if abs(now - moment) > MAX_SKEW:
            raise RequestTimeTooSkewed(request_time=amz_date, server_time=_iso(now),
                                       max_allowed_skew_milliseconds=int(MAX_SKEW.total_seconds() * 1000))
        signed = fields["SignedHeaders"].split(";")
        payload = headers.get("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
        canonical = canonical_request(method, url, headers, signed, payload)
        self._compare(access_key, scope, amz_date, canonical, fields["Signature"])
        if not isinstance(body, (bytes, bytearray, memoryview)):
            return  # a stream the in-process door has not read yet: botocore hashed it as it signed
        if _HEX64.fullmatch(payload):
            computed = hashlib.sha256(body).hexdigest()
            if computed != payload.lower():
                raise XAmzContentSHA256Mismatch(client_computed_content_sha256=payload,
                                                s3_computed_content_sha256=computed)
        elif payload in SIGNED_STREAMING:
            verify_chunks(bytes(body), self._key(access_key, scope), scope, amz_date,
                          fields["Signature"].strip(), access_key, trailer=payload == STREAMING_TRAILER)

    def _verify_query(self, method: str, url: str, headers: Mapping[str, str], query: str, now: datetime,
                      region: str | None) -> None:
        params: dict[str, str] = {}
        for part in query.split("&"):
            name, _, value = part.partition("=")
            params[unquote_plus(name)] = unquote_plus(value)
        required = ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date",
                    "X-Amz-SignedHeaders", "X-Amz-Expires")
        if any(name not in params for name in required) or params["X-Amz-Algorithm"] != ALGORITHM:
            raise AuthorizationQueryParametersError()
        amz_date = params["X-Amz-Date"]
        moment = _parse_amz_date(amz_date)
        expires = params["X-Amz-Expires"]
        if moment is None or not expires.isdigit():
            raise AuthorizationQueryParametersError(
                "X-Amz-Expires should be a number" if moment is not None else
                "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"")
        if int(expires) > MAX_EXPIRES:
            raise AuthorizationQueryParametersError(
                "X-Amz-Expires must be less than a week (in seconds) that is 604800")
        access_key, scope = self._scope(params["X-Amz-Credential"], amz_date, region, header=False)
        if now > moment + timedelta(seconds=int(expires)):
            raise AccessDenied("Request has expired", x_amz_expires=expires,
                               expires=_iso(moment + timedelta(seconds=int(expires))), server_time=_iso(now))
        signed = params["X-Amz-SignedHeaders"].split(";")
        payload = params.get("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")
        canonical = canonical_request(method, url, headers, signed, payload, drop_query="X-Amz-Signature")
        self._compare(access_key, scope, amz_date, canonical, params["X-Amz-Signature"])

    def verify_policy(self, fields: Mapping[str, str], now: datetime, region: str | None) -> None:
        """A browser form's signature: `x-amz-signature` is the HMAC of the base64 `policy` field."""
        credential = fields.get("x-amz-credential")
        signature = fields.get("x-amz-signature")
        amz_date = fields.get("x-amz-date", "")
        if fields.get("policy") is None or credential is None or signature is None:
            raise AccessDenied("Access Denied")
        if fields.get("x-amz-algorithm") != ALGORITHM or _parse_amz_date(amz_date) is None:
            raise AccessDenied("Access Denied")
        access_key, scope = self._scope(credential, amz_date, region, header=False)
        date, scope_region, service = scope.split("/")[:3]
        key = signing_key(self.credentials[access_key], date, scope_region, service)
        expected = hmac.new(key, fields["policy"].encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            raise SignatureDoesNotMatch(aws_access_key_id=access_key, string_to_sign=fields["policy"],
                                        signature_provided=signature)

    # --- parts ---------------------------------------------------------------------------------------

    def _scope(self, credential: str, amz_date: str, region: str | None, *, header: bool) -> tuple[str, str]:
        """The access key and "date/region/service/aws4_request", after S3's checks on them."""
        access_key, _, scope = credential.partition("/")
        parts = scope.split("/")
        if len(parts) != 4 or parts[3] != "aws4_request" or not access_key:
            message = ('the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".')
            if header:
                raise AuthorizationHeaderMalformed(f"The authorization header is malformed; {message}")
            raise AuthorizationQueryParametersError(f"Error parsing the X-Amz-Credential parameter; {message}")
        if access_key not in self.credentials:
            raise InvalidAccessKeyId(aws_access_key_id=access_key)
        if parts[0] != amz_date[:8]:
            message = f"Invalid credential date \"{parts[0]}\". This date is not the same as X-Amz-Date: \"{amz_date[:8]}\"."
            if header:
                raise AuthorizationHeaderMalformed(f"The authorization header is malformed; {message}")
            raise AuthorizationQueryParametersError(message)
        if region is not None and parts[1] != region:
            message = f"the region '{parts[1]}' is wrong; expecting '{region}'"
            if header:
                raise AuthorizationHeaderMalformed(f"The authorization header is malformed; {message}",
                                                   region=region)
            raise AuthorizationQueryParametersError(f"Error parsing the X-Amz-Credential parameter; {message}")
        if parts[2] != "s3":
            raise SignatureDoesNotMatch(aws_access_key_id=access_key)
        return access_key, scope

    def _key(self, access_key: str, scope: str) -> bytes:
        date, region, service, _ = scope.split("/")
        return signing_key(self.credentials[access_key], date, region, service)

    def _compare(self, access_key: str, scope: str, amz_date: str, canonical: str, provided: str) -> None:
        to_sign = string_to_sign(amz_date, scope, canonical)
        key = self._key(access_key, scope)
        expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, provided.strip()):
            raise SignatureDoesNotMatch(
                aws_access_key_id=access_key, string_to_sign=to_sign, signature_provided=provided,
                string_to_sign_bytes=_hex_bytes(to_sign), canonical_request=canonical,
                canonical_request_bytes=_hex_bytes(canonical),
            )


def verify_chunks(body: bytes, key: bytes, scope: str, amz_date: str, seed: str, access_key: str, *,
                  trailer: bool) -> None:
    """Check every `chunk-signature` of a signed aws-chunked body, each chained from the one before
    (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html), and with `trailer` the
    `x-amz-trailer-signature` over the trailing headers (`sigv4-streaming-trailers.html`). Framing
    errors are left to the decoder, which answers them when the body is read."""
    previous, position = seed, 0
    while True:
        end = body.find(b"\r\n", position, position + 4096)
        if end < 0:
            return
        size_text, _, extension = body[position:end].partition(b";")
        provided = extension.partition(b"chunk-signature=")[2].strip().decode("ascii", "replace")
        try:
            size = int(size_text.strip(), 16)
        except ValueError:
            return
        data = body[end + 2: end + 2 + size]
        to_sign = "\n".join((PAYLOAD_ALGORITHM, amz_date, scope, previous, EMPTY_SHA256,
                             hashlib.sha256(data).hexdigest()))
        previous = _check(key, to_sign, provided, access_key)
        position = end + 2 + size + (2 if size else 0)
        if size == 0:
            break
    if trailer:
        lines = [line for line in body[position:].split(b"\r\n") if line]
        signature = next((line.partition(b":")[2].strip().decode("ascii", "replace") for line in lines
                          if line.lower().startswith(b"x-amz-trailer-signature:")), "")
        text = b"".join(line + b"\n" for line in lines if not line.lower().startswith(b"x-amz-trailer-signature:"))
        to_sign = "\n".join((TRAILER_ALGORITHM, amz_date, scope, previous, hashlib.sha256(text).hexdigest()))
        _check(key, to_sign, signature, access_key)


def _check(key: bytes, to_sign: str, provided: str, access_key: str) -> str:
    expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, provided):
        raise SignatureDoesNotMatch(aws_access_key_id=access_key, string_to_sign=to_sign,
                                    signature_provided=provided, string_to_sign_bytes=_hex_bytes(to_sign))
    return expected


def _parse_amz_date(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, _AMZ_DATE).replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def verify_request(fake: S3Fake, incoming: Any) -> None:
    """Check one door's request against `fake`'s credentials, its clock and the bucket's region."""
    headers = read_headers(incoming.headers)
    bucket_name = split_url(incoming.url)[0]
    bucket = fake.store.get_bucket(bucket_name) if bucket_name else None
    region = bucket.region if bucket is not None else None
    fake.signatures.verify(incoming.method, incoming.url, headers, fake.clock.now(), region, incoming.body)


def verify_post(fake: S3Fake, req: Request) -> None:
    """A browser form's policy signature (PostObject), from the form's fields."""
    from pytest_s3fake.formdata import parse_form

    fields = parse_form(req.headers.get("content-type", ""), req.body)[0]
    bucket = fake.store.get_bucket(req.bucket) if req.bucket else None
    fake.signatures.verify_policy(fields, fake.clock.now(), bucket.region if bucket is not None else None)
