"""The moderators' workplace in the Django admin.

- ``queue``: the review queue (a changelist of ``ReviewItem`` with a dashboard), its one-click and bulk
  decisions, and the content detail page;
- ``content``: the board's comment and repost lists (rows open the content page; comments are pinned
  here) and the board's article admin with its moderation link and audited pinning;
- ``users``: the board's user admin with silencing, suspension and trust;
- ``config``: watched words and thresholds;
- ``appeals``: the Appeals queue (oldest first) and the page that upholds or overturns one;
- ``audit``: the audit log (read-only, filterable, CSV);
- ``records``: classifications, flags, reports, decisions and screening requests (read-only);
- ``roles``: who may do what (from ``board.access.user_is_moderator``); ``decisions``: what each click calls.

Every change goes through ``moderation.services``, which write the audit rows (and change the board's rows
through the board's services).
"""

from moderation.admin import appeals, audit, config, content, queue, records, users  # noqa: F401 - registers them
