"""multipart/form-data bodies as browsers send them for S3's POST Object (the fields, then the file)."""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import HTTP

from pytest_s3fake.errors.codes import InvalidArgument, MalformedPOSTRequest


def parse_form(content_type: str, body: bytes) -> tuple[dict[str, str], str, bytes]:
    """(fields with lower-case names, the file's name, the file's bytes); MalformedPOSTRequest otherwise."""
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    if not message.is_multipart():
        raise MalformedPOSTRequest()
    fields: dict[str, str] = {}
    filename, data = "", None
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            raise MalformedPOSTRequest()
        payload = part.get_payload(decode=True)
        payload = payload if isinstance(payload, bytes) else b""
        if name.lower() == "file":
            filename = str(part.get_param("filename", "", header="content-disposition") or "")
            data = payload
            if part.get_content_type() and "content-type" not in fields and part.get("content-type"):
                fields["content-type"] = part.get_content_type()
            break  # S3 ignores fields after the file
        fields[name.lower()] = payload.decode("utf-8", "replace")
    if data is None:
        raise InvalidArgument("POST requires exactly one file upload per request.", argument_name="file",
                              argument_value="0")
    return fields, filename, data
