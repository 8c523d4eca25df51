"""Local development: `make run`. Never used in production (see production.py)."""

from motcua.settings.base import *  # noqa: F403
from motcua.settings.env import env_bool, env_str

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY", "development-only-secret-key-never-use-in-production")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
