"""The page cache culls like Django's file cache, but lists its folder rarely."""

from __future__ import annotations

from pathlib import Path

import pytest

from daifa.web.cache import PageFileCache


def _cache(folder: Path, **options: int) -> PageFileCache:
    return PageFileCache(str(folder), {"OPTIONS": options})


def test_folder_is_listed_once_per_check_every_sets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = _cache(tmp_path, MAX_ENTRIES=1000, CHECK_EVERY=10)
    listings = []
    real = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listings.append(1) or real())
    for i in range(25):
        cache.set(f"page:{i}", "<html>")
    assert len(listings) == 3  # sets 1, 11 and 21
    assert all(cache.get(f"page:{i}") == "<html>" for i in range(25))


def test_over_max_entries_it_still_culls(tmp_path: Path) -> None:
    cache = _cache(tmp_path, MAX_ENTRIES=6, CHECK_EVERY=4, CULL_FREQUENCY=2)
    for i in range(20):
        cache.set(f"page:{i}", i)
    # Never more than MAX_ENTRIES plus the sets between two checks.
    assert len(list(tmp_path.glob("*.djcache"))) <= 6 + 4
    assert cache.get("page:19") == 19  # the newest page is never culled before it is written


def test_the_workbench_uses_it_with_room_for_a_large_workspace() -> None:
    from daifa.web import settings

    page_cache = settings.CACHES["default"]
    assert page_cache["BACKEND"] == "daifa.web.cache.PageFileCache"
    assert page_cache["OPTIONS"]["MAX_ENTRIES"] >= 20_000


def test_the_object_cache_keeps_the_object_itself_and_stays_bounded() -> None:
    from daifa.web.cache import ObjectCache

    cache = ObjectCache("test-objects", {"OPTIONS": {"MAX_ENTRIES": 2, "CULL_FREQUENCY": 2}})
    frame = object()  # anything, even what pickle refuses
    cache.set("a", frame)
    assert cache.get("a") is frame
    cache.set("b", 1)
    cache.set("c", 2)
    assert len(cache._cache) <= 2
    with pytest.raises(NotImplementedError):
        cache.incr("b")


def test_the_what_if_inputs_are_rebuilt_after_any_write(personas, screened) -> None:
    from daifa.accounts.versions import data_version_bump
    from daifa.screening.profiles import cached_inputs

    first = cached_inputs(personas.workspace)
    assert cached_inputs(personas.workspace) is first
    data_version_bump(workspace=personas.workspace)
    assert cached_inputs(personas.workspace) is not first


def test_pages_are_compressed_fast_and_stay_readable_by_djangos_backend(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zlib

    from django.core.cache.backends.filebased import FileBasedCache

    levels = []
    real = zlib.compress
    monkeypatch.setattr(
        zlib, "compress", lambda data, level=-1: levels.append(level) or real(data, level)
    )
    page = {"body_html": "<tr><td>耳机</td></tr>" * 500, "headline": None}
    _cache(tmp_path).set("page:1", page)
    assert levels == [1]  # the fastest level, not zlib's default (6)
    assert FileBasedCache(str(tmp_path), {}).get("page:1") == page
    assert _cache(tmp_path).get("page:1") == page
