"""The benchmark's comment tree: pure, deterministic, standard library only.

Both seeders build from it (ours in ``bench/seed_board.py``; the peer's in ``bench/peers/xtd/``, which
loads this file by path into another virtualenv), so the two projects hold the same thread: the same
comments, parents, depths, authors, times, texts and likes, in the same order.

Shape (fixed seed): comment 0 is top level; each further comment is top level with probability 0.3,
otherwise a reply to a uniformly random earlier comment; a reply that would go deeper than ``MAX_DEPTH``
is attached to that comment's ancestor at ``MAX_DEPTH - 1`` instead (so the depth is capped, not the
reply dropped). 20% of comments are liked, each by 1..``MAX_LIKERS`` distinct readers. Authors are drawn
uniformly from a pool of ``READERS`` readers. Creation times strictly increase with the index (3 s apart
on average), so index order is time order and every reply is newer than its parent.

Everything is a plain tuple or list of ints and strings: no model, no ORM.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

SEED = 20250107
READERS = 200
MAX_DEPTH = 8
TOP_LEVEL_SHARE = 0.3
LIKED_SHARE = 0.2
MAX_LIKERS = 10
# Comment i is created at START + 3*i + jitter (0..2) seconds: strictly increasing, about 35 days at 1M.
START = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
STEP_SECONDS = 3

_WORDS_TEXT = (
    "market rates yield bond equity earnings guidance inflation central bank hike cut dollar euro yen "
    "oil gold copper futures margin volatility rally selloff quarter revenue outlook dividend buyback "
    "valuation multiple growth recession data payrolls jobs housing credit spread liquidity risk "
    "the a of to and in on for with that this is was will be not but as it at by from i think agree "
    "really likely probably good bad point fair article analysis numbers chart trend support resistance"
)
_WORDS = tuple(_WORDS_TEXT.split())


class Comment(NamedTuple):
    """One comment. Indices are 0-based positions in ``Tree.comments`` (seeders map them to ids)."""

    index: int
    parent: int | None  # index of the parent, None for top level
    root: int | None  # index of the top-level ancestor, None for top level
    depth: int  # 0 for top level
    author: int  # reader index, 0..readers-1
    created_offset: int  # seconds after START
    body: str


class Tree(NamedTuple):
    comments: list[Comment]
    likes: list[tuple[int, int]]  # (comment index, reader index), unique pairs, sorted
    readers: int
    seed: int


def reader_username(reader: int) -> str:
    """The login name both seeders give reader ``reader`` (a stable, sortable name)."""
    return f"reader{reader:04d}"


def created_at(comment: Comment) -> datetime:
    return START + timedelta(seconds=comment.created_offset)


def _body(rng: random.Random, index: int) -> str:
    words = rng.choices(_WORDS, k=rng.randint(4, 40))
    return f"#{index}: " + " ".join(words).capitalize() + "."


def build_tree(
    n: int,
    *,
    seed: int = SEED,
    readers: int = READERS,
    max_depth: int = MAX_DEPTH,
    top_level_share: float = TOP_LEVEL_SHARE,
    liked_share: float = LIKED_SHARE,
    max_likers: int = MAX_LIKERS,
) -> Tree:
    """Build the ``n``-comment tree for ``seed``; the same arguments always give the same tree."""
    if n < 0 or readers < 1 or max_depth < 1 or max_likers < 1:
        raise ValueError("need n >= 0, readers >= 1, max_depth >= 1, max_likers >= 1")
    rng = random.Random(seed)
    parents: list[int | None] = []
    roots: list[int | None] = []
    depths: list[int] = []
    comments: list[Comment] = []
    for i in range(n):
        parent: int | None = None
        if i and rng.random() >= top_level_share:
            parent = rng.randrange(i)
            while depths[parent] >= max_depth:  # cap: climb to the ancestor one level above the cap
                parent = parents[parent]  # type: ignore[assignment]
        depth = 0 if parent is None else depths[parent] + 1
        root = None if parent is None else (roots[parent] if roots[parent] is not None else parent)
        parents.append(parent)
        roots.append(root)
        depths.append(depth)
        offset = i * STEP_SECONDS + rng.randrange(STEP_SECONDS)
        comments.append(Comment(i, parent, root, depth, rng.randrange(readers), offset, _body(rng, i)))
    likes: list[tuple[int, int]] = []
    likers_max = min(max_likers, readers)
    for i in range(n):
        if rng.random() < liked_share:
            for reader in sorted(rng.sample(range(readers), rng.randint(1, likers_max))):
                likes.append((i, reader))
    return Tree(comments, likes, readers, seed)


def reply_counts(tree: Tree) -> list[int]:
    """Direct replies per comment (the ``reply_count`` counter)."""
    counts = [0] * len(tree.comments)
    for c in tree.comments:
        if c.parent is not None:
            counts[c.parent] += 1
    return counts


def like_counts(tree: Tree) -> list[int]:
    counts = [0] * len(tree.comments)
    for comment, _reader in tree.likes:
        counts[comment] += 1
    return counts


def descendant_counts(tree: Tree) -> list[int]:
    """All replies below each comment, at any depth (xtd's ``nested_count``)."""
    counts = [0] * len(tree.comments)
    for c in reversed(tree.comments):  # children come after their parents
        if c.parent is not None:
            counts[c.parent] += counts[c.index] + 1
    return counts


def thread_orders(tree: Tree) -> list[int]:
    """Each comment's 1-based position within its thread in depth-first order, replies oldest first.

    This is xtd's ``order`` column: a new reply goes right after its parent's last descendant, so
    after inserting the comments one by one in time order the thread reads in this pre-order.
    """
    children: list[list[int]] = [[] for _ in tree.comments]
    for c in tree.comments:
        if c.parent is not None:
            children[c.parent].append(c.index)
    orders = [0] * len(tree.comments)
    for top in (c.index for c in tree.comments if c.parent is None):
        position = 0
        stack = [top]
        while stack:
            node = stack.pop()
            position += 1
            orders[node] = position
            stack.extend(reversed(children[node]))
    return orders


def targets(tree: Tree) -> dict[str, int]:
    """Comments the measures aim at, chosen from the shape alone so both projects aim at the same ones.

    ``busiest``: the comment with the most direct replies (its replies endpoint is the heaviest);
    ``deep``: the newest comment at ``MAX_DEPTH - 1`` (a reply to it lands at the cap), or the deepest
    comment when the tree is shallower.
    """
    if not tree.comments:
        raise ValueError("empty tree")
    counts = reply_counts(tree)
    busiest = max(range(len(counts)), key=lambda i: (counts[i], -i))
    max_depth = max(c.depth for c in tree.comments)
    want = min(MAX_DEPTH - 1, max_depth)
    deep = max(c.index for c in tree.comments if c.depth == want)
    return {"busiest": busiest, "deep": deep}
