"""Developer conveniences for `make run`; never used in production."""

from .base import *
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="local-development-only-not-secret-1f7c2a9e4b6d8c0e3a5f7b9d1c3e5a7b9d")

# The demo board (`manage.py load_demo`, run by `make run`): never installed outside local settings.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
# Where the demo moderator's generated password is kept between runs.
DEMO_STATE_DIR = env.path("DEMO_STATE_DIR", default=str(BASE_DIR / ".state"))
