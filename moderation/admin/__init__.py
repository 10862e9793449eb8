"""The moderators' workplace in the Django admin.

- ``queue``: the review queue (a changelist of ``ReviewItem`` with a dashboard), its one-click and bulk
  decisions, and the content detail page;
- ``config``: watched words and thresholds;
- ``audit``: the audit log (read-only, filterable, CSV);
- ``records``: classifications, flags, reports, decisions and screening requests (read-only);
- ``roles``: the Moderator group's permissions; ``decisions``: what each click calls.

Every change goes through ``moderation.services`` (or ``board.services``), which write the audit rows.
"""

from moderation.admin import audit, config, queue, records  # noqa: F401 - registers the ModelAdmins
