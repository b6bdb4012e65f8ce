"""The web tests' small city and users, for the attacks of this package."""

from tests.web.conftest import city, fast_web, paid_city  # noqa: F401  (fixtures)
