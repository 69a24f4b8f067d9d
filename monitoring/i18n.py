"""Every text shown to people, in Portuguese (the default) and English, in one catalogue."""

from __future__ import annotations

LANGUAGES = {"pt": "Português", "en": "English"}
DEFAULT_LANGUAGE = "pt"

CATALOGUE: dict[str, tuple[str, str]] = {
    # navigation and frame
    "app.title": (
        "Monitorização do Pacto Global das Migrações",
        "Global Compact for Migration monitoring",
    ),
    "app.language": ("Idioma", "Language"),
    "nav.plan": ("Plano", "Plan"),
    "nav.measure": ("Medida", "Measure"),
    "nav.bodies": ("Ministérios e entidades", "Ministries and bodies"),
    "nav.load_plan": ("Carregar plano", "Load a plan"),
    "nav.section.plan": ("O plano", "The plan"),
    "nav.section.admin": ("Secretariado técnico", "Technical secretariat"),
    "plan.no_plan": (
        "Ainda não há nenhum plano carregado. Carregue um na página «Carregar plano».",
        "No plan is loaded yet. Load one on the «Load a plan» page.",
    ),
    # the plan page
    "plan.legal_basis": ("Base legal", "Legal basis"),
    "plan.period": ("Período", "Period"),
    "plan.version": (
        "Versão {version}, carregada em {date}",
        "Version {version}, loaded on {date}",
    ),
    "plan.reconstruction": (
        "Este ficheiro do plano é uma reconstrução a partir de fontes públicas: o anexo oficial "
        "com a redação das medidas não estava disponível. Substitua-o pelo ficheiro oficial na "
        "página «Carregar plano».",
        "This plan file is a reconstruction from public sources: the official annex with the "
        "wording of the measures was not available. Replace it with the official file on the "
        "«Load a plan» page.",
    ),
    "plan.provenance": ("Proveniência", "Provenance"),
    "metric.axes": ("Eixos", "Axes"),
    "metric.objectives": ("Objetivos do Pacto", "GCM objectives"),
    "metric.measures": ("Medidas", "Measures"),
    "metric.continuous": ("Medidas contínuas", "Continuous measures"),
    "metric.indicators": ("Indicadores", "Indicators"),
    "metric.bodies": ("Entidades", "Bodies"),
    "filter.heading": ("Filtros", "Filters"),
    "filter.axis": ("Eixo", "Axis"),
    "filter.objective": ("Objetivo do Pacto", "GCM objective"),
    "filter.ministry": ("Ministério ou entidade", "Ministry or body"),
    "filter.continuous": ("Tipo de medida", "Kind of measure"),
    "filter.continuous.all": ("Todas", "All"),
    "filter.continuous.yes": ("Contínuas", "Continuous"),
    "filter.continuous.no": ("Com prazo", "With a deadline"),
    "filter.text": ("Pesquisar", "Search"),
    "filter.text.help": (
        "Código, título, descrição ou entidade",
        "Code, title, description or body",
    ),
    "filter.clear": ("Limpar filtros", "Clear filters"),
    "filter.result": ("{shown} de {total} medidas", "{shown} of {total} measures"),
    "filter.none": (
        "Nenhuma medida corresponde aos filtros escolhidos.",
        "No measure matches the chosen filters.",
    ),
    "plan.open_measure": ("Abrir medida", "Open measure"),
    "plan.objective_label": ("Objetivo {number}", "Objective {number}"),
    "plan.measures_in_axis": ("{count} medidas", "{count} measures"),
    "col.code": ("Código", "Code"),
    "col.title": ("Medida", "Measure"),
    "col.lead_body": ("Responsável", "Responsible"),
    "col.co_bodies": ("Entidades envolvidas", "Bodies involved"),
    "col.deadline": ("Prazo", "Deadline"),
    "col.continuous": ("Contínua", "Continuous"),
    "col.indicators": ("Indicadores", "Indicators"),
    "col.role": ("Papel", "Role"),
    "col.name": ("Nome", "Name"),
    "col.kind": ("Tipo", "Kind"),
    "col.area": ("Área governativa", "Area of government"),
    "col.leads": ("Medidas que lidera", "Measures led"),
    "col.shares": ("Medidas em que participa", "Measures shared"),
    "col.unit": ("Unidade", "Unit"),
    "col.baseline": ("Valor de base", "Baseline"),
    "col.baseline_date": ("Data de base", "Baseline date"),
    "col.target": ("Meta", "Target"),
    "col.target_date": ("Data da meta", "Target date"),
    "col.direction": ("Sentido desejado", "Good direction"),
    "col.objective": ("Objetivo", "Objective"),
    "deadline.continuous": ("Contínua (até ao fim do plano)", "Continuous (until the plan ends)"),
    "role.lead": ("Responsável", "Lead"),
    "role.co": ("Envolvida", "Involved"),
    "kind.area_of_government": ("Área governativa", "Area of government"),
    "kind.public_body": ("Organismo público", "Public body"),
    "indicator.kind.cumulative_count": ("Contagem acumulada", "Cumulative count"),
    "indicator.kind.level": ("Nível", "Level"),
    "indicator.kind.percentage": ("Percentagem", "Percentage"),
    "direction.up": ("Subir é bom", "Up is good"),
    "direction.down": ("Descer é bom", "Down is good"),
    # the measure page
    "measure.pick": ("Medida", "Measure"),
    "measure.axis": ("Eixo", "Axis"),
    "measure.objective": ("Objetivo do Pacto", "GCM objective"),
    "measure.description": ("Descrição", "Description"),
    "measure.lead_body": ("Responsável", "Responsible"),
    "measure.ministry": ("Área governativa", "Area of government"),
    "measure.co_bodies": ("Entidades envolvidas", "Bodies involved"),
    "measure.no_co_bodies": ("Nenhuma outra entidade", "No other body"),
    "measure.deadline": ("Prazo", "Deadline"),
    "measure.indicators": ("Indicadores", "Indicators"),
    "measure.no_indicators": (
        "Esta medida não tem indicadores definidos no plano.",
        "This measure has no indicators in the plan.",
    ),
    "measure.source": ("Fonte", "Source"),
    "measure.unknown": (
        "Não há nenhuma medida com o código {code}.",
        "There is no measure with code {code}.",
    ),
    "measure.back": ("Voltar ao plano", "Back to the plan"),
    # the bodies page
    "bodies.pick": ("Ministério ou entidade", "Ministry or body"),
    "bodies.all": ("Todas as entidades", "All bodies"),
    "bodies.summary": (
        "Lidera {leads} medidas e participa em {shares}.",
        "Leads {leads} measures and takes part in {shares}.",
    ),
    "bodies.under": ("Tutela: {name}", "Under: {name}"),
    "bodies.none": (
        "Esta entidade não lidera nem participa em nenhuma medida.",
        "This body neither leads nor takes part in any measure.",
    ),
    "bodies.chart.title": (
        "Medidas por área governativa responsável",
        "Measures by responsible area of government",
    ),
    "bodies.chart.x": ("Número de medidas", "Number of measures"),
    "bodies.chart.y": ("Área governativa", "Area of government"),
    # loading a plan
    "load.intro": (
        "Carregue um ficheiro do plano (YAML, JSON ou o livro Excel). O ficheiro é validado por "
        "inteiro; se tiver erros, é recusado e nada é gravado. Carregar uma nova versão mantém "
        "todo o histórico reportado sobre as versões anteriores.",
        "Upload a plan file (YAML, JSON or the Excel workbook). The whole file is validated; if "
        "it has errors it is refused and nothing is stored. Loading a new version keeps all "
        "history reported against earlier versions.",
    ),
    "load.file": ("Ficheiro do plano", "Plan file"),
    "load.refused": (
        "Plano recusado: {count} problema(s). Nada foi gravado.",
        "Plan refused: {count} problem(s). Nothing was stored.",
    ),
    "load.valid": ("Ficheiro válido: {summary}", "Valid file: {summary}"),
    "load.summary": (
        "{axes} eixos, {objectives} objetivos, {measures} medidas, "
        "{indicators} indicadores, {bodies} entidades",
        "{axes} axes, {objectives} objectives, {measures} measures, "
        "{indicators} indicators, {bodies} bodies",
    ),
    "load.no_changes": (
        "O ficheiro é igual à versão já carregada; não há nada a gravar.",
        "The file equals the version already loaded; there is nothing to store.",
    ),
    "load.changes": ("Alterações face à versão carregada", "Changes against the loaded version"),
    "load.confirm": ("Gravar como nova versão", "Store as a new version"),
    "load.stored": (
        "Gravado como versão {version} de {code}.",
        "Stored as version {version} of {code}.",
    ),
    "load.download_schema": (
        "Descarregar o JSON Schema do ficheiro",
        "Download the file's JSON Schema",
    ),
    "load.download_template": (
        "Descarregar o plano atual em Excel",
        "Download the current plan as Excel",
    ),
    "change.added": ("Acrescentado", "Added"),
    "change.removed": ("Removido", "Removed"),
    "change.changed": ("Alterado", "Changed"),
    "change.kind": ("Tipo de registo", "Kind of record"),
    "change.code": ("Código", "Code"),
    "change.what": ("Alteração", "Change"),
    "change.fields": ("Campos", "Fields"),
    "yes": ("Sim", "Yes"),
    "no": ("Não", "No"),
}


def translate(key: str, language: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The text for `key` in `language`; a missing key shows itself so it is noticed."""
    texts = CATALOGUE.get(key)
    if texts is None:
        return key
    text = texts[1] if language == "en" else texts[0]
    return text.format(**params) if params else text
