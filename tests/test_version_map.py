"""The version numbers every process on one machine shares (core.cache_backends.VersionMap):
what a cached page is checked against at every request when no cache server is set."""

import os

import pytest

from core.cache_backends import VersionMap

from .processes import ROOT, local_environment, run_python


def version_map(path, cls=VersionMap):
    return cls(str(path), {})


def in_another_process(path, code):
    """Run `code` with `versions`, a VersionMap on the same file, in a process of its own."""
    program = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from core.cache_backends import VersionMap;"
        f"versions = VersionMap(sys.argv[2], {{}}); {code}"
    )
    return run_python("-c", program, str(ROOT), str(path), timeout=60)


def test_numbers_are_kept_by_name(tmp_path):
    versions = version_map(tmp_path / "versions")
    assert versions.get("tag:news") is None
    assert versions.get("tag:news", 0) == 0
    versions.set("tag:news", 1_700_000_000_000_000_000)
    versions.set_many({"content-generation": 7, "tag:removals": 8})
    assert versions.get("tag:news") == 1_700_000_000_000_000_000
    assert versions.get_many(["content-generation", "tag:removals", "tag:unset"]) == {
        "content-generation": 7,
        "tag:removals": 8,
    }
    assert versions.add("content-generation", 9) is False
    assert versions.add("tag:new", 10) is True
    assert versions.get("content-generation") == 7 and versions.get("tag:new") == 10
    assert versions.delete("tag:new") is True and versions.get("tag:new") is None
    versions.clear()
    assert versions.get_many(["content-generation", "tag:news", "tag:removals"]) == {}


def test_anything_but_an_integer_is_refused(tmp_path):
    versions = version_map(tmp_path / "versions")
    for value in ["7", 7.0, True, None, (1, 2)]:
        with pytest.raises(TypeError):
            versions.set("tag:news", value)
    assert versions.get("tag:news") is None


def test_the_file_is_made_with_its_folder_and_costs_no_disk_until_written(tmp_path):
    path = tmp_path / "cache" / "versions"
    versions = version_map(path)
    versions.set("content-generation", 1)
    assert path.stat().st_size == VersionMap.SLOTS * 8
    assert path.stat().st_blocks * 512 < 1024 * 1024  # sparse: a page or two
    versions.clear()
    assert versions.get("content-generation") is None
    assert path.stat().st_blocks * 512 < 1024 * 1024  # still
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)
    assert oct(path.parent.stat().st_mode & 0o777) == oct(0o700)


def test_a_change_in_another_process_is_read_at_once(tmp_path):
    path = tmp_path / "versions"
    here = version_map(path)
    here.set("tag:news", 5)
    assert in_another_process(path, "print(versions.get('tag:news'))") == "5"
    in_another_process(path, "versions.set('tag:news', 6); versions.set('content-generation', 3)")
    # The same mapping, not opened again: the other process wrote to the memory it shares.
    assert here.get_many(["tag:news", "content-generation"]) == {
        "tag:news": 6,
        "content-generation": 3,
    }


def test_a_removed_file_is_replaced_for_every_process(tmp_path):
    """A cache folder emptied by hand must not leave workers reading a file no one writes."""
    path = tmp_path / "versions"
    here = version_map(path)
    here.set("content-generation", 1)
    os.remove(path)
    in_another_process(path, "versions.set('content-generation', 2)")
    assert here.get("content-generation") == 2
    here.set("tag:news", 3)
    assert in_another_process(path, "print(versions.get('tag:news'))") == "3"


class FourSlots(VersionMap):
    SLOTS = 4


def test_names_that_share_a_slot_read_each_others_changes_never_an_old_number(tmp_path):
    versions = version_map(tmp_path / "versions", FourSlots)
    names = [f"tag:article:{n}" for n in range(5)]  # five names, four slots: two share one
    offsets = {name: versions._offset(name, None) for name in names}
    first, second = next((a, b) for a in names for b in names if a < b and offsets[a] == offsets[b])
    versions.set(first, 11)
    assert versions.get(second) == 11  # a change to the other reads as a change
    versions.set(second, 12)
    assert versions.get(first) == 12 != 11  # never back to what a page was made under


def test_the_site_keeps_its_versions_in_the_mapped_file_without_a_cache_server(tmp_path):
    program = (
        "from django.core.cache import caches; from core import cache; "
        "print(type(caches['versions']).__name__); cache.touch('news'); "
        "print(dict(cache.versions(['news']))['news'])"
    )
    output = run_python(
        "manage.py", "shell", "-v0", "-c", program,
        environment=local_environment(DJANGO_CACHE_DIR=str(tmp_path / "cache")),
    )  # fmt: skip
    backend, news = output.split()
    assert backend == "VersionMap"
    assert version_map(tmp_path / "cache" / "versions").get("tag:news") == int(news)
