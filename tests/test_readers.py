from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgate.errors import NewsgateError
from newsgate.model import Article
from newsgate.readers import read_corpus

from .conftest import SEEDS


def test_seeds_read_sorted_by_id() -> None:
    arts = read_corpus(SEEDS)
    assert [a.id for a in arts] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert all(a.text and a.path.endswith(".txt") for a in arts)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"\xef\xbb\xbfHello\r\nworld", "Hello\nworld"),
        (b"a\rb\r\nc\n", "a\nb\nc\n"),
        ("Charg\u00e9".encode(), "Charg\u00e9"),
    ],
)
def test_bom_and_newlines_normalised(tmp_path: Path, raw: bytes, text: str) -> None:
    (tmp_path / "a.txt").write_bytes(raw)
    (art,) = read_corpus(tmp_path)
    assert art.text == text


def test_article_file_is_never_rewritten(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbfOne\r\nTwo\r"
    (tmp_path / "a.txt").write_bytes(raw)
    read_corpus(tmp_path)
    assert (tmp_path / "a.txt").read_bytes() == raw


def test_line_col() -> None:
    art = Article(id="a", text="ab\ncd\n\nef")
    assert art.line_col(0) == (1, 1)
    assert art.line_col(4) == (2, 2)
    assert art.line_col(7) == (4, 1)


def test_manifest_csv_metadata(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("id,outlet,url,published,title\nx,Dawn,http://d,2025-09-08,T\n")
    (art,) = read_corpus(tmp_path)
    assert (art.outlet, art.published, art.title) == ("Dawn", "2025-09-08", "T")


def test_manifest_yaml_and_bad_date(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "manifest.yml").write_text("- id: x\n  published: not-a-date\n")
    with pytest.raises(NewsgateError, match="not an ISO date"):
        read_corpus(tmp_path)


def test_jsonl(tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    lines = [{"id": "b", "text": "B.\r\n", "outlet": "X"}, {"id": "a", "text": "A."}]
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    arts = read_corpus(f)
    assert [(a.id, a.text, a.outlet) for a in arts] == [("a", "A.", ""), ("b", "B.\n", "X")]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: (d / "a.txt").write_bytes("caf\u00e9".encode("latin-1")), "not UTF-8"),
        (lambda d: (d / "c.jsonl").write_text('{"id": 1}\n'), "needs a string 'id' and 'text'"),
        (lambda d: (d / "c.jsonl").write_text("{broken\n"), "not valid JSON"),
    ],
)
def test_bad_input_is_one_clear_error(tmp_path: Path, setup, message: str) -> None:  # type: ignore[no-untyped-def]
    setup(tmp_path)
    target = tmp_path / "c.jsonl" if (tmp_path / "c.jsonl").exists() else tmp_path
    with pytest.raises(NewsgateError, match=message):
        read_corpus(target)


def test_missing_corpus(tmp_path: Path) -> None:
    with pytest.raises(NewsgateError, match="no such corpus"):
        read_corpus(tmp_path / "nope")
