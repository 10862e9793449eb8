from django.contrib.admin.apps import AdminConfig


class BoardAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the board's admin site (``config.admin.BoardAdminSite``)."""

    default_site = "config.admin.BoardAdminSite"
