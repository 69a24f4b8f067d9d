"""The shipped PNIPGM file is faithful to what is known of the plan (facts file)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from plan import read_plan_file
from plan.model import BodyKind

PNIPGM = Path(__file__).resolve().parents[2] / "data" / "pnipgm.yaml"

AXES_PT = [
    "Promoção de migrações seguras, ordenadas e regulares",
    "Melhoria dos processos de organização dos fluxos migratórios e da gestão integrada de fronteiras",
    "Promoção do acolhimento e integração dos imigrantes, assegurando que se encontrem em situação regular",
    "Apoio à ligação dos migrantes ao seu país de origem e aos seus projetos de retorno",
    "Incremento das parcerias para o desenvolvimento com os países de origem e trânsito",
]
GCM_TITLES = {
    1: "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies",
    4: "Ensure that all migrants have proof of legal identity and adequate documentation",
    10: "Prevent, combat and eradicate trafficking in persons in the context of international migration",
    16: "Empower migrants and societies to realize full inclusion and social cohesion",
    23: "Strengthen international cooperation and global partnerships for safe, orderly and regular migration",
}


@pytest.fixture(scope="module")
def pnipgm():
    return read_plan_file(PNIPGM)


def test_plan_has_5_axes_23_objectives_97_measures(pnipgm):
    assert (len(pnipgm.axes), len(pnipgm.objectives), len(pnipgm.measures)) == (5, 23, 97)


def test_plan_header_names_the_legal_basis_and_says_it_is_a_reconstruction(pnipgm):
    header = pnipgm.plan
    assert header.code == "PNIPGM" and header.country == "PT"
    assert "141/2019" in header.legal_basis
    assert str(header.start) == "2019-08-21"
    assert header.reconstruction is True
    assert "reconstruction" in PNIPGM.read_text(encoding="utf-8")[:2000].lower()


def test_axes_are_the_five_real_axes(pnipgm):
    assert [a.title.pt for a in pnipgm.axes] == AXES_PT


def test_objectives_are_the_23_gcm_objectives_once_each(pnipgm):
    assert sorted(o.gcm_number for o in pnipgm.objectives) == list(range(1, 24))
    titles = {o.gcm_number: o.title.en for o in pnipgm.objectives}
    assert {n: titles[n] for n in GCM_TITLES} == GCM_TITLES


def test_every_axis_has_objectives_and_every_objective_measures(pnipgm):
    assert {o.axis for o in pnipgm.objectives} == {a.code for a in pnipgm.axes}
    assert {m.objective for m in pnipgm.measures} == {o.code for o in pnipgm.objectives}


def test_measure_codes_are_m001_to_m097(pnipgm):
    assert [m.code for m in pnipgm.measures] == [f"M{n:03d}" for n in range(1, 98)]


def test_every_measure_is_led_by_an_area_of_government(pnipgm):
    kinds = {b.code: b.kind for b in pnipgm.bodies}
    assert all(kinds[m.lead_body] is BodyKind.AREA_OF_GOVERNMENT for m in pnipgm.measures)


def test_16_areas_of_government_and_at_most_27_public_bodies(pnipgm):
    kinds = Counter(b.kind for b in pnipgm.bodies)
    assert kinds[BodyKind.AREA_OF_GOVERNMENT] == 16
    assert 1 <= kinds[BodyKind.PUBLIC_BODY] <= 27


def test_deadlines_fall_in_2019_to_2022_and_some_measures_are_continuous(pnipgm):
    years = {m.deadline.year for m in pnipgm.measures if m.deadline}
    assert years <= {2019, 2020, 2021, 2022}
    assert 10 <= sum(m.continuous for m in pnipgm.measures) <= 30


def test_at_least_60_indicators_each_with_unit_baseline_and_target(pnipgm):
    indicators = [i for _, i in pnipgm.indicators()]
    assert len(indicators) >= 60
    assert all(i.unit and i.baseline is not None and i.target is not None for i in indicators)


def test_every_measure_has_a_source_note_and_both_languages(pnipgm):
    for m in pnipgm.measures:
        assert m.source.strip(), m.code
        assert m.title.pt != m.title.en, m.code


def test_acm_is_a_public_body_in_the_2019_plan(pnipgm):
    acm = pnipgm.body("ACM")
    assert acm.kind is BodyKind.PUBLIC_BODY and "Migrações" in acm.name.pt
