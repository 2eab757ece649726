"""Wire import under hostile files: every file judged whole and on its own, in linear time."""

import signal
from contextlib import contextmanager, suppress

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from news.models import Article
from news.wire import WireFormatError, parse_wire

pytestmark = pytest.mark.django_db

GOOD = b"date 2024-03-01 ALMATY. Kazinform - CARICC met.\n\nA second paragraph."


@contextmanager
def must_finish_within(seconds):
    """Fail, rather than hang, if the work is not done in time: a guard, not a measure."""

    def too_slow(signum, frame):
        raise AssertionError(f"still running after {seconds} s: not linear in the input")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    "data",
    [
        b"date 2024-03-01 A" + b" " * 120_000 + b"B",
        b"date 2024-03-01 " + b" -" * 300_000,
        b"date 2024-03-01 A. B - lead\n" + b"\n \n" * 300_000 + b"end",
        b"date " + b"\t" * 1_000_000,
    ],
)
def test_reading_a_story_takes_time_in_proportion_to_its_length(data, settings):
    settings.WIRE_FILE_MAX_BYTES = 2 * 1024 * 1024
    with must_finish_within(10), suppress(WireFormatError):
        parse_wire(data)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"date 2024-03-01 " + b"A" * 101 + b". Kazinform - Lead.", "dateline is longer"),
        (b"date 2024-03-01 ALMATY. " + b"K" * 256 + b" - Lead.", "source's name is longer"),
        (b"date 0001-01-01 ALMATY. Kazinform - Lead.", "dated 0001-01-01"),
        (b"date 2999-01-01 ALMATY. Kazinform - Lead.", "dated 2999-01-01"),
        (b"date 2024-03-01 ALMATY. Kazinform - " + b"x" * (1024 * 1024), "larger than"),
    ],
)
def test_what_does_not_fit_is_a_reason_not_a_crash(data, reason):
    with pytest.raises(WireFormatError, match=reason):
        parse_wire(data)


def test_the_command_refuses_a_file_over_the_limit_and_imports_the_rest(tmp_path, capsys):
    big = tmp_path / "big.txt"
    big.write_bytes(GOOD + b" word" * 300_000)
    good = tmp_path / "good.txt"
    good.write_bytes(GOOD)
    with pytest.raises(CommandError, match="1 of 2"):
        call_command("import_articles", str(big), str(good))
    assert "big.txt: not imported: the file is larger than 1024 KB." in capsys.readouterr().err
    assert Article.objects.count() == 1


def test_the_admin_names_each_file_that_cannot_be_imported(editor_client):
    files = [
        SimpleUploadedFile("empty.txt", b""),
        SimpleUploadedFile("long-dateline.txt", b"date 2024-03-01 " + b"A" * 150 + b". K - L."),
        SimpleUploadedFile("ancient.txt", b"date 0001-01-01 ALMATY. Kazinform - Lead."),
        SimpleUploadedFile("good.txt", GOOD),
    ]
    response = editor_client.post(
        reverse("admin:news_article_import"), {"files": files}, follow=True
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("empty.txt" in m and "empty" in m for m in messages)
    assert any("long-dateline.txt" in m and "dateline" in m for m in messages)
    assert any("ancient.txt" in m and "0001-01-01" in m for m in messages)
    assert any("good.txt" in m and "Imported" in m for m in messages)
    assert Article.objects.count() == 1


def test_a_russian_story_finds_its_source_by_its_russian_name_in_capitals():
    call_command("load_seed")
    story = (
        "date 2024-03-01 АСТАНА. КАЗИНФОРМ - Директор ЦАРИКЦ Атагельды Язлыев провёл встречу.\n\n"
        "Второй абзац."
    ).encode()
    from news.wire import import_story

    result = import_story(story)
    assert result.article.source.slug == "kazinform"
    assert result.article.dateline == "Астана"
    assert not result.unknown_source
