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
        "{axes} axes, {objectives} objectives, {measures} measures, {indicators} indicators, {bodies} bodies",
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
    # refusals of a report or an account action (ReportRejected keys)
    "error.not_allowed": ("Não tem permissão para esta ação.", "You are not allowed to do this."),
    "error.measure_not_yours": (
        "A medida {value} não pertence às suas entidades.",
        "Measure {value} does not belong to your bodies.",
    ),
    "error.unknown_measure": ("Medida desconhecida: {value}.", "Unknown measure: {value}."),
    "error.unknown_indicator": ("Indicador desconhecido: {value}.", "Unknown indicator: {value}."),
    "error.measure_twice": ("A medida {value} aparece duas vezes.", "Measure {value} appears twice."),
    "error.unknown_stage": (
        "Estado desconhecido: «{value}». Use não iniciada, em execução ou concluída.",
        "Unknown stage: «{value}». Use not started, in progress or completed.",
    ),
    "error.justification_required": (
        "Uma medida concluída só pode recuar com uma justificação escrita.",
        "A completed measure can go back only with a written justification.",
    ),
    "error.completion_needs_evidence": (
        "Para marcar como concluída, indique pelo menos uma ligação de evidência ou uma nota.",
        "To mark it completed, give at least one evidence link or a note.",
    ),
    "error.continuous_cannot_complete": (
        "Uma medida contínua só pode ser concluída no fim do plano.",
        "A continuous measure can be completed only when the plan ends.",
    ),
    "error.continuous_needs_pace": (
        "Indique se a medida contínua está dentro do previsto ou com atraso.",
        "Say whether the continuous measure is on track or delayed.",
    ),
    "error.pace_only_for_continuous": (
        "O ritmo (dentro do previsto / com atraso) só se aplica a medidas contínuas.",
        "Pace (on track / delayed) applies only to continuous measures.",
    ),
    "error.percent_out_of_range": (
        "A percentagem de execução tem de estar entre 0 e 100 (recebido {value}).",
        "Percent complete must be between 0 and 100 (got {value}).",
    ),
    "error.completed_is_100_percent": (
        "Uma medida concluída está a 100% (recebido {value}).",
        "A completed measure is at 100% (got {value}).",
    ),
    "error.invalid_link": (
        "Ligação inválida: {value} (use um endereço http ou https completo).",
        "Invalid link: {value} (use a full http or https address).",
    ),
    "error.too_many_links": ("No máximo {limit} ligações.", "At most {limit} links."),
    "error.text_too_long": (
        "O texto do campo {field} excede {limit} caracteres.",
        "The text of field {field} is over {limit} characters.",
    ),
    "error.value_not_a_number": ("Valor inválido: {value}.", "Invalid value: {value}."),
    "error.percentage_out_of_range": (
        "Uma percentagem tem de estar entre 0 e 100 (recebido {value}).",
        "A percentage must be between 0 and 100 (got {value}).",
    ),
    "error.count_not_whole": (
        "Uma contagem tem de ser um número inteiro não negativo (recebido {value}).",
        "A count must be a whole number, not negative (got {value}).",
    ),
    "error.outlier_needs_note": (
        "O valor {value} afasta-se mais de {factor}× do anterior ({previous}): confirme-o com uma nota.",
        "Value {value} is more than {factor}× away from the previous one ({previous}): "
        "confirm it with a note.",
    ),
    "error.invalid_month": ("Mês inválido: {value} (use AAAA-MM).", "Invalid month: {value} (use YYYY-MM)."),
    "error.month_before_plan": (
        "O mês {month} é anterior ao início do plano.",
        "Month {month} is before the plan starts.",
    ),
    "error.month_in_future": ("O mês {month} ainda não começou.", "Month {month} has not started yet."),
    "error.month_closed": (
        "O mês {month} está fechado. Peça ao secretariado técnico que o reabra.",
        "Month {month} is closed. Ask the technical secretariat to reopen it.",
    ),
    "error.month_validated": (
        "O mês {month} desta entidade está validado e bloqueado.",
        "This body's month {month} is validated and locked.",
    ),
    "error.wrong_month_state": (
        "Não é possível ({event}) um mês no estado «{state}».",
        "Cannot do this ({event}) to a month in state «{state}».",
    ),
    "error.comment_required": ("Escreva um comentário.", "Write a comment."),
    "error.reason_required": ("Indique o motivo.", "Give a reason."),
    "error.invalid_field": ("Valor inválido em {field}: {value}.", "Invalid value in {field}: {value}."),
    "error.no_plan": ("Nenhum plano carregado.", "No plan is loaded."),
    "error.password_too_short": (
        "A palavra-passe tem de ter pelo menos {limit} caracteres.",
        "The password must have at least {limit} characters.",
    ),
    "error.wrong_current_password": (
        "A palavra-passe atual não está correta.",
        "The current password is not correct.",
    ),
    "error.invalid_email": ("Endereço de correio inválido: {value}.", "Invalid e-mail address: {value}."),
    "error.email_taken": ("Já existe uma conta com {value}.", "An account with {value} already exists."),
    "error.bodies_required": (
        "Um ponto focal ou validador tem de estar associado a pelo menos uma entidade.",
        "A focal point or validator must belong to at least one body.",
    ),
    "error.not_the_template": (
        "Este ficheiro não é o modelo de reporte descarregado da plataforma.",
        "This file is not the reporting template downloaded from the platform.",
    ),
    "error.formula_in_cell": (
        "A célula {value} contém uma fórmula; escreva só valores.",
        "Cell {value} holds a formula; write values only.",
    ),
    "error.passwords_differ": ("As palavras-passe não coincidem.", "The passwords do not match."),
    "stage.not_started": ("Não iniciada", "Not started"),
    "stage.in_progress": ("Em execução", "In progress"),
    "stage.completed": ("Concluída", "Completed"),
    "pace.on_track": ("Dentro do previsto", "On track"),
    "pace.delayed": ("Com atraso", "Delayed"),
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
