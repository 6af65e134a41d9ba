"""Bucket operations: CreateBucket, HeadBucket, ListBuckets, DeleteBucket, GetBucketLocation."""

from __future__ import annotations

import base64
import functools
import ipaddress
import re
from urllib.parse import urlsplit

import botocore.session

from pytest_s3fake import values
from pytest_s3fake.errors.codes import (
    BucketAlreadyExists,
    BucketAlreadyOwnedByYou,
    BucketNotEmpty,
    IllegalLocationConstraintException,
    InvalidArgument,
    InvalidBucketName,
    InvalidLocationConstraint,
)
from pytest_s3fake.ids import iso8601
from pytest_s3fake.model import Store
from pytest_s3fake.operations.common import flag, owned_bucket, signing_region
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import XML_CONTENT_TYPE, Request, Response

US_EAST_1 = "us-east-1"
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")


def valid_bucket_name(name: str) -> bool:
    if not _BUCKET_NAME.match(name) or ".." in name:
        return False
    if name.startswith(_RESERVED_PREFIXES) or name.endswith(_RESERVED_SUFFIXES):
        return False
    try:
        ipaddress.IPv4Address(name)
    except ValueError:
        return True
    return False


def _location_constraint(req: Request) -> str | None:
    """`LocationConstraint` from the optional `CreateBucketConfiguration` body."""
    if not req.body.strip():
        return None
    value: str | None = req.xml("CreateBucketConfiguration").get("LocationConstraint")
    return value


@functools.cache
def _partition_regions() -> dict[str, frozenset[str]]:
    """Each region botocore knows S3 in, mapped to all the S3 regions of its partition."""
    session = botocore.session.Session()
    regions: dict[str, frozenset[str]] = {}
    for partition in session.get_available_partitions():
        members = frozenset(session.get_available_regions("s3", partition_name=partition))
        regions.update(dict.fromkeys(members, members))
    return regions


def _is_global_endpoint(req: Request) -> bool:
    """True for the legacy global endpoint `s3.amazonaws.com`, which botocore uses for us-east-1."""
    host = urlsplit(req.url).hostname or ""
    return host == "s3.amazonaws.com" or host.endswith(".s3.amazonaws.com")


def _bucket_region(store: Store, req: Request) -> str:
    """The region CreateBucket puts the bucket in, by S3's LocationConstraint rules.

    A regional endpoint needs the constraint to name its own region (`EU` is eu-west-1's old name);
    anything else, no constraint, another region, or a name no partition knows, is
    IllegalLocationConstraintException naming it. us-east-1 takes no constraint; naming us-east-1 or a
    name its partition does not know (`foo`, `aws-global`) is InvalidLocationConstraint; through the
    legacy global endpoint any other region of the partition is accepted, the regional one refuses it.
    https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
    """
    constraint = _location_constraint(req)
    endpoint = signing_region(req) or store.region
    named = "eu-west-1" if constraint == "EU" else constraint
    if endpoint == US_EAST_1:
        if constraint is None:
            return US_EAST_1
        if named == US_EAST_1 or named not in _partition_regions().get(US_EAST_1, frozenset()):
            raise InvalidLocationConstraint(location_constraint=constraint)
        if _is_global_endpoint(req):
            return str(named)
    elif constraint is None:
        raise IllegalLocationConstraintException()
    if named != endpoint:
        raise IllegalLocationConstraintException(
            f"The {constraint} location constraint is incompatible for the region specific endpoint this "
            "request was sent to."
        )
    return endpoint


@operation("CreateBucket")
def create_bucket(store: Store, req: Request) -> Response:
    """Create a bucket in the endpoint's region, following S3's LocationConstraint and ownership rules."""
    name = req.bucket or ""
    if not valid_bucket_name(name):
        raise InvalidBucketName(bucket_name=name)
    region = _bucket_region(store, req)
    existing = store.get_bucket(name)
    if existing is not None:
        if existing.owner != store.account_id:
            raise BucketAlreadyExists(bucket_name=name)
        if region != US_EAST_1 or existing.region != US_EAST_1:
            raise BucketAlreadyOwnedByYou(bucket_name=name)
        # North Virginia answers 200 to re-creating a bucket you own there (legacy behaviour) and
        # changes nothing: https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
        return Response.empty(headers={"Location": f"/{name}"})
    object_lock = flag(req.header("x-amz-bucket-object-lock-enabled"))
    ownership = req.header("x-amz-object-ownership")
    if ownership is not None and ownership not in ("BucketOwnerPreferred", "ObjectWriter", "BucketOwnerEnforced"):
        raise InvalidArgument(f"Invalid x-amz-object-ownership header: {ownership}",
                              argument_name="x-amz-object-ownership", argument_value=ownership)
    from pytest_s3fake.operations.ownership import creation_settings  # it needs owner_id from here

    mode, acl = creation_settings(store, req, ownership)
    bucket = store.create_bucket(name, region=region, object_lock=object_lock)
    bucket.security.ownership, bucket.security.bucket_acl = mode, acl
    location = f"/{name}" if region == US_EAST_1 else f"http://{name}.s3.amazonaws.com/"
    return Response.empty(headers={"Location": location})


@operation("HeadBucket")
def head_bucket(store: Store, req: Request) -> Response:
    """200 with the bucket's region, 404 when it does not exist (no body: it is a HEAD)."""
    bucket = owned_bucket(store, req)
    # S3 labels even this empty answer application/xml.
    headers = {"x-amz-bucket-region": bucket.region, "x-amz-access-point-alias": "false", "Content-Type": XML_CONTENT_TYPE}
    return Response.empty(headers=headers)


@operation("DeleteBucket")
def delete_bucket(store: Store, req: Request) -> Response:
    """Delete an empty bucket; BucketNotEmpty while any version or delete marker remains."""
    bucket = owned_bucket(store, req)
    if not bucket.is_empty():
        raise BucketNotEmpty(bucket_name=bucket.name)
    store.delete_bucket(bucket.name)
    return Response.empty(204)


@operation("ListBuckets")
def list_buckets(store: Store, req: Request) -> Response:
    """The account's buckets in name order, with Prefix, BucketRegion, MaxBuckets and ContinuationToken."""
    prefix = req.query.get("prefix", "")
    region = req.query.get("bucket-region")
    token = req.query.get("continuation-token")
    max_buckets = req.query.get("max-buckets")
    limit = None
    if max_buckets is not None:
        limit = values.integer(max_buckets, "max-buckets", "Argument max-buckets must be an integer between 1 and 10000",
                               minimum=1, maximum=10000)
    after = ""
    if token is not None:
        try:
            after = base64.urlsafe_b64decode(token.encode()).decode()
        except (ValueError, UnicodeDecodeError):
            raise InvalidArgument("The continuation token provided is incorrect", argument_name="continuation-token",
                                  argument_value=token) from None
    entries: list[dict[str, str]] = []
    next_token = None
    for bucket in store.buckets():
        if bucket.owner != store.account_id or not bucket.name.startswith(prefix) or bucket.name <= after:
            continue
        if region is not None and bucket.region != region:
            continue
        if limit is not None and len(entries) == limit:
            next_token = base64.urlsafe_b64encode(entries[-1]["Name"].encode()).decode()
            break
        entries.append({"Name": bucket.name, "CreationDate": iso8601(bucket.created), "BucketRegion": bucket.region})
    content: dict[str, object] = {
        "Owner": {"DisplayName": "s3fake", "ID": owner_id(store.account_id)},
        "Buckets": {"Bucket": entries} if entries else None,
    }
    if next_token is not None:
        content["ContinuationToken"] = next_token
    if prefix:
        content["Prefix"] = prefix
    return Response.xml("ListAllMyBucketsResult", content)


@operation("GetBucketLocation")
def get_bucket_location(store: Store, req: Request) -> Response:
    """The bucket's region; empty for us-east-1, as S3 answers."""
    bucket = owned_bucket(store, req)
    region = "" if bucket.region == US_EAST_1 else bucket.region
    return Response.xml("LocationConstraint", {"#text": region} if region else None)


def owner_id(account_id: str) -> str:
    """A canonical user id (64 hex digits) standing for the account, stable for a given account id."""
    return (account_id.encode().hex() * 8)[:64]
