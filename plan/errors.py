"""Problems found in a plan file, each naming the file, the record and the field."""

from __future__ import annotations

from dataclasses import dataclass, field

MESSAGES: dict[str, dict[str, str]] = {
    "duplicate_code": {
        "pt": "o código {value} repete-se",
        "en": "code {value} is used more than once",
    },
    "unknown_objective": {
        "pt": "objetivo desconhecido: {value}",
        "en": "unknown objective: {value}",
    },
    "unknown_measure": {"pt": "medida desconhecida: {value}", "en": "unknown measure: {value}"},
    "unknown_axis": {"pt": "eixo desconhecido: {value}", "en": "unknown axis: {value}"},
    "unknown_body": {"pt": "entidade desconhecida: {value}", "en": "unknown body: {value}"},
    "body_listed_twice": {
        "pt": "a entidade {value} aparece mais de uma vez na medida",
        "en": "body {value} is listed more than once in the measure",
    },
    "parent_not_area": {
        "pt": "a entidade-mãe {value} não é uma área governativa",
        "en": "parent {value} is not an area of government",
    },
    "deadline_outside_plan": {
        "pt": "o prazo {value} está fora do período do plano ({start} a {end})",
        "en": "deadline {value} is outside the plan's period ({start} to {end})",
    },
    "plan_ends_before_start": {
        "pt": "o plano termina ({value}) antes de começar ({start})",
        "en": "the plan ends ({value}) before it starts ({start})",
    },
    "unknown_timezone": {
        "pt": "fuso horário desconhecido: {value} (use um nome IANA, como Europe/Lisbon)",
        "en": "unknown time zone: {value} (use an IANA name such as Europe/Lisbon)",
    },
    "target_without_unit": {
        "pt": "o indicador tem meta mas não tem unidade",
        "en": "the indicator has a target but no unit",
    },
    "percentage_out_of_range": {
        "pt": "uma percentagem tem de estar entre 0 e 100 (encontrado {value})",
        "en": "a percentage must be between 0 and 100 (found {value})",
    },
    "continuous_with_deadline": {
        "pt": "uma medida contínua não pode ter prazo de conclusão ({value})",
        "en": "a continuous measure cannot have a completion deadline ({value})",
    },
    "deadline_required": {
        "pt": "uma medida que não é contínua precisa de prazo",
        "en": "a measure that is not continuous needs a deadline",
    },
    "gcm_number_out_of_range": {
        "pt": "o número do objetivo do Pacto tem de estar entre 1 e 23 (encontrado {value})",
        "en": "the GCM objective number must be between 1 and 23 (found {value})",
    },
    "axis_without_objectives": {
        "pt": "o eixo não tem objetivos",
        "en": "the axis has no objectives",
    },
    "objective_without_measures": {
        "pt": "o objetivo não tem medidas",
        "en": "the objective has no measures",
    },
    "invalid_value": {"pt": "valor inválido: {detail}", "en": "invalid value: {detail}"},
    "missing_field": {"pt": "campo obrigatório em falta", "en": "required field is missing"},
    "unknown_field": {
        "pt": "campo desconhecido (erro de escrita?)",
        "en": "unknown field (a typo?)",
    },
    "not_a_plan": {
        "pt": "o ficheiro não descreve um plano: tem de ser um registo com os campos plan, bodies, axes, "
        "objectives e measures",
        "en": "the file does not describe a plan: it must be a record with the fields plan, bodies, axes, "
        "objectives and measures",
    },
    "empty_file": {"pt": "o ficheiro está vazio", "en": "the file is empty"},
    "file_too_large": {
        "pt": "o ficheiro tem {value} MB; o máximo é {limit} MB",
        "en": "the file is {value} MB; the limit is {limit} MB",
    },
    "syntax_error": {
        "pt": "erro de sintaxe na linha {line}, coluna {column}: {detail}",
        "en": "syntax error at line {line}, column {column}: {detail}",
    },
    "unreadable_file": {
        "pt": "não é possível ler o ficheiro: {detail}",
        "en": "the file cannot be read: {detail}",
    },
    "unsupported_format": {
        "pt": "formato não suportado: {value} (use .yaml, .yml, .json ou .xlsx)",
        "en": "unsupported format: {value} (use .yaml, .yml, .json or .xlsx)",
    },
    "missing_sheet": {
        "pt": "falta a folha {value}",
        "en": "sheet {value} is missing",
    },
    "missing_column": {
        "pt": "falta a coluna {value}",
        "en": "column {value} is missing",
    },
    "formula_in_cell": {
        "pt": "a célula contém uma fórmula ({value}); escreva só valores",
        "en": "the cell holds a formula ({value}); write values only",
    },
}


# What exactly is wrong, for the messages above that say so in {detail}: the parser's and the
# model's own (English) wording is replaced by these, keeping the line and column they give.
DETAILS: dict[str, dict[str, str]] = {
    # YAML and JSON syntax (PyYAML's problems, by kind)
    "yaml_missing": {"pt": "falta «{token}»", "en": "«{token}» is missing"},
    "yaml_missing_either": {"pt": "falta «{token}» ou «{other}»", "en": "«{token}» or «{other}» is missing"},
    "yaml_missing_key": {
        "pt": "esperava-se o nome de um campo (ou a indentação não está certa)",
        "en": "a field name was expected (or the indentation is wrong)",
    },
    "yaml_missing_value": {"pt": "falta um valor", "en": "a value is missing"},
    "yaml_missing_colon": {
        "pt": "falta «:» depois do nome do campo",
        "en": "«:» is missing after the field name",
    },
    "yaml_colon_not_allowed": {
        "pt": "«:» num sítio onde não é permitido (um texto com «:» tem de ir entre aspas)",
        "en": "«:» where it is not allowed (a text holding «:» must be quoted)",
    },
    "yaml_bad_character": {
        "pt": "um carácter que não pode começar um valor (uma tabulação, «@» ou «`»?)",
        "en": "a character that cannot start a value (a tab, «@» or «`»?)",
    },
    "yaml_undefined_alias": {
        "pt": "um alias (*nome) sem âncora (&nome) definida antes",
        "en": "an alias (*name) with no anchor (&name) defined before it",
    },
    "yaml_unexpected_end": {
        "pt": "o ficheiro acaba a meio (aspas ou parênteses por fechar?)",
        "en": "the file ends too early (unclosed quotes or brackets?)",
    },
    "yaml_bad_escape": {
        "pt": "uma sequência de escape (\\…) que não existe",
        "en": "an escape sequence (\\…) that does not exist",
    },
    "yaml_bad_indentation": {"pt": "a indentação não está certa", "en": "the indentation is wrong"},
    "yaml_too_deep": {"pt": "estruturas encaixadas a mais", "en": "too deeply nested"},
    "yaml_unsafe_tag": {
        "pt": "uma etiqueta (!…) que não é aceite num ficheiro do plano",
        "en": "a tag (!…) that a plan file may not hold",
    },
    "yaml_control_character": {
        "pt": "um carácter de controlo não permitido ({token})",
        "en": "a control character that is not allowed ({token})",
    },
    "yaml_duplicate_anchor": {"pt": "uma âncora (&nome) repetida", "en": "an anchor (&name) used twice"},
    "yaml_other": {"pt": "a sintaxe não está certa", "en": "the syntax is not valid"},
    # reading the file
    "not_utf8": {"pt": "não está em UTF-8", "en": "it is not UTF-8"},
    "not_found": {"pt": "o ficheiro não existe", "en": "the file does not exist"},
    "no_permission": {"pt": "sem permissão para o ler", "en": "no permission to read it"},
    "os_error": {"pt": "erro do sistema de ficheiros", "en": "a file system error"},
    "not_a_workbook": {
        "pt": "não é um livro Excel (.xlsx) válido",
        "en": "it is not a valid Excel workbook (.xlsx)",
    },
    # values the model refuses (pydantic's error types)
    "expected_whole_number": {
        "pt": "tem de ser um número inteiro (encontrado {input})",
        "en": "must be a whole number (found {input})",
    },
    "expected_number": {
        "pt": "tem de ser um número (encontrado {input})",
        "en": "must be a number (found {input})",
    },
    "expected_yes_no": {
        "pt": "tem de ser true ou false (encontrado {input})",
        "en": "must be true or false (found {input})",
    },
    "expected_date": {
        "pt": "tem de ser uma data AAAA-MM-DD (encontrado {input})",
        "en": "must be a date YYYY-MM-DD (found {input})",
    },
    "expected_text": {
        "pt": "tem de ser um texto (encontrado {input})",
        "en": "must be a text (found {input})",
    },
    "expected_record": {
        "pt": "tem de ser um registo com campos (nome: valor), não {input}",
        "en": "must be a record of fields (name: value), not {input}",
    },
    "expected_list": {
        "pt": "tem de ser uma lista (encontrado {input})",
        "en": "must be a list (found {input})",
    },
    "expected_one_of": {
        "pt": "tem de ser um de {expected} (encontrado {input})",
        "en": "must be one of {expected} (found {input})",
    },
    "text_empty": {"pt": "não pode ficar vazio", "en": "must not be empty"},
    "text_too_short": {
        "pt": "tem de ter pelo menos {min_length} caracteres",
        "en": "must have at least {min_length} characters",
    },
    "text_too_long": {
        "pt": "tem mais de {max_length} caracteres",
        "en": "has more than {max_length} characters",
    },
    "control_character": {"pt": "carácter de controlo em {input}", "en": "control character in {input}"},
    "not_accepted": {"pt": "valor não aceite: {input}", "en": "value not accepted: {input}"},
}


@dataclass(frozen=True)
class PlanProblem:
    """One problem: where it is (file, record, field) and what it is (a message key)."""

    file: str
    record: str
    field: str
    key: str
    params: dict[str, object] = field(default_factory=dict)

    def message(self, language: str = "en") -> str:
        language = "en" if language == "en" else "pt"
        params = dict(self.params)
        detail = params.get("detail")
        if isinstance(detail, str) and detail in DETAILS:
            params["detail"] = DETAILS[detail][language].format(**params)
        return MESSAGES[self.key][language].format(**params)

    def describe(self, language: str = "en") -> str:
        where = " › ".join(part for part in (self.file, self.record, self.field) if part)
        return f"{where}: {self.message(language)}"


class PlanInvalid(Exception):
    """A plan with problems is refused whole; this carries every problem found."""

    def __init__(self, problems: list[PlanProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.describe() for p in problems))
