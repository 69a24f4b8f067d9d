"""The shipped PNIPGM file is faithful to what is known of the plan (facts file)."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from plan import read_plan_file
from plan.model import BodyKind, FigureBasis, WordingBasis

ROOT = Path(__file__).resolve().parents[2]
PNIPGM = ROOT / "data" / "pnipgm.yaml"
XXII = ROOT / "data" / "pnipgm-xxii-government.yaml"
# The public sources the file cites, as kept in the project's shared reference folder.
SEEDS = {"iom-review-2020": "002_", "ec-reform-support": "000_", "coop4int": "001_"}
XXI_AREAS = {
    "Presidência e Modernização Administrativa", "Negócios Estrangeiros", "Administração Interna",
    "Justiça", "Finanças", "Trabalho, Solidariedade e Segurança Social", "Educação",
    "Ciência, Tecnologia e Ensino Superior", "Saúde", "Economia", "Planeamento",
    "Infraestruturas e Habitação", "Cultura", "Defesa Nacional", "Mar",
}  # fmt: skip


def seeds_folder() -> Path | None:
    """The shared seeds beside the repository (CI lays shared/ beside the clone)."""
    if os.environ.get("MONITORING_SEEDS_DIR"):
        return Path(os.environ["MONITORING_SEEDS_DIR"])
    for parent in ROOT.parents:
        if (parent / "shared" / "seeds").is_dir():
            return parent / "shared" / "seeds"
    return None


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


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


def test_version_1_has_the_areas_of_government_of_the_xxi_government(pnipgm):
    areas = {b.name.pt for b in pnipgm.bodies if b.kind is BodyKind.AREA_OF_GOVERNMENT}
    assert areas == XXI_AREAS
    assert 1 <= Counter(b.kind for b in pnipgm.bodies)[BodyKind.PUBLIC_BODY] <= 27


def test_version_2_is_the_xxii_government_reorganisation_with_16_areas():
    xxii = read_plan_file(XXII)
    areas = {b.name.pt for b in xxii.bodies if b.kind is BodyKind.AREA_OF_GOVERNMENT}
    assert len(areas) == 16
    assert areas == XXI_AREAS - {"Presidência e Modernização Administrativa"} | {
        "Presidência",
        "Coesão Territorial",
    }
    assert xxii.body("ACM").parent == "PRES" and xxii.measures[67].lead_body == "MCT"


def test_observatory_and_choices_programme_are_units_of_acm(pnipgm):
    for code in ("OM", "ESCOLHAS"):
        assert (pnipgm.body(code).kind, pnipgm.body(code).parent) == (BodyKind.UNIT, "ACM")


def test_every_figure_states_its_basis_and_every_reported_one_a_citation():
    """Read from the file itself, so no default can stand in for a basis the file does not state."""
    raw = yaml.safe_load(PNIPGM.read_text(encoding="utf-8"))
    sources = {s["code"] for s in raw["plan"]["sources"]}
    for measure in raw["measures"]:
        assert measure["wording_basis"] in {b.value for b in WordingBasis}, measure["code"]
        for indicator in measure.get("indicators", []):
            for figure in ("baseline", "target"):
                if indicator.get(figure) is None:
                    continue
                basis = indicator.get(f"{figure}_basis")
                assert basis in {"reported", "illustrative"}, (indicator["code"], figure)
                if basis == "reported":
                    citation = indicator[f"{figure}_source"]
                    assert citation["source"] in sources and citation["passage"].strip()


def test_reported_figures_are_the_ten_the_sources_give(pnipgm):
    reported = {
        (i.code, f): getattr(i, f)
        for _, i in pnipgm.indicators()
        for f in ("baseline", "target")
        if i.basis(f) is FigureBasis.REPORTED
    }
    assert sorted(reported.values()) == [11, 44, 106, 144, 150, 174, 800, 5000, 5134, 5800]


def test_every_cited_passage_is_in_its_source_and_holds_the_figure(pnipgm):
    folder = seeds_folder()
    if folder is None:
        pytest.skip("the shared seeds are not beside this checkout")
    texts = {code: plain(next(folder.glob(f"{prefix}*.txt")).read_text()) for code, prefix in SEEDS.items()}
    for _, indicator in pnipgm.indicators():
        for figure in ("baseline", "target"):
            citation = getattr(indicator, f"{figure}_source")
            if citation is None:
                continue
            assert plain(citation.passage) in texts[citation.source], (indicator.code, figure)
            value = getattr(indicator, figure)
            digits = re.sub(r"[.,]", "", citation.passage)
            assert str(int(value)) in digits, (indicator.code, figure, value)


def test_notes_quote_the_sources_words(pnipgm):
    """Figures quoted in source notes keep the source's words (it says visits, not consultations)."""
    m087 = next(m for m in pnipgm.measures if m.code == "M087")
    assert "524 voluntary return visits" in m087.source
    assert "consultation" not in m087.source + m087.indicators[0].name.en


def test_measures_that_go_beyond_their_passage_say_so(pnipgm):
    extended = {m.code for m in pnipgm.measures if m.wording_basis is WordingBasis.EXTENDED}
    assert {"M005", "M042", "M069", "M075"} <= extended
    for m in pnipgm.measures:
        if m.code in extended:
            assert "goes beyond its passage" in m.source, m.code
        if m.wording_basis is WordingBasis.ADDED:
            assert "not named in the public sources" in m.source, m.code


def test_objective_titles_use_the_un_portuguese_terms(pnipgm):
    titles = {o.gcm_number: o.title.pt for o in pnipgm.objectives}
    assert titles[9] == "Reforçar a resposta transnacional ao tráfico ilícito de migrantes"
    assert "auxílio à imigração ilegal" not in PNIPGM.read_text(encoding="utf-8")


def test_axis_iii_records_the_other_official_wording(pnipgm):
    provenance = pnipgm.plan.provenance
    assert pnipgm.axes[2].title.pt in provenance
    assert "Promoção e qualificação dos mecanismos de acolhimento e integração dos imigrantes" in provenance


def test_deadlines_fall_in_2019_to_2022_and_some_measures_are_continuous(pnipgm):
    years = {m.deadline.year for m in pnipgm.measures if m.deadline}
    assert years <= {2019, 2020, 2021, 2022}
    assert 10 <= sum(m.continuous for m in pnipgm.measures) <= 30


def test_at_least_60_indicators_each_with_unit_baseline_and_target(pnipgm):
    indicators = [i for _, i in pnipgm.indicators()]
    assert len(indicators) >= 60
    assert all(i.unit and i.baseline is not None and i.target is not None for i in indicators)


def test_every_measure_has_a_source_note_and_both_languages(pnipgm):
    assert pnipgm.languages == ("pt", "en")
    for m in pnipgm.measures:
        assert m.source.strip(), m.code
        assert m.title.pt != m.title.en, m.code


def test_acm_is_a_public_body_in_the_2019_plan(pnipgm):
    acm = pnipgm.body("ACM")
    assert acm.kind is BodyKind.PUBLIC_BODY and "Migrações" in acm.name.pt
