"""yamlio: strict, safe YAML loading; one tiny fixture per defect, exact `path:line:col` lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from yaml.nodes import MappingNode, Node

from kneepdf.errors import ContentError
from kneepdf.load import yamlio

SHOWN = "fixtures/f.yaml"  # how errors name the file; never the real temporary path


def write(tmp_path: Path, data: str | bytes) -> Path:
    file = tmp_path / "f.yaml"
    if isinstance(data, bytes):
        file.write_bytes(data)
    else:
        file.write_text(data, encoding="utf-8")
    return file


def load_error(tmp_path: Path, data: str | bytes) -> str:
    """The one-line message `load` raises for this file."""
    with pytest.raises(ContentError) as info:
        yamlio.load(write(tmp_path, data), SHOWN)
    return str(info.value)


def reader(tmp_path: Path, text: str) -> tuple[yamlio.Reader, MappingNode]:
    node = yamlio.load(write(tmp_path, text), SHOWN)
    return yamlio.Reader(SHOWN, []), node


def value(node: MappingNode, key: str) -> Node:
    """The value node of `key` in a mapping node."""
    for key_node, value_node in node.value:
        if key_node.value == key:
            return value_node
    raise KeyError(key)


def messages(r: yamlio.Reader) -> list[str]:
    return [str(e) for e in r.errors]


# -- whole-file defects (yamlio.load) ---------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"], ids=["empty", "blank",
                                                                              "comment"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    message = load_error(tmp_path, text)
    assert message == f"{SHOWN}:1:1: the file is empty; expected a mapping of keys"


def test_two_documents(tmp_path: Path) -> None:
    message = load_error(tmp_path, "title: one\n---\ntitle: two\n")
    assert message == (
        f"{SHOWN}:2:1: the file holds more than one YAML document (---); keep one"
    )


def test_alias_rejected(tmp_path: Path) -> None:
    message = load_error(tmp_path, "title: hi\nagain: *x\n")
    assert message == f"{SHOWN}:2:8: aliases (*x) are not allowed; write the value out"


def test_anchor_rejected(tmp_path: Path) -> None:
    message = load_error(tmp_path, "title: &t hi\n")
    assert message == f"{SHOWN}:1:8: anchors (&t) are not allowed; write the value out"


def test_anchor_on_nested_mapping_rejected(tmp_path: Path) -> None:
    message = load_error(tmp_path, "name: x\nbase: &b\n  a: 1\n")
    assert message == f"{SHOWN}:2:7: anchors (&b) are not allowed; write the value out"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- title\n- how_to_use\n", "1:1: expected a mapping of keys, got a list"),
        ("just some words\n", "1:1: expected a mapping of keys, got plain text"),
        ("\n\n  - indented\n", "3:3: expected a mapping of keys, got a list"),
    ],
    ids=["list", "scalar", "list-on-line-3"],
)
def test_non_mapping_top_level(tmp_path: Path, text: str, expected: str) -> None:
    assert load_error(tmp_path, text) == f"{SHOWN}:{expected}"


def test_invalid_utf8_reports_line_and_col(tmp_path: Path) -> None:
    # Line 2 is "name: café " (11 characters, 12 bytes) and then a stray 0xff byte:
    # the column counts characters, not bytes.
    message = load_error(tmp_path, b"title: ok\nname: caf\xc3\xa9 \xff\n")
    assert message == (
        f"{SHOWN}:2:12: the file is not valid UTF-8 (byte 0xff); save it as UTF-8"
    )


def test_latin1_file_rejected(tmp_path: Path) -> None:
    message = load_error(tmp_path, b"name: caf\xe9\n")
    assert message == (
        f"{SHOWN}:1:10: the file is not valid UTF-8 (byte 0xe9); save it as UTF-8"
    )


def test_control_character_reports_line_and_col(tmp_path: Path) -> None:
    # A stray BEL pasted into line 2 ("name: a" is 7 characters, so column 8).
    message = load_error(tmp_path, b"title: ok\nname: a\x07b\n")
    assert message.startswith(f"{SHOWN}:2:8: ")
    assert "\n" not in message
    assert "0007" in message


def test_bom_accepted(tmp_path: Path) -> None:
    r, node = reader(tmp_path, "\ufefftitle: Hi there\n")
    key_node, value_node = node.value[0]
    assert key_node.value == "title"
    assert str(r.place(key_node)) == f"{SHOWN}:1:1"
    assert r.text(value_node, "title") == "Hi there"
    assert r.errors == []


def test_syntax_error_points_at_place(tmp_path: Path) -> None:
    message = load_error(tmp_path, "a: [1, 2\nb: 3\n")
    assert message.startswith(f"{SHOWN}:2:2: ") and "expected ',' or ']'" in message


def test_tab_indentation(tmp_path: Path) -> None:
    message = load_error(tmp_path, "a:\n\tb: 1\n")
    assert message == f"{SHOWN}:2:1: found character that cannot start any token"


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        yamlio.load(tmp_path, SHOWN)  # a folder, not a file
    assert str(info.value) == f"{SHOWN}:1:1: is a folder, not a file; give a file"


def test_python_tag_is_not_constructed(tmp_path: Path) -> None:
    r, node = reader(tmp_path, "name: !!python/object/apply:os.system ['true']\n")
    assert r.text(value(node, "name"), "name") == ""
    assert messages(r) == [
        f"{SHOWN}:1:7: name must be text, got a list",
    ]


# -- keys (Reader.fields) -------------------------------------------------------------------


def test_duplicate_key(tmp_path: Path) -> None:
    r, node = reader(tmp_path, "name: Ann\nage: 3\nname: Bob\n")
    fields = r.fields(node, "a person", ("name", "age"))
    assert messages(r) == [f"{SHOWN}:3:1: duplicate key 'name' (first given at line 1)"]
    assert fields is not None
    assert r.text(fields["name"], "name") == "Ann"


def test_unknown_key(tmp_path: Path) -> None:
    r, node = reader(tmp_path, "name: Ann\ncolour: red\n")
    fields = r.fields(node, "a person", ("name",), ("age",))
    assert messages(r) == [
        f"{SHOWN}:2:1: unknown key 'colour' in a person; expected one of: name, age"
    ]
    assert fields is not None
    assert set(fields) == {"name"}


def test_missing_key(tmp_path: Path) -> None:
    r, node = reader(tmp_path, "name: Ann\n")
    r.fields(node, "a person", ("name", "age"))
    assert messages(r) == [f"{SHOWN}:1:1: a person is missing the key 'age'"]


def test_non_text_key(tmp_path: Path) -> None:
    r, node = reader(tmp_path, "name: Ann\n1: one\n")
    r.fields(node, "a person", ("name",))
    assert messages(r) == [f"{SHOWN}:2:1: a person: keys must be plain words"]


def test_scalar_where_mapping_expected(tmp_path: Path) -> None:
    r, node = reader(tmp_path, "person: Ann\n")
    assert r.fields(value(node, "person"), "a person", ("name",)) is None
    assert messages(r) == [f"{SHOWN}:1:9: a person must be a mapping of keys, got 'Ann'"]


# -- YAML 1.1 surprises in text (Reader.text) -------------------------------------------------


def test_yaml11_no_in_text_field(tmp_path: Path) -> None:
    r, node = reader(tmp_path, "name: NO\n")
    assert r.text(value(node, "name"), "name") == ""
    assert messages(r) == [
        f"{SHOWN}:1:7: name must be text, got 'NO', which YAML reads as true/false; "
        "put it in quotes"
    ]


@pytest.mark.parametrize(
    ("raw", "reads_as"),
    [
        ("yes", "true/false"),
        ("off", "true/false"),
        ("~", "nothing (null)"),
        ("12:30", "a number"),
        ("010", "a number"),
        ("1.5", "a decimal number"),
        ("2026-01-15", "a date"),
    ],
)
def test_yaml11_plain_scalar_in_text_field(tmp_path: Path, raw: str, reads_as: str) -> None:
    r, node = reader(tmp_path, f"name: {raw}\n")
    assert r.text(value(node, "name"), "name") == ""
    assert messages(r) == [
        f"{SHOWN}:1:7: name must be text, got '{raw}', which YAML reads as {reads_as}; "
        "put it in quotes"
    ]


@pytest.mark.parametrize("raw", ['"NO"', "'yes'", '"12:30"', '"010"'])
def test_quoted_yaml11_words_are_text(tmp_path: Path, raw: str) -> None:
    r, node = reader(tmp_path, f"name: {raw}\n")
    assert r.text(value(node, "name"), "name") == raw[1:-1]
    assert r.errors == []


def test_empty_quoted_text_rejected(tmp_path: Path) -> None:
    r, node = reader(tmp_path, 'name: ""\n')
    r.text(value(node, "name"), "name")
    assert messages(r) == [f"{SHOWN}:1:7: name must not be empty"]


def test_folded_text_is_one_line(tmp_path: Path) -> None:
    r, node = reader(tmp_path, "text: >-\n  Walk a bit\n  less   for now.\nplain: one\n  two\n")
    assert r.text(value(node, "text"), "text") == "Walk a bit less for now."
    assert r.text(value(node, "plain"), "plain") == "one two"
    assert r.errors == []


# -- numbers, flags, choices, ids -------------------------------------------------------------


def test_plain_whole_number_accepted(tmp_path: Path) -> None:
    r, node = reader(tmp_path, "reps: 20\n")
    assert r.whole(value(node, "reps"), "dose.reps", 1) == 20
    assert r.errors == []


@pytest.mark.parametrize(
    "raw", ["010", "2.5", "12:30", '"20"', "twenty", "-1", "1_000", "0x10", "1e3"],
    ids=["leading-zero", "decimal", "sexagesimal", "quoted", "word", "negative", "underscore",
         "hex", "exponent"],
)
def test_not_a_whole_number(tmp_path: Path, raw: str) -> None:
    r, node = reader(tmp_path, f"reps: {raw}\n")
    assert r.whole(value(node, "reps"), "dose.reps", 1) is None
    shown = raw.strip('"')
    assert messages(r) == [f"{SHOWN}:1:7: dose.reps must be a whole number, got '{shown}'"]


def test_leading_zero_number(tmp_path: Path) -> None:
    r, node = reader(tmp_path, "reps: 010\n")
    assert r.whole(value(node, "reps"), "dose.reps", 1) is None
    assert messages(r) == [f"{SHOWN}:1:7: dose.reps must be a whole number, got '010'"]


def test_decimal_reps(tmp_path: Path) -> None:
    r, node = reader(tmp_path, "reps: 2.5\n")
    assert r.whole(value(node, "reps"), "dose.reps", 1) is None
    assert messages(r) == [f"{SHOWN}:1:7: dose.reps must be a whole number, got '2.5'"]


def test_sexagesimal_12_30(tmp_path: Path) -> None:
    # YAML 1.1 reads 12:30 as the base-60 number 750.
    r, node = reader(tmp_path, "minutes: 12:30\n")
    assert r.whole(value(node, "minutes"), "dose.minutes", 1) is None
    assert messages(r) == [f"{SHOWN}:1:10: dose.minutes must be a whole number, got '12:30'"]


@pytest.mark.parametrize(("raw", "number"), [("0", 0), ("10001", 10001)])
def test_whole_number_out_of_range(tmp_path: Path, raw: str, number: int) -> None:
    r, node = reader(tmp_path, f"reps: {raw}\n")
    assert r.whole(value(node, "reps"), "dose.reps", 1) is None
    assert messages(r) == [f"{SHOWN}:1:7: dose.reps must be from 1 to 10000, got {number}"]


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("false", False)])
def test_flag_accepts_true_false(tmp_path: Path, raw: str, expected: bool) -> None:
    r, node = reader(tmp_path, f"high_load: {raw}\n")
    assert r.flag(value(node, "high_load"), "high_load") is expected
    assert r.errors == []


@pytest.mark.parametrize("raw", ["yes", "True", "'true'", "1"])
def test_flag_rejects_other_spellings(tmp_path: Path, raw: str) -> None:
    r, node = reader(tmp_path, f"high_load: {raw}\n")
    assert r.flag(value(node, "high_load"), "high_load") is False
    got = raw.strip("'")
    assert messages(r) == [f"{SHOWN}:1:12: high_load must be true or false, got '{got}'"]


def test_choice_names_the_options(tmp_path: Path) -> None:
    r, node = reader(tmp_path, "side: left\n")
    assert r.choice(value(node, "side"), "dose.side", ("sore", "other", "both", "each")) is None
    assert messages(r) == [
        f"{SHOWN}:1:7: dose.side must be one of sore, other, both, each, got 'left'"
    ]


def test_ident_shape(tmp_path: Path) -> None:
    r, node = reader(tmp_path, "id: Sore_Spot\n")
    r.ident(value(node, "id"), "id")
    assert messages(r) == [
        f"{SHOWN}:1:5: id must be lowercase letters, digits and hyphens, got 'Sore_Spot'"
    ]


def test_reader_collects_every_error(tmp_path: Path) -> None:
    r, node = reader(tmp_path, "a: NO\nb: 2.5\nc: maybe\n")
    r.text(value(node, "a"), "a")
    r.whole(value(node, "b"), "b")
    r.flag(value(node, "c"), "c")
    assert messages(r) == [
        f"{SHOWN}:1:4: a must be text, got 'NO', which YAML reads as true/false; put it in quotes",
        f"{SHOWN}:2:4: b must be a whole number, got '2.5'",
        f"{SHOWN}:3:4: c must be true or false, got 'maybe'",
    ]


def test_invisible_character_in_text_refused(tmp_path: Path) -> None:
    """A soft hyphen or a bidi override pasted into content would print as nothing or
    reorder the line: it is refused with its place."""
    r, node = reader(tmp_path, "title: Knee\u00adsheet\n")
    assert r.text(value(node, "title"), "title") == ""
    assert messages(r) == [f"{SHOWN}:1:8: title holds the invisible character U+00AD "
                           "(character 5); delete it"]


def _shape(node: Node) -> object:
    """A node tree as plain values: tag, value and where each node starts and ends."""
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line,
             node.end_mark.column)
    if isinstance(node.value, list):
        return (node.tag, marks, [
            tuple(_shape(n) for n in item) if isinstance(item, tuple) else _shape(item)
            for item in node.value])
    return (node.tag, marks, node.value, getattr(node, "style", None))


def test_both_composers_give_the_same_nodes() -> None:
    """libyaml's composer (text without & or *) and the strict one agree on every shipped
    file: the same values, tags, lines and columns."""
    from kneepdf.load.content import default_content_dir

    files = sorted(default_content_dir().rglob("*.yaml"))
    assert len(files) > 30
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert "&" not in text and "*" not in text, file.name  # read by libyaml's composer
        shapes = []
        for loader in (yamlio._FastLoader(text), yamlio._StrictLoader(text)):
            try:
                shapes.append(_shape(loader.get_single_node()))
            finally:
                loader.dispose()
        assert shapes[0] == shapes[1], file.name


def test_an_ampersand_in_text_is_still_text(tmp_path: Path) -> None:
    node = yamlio.load(write(tmp_path, "name: Q&A *today*\n"), SHOWN)
    assert node.value[0][1].value == "Q&A *today*"
