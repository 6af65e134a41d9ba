"""Calling SelectObjectContent through boto3 and reading its event stream back."""

from __future__ import annotations

from typing import Any

CSV_USE: dict[str, Any] = {"CSV": {"FileHeaderInfo": "USE"}}
CSV_OUT: dict[str, Any] = {"CSV": {}}
JSON_OUT: dict[str, Any] = {"JSON": {}}

PEOPLE = b"name,age,city\nalice,30,Paris\nbob,25,Berlin\ncarol,41,Paris\ndave,,Rome\n"


def select(s3: Any, bucket: str, key: str, expression: str, inputs: dict[str, Any] | None = None,
           outputs: dict[str, Any] | None = None, **extra: Any) -> tuple[bytes, list[dict[str, Any]]]:
    """(the joined Records payloads, every event in order) of one SelectObjectContent."""
    response = s3.select_object_content(
        Bucket=bucket, Key=key, Expression=expression, ExpressionType="SQL",
        InputSerialization=inputs if inputs is not None else CSV_USE,
        OutputSerialization=outputs if outputs is not None else CSV_OUT, **extra,
    )
    events = list(response["Payload"])
    return b"".join(event["Records"]["Payload"] for event in events if "Records" in event), events


def rows(s3: Any, bucket: str, key: str, expression: str, **kwargs: Any) -> list[str]:
    """The CSV result's lines."""
    data, _ = select(s3, bucket, key, expression, **kwargs)
    return data.decode().splitlines()
