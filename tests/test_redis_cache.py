"""The Redis cache backend: Django's, with one redis-py client per connection pool."""

from newsroom.redis_cache import RedisCache


def test_every_command_uses_the_same_client():
    # Making the client is not free (redis-py builds a table of response callbacks
    # for each one); the connection pool is shared all the same. No connection is
    # opened here.
    backend = RedisCache("redis://127.0.0.1:6379/3", {})
    first = backend._cache.get_client()
    assert backend._cache.get_client(write=True) is first
    assert first.connection_pool is backend._cache._get_connection_pool(write=False)
