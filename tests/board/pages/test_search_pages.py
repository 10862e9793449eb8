"""The search page and the header's search box: results, tabs, paging, escaping, nothing per reader on an
anonymous page; in Chromium at 390 and 1280 pixels."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.board.pages.conftest import browser_login
from tests.factories import make_article, make_comment, make_user


@pytest.fixture
def found(db):
    ann = make_user(display_name="Page Ann")
    story = make_article(title="Copper prices climb in Santiago")
    comments = [
        make_comment(article=story, author=ann, body=f"Copper comment {i} <script>alert('x')</script>")
        for i in range(25)
    ]
    make_comment(article=story, author=ann, body="银行股票表现不错")
    return story, comments


@pytest.mark.sqlite
@pytest.mark.django_db
def test_the_page_lists_comments_escaped_and_highlighted(found):
    _story, comments = found
    response = Client().get("/search/", {"q": "copper"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="search-result"') == 20
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<mark>Copper</mark> comment 24" in html
    assert f'href="/comments/{comments[-1].pk}/"' in html
    assert 'href="/search/?q=copper&amp;cursor=' in html  # the next page, as a link
    assert 'href="/search/?q=copper&amp;type=articles"' in html


@pytest.mark.sqlite
@pytest.mark.django_db
def test_the_articles_tab_and_chinese(found):
    story, _comments = found
    html = Client().get("/search/", {"q": "copper", "type": "articles"}).content.decode()
    assert f'href="{story.get_absolute_url()}"' in html and "<mark>Copper</mark> prices" in html
    chinese = Client().get("/search/", {"q": "股票"}).content.decode()
    assert "银行<mark>股票</mark>表现不错" in chinese


@pytest.mark.sqlite
@pytest.mark.django_db
def test_every_page_has_the_search_box_and_bad_input_is_explained(found):
    feed = Client().get("/").content.decode()
    assert 'role="search"' in feed and 'action="/search/"' in feed
    empty = Client().get("/search/")
    assert empty.status_code == 200 and 'class="search-result"' not in empty.content.decode()
    long = Client().get("/search/", {"q": "x" * 500})
    assert long.status_code == 400 and "At most" in long.content.decode()
    stale = Client().get("/search/", {"q": "copper", "cursor": "garbage"})
    assert stale.status_code == 302 and stale["Location"] == "/search/?q=copper"


@pytest.mark.sqlite
@pytest.mark.django_db
def test_an_anonymous_page_is_the_same_for_everyone(found):
    first, second = Client().get("/search/", {"q": "copper"}), Client().get("/search/", {"q": "copper"})
    assert first.content == second.content
    assert "csrftoken" not in first.cookies and "sessionid" not in first.cookies
    assert b"csrfmiddlewaretoken" not in first.content
    assert b'name="csrf-token"' not in first.content  # anonymous pages carry no token (board.caching)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_searching_from_the_header_in_the_browser(page, live_server, page_errors, found, width):
    story, comments = found
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, live_server, comments[0].author)
    page.goto(live_server.url + story.get_absolute_url())
    box = page.get_by_role("searchbox", name="Search comments and articles")
    expect(box).to_be_visible()
    box.fill("copper")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=copper$"))
    results = page.locator("[data-search-results] > li")
    expect(results).to_have_count(20)
    expect(results.first.locator("mark").first).to_have_text("Copper")
    # No horizontal scrolling at a phone's width.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("link", name="More results").click()
    expect(results).to_have_count(5)
    page.get_by_role("link", name="Articles").click()
    expect(page.locator("[data-search-results] h2")).to_contain_text("Copper prices climb")
    page.locator("[data-search-results] h2 a").click()
    expect(page).to_have_url(live_server.url + story.get_absolute_url())
