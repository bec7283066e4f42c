"""Django's Redis cache backend, keeping its redis client instead of making one per call.

Django's RedisCacheClient builds a new ``redis.Redis`` for every cache call, and building one
registers some 170 response callbacks: about 50 µs of CPU, more than the round trip to Redis
it makes (about 30 µs). A showcase page served from the page cache makes one cache call, a
rendered page several (Wagtail's site root paths, each picture's rendition): bench/README.md,
"Run D". A ``redis.Redis`` is safe to share: it takes a connection from its pool for each
command, and the pool starts afresh in a forked process. Django keeps a cache object per
thread, so each thread keeps its own client too.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # id of a pool (they live as long as this object) → its client

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
