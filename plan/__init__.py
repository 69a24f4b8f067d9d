"""What a plan is: its model, file format, loading and validation. No database, no UI."""

from plan.errors import PlanInvalid, PlanProblem
from plan.io import read_plan_bytes, read_plan_file, write_plan_file
from plan.model import Axis, Body, BodyKind, Indicator, Measure, Objective, Plan, PlanHeader, Text
from plan.validation import validate_plan

__all__ = [
    "Axis", "Body", "BodyKind", "Indicator", "Measure", "Objective", "Plan", "PlanHeader",
    "PlanInvalid", "PlanProblem", "Text", "read_plan_bytes", "read_plan_file",
    "validate_plan", "write_plan_file",
]  # fmt: skip
