"""The structural check behind "Invalid version id specified": `Ids.issued` knows every id it made
(without storing them) and nothing else."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from pytest_s3fake.ids import Ids
from pytest_s3fake.operations.common import is_well_formed_version_id

ALPHABET = string.ascii_letters + string.digits + "._-"


@given(seed=st.integers(-(2**63), 2**63 - 1), count=st.integers(1, 40), others=st.integers(0, 5))
def test_every_issued_id_is_known_and_well_formed(seed: int, count: int, others: int) -> None:
    ids = Ids(seed)
    made = []
    for _ in range(count):
        made.append(ids.version_id())
        for _ in range(others):  # request and upload ids share the counter
            ids.request_id()
            ids.upload_id()
    assert len(set(made)) == count
    assert all(is_well_formed_version_id(v) and ids.issued(v) for v in made)


@given(version_id=st.text(ALPHABET, min_size=32, max_size=32))
def test_a_made_up_id_was_never_issued(version_id: str) -> None:
    ids = Ids(0)
    made = {ids.version_id() for _ in range(20)}
    assert ids.issued(version_id) == (version_id in made)


@given(text=st.text(max_size=40))
def test_any_text_is_answered_without_error(text: str) -> None:
    ids = Ids(0)
    ids.version_id()
    assert ids.issued(text) is False or len(text) == 32


def test_ids_not_yet_issued_and_other_seeds_are_unknown() -> None:
    ahead, behind, other = Ids(7), Ids(7), Ids(8)
    future = [ahead.version_id() for _ in range(5)]
    behind.version_id()
    assert behind.issued(future[0])
    assert not any(behind.issued(v) for v in future[1:])  # the same seed, but not handed out yet
    assert not any(other.issued(v) for v in future)
