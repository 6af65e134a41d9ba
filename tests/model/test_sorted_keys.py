"""`SortedKeys.discard_many` against a plain sorted list, and against sortedcontainers' own invariants.

Small load factors make the sublists short, so the joins and splits after a bulk discard happen with a
few dozen keys; the default load is checked at bucket scale below."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_s3fake.model.sorted_keys import SortedKeys

KEYS = st.text(alphabet="abcdef/", min_size=0, max_size=4)


def build(values: set[str], load: int, *, one_by_one: bool = False) -> SortedKeys:
    """An index of `values`; added one by one, its sublists grow unevenly (up to twice the load), so
    a join after a discard can overflow and split."""
    index = SortedKeys()
    index._reset(load)
    if one_by_one:
        for value in values:
            index.add(value)
    else:
        index.update(values)
    return index


def assert_same(index: SortedKeys, reference: list[str]) -> None:
    index._check()  # sortedcontainers' own invariants: sublist sizes, maxes, length, positional index
    assert list(index) == reference
    assert len(index) == len(reference)


@settings(max_examples=300, deadline=None)
@given(
    held=st.sets(KEYS, max_size=300),
    data=st.data(),
    load=st.sampled_from([4, 5, 8, 16, 1000]),
    index_first=st.booleans(),
    one_by_one=st.booleans(),
)
def test_discard_many_matches_a_sorted_list(
    held: set[str], data: st.DataObject, load: int, index_first: bool, one_by_one: bool
) -> None:
    # Each discard mixes held keys (a run, or a scattering) with keys that are not there.
    pick = st.sampled_from(sorted(held)) if held else KEYS
    discards = data.draw(st.lists(st.lists(st.one_of(pick, KEYS), max_size=120), min_size=1, max_size=4))
    if held and data.draw(st.booleans()):
        ordered = sorted(held)
        first = data.draw(st.integers(0, len(ordered) - 1))
        discards.append(ordered[first: first + data.draw(st.integers(1, 200))])
    index = build(held, load, one_by_one=one_by_one)
    reference = sorted(held)
    for doomed in discards:
        if index_first and reference:
            assert index[len(reference) // 2] == reference[len(reference) // 2]  # builds the positional index
        index.discard_many(doomed)
        reference = [key for key in reference if key not in set(doomed)]
        assert_same(index, reference)
        # Positional reads, bisects and later single updates still work on what discard_many left.
        if reference:
            middle = reference[len(reference) // 2]
            assert index.index(middle) == len(reference) // 2
            assert index[-1] == reference[-1]
        index.add("zz")
        index.remove("zz")
        assert_same(index, reference)


def test_discard_many_across_sublists_of_a_big_index() -> None:
    keys = [f"k/{i:07d}" for i in range(50_000)]
    index = build(set(keys), 1000)
    doomed = keys[10_000:11_000] + keys[::97] + ["absent", "k/9999999"]
    index.discard_many(doomed)
    gone = set(doomed)
    assert_same(index, [key for key in keys if key not in gone])
    index.discard_many(keys)
    assert_same(index, [])


def test_discard_many_of_nothing_changes_nothing() -> None:
    index = build({"a", "b"}, 4)
    index.discard_many([])
    index.discard_many(["c", "0"])
    assert_same(index, ["a", "b"])
    empty = SortedKeys()
    empty.discard_many(["a"])
    assert_same(empty, [])


def test_a_join_that_overflows_splits() -> None:
    # Load 4: sublists hold 2 to 8 values. Grow the first sublist to 8, then leave 1 in the second:
    # it joins the first (9 > 8 values), which then splits.
    index = build({f"b{i}" for i in range(4)} | {f"c{i}" for i in range(4)} | {f"d{i}" for i in range(4)}, 4)
    for i in range(4):
        index.add(f"a{i}")
    assert [len(sub) for sub in index._lists] == [8, 4, 4]
    index.discard_many(["c0", "c1", "c2"])
    assert [len(sub) for sub in index._lists] == [4, 5, 4]
    assert_same(index, sorted({f"a{i}" for i in range(4)} | {f"b{i}" for i in range(4)} | {"c3"}
                              | {f"d{i}" for i in range(4)}))
