"""The Redis cache builds one client object per connection pool (no server is needed: a
client connects only when it sends a command)."""

from motcua.core.cache import ReusingRedisCache


def test_one_client_object_serves_every_operation() -> None:
    cache = ReusingRedisCache("redis://127.0.0.1:6399/0", {})
    client = cache._cache  # type: ignore[attr-defined]
    first = client.get_client("a", write=True)
    assert client.get_client("b", write=False) is first
    assert first.connection_pool is client._get_connection_pool(True)


def test_each_server_s_pool_has_its_own_client() -> None:
    cache = ReusingRedisCache("redis://127.0.0.1:6399/0,redis://127.0.0.1:6398/0", {})
    client = cache._cache  # type: ignore[attr-defined]
    writer = client.get_client(write=True)
    reader = client.get_client(write=False)  # the second server reads
    assert reader is not writer
    assert reader.connection_pool.connection_kwargs["port"] == 6398
    assert client.get_client(write=False) is reader
