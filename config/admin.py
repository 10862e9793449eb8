"""The admin site of the board and moderation apps: Django's, with each ModelAdmin able to say how the
index lists it. Models are listed alphabetically unless their ModelAdmin sets

- ``index_name``: the name shown on the index and in the navigation sidebar (e.g. "Review queue");
- ``index_order``: its place in its app's section (lower first; unset models come after, alphabetically);
- ``index_badge(request) -> str``: a short note beside the name on the index pages only (e.g. "4 waiting"),
  so that the other admin pages, whose navigation sidebar lists the same models, pay no query for it.

https://docs.djangoproject.com/en/5.2/ref/contrib/admin/#overriding-the-default-admin-site
"""

from django.contrib import admin

UNORDERED = 1_000


class BoardAdminSite(admin.AdminSite):
    site_header = "News board administration"
    site_title = "News board admin"
    index_title = "Moderation and content"

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            for entry in app["models"]:
                entry["name"] = getattr(self._registry.get(entry["model"]), "index_name", "") or entry["name"]
            app["models"].sort(
                key=lambda entry: (
                    getattr(self._registry.get(entry["model"]), "index_order", UNORDERED),
                    entry["name"],
                )
            )
        return app_list

    def _with_badges(self, request, response):
        for app in response.context_data.get("app_list", []):
            for entry in app["models"]:
                badge = getattr(self._registry.get(entry["model"]), "index_badge", None)
                if badge is not None:
                    entry["name"] = f"{entry['name']} ({badge(request)})"
        return response

    def index(self, request, extra_context=None):
        return self._with_badges(request, super().index(request, extra_context))

    def app_index(self, request, app_label, extra_context=None):
        return self._with_badges(request, super().app_index(request, app_label, extra_context))
