"""The Appeals queue in the admin (Done means 2): oldest first, the content, the original decision with
its evidence and who made it, and the appeal; an overturn there restores the comment and notifies the
author, with the audit row; readers and moderators without the permission cannot decide; the dashboard
counts appeals per week and the share overturned."""

import pytest
from django.urls import reverse

from board.models import ModerationState, Notification, NotificationKind
from board.services import comment_create
from moderation.models import Appeal, AppealStatus, AuditAction, AuditLogEntry
from moderation.selectors import appeal_stats
from moderation.services import appeal_create, review_decide
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_moderator(moderator_group):
    user = make_user(display_name="Mod Two", is_staff=True)
    user.groups.add(moderator_group)
    return user


@pytest.fixture
def appeals(moderator):
    article = make_article()
    made = []
    for index in range(2):
        author = make_user(display_name=f"Appellant {index}")
        comment = comment_create(author=author, article=article, body=f"Honest comment number {index}.")
        review_decide(moderator=moderator, decision="remove", comment=comment, label="spam")
        comment.refresh_from_db()
        made.append(appeal_create(author=author, content=comment, text=f"Appeal text {index}: it is honest."))
    return made


def test_the_queue_lists_open_appeals_oldest_first_with_the_decision(client, second_moderator, appeals):
    client.force_login(second_moderator)
    page = client.get(reverse("admin:moderation_appeal_changelist")).content.decode()
    assert page.index("Appeal text 0") < page.index("Appeal text 1")
    assert "review.remove" in page and "spam" in page and "Mod Mia" in page


def test_an_overturn_in_the_admin_restores_and_notifies(
    client, second_moderator, appeals, run_tasks_on_commit
):
    client.force_login(second_moderator)
    appeal = appeals[0]
    url = reverse("admin:moderation_appeal_change", args=[appeal.pk])
    page = client.get(url).content.decode()
    assert "Honest comment number 0." in page and "Appeal text 0" in page and "Removed by a moderator" in page
    with run_tasks_on_commit():
        response = client.post(url, {"outcome": "overturn", "reason": "A fair remark."})
    assert response.status_code == 302
    appeal.refresh_from_db()
    appeal.comment.refresh_from_db()
    assert appeal.status == AppealStatus.OVERTURNED
    assert appeal.comment.moderation_state == ModerationState.VISIBLE
    assert AuditLogEntry.objects.filter(
        action=AuditAction.APPEAL_OVERTURNED, target_id=appeal.comment_id
    ).exists()
    assert Notification.objects.filter(recipient=appeal.author, kind=NotificationKind.APPEAL).exists()
    stats = appeal_stats()
    assert stats.open == 1 and sum(count for _week, count in stats.weeks) == 2
    assert [(s.name, s.decided, s.overturned) for s in stats.per_origin] == [
        ("automated decisions", 0, 0),
        ("human decisions", 1, 1),
    ]


def test_the_moderator_who_removed_it_does_not_decide_when_another_is_there(
    client, moderator, second_moderator, appeals
):
    client.force_login(moderator)
    url = reverse("admin:moderation_appeal_change", args=[appeals[0].pk])
    client.post(url, {"outcome": "overturn", "reason": "Mine, but fine."})
    appeals[0].refresh_from_db()
    assert appeals[0].status == AppealStatus.OPEN


def test_readers_and_moderators_without_the_permission_cannot_decide(client, appeals, moderator_group):
    from django.contrib.auth.models import Permission

    url = reverse("admin:moderation_appeal_change", args=[appeals[0].pk])
    client.force_login(make_user())
    assert client.post(url, {"outcome": "overturn", "reason": "x"}).status_code == 302  # to the login
    viewer = make_user(display_name="Mod View Only", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_appeal"))
    client.force_login(viewer)
    assert client.get(url).status_code == 200
    assert client.post(url, {"outcome": "overturn", "reason": "x"}).status_code == 403
    assert Appeal.objects.get(pk=appeals[0].pk).status == AppealStatus.OPEN


def test_the_dashboard_shows_the_appeals(client, moderator, appeals):
    client.force_login(moderator)
    page = client.get("/admin/moderation/reviewitem/").content.decode()
    assert "appeals open" in page and "appeals overturned: human decisions" in page
