"""The benchmark tree generator: same seed, same tree; the shape the issue asks for."""

from collections import Counter

import pytest

from bench.tree import (
    MAX_DEPTH,
    MAX_LIKERS,
    build_tree,
    descendant_counts,
    like_counts,
    reply_counts,
    targets,
    thread_orders,
)


def test_same_seed_gives_the_same_tree_and_another_seed_does_not():
    assert build_tree(500) == build_tree(500)
    assert build_tree(500, seed=1) != build_tree(500)


def test_a_smaller_tree_is_a_prefix_of_a_larger_one():
    # Comments are drawn first and likes afterwards, so the comment list (not the likes) is a prefix.
    assert build_tree(3000).comments[:1000] == build_tree(1000).comments


def test_shape_matches_the_issue():
    tree = build_tree(10_000)
    comments = tree.comments
    assert comments[0].parent is None
    top = sum(1 for c in comments if c.parent is None)
    assert 0.28 < top / len(comments) < 0.32
    liked = {comment for comment, _reader in tree.likes}
    assert 0.18 < len(liked) / len(comments) < 0.22
    per_comment = Counter(comment for comment, _reader in tree.likes)
    assert max(per_comment.values()) <= MAX_LIKERS
    assert len(set(tree.likes)) == len(tree.likes)
    assert max(c.depth for c in comments) == MAX_DEPTH
    assert {c.author for c in comments} <= set(range(tree.readers))


def test_parents_roots_depths_and_times_are_consistent():
    comments = build_tree(5000).comments
    for c in comments:
        assert comments[c.index] is c
        if c.parent is None:
            assert c.root is None and c.depth == 0
            continue
        parent = comments[c.parent]
        assert c.parent < c.index
        assert c.depth == parent.depth + 1 <= MAX_DEPTH
        assert c.root == (parent.root if parent.root is not None else parent.index)
        assert parent.created_offset < c.created_offset
    offsets = [c.created_offset for c in comments]
    assert offsets == sorted(set(offsets))


def test_counters_and_thread_orders():
    tree = build_tree(2000)
    replies, likes, nested = reply_counts(tree), like_counts(tree), descendant_counts(tree)
    assert sum(replies) == sum(1 for c in tree.comments if c.parent is not None)
    assert sum(likes) == len(tree.likes)
    tops = [c.index for c in tree.comments if c.parent is None]
    # A thread's size is its top comment plus all below it; every thread's orders are 1..size.
    assert sum(nested[t] + 1 for t in tops) == len(tree.comments)
    orders = thread_orders(tree)
    by_thread: dict[int, list[int]] = {}
    for c in tree.comments:
        by_thread.setdefault(c.index if c.root is None else c.root, []).append(orders[c.index])
    for top, positions in by_thread.items():
        assert orders[top] == 1
        assert sorted(positions) == list(range(1, nested[top] + 2))
    for c in tree.comments:
        if c.parent is not None:  # a reply comes after its parent and within the parent's subtree
            assert orders[c.parent] < orders[c.index] <= orders[c.parent] + nested[c.parent]


def test_targets_are_stable_and_sensible():
    tree = build_tree(1000)
    picked = targets(tree)
    assert picked == targets(build_tree(1000))
    assert reply_counts(tree)[picked["busiest"]] == max(reply_counts(tree))
    assert tree.comments[picked["deep"]].depth == MAX_DEPTH - 1


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        build_tree(-1)
    with pytest.raises(ValueError):
        targets(build_tree(0))
