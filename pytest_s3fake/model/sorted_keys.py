"""`SortedKeys`: sortedcontainers' `SortedList` with one bulk operation, `discard_many`.

DeleteObjects removes up to 1000 keys from a bucket's index at once. `SortedList.remove` costs about
0.5 µs a key (a bisect over the sublists, one in the sublist, and the bookkeeping), which was a third of
our handler's time for 1000 keys; `discard_many` visits each sublist the keys fall in once.

It works on `SortedList`'s internals as sortedcontainers 2.4 lays them out: `_lists` (sorted sublists,
each at most twice `_load` long and, except the last, at least half of it), `_maxes` (each sublist's
last value), `_len`, and `_index` (a positional tree built lazily, cleared here as sortedcontainers
itself clears it). pyproject.toml pins sortedcontainers below 3, and tests/model/test_sorted_keys.py
checks the result against a plain sorted list and with sortedcontainers' own `_check()`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from sortedcontainers import SortedList


class SortedKeys(SortedList):  # type: ignore[misc]  # sortedcontainers ships no type information
    """A `SortedList` of distinct values (a bucket's keys) that can discard many of them at once."""

    def discard_many(self, values: Iterable[str]) -> None:
        """Remove each of `values` that is present; ignore the rest (and repeats).

        O(k log k) for k values, plus, for each sublist the values fall in, the smaller of a bisect and
        a delete per value or one pass over the sublist: never a walk of the whole list."""
        doomed = sorted(values)  # already in order, as DeleteObjects keys usually are: one pass
        lists, maxes = self._lists, self._maxes
        if not doomed or not lists:
            return
        touched: list[int] = []
        removed = 0
        start, end = 0, len(doomed)
        while start < end:
            pos = bisect_left(maxes, doomed[start])
            if pos == len(maxes):
                break  # the rest are above every value held
            sub = lists[pos]
            stop = bisect_right(doomed, maxes[pos], start, end)  # doomed[start:stop] fall in `sub`
            before = len(sub)
            if (stop - start) * 16 < before:  # a few values in a long sublist: find each one
                for value in doomed[start:stop]:
                    at = bisect_left(sub, value)
                    if at < len(sub) and sub[at] == value:
                        del sub[at]
            else:  # many: one pass over the sublist
                drop = set(doomed[start:stop])
                sub[:] = [value for value in sub if value not in drop]
            if len(sub) != before:
                removed += before - len(sub)
                touched.append(pos)
            start = stop
        if not removed:
            return
        self._len -= removed
        del self._index[:]
        half, double = self._load >> 1, self._load << 1
        for pos in reversed(touched):  # from the right, so the positions still to visit stay valid
            sub = lists[pos]
            if not sub:
                del lists[pos], maxes[pos]
                continue
            maxes[pos] = sub[-1]
            if len(sub) >= half or len(lists) == 1:
                continue
            # Too short: join a neighbour, as SortedList does after a single delete, and split if too long.
            left = pos - 1 if pos else 0
            lists[left].extend(lists[left + 1])
            del lists[left + 1], maxes[left + 1]
            joined = lists[left]
            if len(joined) > double:
                lists.insert(left + 1, joined[self._load:])
                del joined[self._load:]
                maxes.insert(left + 1, lists[left + 1][-1])
            maxes[left] = joined[-1]
