"""board.search on both backends: what matches (English, Chinese of two and four characters, Korean, Thai,
mixed), visibility, ranking, keyset pages, excerpts, and the index kept in the writing transaction."""

import pytest
from django.db import connection, transaction

from board import search
from board.exceptions import ApplicationError
from board.models import Article, Comment, ModerationState
from board.services import comment_delete, comment_edit, comment_set_moderation_state
from tests.factories import make_article, make_comment, make_user

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]


@pytest.fixture
def ann(db):
    return make_user(display_name="Search Ann")


@pytest.fixture
def story(db):
    return make_article(title="Harbor Lane leads a round in Northwind Robotics")


def ids(page) -> list[int]:
    return [item.pk for item in page.items]


def say(story, author, body, **kwargs) -> Comment:
    return make_comment(article=story, author=author, body=body, **kwargs)


def test_english_words_match_and_others_do_not(story, ann):
    dividend = say(story, ann, "The dividend looks safe after the buyback.")
    say(story, ann, "Margins fell in the third quarter.")
    assert ids(search.search_comments("dividend")) == [dividend.pk]
    assert ids(search.search_comments("DIVIDEND buyback")) == [dividend.pk]
    assert ids(search.search_comments("dividend margins")) == []  # every word must match


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("股票", {"stocks", "both"}),  # two characters: one bigram
        ("银行", {"banks", "both"}),
        ("股票市场", {"stocks"}),  # four characters: a phrase of three bigrams
        ("银行股票", {"both"}),
        ("市场", {"stocks"}),
        ("한국은행", {"korean"}),
        ("은행", {"korean"}),  # a Korean word inside a longer one (particles are glued on)
        ("ตลาดหุ้น", {"thai"}),
        ("หุ้น", {"thai"}),
        ("AAPL 股票", {"both"}),  # mixed scripts
    ],
)
def test_unspaced_scripts_match_inside_runs(story, ann, query, expected):
    comments = {
        "stocks": say(story, ann, "今天股票市场大涨，投资者很高兴。"),
        "banks": say(story, ann, "我觉得银行的利润会下降"),
        "both": say(story, ann, "AAPL 银行股票表现不错"),
        "korean": say(story, ann, "한국은행이 금리를 올렸다"),
        "thai": say(story, ann, "ตลาดหุ้นไทยปรับตัวขึ้น"),
    }
    found = set(ids(search.search_comments(query)))
    assert found == {comments[name].pk for name in expected}


def test_a_single_chinese_character_matches_where_it_appears(story, ann):
    middle = say(story, ann, "股票市场")
    end = say(story, ann, "我买了股")
    say(story, ann, "银行")
    assert set(ids(search.search_comments("股"))) == {middle.pk, end.pk}


def test_a_chinese_phrase_needs_its_characters_together(story, ann):
    apart = say(story, ann, "股票很好，市场不好")  # has 股票 and 市场, not 股票市场
    together = say(story, ann, "股票市场")
    found = ids(search.search_comments("股票市场"))
    assert together.pk in found
    assert apart.pk not in found


def test_only_visible_comments_on_visible_articles(story, ann):
    shown = say(story, ann, "Visible note about tariffs")
    held = say(story, ann, "Held note about tariffs", approve=False)
    comment_set_moderation_state(comment=held, state=ModerationState.HELD)
    pending = say(story, ann, "Pending note about tariffs", approve=False)
    gone = say(story, ann, "Deleted note about tariffs")
    comment_delete(actor=ann, comment=gone)
    hidden_story = make_article(title="Hidden story")
    on_hidden = say(hidden_story, ann, "A note about tariffs on a hidden story")
    Article.objects.filter(pk=hidden_story.pk).update(moderation_state=ModerationState.REMOVED)

    assert ids(search.search_comments("tariffs")) == [shown.pk]
    # The moderators' search (visible_only=False) covers every state; a deleted comment has no text left.
    everything = set(ids(search.search_comments("tariffs", visible_only=False)))
    assert everything == {shown.pk, held.pk, pending.pk, on_hidden.pk}


def test_more_relevant_first_then_newest(story, ann):
    once = say(story, ann, "Copper is up. Many other words follow here to dilute the single mention of it.")
    older_twice = say(story, ann, "Copper, copper and copper")
    newer_twice = say(story, ann, "Copper, copper and copper")
    order = ids(search.search_comments("copper"))
    assert order == [newer_twice.pk, older_twice.pk, once.pk]
    ranks = [item.rank for item in search.search_comments("copper").items]
    assert ranks[0] == ranks[1] > ranks[2] >= 0


def test_pages_follow_each_other_without_repeats(story, ann):
    made = [say(story, ann, f"Nickel note {'nickel ' * (i % 3)}number {i}") for i in range(7)]
    seen, cursor = [], None
    for _ in range(10):
        page = search.search_comments("nickel", cursor=cursor, page_size=3)
        seen.extend(ids(page))
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == len(made)
    assert set(seen) == {comment.pk for comment in made}
    assert seen == ids(search.search_comments("nickel", page_size=50))


def test_a_bad_cursor_is_an_error_on_the_cursor(story, ann):
    with pytest.raises(ApplicationError) as raised:
        search.search_comments("nickel", cursor="not-a-cursor")
    assert raised.value.fields == {"cursor": ["Invalid cursor."]}


def test_articles_by_title_and_text(story):
    other = make_article(title="Quiet day for bonds", body="Nothing about robotics here, only bonds.")
    assert ids(search.search_articles("Northwind")) == [story.pk]
    found = ids(search.search_articles("robotics"))
    assert found[0] == story.pk  # a title word weighs more than a word of the text
    assert set(found) == {story.pk, other.pk}
    page = search.search_articles("bonds")
    assert "<mark>bonds</mark>" in page.items[0].search_title


def test_the_index_follows_writes_inside_the_transaction(story, ann):
    with transaction.atomic():
        comment = say(story, ann, "Brand new words about zinc")
        assert ids(search.search_comments("zinc")) == [comment.pk]  # before the commit, same transaction
        comment_edit(actor=ann, comment=comment, body="Now about tin instead")
        comment_set_moderation_state(comment=comment, state=ModerationState.VISIBLE)
        assert ids(search.search_comments("zinc")) == []
        assert ids(search.search_comments("tin")) == [comment.pk]
        comment_set_moderation_state(comment=comment, state=ModerationState.REMOVED)
        assert ids(search.search_comments("tin")) == []
        assert ids(search.search_comments("tin", visible_only=False)) == [comment.pk]


def test_one_statement_per_search(story, ann, django_assert_num_queries):
    say(story, ann, "Silver and gold")
    statements = 2 if connection.vendor == "postgresql" else 1  # PostgreSQL: the planner cost, then the page
    with django_assert_num_queries(statements):
        search.search_comments("silver")
    with django_assert_num_queries(statements):
        search.search_articles("Northwind")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # the search's own transaction, not a savepoint in the test's
def test_the_planner_cost_is_set_for_the_search_statement_only(story, ann):
    silver = say(story, ann, "Silver and gold")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        before = cursor.fetchone()[0]
        assert ids(search.search_comments("silver")) == [silver.pk]
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == before != str(search.SEARCH_RANDOM_PAGE_COST)


@pytest.fixture
def small_window(monkeypatch):
    """A ranking window of 4 matches over a scan of the newest 3 rows, so that a few rows reach every part
    of ``_window``; the statements compiled with the real limits are set aside and back afterwards."""
    monkeypatch.setattr(search, "SEARCH_RANK_WINDOW", 4)
    monkeypatch.setattr(search, "SEARCH_SCAN_ROWS", 3)
    search._page_statement.cache_clear()
    yield
    search._page_statement.cache_clear()


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["cobalt", "cobalt mines"])  # one word; several (the words index, always)
def test_the_window_is_the_newest_matches_across_its_parts(story, ann, small_window, query):
    matching = [say(story, ann, f"Cobalt mines, note {i}") for i in range(6)]
    for i in range(4):  # the newest rows, past the scan's 3: the older part finds the rest
        say(story, ann, f"Lithium only, note {i}")
    found = ids(search.search_comments(query, page_size=10))
    assert found == [comment.pk for comment in reversed(matching[-4:])]  # same rank: newest first


@pytest.mark.postgres
def test_the_window_fills_from_the_newest_rows_alone(story, ann, small_window):
    older = [say(story, ann, f"Cobalt, note {i}") for i in range(3)]
    newest = [say(story, ann, f"Cobalt again, note {i}") for i in range(3)]
    found = set(ids(search.search_comments("cobalt", page_size=10)))
    assert found == {comment.pk for comment in newest} | {older[-1].pk}


def test_a_compiled_statement_binds_each_search_its_own_values(story, ann):
    tin = say(story, ann, "Tin and lead")
    lead = say(story, ann, "Lead only")
    search._page_statement.cache_clear()
    assert ids(search.search_comments("tin")) == [tin.pk]
    assert set(ids(search.search_comments("lead"))) == {tin.pk, lead.pk}  # the same shape, another query
    first = search.search_comments("lead", page_size=1)
    second = search.search_comments("lead", page_size=1, cursor=first.next_cursor)
    assert ids(first) + ids(second) == ids(search.search_comments("lead"))
    if connection.vendor == "postgresql":
        assert search._page_statement.cache_info().hits >= 1


@pytest.mark.parametrize("query", ["%", "_", "'", '"', "\\", "a:*", "!", "<->", "&|", "(", "x' OR 1=1 --"])
def test_query_syntax_is_just_text(story, ann, query):
    say(story, ann, "Nothing special")
    search.search_comments(query)  # no error, whatever it finds
    search.search_articles(query)


# -- queries and excerpts: pure ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "   ", "\x00\x01"])
def test_an_empty_query_is_refused(value):
    with pytest.raises(ApplicationError) as raised:
        search.search_query_clean(value)
    assert raised.value.fields == {"q": [search.QUERY_REQUIRED]}


def test_a_long_query_is_refused_and_control_characters_are_dropped():
    with pytest.raises(ApplicationError) as raised:
        search.search_query_clean("x" * (search.SEARCH_QUERY_MAX_LENGTH + 1))
    assert raised.value.fields == {"q": [search.QUERY_TOO_LONG]}
    assert search.search_query_clean("  gold\x00 \n silver ") == "gold silver"


def test_excerpts_escape_everything_but_the_marks():
    body = "<script>alert(1)</script> the dividend & <b>buyback</b>"
    excerpt = search.excerpt_highlight(body, search.search_terms("dividend buyback"))
    assert "<script>" not in excerpt and "<b>" not in excerpt
    assert excerpt == (
        "&lt;script&gt;alert(1)&lt;/script&gt; the <mark>dividend</mark> &amp; "
        "&lt;b&gt;<mark>buyback</mark>&lt;/b&gt;"
    )
    assert "<mark>" not in search.excerpt_highlight(body, search.search_terms("<script>"))[:6]


def test_an_excerpt_is_cut_around_the_first_match():
    body = ("Lorem ipsum dolor sit amet. " * 20) + "The word zinc appears here. " + ("Tail words. " * 30)
    excerpt = search.excerpt_highlight(body, ["zinc"])
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert "<mark>zinc</mark>" in excerpt
    assert len(excerpt) < search.SEARCH_EXCERPT_LENGTH + 30


def test_chinese_excerpts_mark_the_words():
    excerpt = search.excerpt_highlight("今天股票市场大涨<br>", search.search_terms("股票 市场"))
    assert excerpt == "今天<mark>股票</mark><mark>市场</mark>大涨&lt;br&gt;"


def test_terms_are_the_words_without_punctuation():
    assert search.search_terms('"Gold," gold? AAPL股票') == ["AAPL股票", "Gold", "股票"]
