"""Problems found in a plan file, each naming the file, the record and the field."""

from __future__ import annotations

from dataclasses import dataclass, field

MESSAGES: dict[str, dict[str, str]] = {
    "duplicate_code": {
        "pt": "o código {value} repete-se",
        "en": "code {value} is used more than once",
        "es": "el código {value} se repite",
    },
    "unknown_objective": {
        "pt": "objetivo desconhecido: {value}",
        "en": "unknown objective: {value}",
        "es": "objetivo desconocido: {value}",
    },
    "unknown_measure": {
        "pt": "medida desconhecida: {value}",
        "en": "unknown measure: {value}",
        "es": "medida desconocida: {value}",
    },
    "unknown_axis": {
        "pt": "eixo desconhecido: {value}",
        "en": "unknown axis: {value}",
        "es": "eje desconocido: {value}",
    },
    "unknown_body": {
        "pt": "entidade desconhecida: {value}",
        "en": "unknown body: {value}",
        "es": "entidad desconocida: {value}",
    },
    "body_listed_twice": {
        "pt": "a entidade {value} aparece mais de uma vez na medida",
        "en": "body {value} is listed more than once in the measure",
        "es": "la entidad {value} aparece más de una vez en la medida",
    },
    "deadline_outside_plan": {
        "pt": "o prazo {value} está fora do período do plano ({start} a {end})",
        "en": "deadline {value} is outside the plan's period ({start} to {end})",
        "es": "el plazo {value} está fuera del período del plan ({start} a {end})",
    },
    "plan_ends_before_start": {
        "pt": "o plano termina ({value}) antes de começar ({start})",
        "en": "the plan ends ({value}) before it starts ({start})",
        "es": "el plan termina ({value}) antes de empezar ({start})",
    },
    "unknown_timezone": {
        "pt": "fuso horário desconhecido: {value} (use um nome IANA, como Europe/Lisbon)",
        "en": "unknown time zone: {value} (use an IANA name such as Europe/Lisbon)",
        "es": "zona horaria desconocida: {value} (use un nombre IANA, como Europe/Lisbon)",
    },
    "target_without_unit": {
        "pt": "o indicador tem meta mas não tem unidade",
        "en": "the indicator has a target but no unit",
        "es": "el indicador tiene meta pero no tiene unidad",
    },
    "percentage_out_of_range": {
        "pt": "uma percentagem tem de estar entre 0 e 100 (encontrado {value})",
        "en": "a percentage must be between 0 and 100 (found {value})",
        "es": "un porcentaje tiene que estar entre 0 y 100 (encontrado {value})",
    },
    "continuous_with_deadline": {
        "pt": "uma medida contínua não pode ter prazo de conclusão ({value})",
        "en": "a continuous measure cannot have a completion deadline ({value})",
        "es": "una medida continua no puede tener plazo de conclusión ({value})",
    },
    "deadline_required": {
        "pt": "uma medida que não é contínua precisa de prazo",
        "en": "a measure that is not continuous needs a deadline",
        "es": "una medida que no es continua necesita un plazo",
    },
    "gcm_number_out_of_range": {
        "pt": "o número do objetivo do Pacto tem de estar entre 1 e 23 (encontrado {value})",
        "en": "the GCM objective number must be between 1 and 23 (found {value})",
        "es": "el número del objetivo del Pacto tiene que estar entre 1 y 23 (encontrado {value})",
    },
    "axis_without_objectives": {
        "pt": "o eixo não tem objetivos",
        "en": "the axis has no objectives",
        "es": "el eje no tiene objetivos",
    },
    "objective_without_measures": {
        "pt": "o objetivo não tem medidas",
        "en": "the objective has no measures",
        "es": "el objetivo no tiene medidas",
    },
    "parent_loop": {
        "pt": "a entidade-mãe {value} leva de volta a esta entidade (um ciclo)",
        "en": "parent {value} leads back to this body (a loop)",
        "es": "la entidad superior {value} lleva de vuelta a esta entidad (un ciclo)",
    },
    "invalid_date": {
        "pt": "data inválida: {value}; escreva AAAA-MM-DD, por exemplo 2023-12-31",
        "en": "invalid date: {value}; write YYYY-MM-DD, for example 2023-12-31",
        "es": "fecha no válida: {value}; escriba AAAA-MM-DD, por ejemplo 2023-12-31",
    },
    "unknown_language": {
        "pt": "código de língua desconhecido: {value} (use um código ISO 639-1, como pt, en, es, fr)",
        "en": "unknown language code: {value} (use an ISO 639-1 code such as pt, en, es, fr)",
        "es": "código de idioma desconocido: {value} (use un código ISO 639-1, como pt, en, es, fr)",
    },
    "duplicate_language": {
        "pt": "a língua {value} está declarada mais de uma vez",
        "en": "language {value} is declared more than once",
        "es": "el idioma {value} está declarado más de una vez",
    },
    "missing_text": {
        "pt": "falta o texto em {value}, uma língua declarada pelo plano",
        "en": "the text in {value} is missing; the plan declares that language",
        "es": "falta el texto en {value}, un idioma que el plan declara",
    },
    "undeclared_language": {
        "pt": "texto em {value}, uma língua que o plano não declara em `languages`",
        "en": "text in {value}, a language the plan does not declare in `languages`",
        "es": "texto en {value}, un idioma que el plan no declara en `languages`",
    },
    "basis_required": {
        "pt": "um plano reconstruído diz a base de cada valor e de cada redação",
        "en": "a reconstructed plan states the basis of every figure and every wording",
        "es": "un plan reconstruido indica la base de cada cifra y de cada redacción",
    },
    "citation_required": {
        "pt": "um valor `reported` precisa de uma citação (fonte e passagem)",
        "en": "a `reported` figure needs a citation (source and passage)",
        "es": "una cifra `reported` necesita una cita (fuente y pasaje)",
    },
    "unknown_source": {
        "pt": "fonte desconhecida: {value} (declare-a em `sources` no cabeçalho)",
        "en": "unknown source: {value} (declare it in the header's `sources`)",
        "es": "fuente desconocida: {value} (declárela en `sources` de la cabecera)",
    },
    "unknown_code": {
        "pt": "não há nenhum registo com o código {value} no ficheiro alterado",
        "en": "the file being changed has no record with code {value}",
        "es": "el archivo modificado no tiene ningún registro con el código {value}",
    },
    "change_file_alone": {
        "pt": "é um ficheiro de alterações a {value}: carregue-o pela linha de comandos, ao lado dele",
        "en": "this is a change file to {value}: load it with the command line, beside that file",
        "es": "es un archivo de cambios a {value}: cárguelo con la línea de órdenes, junto a ese archivo",
    },
    "invalid_value": {
        "pt": "valor inválido: {detail}",
        "en": "invalid value: {detail}",
        "es": "valor no válido: {detail}",
    },
    "missing_field": {
        "pt": "campo obrigatório em falta",
        "en": "required field is missing",
        "es": "falta un campo obligatorio",
    },
    "unknown_field": {
        "pt": "campo desconhecido (erro de escrita?)",
        "en": "unknown field (a typo?)",
        "es": "campo desconocido (¿error de escritura?)",
    },
    "not_a_plan": {
        "pt": "o ficheiro não descreve um plano: tem de ser um registo com os campos plan, bodies, axes, "
        "objectives e measures",
        "en": "the file does not describe a plan: it must be a record with the fields plan, bodies, axes, "
        "objectives and measures",
        "es": "el archivo no describe un plan: tiene que ser un registro con los campos plan, bodies, axes, "
        "objectives y measures",
    },
    "empty_file": {"pt": "o ficheiro está vazio", "en": "the file is empty", "es": "el archivo está vacío"},
    "file_too_large": {
        "pt": "o ficheiro tem {value} MB; o máximo é {limit} MB",
        "en": "the file is {value} MB; the limit is {limit} MB",
        "es": "el archivo tiene {value} MB; el máximo es {limit} MB",
    },
    "syntax_error": {
        "pt": "erro de sintaxe na linha {line}, coluna {column}: {detail}",
        "en": "syntax error at line {line}, column {column}: {detail}",
        "es": "error de sintaxis en la línea {line}, columna {column}: {detail}",
    },
    "unreadable_file": {
        "pt": "não é possível ler o ficheiro: {detail}",
        "en": "the file cannot be read: {detail}",
        "es": "no se puede leer el archivo: {detail}",
    },
    "unsupported_format": {
        "pt": "formato não suportado: {value} (use .yaml, .yml, .json ou .xlsx)",
        "en": "unsupported format: {value} (use .yaml, .yml, .json or .xlsx)",
        "es": "formato no admitido: {value} (use .yaml, .yml, .json o .xlsx)",
    },
    "missing_sheet": {
        "pt": "falta a folha {value}",
        "en": "sheet {value} is missing",
        "es": "falta la hoja {value}",
    },
    "missing_column": {
        "pt": "falta a coluna {value}",
        "en": "column {value} is missing",
        "es": "falta la columna {value}",
    },
    "text_over_limit": {
        "pt": "o texto tem {length} caracteres; o máximo é {limit}",
        "en": "the text has {length} characters; the limit is {limit}",
        "es": "el texto tiene {length} caracteres; el máximo es {limit}",
    },
    "duplicate_key": {
        "pt": "a chave {value} aparece duas vezes no mesmo registo (linhas {first} e {second}); "
        "corrija uma delas, a segunda substituiria a primeira sem aviso",
        "en": "key {value} appears twice in the same record (lines {first} and {second}); fix one of "
        "them, the second would silently replace the first",
        "es": "la clave {value} aparece dos veces en el mismo registro (líneas {first} y {second}); "
        "corrija una de ellas, la segunda reemplazaría a la primera sin aviso",
    },
    "control_character": {
        "pt": "carácter de controlo {value} na linha {line}, coluna {column}; retire-o",
        "en": "control character {value} at line {line}, column {column}; remove it",
        "es": "carácter de control {value} en la línea {line}, columna {column}; elimínelo",
    },
    "inflates_too_much": {
        "pt": "o ficheiro descomprime para {size} MB, mais do que {limit} MB: não parece um livro "
        "Excel normal",
        "en": "the file unzips to {size} MB, more than {limit} MB: it does not look like an ordinary "
        "Excel workbook",
        "es": "el archivo se descomprime en {size} MB, más de {limit} MB: no parece un libro de Excel normal",
    },
    "foreign_part": {
        "pt": "o ficheiro contém macros, ligações a outros ficheiros ou objetos incorporados ({part}); "
        "guarde-o como livro .xlsx simples",
        "en": "the file holds macros, links to other files or embedded objects ({part}); save it as a "
        "plain .xlsx workbook",
        "es": "el archivo contiene macros, vínculos a otros archivos u objetos incrustados ({part}); "
        "guárdelo como libro .xlsx simple",
    },
    "xml_declarations": {
        "pt": "o ficheiro contém declarações XML (DOCTYPE ou ENTITY, em {part}) que nenhum programa de "
        "folhas de cálculo escreve; abra-o e guarde-o de novo no Excel ou no LibreOffice",
        "en": "the file holds XML declarations (DOCTYPE or ENTITY, in {part}) that no spreadsheet "
        "program writes; open it and save it again in Excel or LibreOffice",
        "es": "el archivo contiene declaraciones XML (DOCTYPE o ENTITY, en {part}) que ningún programa de "
        "hojas de cálculo escribe; ábralo y guárdelo de nuevo en Excel o en LibreOffice",
    },
    "too_many_elements": {
        "pt": "a parte {part} do ficheiro é demasiado complexa (mais de {limit} elementos)",
        "en": "part {part} of the file is too complex (more than {limit} elements)",
        "es": "la parte {part} del archivo es demasiado compleja (más de {limit} elementos)",
    },
    "too_many_rows": {
        "pt": "a folha {sheet} tem mais de {limit} linhas",
        "en": "sheet {sheet} has more than {limit} rows",
        "es": "la hoja {sheet} tiene más de {limit} filas",
    },
    "row_beyond_limit": {
        "pt": "a folha {sheet} tem uma linha com o número {row}; uma folha do plano acaba na linha {limit}",
        "en": "sheet {sheet} has a row numbered {row}; a sheet of the plan ends at row {limit}",
        "es": "la hoja {sheet} tiene una fila con el número {row}; una hoja del plan termina en la fila "
        "{limit}",
    },
    "column_beyond_limit": {
        "pt": "a célula {cell} da folha {sheet} está para lá da última coluna lida ({last})",
        "en": "cell {cell} of sheet {sheet} is beyond the last column read ({last})",
        "es": "la celda {cell} de la hoja {sheet} está más allá de la última columna leída ({last})",
    },
    "beyond_dimension": {
        "pt": "a folha {sheet} diz acabar na linha {last} mas tem a linha {row}: o ficheiro não foi "
        "gravado por um programa de folhas de cálculo; abra-o e guarde-o de novo no Excel ou no "
        "LibreOffice",
        "en": "sheet {sheet} says it ends at row {last} but holds row {row}: the file was not saved by "
        "a spreadsheet program; open it and save it again in Excel or LibreOffice",
        "es": "la hoja {sheet} dice terminar en la fila {last} pero tiene la fila {row}: el archivo no lo "
        "guardó un programa de hojas de cálculo; ábralo y guárdelo de nuevo en Excel o en LibreOffice",
    },
    "rows_out_of_order": {
        "pt": "a folha {sheet} tem a linha {row} depois da linha {previous}: o ficheiro não foi gravado "
        "por um programa de folhas de cálculo; abra-o e guarde-o de novo no Excel ou no LibreOffice",
        "en": "sheet {sheet} has row {row} after row {previous}: the file was not saved by a "
        "spreadsheet program; open it and save it again in Excel or LibreOffice",
        "es": "la hoja {sheet} tiene la fila {row} después de la fila {previous}: el archivo no lo guardó "
        "un programa de hojas de cálculo; ábralo y guárdelo de nuevo en Excel o en LibreOffice",
    },
    "too_many_cells": {
        "pt": "o ficheiro tem mais de {limit} células preenchidas, muito mais do que um plano precisa",
        "en": "the file has more than {limit} filled cells, far more than a plan needs",
        "es": "el archivo tiene más de {limit} celdas rellenas, muchas más de las que necesita un plan",
    },
    "text_too_long": {
        "pt": "a parte {part} do ficheiro tem um texto com mais de {limit} caracteres",
        "en": "part {part} of the file holds a text of more than {limit} characters",
        "es": "la parte {part} del archivo tiene un texto de más de {limit} caracteres",
    },
    "cell_too_long": {
        "pt": "a célula {cell} da folha {sheet} tem mais de {limit} caracteres, o máximo de uma célula "
        "do Excel",
        "en": "cell {cell} of sheet {sheet} holds more than {limit} characters, the most an Excel cell "
        "can hold",
        "es": "la celda {cell} de la hoja {sheet} tiene más de {limit} caracteres, el máximo de una celda "
        "de Excel",
    },
    "formula_in_cell": {
        "pt": "a célula contém uma fórmula ({value}); escreva só valores",
        "en": "the cell holds a formula ({value}); write values only",
        "es": "la celda contiene una fórmula ({value}); escriba solo valores",
    },
}


# What exactly is wrong, for the messages above that say so in {detail}: the parser's and the
# model's own (English) wording is replaced by these, keeping the line and column they give.
DETAILS: dict[str, dict[str, str]] = {
    # YAML and JSON syntax (PyYAML's problems, by kind)
    "yaml_missing": {"pt": "falta «{token}»", "en": "«{token}» is missing", "es": "falta «{token}»"},
    "yaml_missing_either": {
        "pt": "falta «{token}» ou «{other}»",
        "en": "«{token}» or «{other}» is missing",
        "es": "falta «{token}» o «{other}»",
    },
    "yaml_missing_key": {
        "pt": "esperava-se o nome de um campo (ou a indentação não está certa)",
        "en": "a field name was expected (or the indentation is wrong)",
        "es": "se esperaba el nombre de un campo (o la sangría no es correcta)",
    },
    "yaml_missing_value": {"pt": "falta um valor", "en": "a value is missing", "es": "falta un valor"},
    "yaml_missing_colon": {
        "pt": "falta «:» depois do nome do campo",
        "en": "«:» is missing after the field name",
        "es": "falta «:» después del nombre del campo",
    },
    "yaml_colon_not_allowed": {
        "pt": "«:» num sítio onde não é permitido (um texto com «:» tem de ir entre aspas)",
        "en": "«:» where it is not allowed (a text holding «:» must be quoted)",
        "es": "«:» en un lugar donde no está permitido (un texto con «:» tiene que ir entre comillas)",
    },
    "yaml_bad_character": {
        "pt": "um carácter que não pode começar um valor (uma tabulação, «@» ou «`»?)",
        "en": "a character that cannot start a value (a tab, «@» or «`»?)",
        "es": "un carácter que no puede empezar un valor (¿un tabulador, «@» o «`»?)",
    },
    "yaml_undefined_alias": {
        "pt": "um alias (*nome) sem âncora (&nome) definida antes",
        "en": "an alias (*name) with no anchor (&name) defined before it",
        "es": "un alias (*nombre) sin ancla (&nombre) definida antes",
    },
    "yaml_unexpected_end": {
        "pt": "o ficheiro acaba a meio (aspas ou parênteses por fechar?)",
        "en": "the file ends too early (unclosed quotes or brackets?)",
        "es": "el archivo termina a medias (¿comillas o corchetes sin cerrar?)",
    },
    "yaml_bad_escape": {
        "pt": "uma sequência de escape (\\…) que não existe",
        "en": "an escape sequence (\\…) that does not exist",
        "es": "una secuencia de escape (\\…) que no existe",
    },
    "yaml_bad_indentation": {
        "pt": "a indentação não está certa",
        "en": "the indentation is wrong",
        "es": "la sangría no es correcta",
    },
    "yaml_too_deep": {
        "pt": "estruturas encaixadas a mais",
        "en": "too deeply nested",
        "es": "demasiadas estructuras anidadas",
    },
    "yaml_unsafe_tag": {
        "pt": "uma etiqueta (!…) que não é aceite num ficheiro do plano",
        "en": "a tag (!…) that a plan file may not hold",
        "es": "una etiqueta (!…) que no se acepta en un archivo del plan",
    },
    "yaml_duplicate_anchor": {
        "pt": "uma âncora (&nome) repetida",
        "en": "an anchor (&name) used twice",
        "es": "un ancla (&nombre) repetida",
    },
    "yaml_other": {
        "pt": "a sintaxe não está certa",
        "en": "the syntax is not valid",
        "es": "la sintaxis no es válida",
    },
    # reading the file
    "not_utf8": {"pt": "não está em UTF-8", "en": "it is not UTF-8", "es": "no está en UTF-8"},
    "not_found": {
        "pt": "o ficheiro não existe",
        "en": "the file does not exist",
        "es": "el archivo no existe",
    },
    "no_permission": {
        "pt": "sem permissão para o ler",
        "en": "no permission to read it",
        "es": "sin permiso para leerlo",
    },
    "os_error": {
        "pt": "erro do sistema de ficheiros",
        "en": "a file system error",
        "es": "error del sistema de archivos",
    },
    "changed_file_not_found": {
        "pt": "{value}, o ficheiro que este altera, não existe ao lado dele",
        "en": "{value}, the file this one changes, is not beside it",
        "es": "{value}, el archivo que este modifica, no está junto a él",
    },
    "changed_file_unreadable": {
        "pt": "{value}, o ficheiro que este altera, não pode ser lido",
        "en": "{value}, the file this one changes, cannot be read",
        "es": "{value}, el archivo que este modifica, no se puede leer",
    },
    "not_a_workbook": {
        "pt": "não é um livro Excel (.xlsx) válido",
        "en": "it is not a valid Excel workbook (.xlsx)",
        "es": "no es un libro de Excel (.xlsx) válido",
    },
    "damaged_part": {
        "pt": "não é um livro Excel (.xlsx) válido: a parte {part} está danificada",
        "en": "it is not a valid Excel workbook (.xlsx): part {part} is damaged",
        "es": "no es un libro de Excel (.xlsx) válido: la parte {part} está dañada",
    },
    # values the model refuses (pydantic's error types)
    "expected_whole_number": {
        "pt": "tem de ser um número inteiro (encontrado {input})",
        "en": "must be a whole number (found {input})",
        "es": "tiene que ser un número entero (encontrado {input})",
    },
    "expected_number": {
        "pt": "tem de ser um número (encontrado {input})",
        "en": "must be a number (found {input})",
        "es": "tiene que ser un número (encontrado {input})",
    },
    "expected_yes_no": {
        "pt": "tem de ser true ou false (encontrado {input})",
        "en": "must be true or false (found {input})",
        "es": "tiene que ser true o false (encontrado {input})",
    },
    "expected_text": {
        "pt": "tem de ser um texto (encontrado {input})",
        "en": "must be a text (found {input})",
        "es": "tiene que ser un texto (encontrado {input})",
    },
    "expected_record": {
        "pt": "tem de ser um registo com campos (nome: valor), não {input}",
        "en": "must be a record of fields (name: value), not {input}",
        "es": "tiene que ser un registro con campos (nombre: valor), no {input}",
    },
    "expected_list": {
        "pt": "tem de ser uma lista (encontrado {input})",
        "en": "must be a list (found {input})",
        "es": "tiene que ser una lista (encontrado {input})",
    },
    "expected_one_of": {
        "pt": "tem de ser um de {expected} (encontrado {input})",
        "en": "must be one of {expected} (found {input})",
        "es": "tiene que ser uno de {expected} (encontrado {input})",
    },
    "text_empty": {"pt": "não pode ficar vazio", "en": "must not be empty", "es": "no puede quedar vacío"},
    "text_too_short": {
        "pt": "tem de ter pelo menos {min_length} caracteres",
        "en": "must have at least {min_length} characters",
        "es": "tiene que tener al menos {min_length} caracteres",
    },
    "text_too_long": {
        "pt": "tem mais de {max_length} caracteres",
        "en": "has more than {max_length} characters",
        "es": "tiene más de {max_length} caracteres",
    },
    "control_character": {
        "pt": "carácter de controlo em {input}",
        "en": "control character in {input}",
        "es": "carácter de control en {input}",
    },
    "not_accepted": {
        "pt": "valor não aceite: {input}",
        "en": "value not accepted: {input}",
        "es": "valor no aceptado: {input}",
    },
}


def _in(texts: dict[str, str], language: str) -> str:
    """A text in the language, else in English (a language the plan files are not told in)."""
    return texts.get(language) or texts["en"]


@dataclass(frozen=True)
class PlanProblem:
    """One problem: where it is (file, record, field) and what it is (a message key)."""

    file: str
    record: str
    field: str
    key: str
    params: dict[str, object] = field(default_factory=dict)

    def message(self, language: str = "en") -> str:
        params = dict(self.params)
        detail = params.get("detail")
        if isinstance(detail, str) and detail in DETAILS:
            params["detail"] = _in(DETAILS[detail], language).format(**params)
        return _in(MESSAGES[self.key], language).format(**params)

    def describe(self, language: str = "en") -> str:
        where = " › ".join(part for part in (self.file, self.record, self.field) if part)
        return f"{where}: {self.message(language)}"


class PlanInvalid(Exception):
    """A plan with problems is refused whole; this carries every problem found."""

    def __init__(self, problems: list[PlanProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.describe() for p in problems))
