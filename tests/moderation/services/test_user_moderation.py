"""Silence and suspension: safe to repeat, audited, moderators only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from board.exceptions import ApplicationError, PermissionDenied
from moderation.models import AuditLogEntry
from moderation.services import user_silence, user_suspend, user_unsuspend
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_silence_until_a_time(moderator, reader):
    until = timezone.now() + timedelta(days=1)

    assert user_silence(moderator=moderator, user=reader, until=until, reason="flooding")
    assert not user_silence(moderator=moderator, user=reader, until=until, reason="flooding")

    reader.refresh_from_db()
    assert reader.silenced_until == until
    entry = AuditLogEntry.objects.get(action="user.silenced")
    assert entry.actor == moderator and entry.target_id == reader.pk and entry.reason == "flooding"
    assert user_silence(moderator=moderator, user=reader, until=None, reason="served")
    assert AuditLogEntry.objects.filter(action="user.unsilenced").count() == 1


def test_silence_must_end_in_the_future(moderator, reader):
    with pytest.raises(ApplicationError):
        user_silence(moderator=moderator, user=reader, until=timezone.now() - timedelta(hours=1), reason="x")


def test_suspend_and_lift(moderator, reader):
    assert user_suspend(moderator=moderator, user=reader, reason="scam ring")
    assert not user_suspend(moderator=moderator, user=reader, reason="scam ring")
    reader.refresh_from_db()
    assert not reader.is_active

    assert user_unsuspend(moderator=moderator, user=reader, reason="appeal")
    reader.refresh_from_db()
    assert reader.is_active
    assert (
        list(AuditLogEntry.objects.order_by("id").values_list("action", flat=True)).count("user.suspended")
        == 1
    )


def test_only_moderators_silence_or_suspend(reader):
    other = make_user()
    with pytest.raises(PermissionDenied):
        user_suspend(moderator=other, user=reader, reason="x")
    with pytest.raises(PermissionDenied):
        user_silence(moderator=other, user=reader, until=None, reason="x")


def test_the_audit_log_is_append_only(moderator, reader):
    user_suspend(moderator=moderator, user=reader, reason="x")
    entry = AuditLogEntry.objects.get(action="user.suspended")

    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditLogEntry.objects.update(reason="y")
    with pytest.raises(TypeError):
        AuditLogEntry.objects.all().delete()
