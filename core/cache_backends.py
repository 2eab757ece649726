"""Cache backends of the site's own: Redis with one client per connection pool, and the
version numbers every process on one machine shares."""

import hashlib
import mmap
import os
import struct

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class OneClientPerPool(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """Django's Redis cache, keeping one client per connection pool.

    Django's RedisCacheClient makes a new redis.Redis for every call (get, get_many, set),
    and redis-py builds its table of response callbacks in each: several times the cost of
    the round trip on loopback, and a cached page makes two or three calls. A client is
    safe to share (its pool hands out the connections), so one per pool is kept.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = OneClientPerPool


class VersionMap(BaseCache):
    """Version numbers that every process on this machine shares, in a memory-mapped file.

    The public cache reads the content generation and its tags' versions at every request,
    a cached hit included. From the folder of files that was a file opened, read and
    unpickled per number (four on every page, more on an article's): under load, a third
    of a hit's time. Here a read is a look at memory the processes share, and a write is
    seen by every process that maps the file, the moment it is made.

    It keeps non-zero 64-bit integers only, named as in any cache; 0 is "not set". Each
    name hashes to one of SLOTS slots: two names that share one read each other's changes,
    which for versions (only ever compared with a value read before) can only make a page
    be made again, never keep a stale one. Nothing expires, so a version always outlives
    the pages made under it. A slot read while it is written gives the number before, the
    number after, or one never written, which again can only cause a miss.
    The file is checked at each read: when it has been removed or replaced (a cache folder
    emptied), the new one is mapped, so that every process reads the same numbers.
    """

    SLOTS = 1 << 20
    SLOT = struct.Struct("<q")
    # Where the names read lately are: a page checks the same few dozen at every hit.
    REMEMBERED = 20_000

    def __init__(self, location, params):
        super().__init__(params)
        self._path = os.path.abspath(location)
        self._map = None
        self._identity = None
        self._offsets = {}

    def _slots(self):
        try:
            found = os.stat(self._path)
            identity = (found.st_dev, found.st_ino)
        except FileNotFoundError:
            identity = None
        if identity is None or identity != self._identity:
            self._open()
        return self._map

    def _open(self):
        os.makedirs(os.path.dirname(self._path), 0o700, exist_ok=True)
        size = self.SLOTS * self.SLOT.size
        descriptor = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(descriptor).st_size < size:
                os.ftruncate(descriptor, size)  # sparse: zeros cost no disk until written
            mapped = mmap.mmap(descriptor, size)
            found = os.fstat(descriptor)
        finally:
            os.close(descriptor)
        if self._map is not None:
            self._map.close()
        self._map, self._identity = mapped, (found.st_dev, found.st_ino)

    def _offset(self, key, version):
        offset = self._offsets.get((key, version))
        if offset is None:
            name = self.make_key(key, version).encode()
            slot = int.from_bytes(hashlib.blake2b(name, digest_size=8).digest(), "little")
            offset = (slot % self.SLOTS) * self.SLOT.size
            if len(self._offsets) >= self.REMEMBERED:
                self._offsets.clear()
            self._offsets[key, version] = offset
        return offset

    def _number(self, value):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{type(self).__name__} keeps integers only, not {value!r}")
        return value

    def get(self, key, default=None, version=None):
        value = self.SLOT.unpack_from(self._slots(), self._offset(key, version))[0]
        return value or default

    def get_many(self, keys, version=None):
        slots = self._slots()
        found = {}
        for key in keys:
            value = self.SLOT.unpack_from(slots, self._offset(key, version))[0]
            if value:
                found[key] = value
        return found

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.SLOT.pack_into(self._slots(), self._offset(key, version), self._number(value))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        slots = self._slots()
        for key, value in data.items():
            self.SLOT.pack_into(slots, self._offset(key, version), self._number(value))
        return []

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # Not atomic: two processes adding at once each keep their own for a moment, then
        # both read the one written last, which for a version is only a miss.
        if self.get(key, version=version):
            return False
        self.set(key, value, version=version)
        return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.has_key(key, version=version)

    def delete(self, key, version=None):
        offset = self._offset(key, version)
        slots = self._slots()
        existed = bool(self.SLOT.unpack_from(slots, offset)[0])
        self.SLOT.pack_into(slots, offset, 0)
        return existed

    def has_key(self, key, version=None):
        return self.get(key, version=version) is not None

    def clear(self):
        # Page by page, and only pages written: the file stays sparse.
        slots = self._slots()
        size = mmap.PAGESIZE
        blank = bytes(size)
        for start in range(0, len(slots), size):
            if slots[start : start + size] != blank:
                slots[start : start + size] = blank

    def close(self, **kwargs):
        # Kept mapped between requests: mapping the file again is what this avoids.
        pass
