"""Accounts: sign-up, the display name, tokens, and the one-column changes moderation makes to a reader
(trust level, silence, suspension; moderation audits them)."""

import logging
import re
import secrets
from datetime import datetime

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from board.caching import site_changed
from board.exceptions import ApplicationError, PermissionDenied
from board.models import DISPLAY_NAME_MAX_LENGTH, DISPLAY_NAME_MIN_LENGTH, TrustLevel, User
from board.services.common import Change
from board.services.rewards import ledger_grant
from board.translation import language_choice_clean

logger = logging.getLogger(__name__)

_DISPLAY_NAME = re.compile(rf"^[\w\- ]{{{DISPLAY_NAME_MIN_LENGTH},{DISPLAY_NAME_MAX_LENGTH}}}$")
# A generated name can collide (one in four billion); a new one is tried this many times.
_NAME_ATTEMPTS = 5
EMAIL_TAKEN = "An account with this email already exists."
NAME_TAKEN = "This display name is taken."


def _new_display_name() -> str:
    return f"{settings.BOARD_DISPLAY_NAME_PREFIX}{secrets.token_hex(4)}"


def _new_referral_code() -> str:
    return secrets.token_urlsafe(9)[:12]


def _email_taken() -> ApplicationError:
    return ApplicationError(EMAIL_TAKEN, fields={"email": ["Already used."]})


def _name_taken() -> ApplicationError:
    return ApplicationError(NAME_TAKEN, fields={"display_name": ["Already taken."]})


def ensure_not_silenced(user: User) -> None:
    """Refuse a write of text from a reader whose silence has not ended (403 ``silenced``)."""
    if user.silenced_until is not None and user.silenced_until > timezone.now():
        raise PermissionDenied("You cannot post until your silence ends.", code="silenced")


def display_name_clean(display_name: str, *, exclude_user: User | None = None) -> str:
    """A display name as stored: trimmed, 3 to 40 letters, digits, ``-``, ``_`` or spaces, unique ignoring case."""
    name = (display_name or "").strip()
    if not _DISPLAY_NAME.match(name):
        raise ApplicationError(
            "Invalid display name.",
            fields={
                "display_name": [
                    f"Use {DISPLAY_NAME_MIN_LENGTH} to {DISPLAY_NAME_MAX_LENGTH} letters, digits, spaces, "
                    "'-' or '_'."
                ]
            },
        )
    taken = User.objects.filter(display_name__iexact=name)
    if exclude_user is not None:
        taken = taken.exclude(pk=exclude_user.pk)
    if taken.exists():
        raise _name_taken()
    return name


def _user_save_new(user: User, *, email: str, chosen_name: bool) -> None:
    """Insert ``user``, drawing a new generated name (and referral code) while one collides."""
    for _attempt in range(_NAME_ATTEMPTS):
        # The savepoint lets us try again after a collision.
        try:
            with transaction.atomic():
                user.full_clean(exclude=["password"])
                user.save()
            return
        except (IntegrityError, DjangoValidationError) as exc:
            # A concurrent sign-up may have taken the email or the chosen name: report it as a field error.
            if User.objects.filter(email__iexact=email).exists():
                raise _email_taken() from exc
            if chosen_name:
                raise _name_taken() from exc
            if isinstance(exc, DjangoValidationError) and "display_name" not in exc.message_dict:
                raise
            user.display_name, user.referral_code = _new_display_name(), _new_referral_code()
    raise ApplicationError("Could not create the account; try again.", code="retry")


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    display_name: str | None = None,
    is_bot: bool = False,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create an account with a unique display name (generated when none is given) and the starting grant."""
    email = User.objects.normalize_email(email).strip()
    if User.objects.filter(email__iexact=email).exists():
        raise _email_taken()
    if display_name:
        display_name = display_name_clean(display_name)
    user = User(
        username=email.lower(),
        email=email,
        display_name=display_name or _new_display_name(),
        referral_code=_new_referral_code(),
        is_bot=is_bot,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    _user_save_new(user, email=email, chosen_name=bool(display_name))
    ledger_grant(user=user, amount=settings.BOARD_STARTING_POINTS)
    return user


def account_register(*, email: str, password: str, display_name: str | None = None) -> User | None:
    """Sign up from the apps. Returns the new user, or None when the email already has an account.

    The caller answers both cases the same way so that registration does not tell who has an account:
    input errors (email format, weak password, display name taken, which is public anyway) come first and
    do not depend on the email being known; a known email then spends the same password-hashing time and
    changes nothing.
    """
    email = User.objects.normalize_email((email or "").strip())
    try:
        validate_email(email)
    except DjangoValidationError as exc:
        raise ApplicationError("Invalid email.", fields={"email": ["Enter a valid email address."]}) from exc
    if display_name is not None and display_name.strip():
        display_name = display_name_clean(display_name)
    else:
        display_name = None
    try:
        password_validation.validate_password(
            password, user=User(email=email, username=email.lower(), display_name=display_name or "")
        )
    except DjangoValidationError as exc:
        raise ApplicationError("Choose a stronger password.", fields={"password": exc.messages}) from exc
    if User.objects.filter(email__iexact=email).exists():
        make_password(password)  # the same time as a real sign-up
        logger.info("registration attempted for an existing account")
        return None
    try:
        return user_create(email=email, password=password, display_name=display_name)
    except ApplicationError as exc:
        if "email" in exc.fields:  # lost a race with a concurrent sign-up for the same email
            return None
        raise


_UNCHANGED = object()


@transaction.atomic
def user_update(*, user: User, display_name: str | None = None, language=_UNCHANGED) -> User:
    """Change what a reader may change about themselves: the display name, and the language they read in
    (``language``: one of ``TRANSLATION_LANGUAGES``, or "" / None for none, which means the browser's)."""
    fields = []
    if language is not _UNCHANGED:
        code = language_choice_clean(language)
        if code != user.language:
            user.language = code
            fields.append("language")
    if display_name is not None:
        name = display_name_clean(display_name, exclude_user=user)
        if name != user.display_name:
            user.display_name = name
            fields.append("display_name")
    if not fields:
        return user
    try:
        with transaction.atomic():
            user.save(update_fields=fields)
    except IntegrityError as exc:
        raise _name_taken() from exc
    if "display_name" in fields:
        site_changed()  # the name shows on every comment the reader wrote
    return user


def auth_token_issue(*, username: str, password: str, request=None) -> Token:
    """Log in with a username or email and a password; one token per user, reused across devices.

    Wrong username and wrong password answer the same, in the same time (see ``EmailOrUsernameBackend``).
    """
    user = authenticate(request, username=username or "", password=password or "")
    if user is None:
        raise ApplicationError("Unable to log in with the provided credentials.", code="invalid_credentials")
    token, _created = Token.objects.get_or_create(user=user)
    return token


@transaction.atomic
def auth_token_revoke(*, user: User) -> bool:
    """Log out everywhere the token is used: delete it. True if there was one."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted > 0


# ---------------------------------------------------------------------------------------------------------
# One-column primitives for moderation, which checks the actor and writes the audit row around them.
# Each locks the user's row (users come first in the board's lock order) and sets ``user`` in place.
# ---------------------------------------------------------------------------------------------------------


def _user_field_set(user: User, field: str, value) -> Change:
    rows = list(User.objects.select_for_update().filter(pk=user.pk).values_list(field, flat=True)[:1])
    if not rows or rows[0] == value:
        return Change(False, rows[0] if rows else None)
    User.objects.filter(pk=user.pk).update(**{field: value})
    setattr(user, field, value)
    return Change(True, rows[0])


@transaction.atomic
def user_trust_level_set(*, user: User, trust_level: int) -> Change:
    """Set the trust level (``TrustLevel``); ``Change(changed, previous level)``."""
    if trust_level not in TrustLevel.values:
        choices = ", ".join(str(value) for value in TrustLevel.values)
        raise ApplicationError(
            f"Trust level must be one of {choices}.", fields={"trust_level": [f"One of {choices}."]}
        )
    return _user_field_set(user, "trust_level", trust_level)


@transaction.atomic
def user_silence_set(*, user: User, until: datetime | None) -> Change:
    """Silence the reader (no new comments or quotes) until ``until``; None lifts it.
    ``Change(changed, previous end)``."""
    if until is not None and until <= timezone.now():
        raise ApplicationError(
            "The end of a silence must be in the future.", fields={"until": ["In the past."]}
        )
    return _user_field_set(user, "silenced_until", until)


@transaction.atomic
def user_active_set(*, user: User, is_active: bool) -> bool:
    """Suspend (False: no sign-in, no token) or reinstate an account; True if it changed."""
    return _user_field_set(user, "is_active", is_active).changed
