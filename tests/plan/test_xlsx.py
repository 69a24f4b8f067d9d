"""Formula cells in a plan workbook, written as LibreOffice writes them: a boolean constant whose
cached value matches is a value; every other formula is refused with its cell named."""

from __future__ import annotations

import re

import pytest

from plan.errors import PlanInvalid
from plan.io import read_plan_bytes
from plan.xlsx import Cell, boolean_constant
from tests.corpus import make_corpus as corpus

MEASURES = "xl/worksheets/sheet5.xml"


def with_cell(part: str, reference: str, content: str) -> bytes:
    """The plan workbook with one cell replaced by `content`."""
    pattern = rf'<c r="{reference}"[^>]*>.*?</c>'.encode()
    return corpus.edit_member(
        corpus.plan_workbook(), part, lambda xml: re.sub(pattern, content.encode(), xml, count=1)
    )


def with_continuous_cell(content: str) -> bytes:
    """The `continuous` cell of measure row 2 (J2)."""
    return with_cell(MEASURES, "J2", content)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('<c r="J2" t="b"><f aca="false">FALSE()</f><v>0</v></c>', False),
        ('<c r="J2" t="b"><f>TRUE()</f><v>1</v></c>', True),
        ('<c r="J2" t="b"><f>=true</f><v>1</v></c>', True),
        ('<c r="J2" t="b"><v>1</v></c>', True),
    ],
)
def test_a_boolean_constant_with_its_cached_value_is_read_as_that_value(cell, expected):
    # a continuous measure has no deadline; one that is not keeps its own
    no_deadline = rb'<c r="I2"/>' if expected else rb"\g<0>"
    edited = corpus.edit_member(
        corpus.plan_workbook(),
        MEASURES,
        lambda xml: re.sub(
            rb'<c r="J2"[^>]*>.*?</c>', cell.encode(), re.sub(rb'<c r="I2"[^>]*>.*?</c>', no_deadline, xml)
        ),
    )
    plan = read_plan_bytes(edited, name="plan.xlsx")
    assert plan.measures[0].continuous is expected


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="J2" t="b"><f>TRUE()</f><v>0</v></c>',  # the cached value says otherwise
        '<c r="J2" t="b"><f>1=1</f><v>1</v></c>',
        '<c r="J2" t="b"><f>IF(1,TRUE(),FALSE())</f><v>1</v></c>',
        '<c r="J2" t="b"><f>A1</f><v>1</v></c>',
        '<c r="J2"><f>TRUE()</f><v>1</v></c>',  # a number, not a boolean
        '<c r="J2" t="b"><f t="shared" si="0"/><v>1</v></c>',
    ],
)
def test_any_other_formula_is_refused_with_its_cell_named(cell):
    with pytest.raises(PlanInvalid) as refused:
        read_plan_bytes(with_continuous_cell(cell), name="plan.xlsx")
    [problem] = refused.value.problems
    assert problem.key == "formula_in_cell" and problem.record == "measures row 2"
    assert problem.message("en").startswith("the cell holds a formula (J2: =")


@pytest.mark.parametrize(
    ("formula", "value", "expected"),
    [("TRUE()", True, True), ("FALSE()", False, False), ("TRUE()", False, None), ("1=1", True, None),
     ("TRUE()", 1, None), (None, True, None)],
)  # fmt: skip
def test_boolean_constant(formula, value, expected):
    assert boolean_constant(Cell(2, 10, value, formula)) is expected
