"""Translated comments and articles on the readers' pages: "Translated from Chinese", "View Original" in
place with JavaScript and as a link without, the choice sticking for the page, a failing service, the
profile's reading language, and the article page's query count with 20 translated comments."""

from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from playwright.sync_api import expect

from board.models import ContentTranslation
from board.services import article_abstract_generate
from tests.board.api.test_translation_api import CHINESE, ENGLISH, run_pending_tasks
from tests.board.pages.conftest import browser_login, client_logged_in
from tests.factories import make_article, make_comment, make_user

TITLE = "华澜电池上调全年出货指引，海外订单占比升至四成"
TITLE_EN = "Hualan Battery raises full-year shipment guidance as overseas orders reach 40%"
BODY = "**宁德** — 华澜电池周二发布公告，将全年动力电池出货量指引上调约 12%。\n\n公司表示，海外订单占比已升至四成左右。"


def chinese_story(author):
    article = make_article(author=author, title=TITLE, body=BODY)
    article_abstract_generate(article_id=article.pk)
    return article


@pytest.fixture
def translated(news_bot, reader, libretranslate, web_client):
    """A Chinese article with a Chinese comment, both translated into English by the stand-in."""
    article = chinese_story(news_bot)
    comment = make_comment(article=article, author=reader, body=CHINESE)
    web_client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert sorted(run_pending_tasks()) == ["ready", "ready"]
    return article, comment


@pytest.mark.django_db
@pytest.mark.sqlite
def test_the_page_shows_the_translation_marked_with_view_original(translated, web_client):
    article, comment = translated
    html = unescape(web_client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert html.count("Translated from Chinese") == 2  # the article and the comment
    assert ENGLISH in html and TITLE_EN in html
    assert f'href="?lang=original#c{comment.pk}" data-view-original' in html
    # The original is on the page too, hidden, for the in-place swap.
    assert f'data-original lang="zh" hidden>{CHINESE}' in html

    originals = web_client.get(f"{article.get_absolute_url()}?lang=original", HTTP_ACCEPT_LANGUAGE="en")
    text = unescape(originals.content.decode())
    assert CHINESE in text and ENGLISH not in text and "Translated from" not in text
    assert "Comments are shown as written." in text

    # A reader who chose nothing and sends no header reads as written.
    plain = unescape(web_client.get(article.get_absolute_url()).content.decode())
    assert "Translated from" not in plain and ENGLISH not in plain


@pytest.mark.django_db
@pytest.mark.sqlite
def test_the_service_down_leaves_the_page_as_written(news_bot, reader, libretranslate, web_client):
    libretranslate.mode = "down"
    article = chinese_story(news_bot)
    make_comment(article=article, author=reader, body=CHINESE)
    web_client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert run_pending_tasks() == ["failed", "failed"]
    response = web_client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert CHINESE in html and "Translated from" not in html
    assert set(ContentTranslation.objects.values_list("status", flat=True)) == {"failed"}


@pytest.mark.django_db
@pytest.mark.sqlite
def test_the_profile_page_sets_the_reading_language(reader, translated):
    article, _comment = translated
    client = client_logged_in(reader)
    profile = client.get("/me/", follow=True).content.decode()
    assert 'name="language"' in profile and "Reading language" in profile
    assert client.post("/me/language/", {"language": "en"}).status_code == 302
    reader.refresh_from_db()
    assert reader.language == "en"
    # The profile's language wins over the browser's.
    html = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "Translated from Chinese" in html
    client.post("/me/language/", {"language": "xx"})
    reader.refresh_from_db()
    assert reader.language == "en"
    assert client_logged_in(make_user()).get("/me/language/").status_code == 405


# Anonymous: article, pinned, page, one preview level, then the article's and the comments' translations.
TRANSLATED_ARTICLE_PAGE_QUERIES = 6


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 20])
def test_the_article_page_with_translated_comments_costs_the_same_queries(
    count, news_bot, libretranslate, web_client
):
    article = chinese_story(news_bot)
    authors = [make_user() for _ in range(2)]
    for index in range(count):
        parent = make_comment(article=article, author=authors[index % 2], body=f"{CHINESE} {index}")
        make_comment(
            article=article, author=authors[(index + 1) % 2], parent=parent, body=f"同意第 {index} 条。"
        )
    web_client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    run_pending_tasks()
    with CaptureQueriesContext(connection) as captured:
        response = web_client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.content.decode().count("Translated from Chinese") == 1 + 2 * count
    assert len(captured) == TRANSLATED_ARTICLE_PAGE_QUERIES, "\n".join(q["sql"] for q in captured)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_view_original_swaps_in_place_and_sticks_for_the_page(browser, live_server, translated):
    article, comment = translated
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + article.get_absolute_url())
    card = page.locator(f"#c{comment.pk}")
    expect(card.get_by_text(ENGLISH)).to_be_visible()
    expect(card.get_by_text("Translated from Chinese")).to_be_visible()
    title = page.locator("#story-title")
    expect(title.get_by_text(TITLE_EN)).to_be_visible()
    expect(title.get_by_text(TITLE)).to_be_hidden()

    card.get_by_role("link", name="View Original").click()
    expect(card.get_by_text(CHINESE)).to_be_visible()
    expect(card.get_by_text(ENGLISH)).to_be_hidden()
    expect(title.get_by_text(TITLE)).to_be_visible()  # the whole page, in place
    expect(title.get_by_text(TITLE_EN)).to_be_hidden()
    assert page.url == live_server.url + article.get_absolute_url()  # no navigation

    page.reload()  # the choice sticks for the page
    expect(card.get_by_text(CHINESE)).to_be_visible()
    card.get_by_role("link", name="View Translation").click()
    expect(card.get_by_text(ENGLISH)).to_be_visible()
    context.close()
    assert errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_view_original_without_javascript_is_a_link_to_the_page_as_written(browser, live_server, translated):
    article, comment = translated
    context = browser.new_context(locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    card = page.locator(f"#c{comment.pk}")
    expect(card.get_by_text(ENGLISH)).to_be_visible()
    card.get_by_role("link", name="View Original").click()
    expect(page).to_have_url(f"{live_server.url}{article.get_absolute_url()}?lang=original#c{comment.pk}")
    expect(card.get_by_text(CHINESE)).to_be_visible()
    expect(page.get_by_text(ENGLISH)).to_have_count(0)
    page.get_by_role("link", name="View translations").first.click()
    expect(page.locator(f"#c{comment.pk}").get_by_text(ENGLISH)).to_be_visible()
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_signed_in_reader_sees_their_profiles_language(browser, live_server, translated, reader):
    article, comment = translated
    reader.language = "en"
    reader.save(update_fields=["language"])
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    browser_login(page, live_server, reader)
    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator(f"#c{comment.pk}").get_by_text(ENGLISH)).to_be_visible()
    context.close()
