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
    "invalid_value": {"pt": "valor inválido: {value}", "en": "invalid value: {value}"},
    "missing_field": {"pt": "campo obrigatório em falta", "en": "required field is missing"},
    "unknown_field": {
        "pt": "campo desconhecido (erro de escrita?)",
        "en": "unknown field (a typo?)",
    },
    "not_a_plan": {
        "pt": "o ficheiro não descreve um plano: {value}",
        "en": "the file does not describe a plan: {value}",
    },
    "empty_file": {"pt": "o ficheiro está vazio", "en": "the file is empty"},
    "file_too_large": {
        "pt": "o ficheiro tem {value} MB; o máximo é {limit} MB",
        "en": "the file is {value} MB; the limit is {limit} MB",
    },
    "syntax_error": {
        "pt": "erro de sintaxe: {value}",
        "en": "syntax error: {value}",
    },
    "unreadable_file": {
        "pt": "não é possível ler o ficheiro: {value}",
        "en": "the file cannot be read: {value}",
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
    "inflates_too_much": {
        "pt": "o ficheiro descomprime para {size} MB, mais do que {limit} MB: não parece um livro "
        "Excel normal",
        "en": "the file unzips to {size} MB, more than {limit} MB: it does not look like an ordinary "
        "Excel workbook",
    },
    "foreign_part": {
        "pt": "o ficheiro contém macros, ligações a outros ficheiros ou objetos incorporados ({part}); "
        "guarde-o como livro .xlsx simples",
        "en": "the file holds macros, links to other files or embedded objects ({part}); save it as a "
        "plain .xlsx workbook",
    },
    "xml_declarations": {
        "pt": "o ficheiro contém declarações XML (DOCTYPE ou ENTITY, em {part}) que nenhum programa de "
        "folhas de cálculo escreve; abra-o e guarde-o de novo no Excel ou no LibreOffice",
        "en": "the file holds XML declarations (DOCTYPE or ENTITY, in {part}) that no spreadsheet "
        "program writes; open it and save it again in Excel or LibreOffice",
    },
    "too_many_elements": {
        "pt": "a parte {part} do ficheiro é demasiado complexa (mais de {limit} elementos)",
        "en": "part {part} of the file is too complex (more than {limit} elements)",
    },
    "too_many_rows": {
        "pt": "a folha {sheet} tem mais de {limit} linhas",
        "en": "sheet {sheet} has more than {limit} rows",
    },
    "row_beyond_limit": {
        "pt": "a folha {sheet} tem uma linha com o número {row}; uma folha do plano acaba na linha {limit}",
        "en": "sheet {sheet} has a row numbered {row}; a sheet of the plan ends at row {limit}",
    },
    "column_beyond_limit": {
        "pt": "a célula {cell} da folha {sheet} está para lá da última coluna lida ({last})",
        "en": "cell {cell} of sheet {sheet} is beyond the last column read ({last})",
    },
    "beyond_dimension": {
        "pt": "a folha {sheet} diz acabar na linha {last} mas tem a linha {row}: o ficheiro não foi "
        "gravado por um programa de folhas de cálculo; abra-o e guarde-o de novo no Excel ou no "
        "LibreOffice",
        "en": "sheet {sheet} says it ends at row {last} but holds row {row}: the file was not saved by "
        "a spreadsheet program; open it and save it again in Excel or LibreOffice",
    },
    "rows_out_of_order": {
        "pt": "a folha {sheet} tem a linha {row} depois da linha {previous}: o ficheiro não foi gravado "
        "por um programa de folhas de cálculo; abra-o e guarde-o de novo no Excel ou no LibreOffice",
        "en": "sheet {sheet} has row {row} after row {previous}: the file was not saved by a "
        "spreadsheet program; open it and save it again in Excel or LibreOffice",
    },
    "too_many_cells": {
        "pt": "o ficheiro tem mais de {limit} células preenchidas, muito mais do que um plano precisa",
        "en": "the file has more than {limit} filled cells, far more than a plan needs",
    },
    "text_too_long": {
        "pt": "a parte {part} do ficheiro tem um texto com mais de {limit} caracteres",
        "en": "part {part} of the file holds a text of more than {limit} characters",
    },
    "cell_too_long": {
        "pt": "a célula {cell} da folha {sheet} tem mais de {limit} caracteres, o máximo de uma célula "
        "do Excel",
        "en": "cell {cell} of sheet {sheet} holds more than {limit} characters, the most an Excel cell "
        "can hold",
    },
    "formula_in_cell": {
        "pt": "a célula contém uma fórmula ({value}); escreva só valores",
        "en": "the cell holds a formula ({value}); write values only",
    },
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
        template = MESSAGES[self.key]["en" if language == "en" else "pt"]
        return template.format(**self.params)

    def describe(self, language: str = "en") -> str:
        where = " › ".join(part for part in (self.file, self.record, self.field) if part)
        return f"{where}: {self.message(language)}"


class PlanInvalid(Exception):
    """A plan with problems is refused whole; this carries every problem found."""

    def __init__(self, problems: list[PlanProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.describe() for p in problems))
