"""Hypothesis profiles, and the PostgreSQL server the tests that need one use.

Hypothesis: ``dev`` (default) and ``ci`` (more examples, no deadline).

PostgreSQL: the server at ``HALT_TEST_POSTGRES_URL`` (default: postgres on 127.0.0.1:5432,
database test). Without a server the tests that need it skip, saying how to run them, unless
``HALT_REQUIRE_POSTGRES=1`` (as ``.ci/run`` sets it): then they fail.
"""

import os
import uuid
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = ["tests.dutch_errors"]

POSTGRES_URL = os.environ.get("HALT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")

settings.register_profile("dev", deadline=None, max_examples=50)
settings.register_profile(
    "ci",
    deadline=None,
    max_examples=100,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The URL of the test server; skips (or fails, when required) without one."""
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except Exception as exc:
        message = (
            f"no PostgreSQL server at {POSTGRES_URL} ({exc}); start one, or point "
            "HALT_TEST_POSTGRES_URL at one, to run these tests"
        )
        if os.environ.get("HALT_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return POSTGRES_URL


@pytest.fixture
def postgres_schema(postgres_url: str) -> Iterator[str]:
    """A fresh schema for one test, dropped afterwards."""
    import psycopg

    schema = "halt_test_" + uuid.uuid4().hex[:12]
    yield schema
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
