"""Static website hosting: PutBucketWebsite, GetBucketWebsite, DeleteBucketWebsite.

The configuration is stored and answered; the fake serves no website endpoint. Validation as recorded
against AWS (LocalStack tests/aws/services/s3/test_s3.py::test_validate_website_configuration,
aws.validated): an IndexDocument suffix that is empty or holds a `/`; RedirectAllRequestsTo with any
other element; neither of the two; a protocol other than http or https; ReplaceKeyPrefixWith with
ReplaceKeyWith; an empty Condition; an empty RoutingRules list.
"""

from __future__ import annotations

from typing import Any

from pytest_s3fake.errors.codes import (
    InvalidArgument,
    InvalidRequest,
    MalformedXML,
    NoSuchWebsiteConfiguration,
)
from pytest_s3fake.model import Store
from pytest_s3fake.operations.common import owned_bucket
from pytest_s3fake.operations.config_schema import conform, items
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

_SUFFIX_MESSAGE = "The IndexDocument Suffix is not well formed"


def _check_redirect(redirect: dict[str, Any]) -> None:
    protocol = redirect.get("Protocol")
    if protocol is not None and protocol not in ("http", "https"):
        raise InvalidRequest("Invalid protocol, protocol can be http or https. If not defined the protocol "
                             "will be selected automatically.")


def read_website(req: Request) -> dict[str, Any]:
    """The `<WebsiteConfiguration>` body, validated as S3 validates it."""
    raw = req.xml("WebsiteConfiguration", force_list=("RoutingRule",))
    # The protocol is S3's own check (InvalidRequest), made before the schema's enumeration.
    for element in (raw.get("RedirectAllRequestsTo"), *_raw_rules(raw)):
        if isinstance(element, dict):
            _check_redirect(element.get("Redirect", element) or {})
    doc = conform("WebsiteConfiguration", raw)
    redirect_all = doc.get("RedirectAllRequestsTo")
    if redirect_all is not None:
        others = [name for name in doc if name != "RedirectAllRequestsTo" and not name.startswith("@")]
        if others:
            raise InvalidArgument("RedirectAllRequestsTo cannot be provided in conjunction with other Routing "
                                  "Rules.", argument_name="RedirectAllRequestsTo", argument_value="not null")
        if not redirect_all.get("HostName"):
            raise MalformedXML()
        return doc
    index = doc.get("IndexDocument")
    if index is None:
        raise InvalidArgument("A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is "
                              "empty", argument_name="IndexDocument", argument_value="null")
    suffix = index.get("Suffix")
    if not suffix or "/" in suffix:
        raise InvalidArgument(_SUFFIX_MESSAGE, argument_name="IndexDocument", argument_value=suffix)
    if "RoutingRules" in doc:
        rules = items(doc["RoutingRules"])
        if not rules:
            raise MalformedXML()
        for rule in rules:
            redirect = rule.get("Redirect")
            if redirect is None:
                raise MalformedXML()
            if "ReplaceKeyPrefixWith" in redirect and "ReplaceKeyWith" in redirect:
                raise InvalidRequest("You can only define ReplaceKeyPrefix or ReplaceKey but not both.")
            if "Condition" in rule and not rule["Condition"]:
                raise InvalidRequest("Condition cannot be empty. To redirect all requests without a condition, "
                                     "the condition element shouldn't be present.")
    return doc


def _raw_rules(raw: dict[str, Any]) -> list[Any]:
    rules = raw.get("RoutingRules")
    if isinstance(rules, list):  # already unwrapped by the wire layer's shape check
        return rules
    if not isinstance(rules, dict):
        return []
    found = rules.get("RoutingRule") or []
    return found if isinstance(found, list) else [found]


@operation("PutBucketWebsite")
def put_bucket_website(store: Store, req: Request) -> Response:
    """Replace the bucket's website configuration (index and error documents, redirects, routing rules)."""
    bucket = owned_bucket(store, req)
    bucket.configs.website = read_website(req)
    return Response.empty()


@operation("GetBucketWebsite")
def get_bucket_website(store: Store, req: Request) -> Response:
    """The website configuration; 404 NoSuchWebsiteConfiguration when there is none."""
    bucket = owned_bucket(store, req)
    if bucket.configs.website is None:
        raise NoSuchWebsiteConfiguration(bucket_name=bucket.name)
    return Response.xml("WebsiteConfiguration", bucket.configs.website)


@operation("DeleteBucketWebsite")
def delete_bucket_website(store: Store, req: Request) -> Response:
    """Remove the website configuration (204 whether or not there was one)."""
    owned_bucket(store, req).configs.website = None
    return Response.empty(204)
