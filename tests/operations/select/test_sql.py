"""The SQL subset of S3 Select (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-select-sql-reference.html):
WHERE operators with three-valued logic, functions, CAST, arithmetic, aggregates and LIMIT."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.operations.select.helpers import JSON_OUT, PEOPLE, rows, select

pytestmark = pytest.mark.fake_only  # moto answers only count(*) and SELECT *

LINES = {"JSON": {"Type": "LINES"}}


@pytest.fixture
def people(s3: Any, bucket: str) -> str:
    s3.put_object(Bucket=bucket, Key="p.csv", Body=PEOPLE)
    return "p.csv"


@pytest.mark.parametrize(("where", "names"), [
    ("s.city = 'Paris'", ["alice", "carol"]),
    ("s.city <> 'Paris'", ["bob", "dave"]),
    ("s.city != 'Paris' AND s.age < 30", ["bob"]),
    ("s.age >= 30", ["alice", "carol"]),  # a CSV string compares as a number with a number
    ("s.name = 'dave' OR CAST(s.age AS INT) <= 25", ["bob", "dave"]),  # OR stops before a failing CAST
    ("NOT s.city = 'Paris'", ["bob", "dave"]),
    ("s.name LIKE '%o%'", ["bob", "carol"]),
    ("s.name LIKE '_a%'", ["carol", "dave"]),
    ("s.name NOT LIKE 'a%'", ["bob", "carol", "dave"]),
    ("s.city IN ('Rome', 'Berlin')", ["bob", "dave"]),
    ("s.city NOT IN ('Rome', 'Berlin')", ["alice", "carol"]),
    ("s.age <> '' AND CAST(s.age AS INT) BETWEEN 25 AND 30", ["alice", "bob"]),
    ("s.age = ''", ["dave"]),
    ("s.missing IS NULL", ["alice", "bob", "carol", "dave"]),
    ("s.missing IS MISSING AND s.name IS NOT NULL", ["alice", "bob", "carol", "dave"]),
    ("LOWER(s.city) = 'paris' AND UPPER(s.name) = 'CAROL'", ["carol"]),
    ("CHAR_LENGTH(s.name) = 3", ["bob"]),
    ("SUBSTRING(s.name, 2, 2) = 'ar'", ["carol"]),
    ("SUBSTRING(s.name FROM 3) = 'ice'", ["alice"]),
    ("TRIM(' x ') = 'x' AND TRIM(LEADING 'a' FROM s.name) = 'lice'", ["alice"]),
    ("s.age <> '' AND CAST(s.age AS INT) + 5 = 35", ["alice"]),
    ("s.age <> '' AND CAST(s.age AS INT) * 2 - 1 = 49", ["bob"]),
    ("s.age <> '' AND CAST(s.age AS INT) / 2 = 20", ["carol"]),  # integers divide to an integer
    ("s.age <> '' AND CAST(s.age AS INT) % 2 = 1", ["bob", "carol"]),
    ("s.name || '!' = 'bob!'", ["bob"]),
    ("(s.city = 'Paris' OR s.city = 'Rome') AND NOT (s.name = 'alice')", ["carol", "dave"]),
])
def test_where(s3: Any, bucket: str, people: str, where: str, names: list[str]) -> None:
    assert rows(s3, bucket, people, f"SELECT s.name FROM S3Object s WHERE {where}") == names


def test_like_escape(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="d.csv", Body=b"100%\n100 percent\na_b\naxb\n")
    inputs = {"CSV": {}}
    assert rows(s3, bucket, "d.csv", r"SELECT * FROM S3Object s WHERE s._1 LIKE '%!%' ESCAPE '!'",
                inputs=inputs) == ["100%"]
    assert rows(s3, bucket, "d.csv", r"SELECT * FROM S3Object s WHERE s._1 LIKE 'a\_b' ESCAPE '\'",
                inputs=inputs) == ["a_b"]


def test_columns_aliases_and_json_keys(s3: Any, bucket: str, people: str) -> None:
    data, _ = select(s3, bucket, people, "SELECT s.name AS who, UPPER(s.city), s.age FROM S3Object s LIMIT 2",
                     outputs=JSON_OUT)
    assert data.decode().splitlines() == ['{"who":"alice","_2":"PARIS","age":"30"}',
                                          '{"who":"bob","_2":"BERLIN","age":"25"}']


def test_cast_types(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="c.csv", Body=b"7,2.5,true,2024-05-01T10:00:00Z,0.10\n")
    expression = ("SELECT CAST(s._1 AS INT), CAST(s._2 AS FLOAT), CAST(s._3 AS BOOL), CAST(s._4 AS TIMESTAMP), "
                  "CAST(s._5 AS DECIMAL), CAST(CAST(s._1 AS INT) AS STRING) FROM S3Object s")
    data, _ = select(s3, bucket, "c.csv", expression, inputs={"CSV": {}}, outputs=JSON_OUT)
    assert json.loads(data) == {"_1": 7, "_2": 2.5, "_3": True, "_4": "2024-05-01T10:00:00Z", "_5": 0.1, "_6": "7"}


def test_aggregates(s3: Any, bucket: str, people: str) -> None:
    expression = ("SELECT COUNT(*), COUNT(s.age), SUM(CAST(s.age AS INT)), AVG(CAST(s.age AS INT)), MIN(s.name), "
                  "MAX(CAST(s.age AS INT)) FROM S3Object s WHERE s.age <> ''")
    assert rows(s3, bucket, people, expression) == ["3,3,96,32.0,alice,41"]
    assert rows(s3, bucket, people, "SELECT COUNT(s.age), MAX(s.city) FROM S3Object s") == ["4,Rome"]
    # COUNT(x) skips NULL and MISSING; an aggregate over no records is NULL, COUNT 0.
    assert rows(s3, bucket, people, "SELECT COUNT(s.nothing), SUM(s.age), MAX(s.age) FROM S3Object s "
                                    "WHERE s.city = 'Oslo'") == ["0,,"]
    assert rows(s3, bucket, people, "SELECT COUNT(*) * 10 FROM S3Object s WHERE s.city = 'Paris'") == ["20"]


def test_limit(s3: Any, bucket: str, people: str) -> None:
    assert rows(s3, bucket, people, "SELECT s.name FROM S3Object s LIMIT 3") == ["alice", "bob", "carol"]
    assert rows(s3, bucket, people, "SELECT s.name FROM S3Object s WHERE s.city = 'Paris' LIMIT 1") == ["alice"]
    assert rows(s3, bucket, people, "SELECT s.name FROM S3Object s LIMIT 0") == []


def test_json_lines_paths(s3: Any, bucket: str) -> None:
    lines = [{"id": 1, "user": {"name": "Ann", "tags": ["a", "b"]}, "score": 9.5, "ok": True},
             {"id": 2, "user": {"name": "Bo", "tags": []}, "score": None, "ok": False},
             {"id": 3, "user": {"name": "Cy"}, "ok": True}]
    s3.put_object(Bucket=bucket, Key="l.json", Body="\n".join(json.dumps(line) for line in lines).encode())
    data, _ = select(s3, bucket, "l.json", "SELECT s.id, s.user.name, s.user.tags[1] AS second FROM S3Object s "
                     "WHERE s.ok = true", inputs=LINES, outputs=JSON_OUT)
    assert data.decode().splitlines() == ['{"id":1,"name":"Ann","second":"b"}', '{"id":3,"name":"Cy"}']
    assert rows(s3, bucket, "l.json", "SELECT s.id FROM S3Object s WHERE s.score IS NULL", inputs=LINES) == ["2", "3"]
    assert rows(s3, bucket, "l.json", "SELECT s.id FROM S3Object s WHERE s.score IS MISSING",
                inputs=LINES) == ["3"]
    assert rows(s3, bucket, "l.json", "SELECT s.id FROM S3Object s WHERE s.score > 9", inputs=LINES) == ["1"]
    assert rows(s3, bucket, "l.json", "SELECT SUM(s.score), COUNT(s.score) FROM S3Object s",
                inputs=LINES) == ["9.5,1"]


def test_json_values_written_as_csv(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="v.json", Body=b'{"a": 1, "b": [1, 2], "c": {"d": "x,y"}, "e": null}')
    assert rows(s3, bucket, "v.json", "SELECT * FROM S3Object", inputs={"JSON": {"Type": "DOCUMENT"}}) == [
        '1,"[1,2]","{""d"":""x,y""}",']


def test_json_array_elements_as_records(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="a.json", Body=b'{"items": [{"n": 1}, {"n": 2}, {"n": 3}]}')
    data, _ = select(s3, bucket, "a.json", "SELECT i.n FROM S3Object[*].items[*] i WHERE i.n > 1",
                     inputs={"JSON": {"Type": "DOCUMENT"}}, outputs=JSON_OUT)
    assert data == b'{"n":2}\n{"n":3}\n'
