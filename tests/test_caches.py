"""Every cache is shared by all processes: the database cache embedded, Redis in production when configured, and
never a cache in one process's memory. The cross-process test itself is tests/archive/test_shared_cache.py."""

from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

import pytest

from memorial.privacy.checks import caches_shared_by_every_process
from memorial.redis_cache import SharedRedisCache
from memorial.settings import base
from tests.production import production_setting

LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"


def test_production_without_redis_uses_the_database_cache():
    assert "django.core.cache.backends.db.DatabaseCache" in production_setting("CACHES['default']", {})


def test_production_with_redis_uses_it():
    assert "memorial.redis_cache.SharedRedisCache" in production_setting(
        "CACHES['default']", {"REDIS_URL": "redis://cache:6379/0"}
    )


@pytest.fixture
def local_redis():
    """Two caches on the local Redis (its database 12), as two processes of the site each have one."""
    redis = pytest.importorskip("redis")
    location = "redis://127.0.0.1:6379/12"
    try:
        with redis.Redis.from_url(location, socket_connect_timeout=2) as probe:
            probe.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis on 127.0.0.1:6379 ({error})")
    made = [SharedRedisCache(location, {"KEY_PREFIX": "tests-shared"}) for _ in range(2)]
    yield made
    made[0].clear()
    for cache_of_a_process in made:
        for pool in cache_of_a_process._cache._pools.values():
            pool.disconnect()


def test_the_redis_cache_reuses_its_client_and_stays_shared(local_redis):
    one, other = local_redis
    one.set("key", {"value": 1})
    assert one._cache.get_client() is one._cache.get_client(write=True)
    assert other.get("key") == {"value": 1}
    other.delete("key")
    assert one.get("key") is None


def test_the_suite_runs_on_the_cache_users_run():
    assert settings.CACHES == base.CACHES


def test_the_configured_caches_pass_the_check():
    assert caches_shared_by_every_process(None) == []


@override_settings(CACHES={**settings.CACHES, "pages": {"BACKEND": LOCAL_MEMORY}})
def test_a_cache_in_one_process_memory_is_refused():
    errors = caches_shared_by_every_process(None)
    assert [(error.id, error.msg.split(" keeps")[0]) for error in errors] == [("privacy.E001", "CACHES['pages']")]


# A transactional test commits what it caches, and the flush after it leaves the cache table alone: the
# autouse fixture `empty_cache` empties it before each test. pytest-django runs transactional tests after the
# others, in file order, so the second test here runs just after the first.
LEFT_BEHIND = "tests:left-behind"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_transactional_test_commits_what_it_caches():
    cache.set(LEFT_BEHIND, "cached by the test before")
    assert cache.get(LEFT_BEHIND)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_next_test_starts_with_an_empty_cache():
    assert cache.get(LEFT_BEHIND) is None
