import codecs

import pytest

from checker.errors import InputError
from checker.reading import collect_articles, decode_article

TEXT = "Kyiv’s forces — “déjà vu” — advanced.\r\nSecond line."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32"),
    ],
)
def test_unicode_encodings_decode_to_the_same_text(data, encoding):
    source = decode_article(data, "a.txt")
    assert source.text == TEXT  # the BOM is not text; line endings are kept
    assert source.encoding == encoding
    assert source.encoding_note is None


def test_cp1252_fallback_is_noted():
    source = decode_article("Café “crème” – 50 €".encode("cp1252"), "a.txt")
    assert source.text == "Café “crème” – 50 €"
    assert source.encoding == "cp1252"
    assert "not valid UTF-8" in source.encoding_note and "cp1252" in source.encoding_note


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "a.txt: is empty"),
        (b"  \n\t\r\n ", "a.txt: contains only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.txt: looks like a binary file"),
        (b"Hello \x81\x8d world", "a.txt: cannot decode: not UTF-8 (byte 0x81 at offset 6)"),
        (codecs.BOM_UTF8 + b"\xff\xfe broken", "starts with a utf-8-sig byte-order mark but is not valid"),
    ],
)
def test_bad_bytes_raise_one_line_errors(data, message):
    with pytest.raises(InputError) as info:
        decode_article(data, "a.txt")
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_collect_articles_expands_directories_sorted_and_skips_hidden(tmp_path):
    (tmp_path / "b.txt").write_text("B.")
    (tmp_path / "a.md").write_text("A.")
    (tmp_path / "notes.json").write_text("{}")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("C.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.txt").write_text("D.")
    found = collect_articles([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.md", "b.txt", "sub/d.txt"]


def test_utf8_with_one_stray_byte_keeps_its_curly_quotes():
    data = "He said “yes” to the café".encode().replace(b"caf\xc3\xa9", b"caf\xe9")
    source = decode_article(data, "a.txt")
    assert source.text == "He said “yes” to the café"
    assert source.encoding == "utf-8"
    assert "1 byte" in source.encoding_note and "0xe9 at offset" in source.encoding_note


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(codec):
    source = decode_article(TEXT.encode(codec), "a.txt")
    assert source.text == TEXT
    assert source.encoding == "utf-16"
    assert codec.upper() in source.encoding_note


@pytest.mark.parametrize("make", ["fifo", "socket"])
def test_special_files_are_refused_before_they_are_opened(tmp_path, make):
    import os
    import socket

    from checker.reading import read_article

    path = tmp_path / "a.txt"
    if make == "fifo":
        os.mkfifo(path)  # opening it for reading would block forever
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
    with pytest.raises(InputError, match="is a (FIFO|socket).*not a regular file"):
        collect_articles([path])
    with pytest.raises(InputError, match="not a regular file"):
        read_article(path)
