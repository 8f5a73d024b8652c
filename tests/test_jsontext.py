"""The JSON writer writes what ``json.dumps(value, ensure_ascii=False, indent=2)`` writes."""

from __future__ import annotations

import enum
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from businesscase.render.jsontext import dumps


def reference(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
keys = st.text() | st.integers() | st.booleans() | st.none() | st.floats()
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=6)
        | st.tuples(inner, inner)
        | st.lists(st.integers(), max_size=6)
        | st.dictionaries(keys, inner, max_size=6)
    ),
    max_leaves=40,
)


@settings(max_examples=400)
@given(values)
def test_same_text_as_the_standard_library(value: Any) -> None:
    assert dumps(value) == reference(value)


class Colour(enum.IntEnum):
    RED = 1


class Name(enum.StrEnum):
    ALICE = 'Ålice "q" \n \u2028 \x07'


def test_subclasses_of_int_float_and_str_as_the_standard_library() -> None:
    value = {
        "int": Colour.RED,
        "ints": [Colour.RED, 2, True, 3],
        "str": Name.ALICE,
        Colour.RED: 1.5,
        1.5: [float("nan"), float("-inf"), -0.0],
        None: {},
        False: [],
    }
    assert dumps(value) == reference(value)


@pytest.mark.parametrize("value", [{1j: 1}, [object()], {"a": {1, 2}}, b"bytes"])
def test_refuses_what_the_standard_library_refuses(value: Any) -> None:
    with pytest.raises(TypeError) as ours:
        dumps(value)
    with pytest.raises(TypeError) as theirs:
        reference(value)
    assert str(ours.value) == str(theirs.value)
