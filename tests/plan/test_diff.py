"""What changes between two versions of a plan."""

from plan.diff import RecordChange, plan_changes
from plan.model import Text
from tests.factories import make_plan


def test_first_load_adds_every_record():
    changes = plan_changes(None, make_plan(measures=2))
    assert RecordChange("measures", "M002") in changes.added
    assert changes.counts == {
        "bodies": 4,
        "axes": 2,
        "objectives": 2,
        "measures": 2,
        "indicators": 2,
    }


def test_same_plan_has_no_changes():
    assert plan_changes(make_plan(), make_plan()).is_empty


def test_renamed_body_is_a_changed_name():
    old = make_plan()
    renamed = old.body("SEF").model_copy(update={"name": Text(pt="AIMA", en="AIMA")})
    new = old.model_copy(update={"bodies": tuple(renamed if b.code == "SEF" else b for b in old.bodies)})
    changes = plan_changes(old, new)
    assert changes.changed == (RecordChange("bodies", "SEF", ("name",)),)
    assert changes.lines() == ["~ body SEF: name"]


def test_added_and_removed_measures_and_indicators():
    changes = plan_changes(make_plan(measures=3), make_plan(measures=4))
    assert changes.added == (RecordChange("measures", "M004"), RecordChange("indicators", "I004"))
    assert plan_changes(make_plan(measures=4), make_plan(measures=3)).removed == changes.added


def test_header_change_is_reported():
    old = make_plan()
    new = old.model_copy(update={"plan": old.plan.model_copy(update={"legal_basis": "New basis"})})
    assert plan_changes(old, new).header_fields == ("legal_basis",)
