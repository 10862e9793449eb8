"""The admin index leads a moderator to the queue (issue 13): "Review queue", first in Moderation, with the
number waiting; the other admin pages' navigation lists it by name without counting."""

import pytest

pytestmark = pytest.mark.django_db


def moderation_names(response) -> list[str]:
    app = next(app for app in response.context["app_list"] if app["app_label"] == "moderation")
    return [entry["name"] for entry in app["models"]]


def test_the_index_names_the_queue_first_in_its_section_with_the_number_waiting(
    mod_client, held_advice, hidden_spam
):
    response = mod_client.get("/admin/")

    assert response.status_code == 200
    names = moderation_names(response)
    assert names[0] == "Review queue (2 waiting)"
    assert "Review decisions" in names and "Review items" not in names
    assert names[1:] == sorted(names[1:])
    assert b"Review queue (2 waiting)" in response.content


def test_the_app_page_counts_too_and_other_pages_name_it_without_a_count(mod_client, held_advice):
    assert moderation_names(mod_client.get("/admin/moderation/"))[0] == "Review queue (1 waiting)"

    queue = mod_client.get("/admin/moderation/reviewitem/")
    sidebar = next(app for app in queue.context["available_apps"] if app["app_label"] == "moderation")
    assert sidebar["models"][0]["name"] == "Review queue"
    assert b'<div class="breadcrumbs">' in queue.content and b"&rsaquo; Review queue\n</div>" in queue.content


def test_an_empty_queue_says_so(mod_client):
    assert moderation_names(mod_client.get("/admin/"))[0] == "Review queue (0 waiting)"
