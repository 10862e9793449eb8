"""The benchmark's URLs: the site's, plus the bare view that every endpoint is measured against."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns

# A fixed JSON body: what the same gunicorn, settings and middleware serve when the view itself costs nothing.
BARE_BODY = b'{"next": null, "results": []}'


def bare(request):
    return HttpResponse(BARE_BODY, content_type="application/json")


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *site_urlpatterns]
