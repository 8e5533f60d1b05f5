"""Storage shared by index snapshots (matcher/shared_rows.py): byte strings and texts kept in one buffer read back
as put in, whatever each snapshot appends, and a snapshot never sees what a later or forked one appended."""

from __future__ import annotations

from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import shared_rows
from matcher.shared_rows import SharedBytes, SharedTexts
from tests.matcher.test_invariants import COMMON

ITEMS = st.lists(st.binary(max_size=40), max_size=12)
TEXTS = st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30), max_size=12)


@settings(**COMMON)
@given(first=ITEMS, appended=st.lists(st.tuples(st.integers(0, 10), ITEMS), max_size=6),
       spare=st.sampled_from([0, 1, 3, 256]))
def test_byte_strings_read_back_as_put_in_by_every_snapshot(first, appended, spare):
    """Each step extends some earlier snapshot (the newest, or an older one: a fork); all read back their own."""
    with mock.patch.object(shared_rows, "MIN_SPARE", spare):
        snapshots = [(SharedBytes(first), list(first))]
        for which, items in appended:
            view, expected = snapshots[min(which, len(snapshots) - 1)]
            snapshots.append((view.extended(items), expected + items))
        for view, expected in snapshots:
            assert list(view) == expected
            assert [view[i] for i in range(len(view))] == expected
            assert len(view) == len(expected) and view[1:-1] == expected[1:-1]
            if expected:
                assert view[-1] == expected[-1]
            assert view == expected and view == SharedBytes(expected)
            assert hash(view) == hash(SharedBytes(expected))


@settings(**COMMON)
@given(first=TEXTS, more=TEXTS, other=TEXTS)
def test_texts_read_back_as_put_in(first, more, other):
    texts = SharedTexts(first)
    longer, fork = texts.extended(more), texts.extended(other)
    assert list(texts) == first and list(longer) == first + more and list(fork) == first + other
    assert [fork[i] for i in range(len(fork))] == first + other
    assert longer == SharedTexts(first + more) and longer == first + more
    assert (longer == SharedTexts(first + other)) == (more == other)


def test_an_index_out_of_range_is_an_index_error():
    view = SharedBytes([b"a", b"bc"]).extended([b"d"])
    shorter = SharedBytes([b"a", b"bc"])
    for i in (3, -4):
        try:
            view[i]
        except IndexError:
            continue
        raise AssertionError(f"{i} read")
    assert shorter.extended([b"x"])[2] == b"x" and view[2] == b"d"


@settings(**COMMON)
@given(ids=st.lists(st.integers(1, 200), unique=True, max_size=20),
       changes=st.dictionaries(st.integers(1, 220), st.none() | st.integers(0, 30), max_size=8),
       fold=st.sampled_from([0, 2, 1024]))
def test_a_laid_out_id_map_answers_as_the_dict_it_stands_for(ids, changes, fold):
    """RowOfId.laid_out (the dict made on first use) and a RowOfId over the same dict, changed alike."""
    with mock.patch.object(shared_rows, "FOLD_FROM", fold):
        lazy = shared_rows.RowOfId.laid_out(np.array(ids, dtype=np.int64))
        eager = shared_rows.RowOfId({i: row for row, i in enumerate(ids)})
        for a, b in ((lazy, eager), (lazy.changed(changes), eager.changed(changes))):
            assert len(a) == len(b) and dict(a) == dict(b) and sorted(a) == sorted(b)
            for key in range(0, 222):
                assert (key in a) == (key in b) and a.get(key) == b.get(key) and a.get(key, -1) == b.get(key, -1)


@settings(**COMMON)
@given(first=TEXTS, more=TEXTS, start=st.integers(-6, 6), stop=st.integers(-6, 6), step=st.sampled_from([1, 2, -1]))
def test_texts_slice_and_compare_as_a_list_does(first, more, start, stop, step):
    texts = SharedTexts(first).extended(more)
    expected = first + more
    assert texts[start:stop:step] == expected[start:stop:step]
    assert (texts == expected[:-1]) == (expected[:-1] == expected)
    assert texts != [*expected, "one more"] and texts != "".join(expected) and texts != 3
    encoded = [t.encode("utf-8") for t in expected]
    assert SharedBytes(encoded) != [*encoded, b"one more"] and SharedBytes(encoded) != 3
    assert (SharedBytes(encoded) == encoded[:-1]) == (not encoded)


@settings(**COMMON)
@given(ids=st.lists(st.integers(1, 200), unique=True, max_size=20),
       steps=st.lists(st.dictionaries(st.integers(1, 220), st.none() | st.integers(0, 30), max_size=8), max_size=4),
       fold=st.sampled_from([0, 2, 1024]))
def test_an_id_map_answers_as_a_plain_dict_through_any_changes(ids, steps, fold):
    """RowOfId after successive changes (None: the id is gone) against a dict changed the same way."""
    with mock.patch.object(shared_rows, "FOLD_FROM", fold):
        expected = {i: row for row, i in enumerate(ids)}
        found = shared_rows.RowOfId.laid_out(np.array(ids, dtype=np.int64))
        for changes in [{}, *steps]:
            for key, row in changes.items():
                if row is None:
                    expected.pop(key, None)
                else:
                    expected[key] = row
            found = found.changed(changes)
            assert len(found) == len(expected) and sorted(found) == sorted(expected)
            for key in range(0, 222):
                assert (key in found) == (key in expected)
                assert found.get(key) == expected.get(key) and found.get(key, -1) == expected.get(key, -1)
                if key in expected:
                    assert found[key] == expected[key]
