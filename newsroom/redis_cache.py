"""Django's Redis cache backend, with one redis-py client per connection pool.

Django's backend makes a new redis-py client for every command, and redis-py builds
its table of some 160 response callbacks for each one (redis/redis-py#3624). On a
page-cache hit that took longer than the round trip to Redis itself. The client
holds no state of its own beyond its pool, which is safe to share between threads.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if pool not in self._clients:
            self._clients[pool] = self._client(connection_pool=pool)
        return self._clients[pool]


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
