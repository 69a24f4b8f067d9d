"""Every text shown to people, in Portuguese (the default) and English, in one catalogue."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

LANGUAGES = {"pt": "Português", "en": "English"}
DEFAULT_LANGUAGE = "pt"
# The locale whose plural rules each language follows (European Portuguese: 0 is plural).
PLURAL_LOCALES = {"pt": "pt_PT", "en": "en"}

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
    "plan.no_plan": ("Ainda não há nenhum plano para mostrar.", "There is no plan to show yet."),
    "plan.no_plan.staff": (
        "Carregue um plano na página «Carregar plano».",
        "Load a plan on the «Load a plan» page.",
    ),
    # the plan page
    "plan.pick": ("Plano", "Plan"),
    "plan.status.active": ("ativo", "active"),
    "plan.status.ended": ("terminado", "ended"),
    "plan.status.archived": ("arquivado", "archived"),
    "plan.refused.unknown": (
        "Não há nenhum plano com o código «{code}».",
        "There is no plan with code «{code}».",
    ),
    "plan.refused.archived": (
        "O plano {code} está arquivado e não é mostrado.",
        "Plan {code} is archived and is not shown.",
    ),
    "plan.refused.not_active": (
        "O plano {code} não está ativo: já não recebe reportes. O seu histórico continua nos painéis.",
        "Plan {code} is not active: it takes no more reports. Its history stays in the dashboards.",
    ),
    "plan.refused.not_yours": (
        "O plano {code} não tem medidas das suas entidades.",
        "Plan {code} has no measures of your bodies.",
    ),
    "plan.available": ("Planos que pode abrir:", "Plans you can open:"),
    "plan.none_for_you": (
        "Não há nenhum plano com medidas das suas entidades.",
        "There is no plan with measures of your bodies.",
    ),
    "plan.none_active": (
        "Nenhum plano está ativo: não há reportes a fazer. Os planos terminados continuam nos painéis.",
        "No plan is active: there is nothing to report. Ended plans stay in the dashboards.",
    ),
    "frame.running": ("A processar…", "Running…"),
    "frame.stop": ("Parar", "Stop"),
    "frame.drop": ("Arraste o ficheiro para aqui", "Drag and drop the file here"),
    "frame.browse": ("Escolher ficheiro", "Browse files"),
    "plan.legal_basis": ("Base legal", "Legal basis"),
    "plan.period": ("Período", "Period"),
    "plan.version": (
        "Versão {version}, carregada em {date}",
        "Version {version}, loaded on {date}",
    ),
    "plan.reconstruction": (
        "Este plano é uma reconstrução a partir de fontes públicas: o anexo oficial com a redação "
        "das medidas não estava disponível, pelo que títulos, prazos e entidades podem diferir do "
        "texto oficial.",
        "This plan is a reconstruction from public sources: the official annex with the wording of "
        "the measures was not available, so titles, deadlines and bodies may differ from the "
        "official text.",
    ),
    "plan.reconstruction.staff": (
        "Quando tiver o ficheiro oficial, carregue-o na página «Carregar plano»: fica como nova versão "
        "e nada do que foi reportado se perde.",
        "When you have the official file, load it on the «Load a plan» page: it becomes a new version "
        "and nothing reported is lost.",
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
    "filter.none": (
        "Nenhuma medida corresponde aos filtros escolhidos.",
        "No measure matches the chosen filters.",
    ),
    "filter.choose": ("Escolha…", "Choose…"),
    "plan.pick_measure": ("Escolher uma medida", "Choose a measure"),
    "plan.open_measure": ("Abrir medida", "Open measure"),
    "plan.objective_label": ("Objetivo {number}", "Objective {number}"),
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
    "measure.source": (
        "Nota de origem (no idioma em que foi escrita)",
        "Source note (in the language it was written in)",
    ),
    "measure.unknown": (
        "Não há nenhuma medida com o código {code}.",
        "There is no measure with code {code}.",
    ),
    "measure.back": ("Voltar ao plano", "Back to the plan"),
    # the bodies page
    "bodies.pick": ("Ministério ou entidade", "Ministry or body"),
    "bodies.all": ("Todas as entidades", "All bodies"),
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
    "load.where": ("Onde", "Where"),
    "load.field": ("Campo", "Field"),
    "load.problem": ("Problema", "Problem"),
    "load.file": ("Ficheiro do plano", "Plan file"),
    "load.valid": ("Ficheiro válido: {summary}", "Valid file: {summary}"),
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
        "Descarregar o plano {code} em Excel",
        "Download plan {code} as Excel",
    ),
    "load.new": ("Carregar um ficheiro do plano", "Load a plan file"),
    "plans.title": ("Planos guardados", "Stored plans"),
    "plans.col.code": ("Plano", "Plan"),
    "plans.col.title": ("Título", "Title"),
    "plans.col.period": ("Período", "Period"),
    "plans.col.version": ("Versão", "Version"),
    "plans.col.status": ("Situação", "State"),
    "plans.help": (
        "Um plano ativo recebe reportes. Um plano terminado continua legível com todo o seu histórico "
        "(painéis, balanço, auditoria) mas já não recebe reportes. Um plano arquivado deixa de aparecer "
        "nas páginas. Carregar um plano nunca muda a situação de outro.",
        "An active plan takes reports. An ended plan stays readable with all its history (dashboards, "
        "balance, audit) but takes no more reports. An archived plan no longer appears on the pages. "
        "Loading a plan never changes another plan's state.",
    ),
    "plans.set_status": ("Mudar a situação", "Change the state"),
    "plans.status_set": ("O plano {code} está agora {status}.", "Plan {code} is now {status}."),
    "change.kind.bodies": ("Entidade", "Body"),
    "change.kind.axes": ("Eixo", "Axis"),
    "change.kind.objectives": ("Objetivo", "Objective"),
    "change.kind.measures": ("Medida", "Measure"),
    "change.kind.indicators": ("Indicador", "Indicator"),
    "change.added": ("Acrescentado", "Added"),
    "change.removed": ("Removido", "Removed"),
    "change.changed": ("Alterado", "Changed"),
    "change.kind": ("Tipo de registo", "Kind of record"),
    "change.code": ("Código", "Code"),
    "change.what": ("Alteração", "Change"),
    "change.fields": ("Campos", "Fields"),
    # signing in and the account
    "nav.section.work": ("Trabalho", "Work"),
    "nav.section.account": ("Conta", "Account"),
    "nav.login": ("Entrar", "Sign in"),
    "nav.account": ("A minha conta", "My account"),
    "nav.report": ("Reporte mensal", "Monthly report"),
    "nav.validate": ("Validação", "Validation"),
    "nav.completeness": ("Cumprimento do reporte", "Reporting completeness"),
    "nav.audit": ("Auditoria", "Audit"),
    "nav.users": ("Utilizadores", "Users"),
    "login.title": ("Entrar", "Sign in"),
    "login.email": ("Correio eletrónico", "E-mail"),
    "login.password": ("Palavra-passe", "Password"),
    "login.submit": ("Entrar", "Sign in"),
    "login.failed": (
        "Não foi possível entrar. Verifique o correio eletrónico e a palavra-passe; após várias "
        "tentativas falhadas a conta fica bloqueada por alguns minutos.",
        "Could not sign in. Check the e-mail and password; after several failed attempts the "
        "account is locked for a few minutes.",
    ),
    "login.expired": (
        "A sessão expirou por inatividade. Entre de novo.",
        "Your session expired after a period of inactivity. Please sign in again.",
    ),
    "login.oidc": ("Entrar com a conta da organização", "Sign in with your organisation account"),
    "login.ended": (
        "A sessão terminou (saída noutro separador, palavra-passe alterada ou conta desativada). "
        "Entre de novo.",
        "Your session ended (signed out in another tab, password changed or account deactivated). "
        "Please sign in again.",
    ),
    "login.signed_out": ("Saiu da plataforma.", "You have signed out."),
    "login.unavailable": (
        "Não foi possível entrar: a base de dados não está disponível. Tente de novo dentro de momentos.",
        "Could not sign in: the database is not available. Please try again in a moment.",
    ),
    "login.oidc_failed": (
        "A entrada com a conta da organização não foi concluída. Tente de novo.",
        "Signing in with your organisation account did not complete. Please try again.",
    ),
    "login.oidc_no_account": (
        "Não existe nenhuma conta na plataforma com o correio eletrónico da sua organização. "
        "Peça ao secretariado técnico que a crie.",
        "No account on the platform uses your organisation's e-mail address. Ask the technical "
        "secretariat to create one.",
    ),
    "login.oidc_inactive": (
        "A sua conta na plataforma está desativada. Contacte o secretariado técnico.",
        "Your account on the platform is deactivated. Contact the technical secretariat.",
    ),
    "account.who": ("{name} · {email} · {role}", "{name} · {email} · {role}"),
    "account.bodies": ("Entidades: {bodies}", "Bodies: {bodies}"),
    "account.change_password": ("Mudar a palavra-passe", "Change the password"),
    "account.current": ("Palavra-passe atual", "Current password"),
    "account.new": ("Nova palavra-passe", "New password"),
    "account.repeat": ("Repita a nova palavra-passe", "Repeat the new password"),
    "account.save": ("Guardar", "Save"),
    "account.changed": (
        "Palavra-passe alterada. Por segurança, todas as sessões terminaram: entre de novo com a nova "
        "palavra-passe.",
        "Password changed. For safety every session has ended: sign in again with the new password.",
    ),
    "account.sign_out": ("Sair", "Sign out"),
    "role.focal_point": ("Ponto focal técnico", "Technical focal point"),
    "role.validator": ("Ponto focal político (validação)", "Political focal point (validation)"),
    "role.secretariat": ("Secretariado técnico", "Technical secretariat"),
    "role.committee": ("Comissão interministerial", "Interministerial committee"),
    "role.admin": ("Administração", "Administrator"),
    # monthly reporting
    "report.month": ("Mês de reporte", "Reporting month"),
    "report.help": (
        "Cada cartão é uma medida das suas entidades, preenchida com o último estado conhecido. "
        "Altere o que mudou e submeta; as regras são verificadas em cada cartão enquanto escreve, e o "
        "que escreve é guardado como rascunho até submeter.",
        "Each card is a measure of your bodies, filled with its last known state. Change what changed "
        "and submit; the rules are checked on each card as you type, and what you type is kept as a "
        "draft until you submit.",
    ),
    "report.no_measures": (
        "As suas entidades não têm medidas neste plano.",
        "Your bodies have no measures in this plan.",
    ),
    "report.col.status": ("Situação", "Status"),
    "report.summary.detail": (
        "reportadas: {reported} · por reportar: {todo}",
        "reported: {reported} · to report: {todo}",
    ),
    "report.filter": ("Mostrar", "Show"),
    "report.month_closed_note": (
        "O reporte de {month} fechou a {date}: só é aceite se o secretariado técnico reabrir o mês para a "
        "sua entidade. O mês aberto agora é {open} (escolha-o acima para reportar uma medida atrasada).",
        "Reporting for {month} closed on {date}: it is accepted only if the technical secretariat reopens "
        "the month for your body. The month open now is {open} (choose it above to report a late measure).",
    ),
    "report.filter.all": ("Todas", "All"),
    "report.filter.todo": ("Por reportar", "To report"),
    "report.filter.problems": ("Com problemas", "With problems"),
    "report.refused_row": (
        "Recusada na última submissão: {reason}",
        "Refused by the last submission: {reason}",
    ),
    "report.indicator.help": (
        "Indicador {code}. Último valor reportado antes deste mês: {previous}.",
        "Indicator {code}. Last value reported before this month: {previous}.",
    ),
    "report.col.stage": ("Estado", "Stage"),
    "report.col.pace": ("Ritmo (contínuas)", "Pace (continuous)"),
    "report.col.pace.help": (
        "Só para medidas contínuas em execução: dentro do previsto ou com atraso.",
        "Only for continuous measures in progress: on track or delayed.",
    ),
    "report.col.percent": ("% execução", "% complete"),
    "report.col.done": ("O que foi feito este mês", "Done this month"),
    "report.col.obstacles": ("Obstáculos", "Obstacles"),
    "report.col.next_steps": ("Próximos passos", "Next steps"),
    "report.col.evidence": ("Evidências (ligações)", "Evidence (links)"),
    "report.col.evidence.help": (
        "Endereços http(s) separados por espaços.",
        "http(s) addresses separated by spaces.",
    ),
    "report.col.justification": ("Justificação", "Justification"),
    "report.col.justification.help": (
        "Obrigatória quando uma medida concluída recua.",
        "Required when a completed measure goes back.",
    ),
    "report.col.outlier_note": ("Nota de confirmação", "Confirmation note"),
    "report.col.outlier_note.help": (
        "Confirme um valor de indicador muito diferente do anterior.",
        "Confirm an indicator value far from the previous one.",
    ),
    "report.col.indicator": ("Indicador", "Indicator"),
    "report.col.value": ("Valor do mês", "Value this month"),
    "report.col.reason": ("Motivo", "Reason"),
    "report.indicators": ("Indicadores", "Indicators"),
    "report.status.draft": ("Rascunho", "Draft"),
    "report.status.reported": ("Reportada", "Reported"),
    "report.status.carried": ("Do mês anterior", "From last month"),
    "report.status.new": ("Por reportar", "To report"),
    "report.submit": ("Submeter o mês", "Submit the month"),
    "report.no_change": ("Sem alterações", "No change"),
    "report.no_change.help": (
        "Reporta o estado do mês anterior para todas as medidas ainda não reportadas este mês.",
        "Reports last month's state for every measure not yet reported this month.",
    ),
    "report.notice.changed_meanwhile": (
        "{measure}: {author} guardou esta medida depois de a abrir; a sua versão é agora a atual e "
        "a anterior fica no histórico.",
        "{measure}: {author} saved this measure after you opened it; your version is now current "
        "and theirs stays in the history.",
    ),
    "month_state.none": ("por submeter", "not submitted"),
    "month_state.submitted": ("submetido", "submitted"),
    "month_state.validated": ("validado (bloqueado)", "validated (locked)"),
    "month_state.sent_back": ("devolvido para correção", "sent back for correction"),
    "month_state.unlocked": ("desbloqueado", "unlocked"),
    "month_state.reopened": ("reaberto", "reopened"),
    # validation
    "validate.body": ("Entidade", "Body"),
    "validate.state": ("Situação do mês", "Month's state"),
    "validate.nothing": (
        "Ainda não há reportes desta entidade para este mês.",
        "There are no reports from this body for this month yet.",
    ),
    "validate.validate": ("Validar o mês", "Validate the month"),
    "validate.comment": ("Comentário para o ponto focal", "Comment for the focal point"),
    "validate.send_back": ("Devolver para correção", "Send back for correction"),
    "validate.done": ("Mês validado e bloqueado.", "Month validated and locked."),
    "validate.sent_back": ("Mês devolvido ao ponto focal.", "Month sent back to the focal point."),
    "validate.secretariat": ("Secretariado técnico", "Technical secretariat"),
    "validate.reason": ("Motivo", "Reason"),
    "validate.days": ("Dias de reabertura", "Days reopened"),
    "validate.unlock": ("Desbloquear", "Unlock"),
    "validate.reopen": ("Reabrir o mês para esta entidade", "Reopen the month for this body"),
    "validate.unlocked": ("Mês desbloqueado.", "Month unlocked."),
    "validate.reopened": ("Mês reaberto.", "Month reopened."),
    # completeness
    "completeness.bodies_complete": ("Entidades com reporte completo", "Bodies fully reported"),
    "completeness.measures_reported": ("Medidas reportadas (por entidade)", "Measures reported (per body)"),
    "completeness.late": ("Entidades com reporte tardio", "Bodies reporting late"),
    "completeness.status": ("Reporte", "Reporting"),
    "completeness.status.complete": ("Completo", "Complete"),
    "completeness.status.partial": ("Parcial", "Partial"),
    "completeness.status.none": ("Em falta", "Missing"),
    "completeness.reported": ("Reportadas", "Reported"),
    "completeness.missing": ("Medidas em falta", "Missing measures"),
    "completeness.timing": ("Prazo", "Timeliness"),
    "completeness.on_time": ("No prazo", "On time"),
    "completeness.late_one": ("Tardio", "Late"),
    "completeness.reminders": ("Lembretes", "Reminders"),
    "completeness.nobody": ("Todas as entidades reportaram.", "Every body has reported."),
    "completeness.email": ("Correio eletrónico", "E-mail"),
    "completeness.download": ("Descarregar a lista (CSV)", "Download the list (CSV)"),
    "completeness.text": ("Texto do lembrete", "Reminder text"),
    "completeness.send": ("Enviar os lembretes por correio", "Send the reminders by e-mail"),
    "completeness.subject": ("Reporte de {month} em falta", "Report for {month} missing"),
    "completeness.addresses": ("Destinatários: {emails}", "Recipients: {emails}"),
    # audit
    "audit.measure": ("Medida", "Measure"),
    "audit.all": ("Todas", "All"),
    "audit.month": ("Mês (AAAA-MM)", "Month (YYYY-MM)"),
    "audit.changes": ("Alterações", "Changes"),
    "audit.events": ("Submissões, validações e reaberturas", "Submissions, validations and reopenings"),
    "audit.none": ("Sem alterações registadas.", "No changes recorded."),
    "audit.col.revision": ("Revisão", "Revision"),
    "audit.col.at": ("Quando", "When"),
    "audit.col.author": ("Quem", "Who"),
    "audit.col.email": ("Correio eletrónico", "E-mail"),
    "audit.col.measure": ("Medida", "Measure"),
    "audit.col.month": ("Mês", "Month"),
    "audit.col.body": ("Entidade", "Body"),
    "audit.col.channel": ("Canal", "Channel"),
    "audit.col.field": ("Campo", "Field"),
    "audit.col.old": ("Antes", "Before"),
    "audit.col.new": ("Depois", "After"),
    "audit.col.event": ("Evento", "Event"),
    "audit.col.comment": ("Motivo / comentário", "Reason / comment"),
    "audit.col.open_until": ("Aberto até", "Open until"),
    "audit.col.by": ("Por", "By"),
    # users
    "users.role": ("Perfil", "Role"),
    "users.bodies": ("Entidades", "Bodies"),
    "users.active": ("Ativo", "Active"),
    "users.new": ("Nova conta", "New account"),
    "users.password": ("Palavra-passe inicial", "Initial password"),
    "users.password.help": (
        "Comunique-a à pessoa por um canal seguro; ela pode mudá-la em «A minha conta».",
        "Give it to the person through a safe channel; they can change it in «My account».",
    ),
    "users.create": ("Criar conta", "Create account"),
    "users.created": ("Conta criada: {email}", "Account created: {email}"),
    "users.sessions": ("Sessões abertas", "Open sessions"),
    "users.manage": ("Gerir uma conta", "Manage an account"),
    "users.account": ("Conta", "Account"),
    "users.end_sessions": ("Terminar as sessões", "End the sessions"),
    "users.sessions_ended": (
        "Sessões terminadas: {count}. A pessoa terá de entrar de novo em todos os navegadores.",
        "Sessions ended: {count}. The person will have to sign in again in every browser.",
    ),
    "users.deactivate": ("Desativar a conta", "Deactivate the account"),
    "users.activate": ("Reativar a conta", "Reactivate the account"),
    "users.deactivated": (
        "Conta desativada: {email}. As suas sessões terminaram.",
        "Account deactivated: {email}. Its sessions have ended.",
    ),
    "users.activated": ("Conta reativada: {email}", "Account reactivated: {email}"),
    # the public balance report (monitoring/export.py)
    "balance.title": ("Balanço da execução", "Implementation balance"),
    "balance.subtitle": ("{plan}: situação no fim de {month}", "{plan}: state at the end of {month}"),
    "balance.sheet.cover": ("Capa", "Cover"),
    "balance.sheet.summary": ("Resumo", "Summary"),
    "balance.sheet.by_objective": ("Por objetivo", "By objective"),
    "balance.sheet.by_body": ("Por entidade", "By body"),
    "balance.sheet.measures": ("Medidas", "Measures"),
    "balance.sheet.indicators": ("Indicadores", "Indicators"),
    "balance.sheet.changes": ("Alterações desde {since}", "Changes since {since}"),
    "balance.cover.plan": ("Plano", "Plan"),
    "balance.cover.legal_basis": ("Base legal", "Legal basis"),
    "balance.cover.period": ("Período do plano", "Plan period"),
    "balance.cover.as_of": ("Situação no fim de", "State at the end of"),
    "balance.cover.basis": ("Base", "Basis"),
    "balance.basis.record": (
        "Registo: os reportes e os eventos dos meses tal como estavam no fim do dia de fecho "
        "({moment}, hora de {zone}); o que chegou depois não altera estes números.",
        "The record: reports and month events as they stood at the end of the closing day "
        "({moment}, {zone} time); nothing that arrived later changes these figures.",
    ),
    "balance.basis.corrected": (
        "Com correções posteriores: tudo o que era conhecido em {date} (reportes tardios, validações, "
        "devoluções e desbloqueios incluídos); pode diferir do registo publicado no fecho do mês.",
        "With later corrections: everything known on {date} (late reports, validations, send-backs "
        "and unlocks included); it may differ from the record published at the month's close.",
    ),
    "balance.method.basis.record": (
        "Este balanço usa o registo: cada número é o que se sabia no fecho do mês, e não muda depois.",
        "This balance uses the record: each figure is what was known at the month's close, and it "
        "does not change afterwards.",
    ),
    "balance.method.basis.corrected": (
        "Este balanço inclui correções posteriores ao fecho do mês: os estados dos meses (validado, "
        "devolvido, desbloqueado) e os reportes tardios contam como estão hoje.",
        "This balance includes corrections made after the month's close: the months' states "
        "(validated, sent back, unlocked) and late reports count as they are today.",
    ),
    "balance.cover.since": ("Alterações contadas desde o fim de", "Changes counted since the end of"),
    "balance.cover.generated": ("Gerado em", "Generated on"),
    "balance.cover.source": ("Fonte dos dados", "Data source"),
    "balance.cover.source_text": (
        "Base de dados da plataforma de monitorização: plano {code}, versão {version}, carregada em "
        "{date} (ficheiro {file}).",
        "The monitoring platform's database: plan {code}, version {version}, loaded on {date} (file {file}).",
    ),
    "balance.cover.method": ("Método", "Method"),
    "balance.cover.warning": ("Atenção", "Warning"),
    "balance.cover.reconstruction": (
        "O ficheiro do plano usado é uma reconstrução a partir de fontes públicas: o anexo oficial com "
        "a redação das medidas, indicadores e metas não estava disponível. Os títulos, prazos e "
        "entidades das medidas podem diferir do texto oficial.",
        "The plan file used is a reconstruction from public sources: the official annex with the "
        "wording of the measures, indicators and targets was not available. The titles, deadlines "
        "and bodies of the measures may differ from the official text.",
    ),
    "balance.method.stages": (
        "Cada medida está num de três estados: não iniciada (o trabalho ainda não começou), em execução "
        "(o trabalho está em curso) ou concluída (terminada, com evidência). Uma medida nunca reportada "
        "conta como não iniciada.",
        "Each measure is in one of three stages: not started (work has not begun), in progress (work "
        "is under way) or completed (finished, with evidence). A measure never reported counts as "
        "not started.",
    ),
    "balance.method.continuous": (
        "As medidas contínuas decorrem até ao fim do plano: são contadas à parte e nunca estão em "
        "atraso por não estarem concluídas.",
        "Continuous measures run until the plan ends: they are counted apart and are never overdue "
        "for not being completed.",
    ),
    "balance.method.overdue": (
        "Em atraso: uma medida com prazo, não concluída, cujo prazo é igual ou anterior ao último dia "
        "do mês da situação.",
        "Overdue: a measure with a deadline, not completed, whose deadline is on or before the last "
        "day of the as-of month.",
    ),
    "balance.method.as_of": (
        "A situação num mês é a do fim desse mês tal como era conhecida quando o reporte do mês "
        "fechou (fim do dia {closing_day} do mês seguinte, hora local do plano): conta o último reporte "
        "de cada medida desse mês ou de meses anteriores submetido até esse momento; os meses então "
        "devolvidos para correção não contam.",
        "The state in a month is the state at the end of that month as it was known when the month's "
        "reporting closed (the end of day {closing_day} of the next month, the plan's local time): each "
        "measure's latest report for that month or an earlier one, submitted by then, counts; months "
        "sent back for correction at that moment do not.",
    ),
    "balance.method.flags": (
        "Parada: com prazo, não concluída, reportada e sem mudança de estado há {stalled} meses ou "
        "mais. Recuou: esteve concluída e já não está. Sem reporte: sem reporte para o próprio mês.",
        "Stalled: with a deadline, not completed, reported, and no change of stage for {stalled} "
        "months or more. Regressed: it was completed and no longer is. Not reported: no report for "
        "the month itself.",
    ),
    "balance.method.shares": (
        "As percentagens por estado e a taxa de conclusão contam só as medidas com prazo.",
        "The shares by stage and the completion rate count only the measures with a deadline.",
    ),
    "balance.by_axis": ("Por eixo", "By axis"),
    "balance.col.stage": ("Estado", "Stage"),
    "balance.col.measures": ("Medidas", "Measures"),
    "balance.col.share_of_deadline": ("% das medidas com prazo", "% of measures with a deadline"),
    "balance.col.axis": ("Eixo", "Axis"),
    "balance.col.axis_title": ("Título do eixo", "Axis title"),
    "balance.col.objective": ("Objetivo", "Objective"),
    "balance.col.gcm_number": ("Objetivo do Pacto (n.º)", "GCM objective (no.)"),
    "balance.col.objective_title": ("Título do objetivo", "Objective title"),
    "balance.col.lead_body": ("Entidade responsável", "Lead body"),
    "balance.col.body_name": ("Nome da entidade", "Body name"),
    "balance.col.not_started": ("Não iniciadas", "Not started"),
    "balance.col.in_progress": ("Em execução", "In progress"),
    "balance.col.completed": ("Concluídas", "Completed"),
    "balance.col.continuous": ("Contínuas", "Continuous"),
    "balance.col.overdue": ("Em atraso", "Overdue"),
    "balance.col.total": ("Total", "Total"),
    "balance.col.completion_rate": ("Taxa de conclusão (com prazo)", "Completion rate (with deadline)"),
    "balance.col.code": ("Código", "Code"),
    "balance.col.title": ("Título da medida", "Measure title"),
    "balance.col.is_continuous": ("Contínua", "Continuous"),
    "balance.col.co_bodies": ("Entidades envolvidas", "Co-responsible bodies"),
    "balance.col.deadline": ("Prazo", "Deadline"),
    "balance.col.last_change": ("Mês da última mudança de estado", "Month of last change of stage"),
    "balance.col.last_narrative": ("Último relato (o que foi feito)", "Latest narrative (what was done)"),
    "balance.col.measure": ("Medida", "Measure"),
    "balance.col.indicator": ("Indicador", "Indicator"),
    "balance.col.name": ("Nome", "Name"),
    "balance.col.unit": ("Unidade", "Unit"),
    "balance.col.baseline": ("Valor de base", "Baseline"),
    "balance.col.target": ("Meta", "Target"),
    "balance.col.latest": ("Último valor", "Latest value"),
    "balance.col.latest_month": ("Mês do último valor", "Month of latest value"),
    "balance.col.percent_of_target": ("% da meta", "% of target"),
    "balance.col.status": ("Situação", "Status"),
    "balance.col.before": ("Estado antes", "Stage before"),
    "balance.col.after": ("Estado agora", "Stage now"),
    "balance.row.with_deadline": ("Medidas com prazo", "Measures with a deadline"),
    "balance.row.continuous_running": ("Contínuas em curso", "Continuous measures running"),
    "balance.row.overdue": ("Em atraso", "Overdue"),
    "balance.row.stalled": ("Paradas", "Stalled"),
    "balance.row.regressed": ("Recuaram", "Regressed"),
    "balance.row.missing": ("Sem reporte no mês", "Not reported this month"),
    "balance.row.total": ("Total de medidas", "All measures"),
    "balance.status.on_track": ("No bom caminho", "On track"),
    "balance.status.off_track": ("Fora do caminho", "Off track"),
    "balance.status.reached": ("Meta atingida", "Target reached"),
    "balance.status.no_data": ("Sem dados suficientes", "Not enough data"),
    "balance.chart.overall": ("Medidas por estado", "Measures by stage"),
    "balance.chart.by_axis": ("Medidas por eixo e estado", "Measures by axis and stage"),
    "balance.chart.by_objective": ("Medidas por objetivo e estado", "Measures by objective and stage"),
    "balance.chart.by_body": (
        "Medidas por entidade responsável e estado",
        "Measures by lead body and stage",
    ),
    "balance.chart.measures": ("Número de medidas", "Number of measures"),
    "balance.empty.measures": ("O plano não tem medidas.", "The plan has no measures."),
    "balance.empty.indicators": ("O plano não tem indicadores.", "The plan has no indicators."),
    "balance.empty.changes": (
        "Nenhuma medida mudou de estado neste período.",
        "No measure changed stage in this period.",
    ),
    "balance.readme.format": (
        "Ficheiros CSV em UTF-8, separados por vírgulas, com uma linha de cabeçalho; datas no formato "
        "AAAA-MM-DD, meses AAAA-MM, valores lógicos True/False, percentagens de 0 a 100 e taxas de 0 a 1.",
        "CSV files in UTF-8, comma-separated, with one header row; dates as YYYY-MM-DD, months as "
        "YYYY-MM, logical values True/False, percentages from 0 to 100 and rates from 0 to 1.",
    ),
    "balance.readme.codes": (
        "Estados: not_started (não iniciada), in_progress (em execução), completed (concluída). "
        "Situação dos indicadores: on_track (no bom caminho), off_track (fora do caminho), reached (meta "
        "atingida), no_data (sem dados suficientes).",
        "Stages: not_started, in_progress, completed. Indicator status: on_track, off_track, reached "
        "(target reached), no_data (not enough data).",
    ),
    "balance.readme.quote": (
        "Um texto que comece por =, +, -, @, tabulação ou retorno leva à frente um apóstrofo (') para "
        "que nenhuma folha de cálculo o execute como fórmula; retire-o para obter o texto original.",
        "A text that starts with =, +, -, @, tab or carriage return is prefixed with an apostrophe (') "
        "so that no spreadsheet runs it as a formula; remove it to get the original text.",
    ),
    "balance.readme.measures": ("uma linha por medida e o seu estado.", "one row per measure and its state."),
    "balance.readme.indicators": (
        "uma linha por indicador: último valor e situação face à meta.",
        "one row per indicator: latest value and status against the target.",
    ),
    "balance.readme.by_axis": ("contagens por eixo e estado.", "counts by axis and stage."),
    "balance.readme.by_objective": ("contagens por objetivo e estado.", "counts by objective and stage."),
    "balance.readme.by_body": (
        "contagens por entidade responsável e estado.",
        "counts by lead body and stage.",
    ),
    "balance.readme.changes": (
        "medidas cujo estado mudou desde o fim de {since}.",
        "measures whose stage changed since the end of {since}.",
    ),
    "error.unknown_language": (
        "Idioma desconhecido: {value} (use pt ou en).",
        "Unknown language: {value} (use pt or en).",
    ),
    "error.since_not_before_as_of": (
        "O mês inicial das alterações ({since}) tem de ser anterior a {month}.",
        "The month changes are counted from ({since}) must be before {month}.",
    ),
    "error.cannot_write_file": (
        "Não é possível escrever o ficheiro {value}. Nada foi escrito.",
        "Cannot write the file {value}. Nothing was written.",
    ),
    # dashboards
    "nav.section.dashboards": ("Painéis", "Dashboards"),
    "nav.dashboard": ("Visão geral", "Overview"),
    "nav.trends": ("Evolução", "Over time"),
    "nav.indicators": ("Indicadores", "Indicators"),
    "nav.brief": ("Nota para a reunião", "Meeting brief"),
    "stage.continuous": ("Contínua", "Continuous"),
    "dash.as_of": ("Situação no fim de", "State at the end of"),
    "dash.validated_only": ("Só dados validados", "Validated data only"),
    "dash.basis": ("Base", "Basis"),
    "dash.basis.record": ("Registo no fecho", "Record at the close"),
    "dash.basis.corrected": ("Com correções posteriores", "With later corrections"),
    "dash.basis.record_note": (
        "Registo: o que se sabia no fim do dia de fecho ({moment}, hora de {zone}); não muda depois.",
        "The record: what was known at the end of the closing day ({moment}, {zone} time); it does "
        "not change afterwards.",
    ),
    "dash.basis.open_note": (
        "O reporte deste mês ainda está aberto (fecha a {moment}, hora de {zone}): os números podem "
        "mudar até lá.",
        "This month's reporting is still open (it closes on {moment}, {zone} time): the figures can "
        "change until then.",
    ),
    "dash.basis.corrected_note": (
        "Com correções posteriores: reportes tardios, validações, devoluções e desbloqueios até hoje "
        "contam; pode diferir do registo.",
        "With later corrections: late reports, validations, send-backs and unlocks up to today "
        "count; it may differ from the record.",
    ),
    "dash.validated_note": (
        "A mostrar só reportes de meses validados pelos pontos focais políticos.",
        "Showing only reports from months validated by the political focal points.",
    ),
    "dash.all_note": (
        "A mostrar todos os reportes submetidos (validados ou não; os devolvidos não contam).",
        "Showing every submitted report (validated or not; sent-back ones do not count).",
    ),
    "dash.no_reports": (
        "Ainda não há reportes: todas as medidas contam como não iniciadas e sem reporte. Os números "
        "mudam à medida que os pontos focais reportam.",
        "There are no reports yet: every measure counts as not started and not reported. The figures "
        "change as focal points report.",
    ),
    "dash.no_reports.staff": (
        "Para experimentar os painéis com um histórico sintético, use o comando seed-demo.",
        "To try the dashboards with a synthetic history, use the seed-demo command.",
    ),
    "dash.demo": (
        "Dados de demonstração: esta base de dados tem um histórico sintético (comando seed-demo).",
        "Demo data: this database holds a synthetic history (the seed-demo command).",
    ),
    "dash.filter.stage": ("Estado", "Stage"),
    "dash.filter.year": ("Ano do prazo", "Deadline year"),
    "dash.metric.completed": ("Concluídas", "Completed"),
    "dash.metric.in_progress": ("Em execução", "In progress"),
    "dash.metric.not_started": ("Não iniciadas", "Not started"),
    "dash.metric.continuous_running": ("Contínuas", "Continuous"),
    "dash.metric.overdue": ("Em atraso", "Overdue"),
    "dash.metric.stalled": ("Paradas", "Stalled"),
    "dash.metric.missing": ("Sem reporte", "Not reported"),
    "dash.metric.help": (
        "Variação: {month:+d} face ao mês anterior, {quarter:+d} face a há três meses (última reunião).",
        "Change: {month:+d} since the previous month, {quarter:+d} since three months ago (last meeting).",
    ),
    "dash.deltas": (
        "As setas comparam com o mês anterior; passe o rato para ver a variação desde a última reunião "
        "(há três meses). Medidas contínuas contam à parte e nunca ficam em atraso por não terminarem.",
        "Arrows compare with the previous month; hover to see the change since the last meeting (three "
        "months ago). Continuous measures count apart and are never overdue for not being finished.",
    ),
    "dash.tab.axis": ("Por eixo", "By axis"),
    "dash.tab.objective": ("Por objetivo do Pacto", "By GCM objective"),
    "dash.tab.body": ("Por ministério ou entidade", "By ministry or body"),
    "dash.tab.attention": ("Precisa de atenção", "Needs attention"),
    "dash.chart.by_axis": ("Medidas por eixo e estado", "Measures by axis and stage"),
    "dash.chart.by_objective": (
        "Medidas por objetivo do Pacto e estado",
        "Measures by GCM objective and stage",
    ),
    "dash.chart.by_body": ("Medidas por entidade e estado", "Measures by body and stage"),
    "dash.chart.treemap": (
        "Eixo → objetivo → medida, por estado (passe o rato para ver o título)",
        "Axis → objective → measure, by stage (hover for the title)",
    ),
    "dash.chart.measures": ("Número de medidas", "Number of measures"),
    "dash.co_bodies": (
        "Contar as entidades envolvidas (em vez da responsável)",
        "Count bodies involved (not the lead)",
    ),
    "dash.reporting": ("Reporte nos últimos 12 meses", "Reporting over the last 12 months"),
    "dash.col.completeness": ("Medidas reportadas", "Measures reported"),
    "dash.col.timeliness": ("Reportes no prazo", "Reports on time"),
    "dash.col.reason": ("Motivo", "Reason"),
    "dash.col.detail": ("Detalhe", "Detail"),
    "dash.col.last_change": ("Última mudança de estado", "Last stage change"),
    "dash.reason.overdue": ("Em atraso", "Overdue"),
    "dash.reason.stalled": ("Parada", "Stalled"),
    "dash.reason.regressed": ("Recuou depois de concluída", "Went back from completed"),
    "dash.reason.missing": ("Sem reporte no mês", "Not reported this month"),
    "dash.reason.indicator_off_track": ("Indicador fora da trajetória", "Indicator off track"),
    "dash.attention.none": ("Nada a assinalar.", "Nothing needs attention."),
    "dash.attention.download": ("Descarregar a lista (CSV)", "Download the list (CSV)"),
    "trends.shares": ("Medidas por estado, mês a mês", "Measures by stage, month by month"),
    "trends.month": ("Mês", "Month"),
    "trends.completions": ("Medidas concluídas em cada mês", "Measures completed each month"),
    "trends.completions.y": ("Medidas concluídas", "Measures completed"),
    "trends.heatmap": ("Percurso de cada medida", "Each measure's path"),
    "trends.heatmap.title": ("Medidas × meses, por estado", "Measures × months, by stage"),
    "indicators.latest": ("Último valor", "Latest value"),
    "indicators.latest_month": ("Mês do último valor", "Month of latest value"),
    "indicators.percent": ("% da meta", "% of target"),
    "indicators.status": ("Trajetória", "Trajectory"),
    "indicators.status.on_track": ("Na trajetória", "On track"),
    "indicators.status.off_track": ("Fora da trajetória", "Off track"),
    "indicators.status.reached": ("Meta atingida", "Target reached"),
    "indicators.status.no_data": ("Sem dados suficientes", "Not enough data"),
    "indicators.value": ("Valor", "Value"),
    "indicators.none": ("O plano não tem indicadores.", "The plan has no indicators."),
    "indicators.method": (
        "A trajetória projeta em linha reta, do valor de base (ou do primeiro valor) ao último, "
        "até à data da meta.",
        "The trajectory projects a straight line, from the baseline (or first value) to the latest, "
        "to the target date.",
    ),
    "measure.removed": (
        "A medida {code} já não consta do plano em vigor: pertencia à versão {version}. O seu histórico "
        "de reporte mantém-se.",
        "Measure {code} is no longer in the plan in force: it belonged to version {version}. Its "
        "reporting history is kept.",
    ),
    "measure.history": ("Histórico de reporte", "Reporting history"),
    "measure.no_history": ("Ainda não há reportes desta medida.", "This measure has no reports yet."),
    "brief.title": (
        "Nota para a reunião — situação no fim de {month}",
        "Meeting brief — state at the end of {month}",
    ),
    "brief.what": ("Indicador", "Figure"),
    "brief.now": ("Agora", "Now"),
    "brief.since_month": ("Desde o mês anterior", "Since last month"),
    "brief.since_quarter": ("Desde a última reunião", "Since the last meeting"),
    "brief.completion": ("% concluídas (com prazo)", "% completed (with deadline)"),
    "brief.print": (
        "Para imprimir ou guardar em PDF, use Imprimir no navegador (Ctrl+P): os menus não saem no papel.",
        "To print or save as PDF, use the browser's Print (Ctrl+P): menus are left off the page.",
    ),
    # the public balance page
    "nav.balance": ("Balanço (Excel)", "Balance (Excel)"),
    "balance.page.intro": (
        "O balanço público em Excel, calculado com as mesmas regras dos painéis, e os mesmos quadros "
        "em CSV (dados abertos).",
        "The public balance as an Excel workbook, computed with the dashboards' rules, and the same "
        "tables as CSV (open data).",
    ),
    "balance.page.since": ("Alterações desde", "Changes since"),
    "balance.page.prepare": ("Preparar o balanço", "Prepare the balance"),
    "balance.page.download": ("Descarregar o livro Excel", "Download the Excel workbook"),
    "balance.page.opendata": ("Descarregar dados abertos (CSV, ZIP)", "Download open data (CSV, ZIP)"),
    "nav.public": ("Balanço público", "Public balance"),
    "public.title": ("Balanço público da execução do plano", "Public balance of the plan's implementation"),
    "public.method": (
        "Situação das medidas no fim do mês escolhido, segundo os reportes mensais dos serviços. "
        "As medidas contínuas contam à parte e nunca ficam em atraso por não terminarem; uma medida "
        "está em atraso quando o prazo passou e não está concluída.",
        "State of the measures at the end of the chosen month, from the services' monthly reports. "
        "Continuous measures count apart and are never overdue for not being finished; a measure "
        "is overdue when its deadline has passed and it is not completed.",
    ),
    "public.section.by_objective": ("Por objetivo do Pacto", "By GCM objective"),
    "public.section.measures": ("As medidas", "The measures"),
    "public.section.indicators": ("Indicadores", "Indicators"),
    # reporting by Excel
    "nav.report_excel": ("Reporte por Excel", "Report by Excel"),
    "report_excel.help": (
        "Descarregue o modelo do mês, preencha-o no Excel e carregue-o aqui. Antes de gravar vê o que "
        "muda, medida a medida, e as linhas que seriam recusadas, com o motivo. Nada é gravado antes "
        "de confirmar.",
        "Download the month's template, fill it in Excel and upload it here. Before storing you see "
        "what changes, measure by measure, and the rows that would be refused, with the reason. "
        "Nothing is stored before you confirm.",
    ),
    "report_excel.download": ("Descarregar o modelo do mês", "Download the month's template"),
    "report_excel.upload": ("Carregar o modelo preenchido (.xlsx)", "Upload the filled template (.xlsx)"),
    "report_excel.other_user": (
        "Este modelo foi descarregado por outra pessoa; as linhas serão gravadas em seu nome.",
        "This template was downloaded by someone else; the rows will be stored in your name.",
    ),
    "report_excel.no_rows": ("O ficheiro não tem linhas de medidas.", "The file has no measure rows."),
    "report_excel.preview": ("O que muda", "What changes"),
    "report_excel.col.field": ("Campo", "Field"),
    "report_excel.col.current": ("Atual", "Current"),
    "report_excel.col.new": ("No ficheiro", "In the file"),
    "report_excel.col.outcome": ("Resultado", "Outcome"),
    "report_excel.col.notice": ("Aviso", "Notice"),
    "report_excel.field.indicator": ("Indicador {code}", "Indicator {code}"),
    "report_excel.outcome.saved": ("a gravar", "to store"),
    "report_excel.outcome.unchanged": ("sem alterações", "unchanged"),
    "report_excel.outcome.refused": ("recusada", "refused"),
    "report_excel.notice.changed_meanwhile": (
        "Alguém gravou esta medida depois de o modelo ser descarregado.",
        "Someone stored this measure after the template was downloaded.",
    ),
    "report_excel.all_or_nothing": (
        "Tudo ou nada: não gravar nenhuma linha se alguma for recusada",
        "All or nothing: store no row if any row is refused",
    ),
    "report_excel.all_or_nothing.help": (
        "Sem esta opção, as linhas válidas são gravadas e as recusadas ficam por corrigir.",
        "Without this option, valid rows are stored and refused ones are left to correct.",
    ),
    "report_excel.confirm": ("Confirmar e gravar", "Confirm and store"),
    # units of indicators (shown in the chosen language; other units are shown as written)
    "unit.actions": ("ações", "actions"),
    "unit.agreements": ("acordos", "agreements"),
    "unit.applications": ("pedidos", "applications"),
    "unit.bodies": ("entidades", "bodies"),
    "unit.calls": ("chamadas", "calls"),
    "unit.centres": ("centros", "centres"),
    "unit.consultations": ("consultas", "consultations"),
    "unit.countries": ("países", "countries"),
    "unit.days": ("dias", "days"),
    "unit.editions": ("edições", "editions"),
    "unit.events": ("eventos", "events"),
    "unit.inspections": ("inspeções", "inspections"),
    "unit.languages": ("línguas", "languages"),
    "unit.minutes": ("minutos", "minutes"),
    "unit.municipalities": ("municípios", "municipalities"),
    "unit.negotiations": ("negociações", "negotiations"),
    "unit.offices": ("balcões", "offices"),
    "unit.operations": ("operações", "operations"),
    "unit.people": ("pessoas", "people"),
    "unit.permits": ("autorizações", "permits"),
    "unit.places": ("lugares", "places"),
    "unit.plans": ("planos", "plans"),
    "unit.programmes": ("programas", "programmes"),
    "unit.projects": ("projetos", "projects"),
    "unit.protocols": ("protocolos", "protocols"),
    "unit.reports": ("relatórios", "reports"),
    "unit.services": ("serviços", "services"),
    "unit.sessions": ("sessões", "sessions"),
    "unit.states": ("Estados", "states"),
    "unit.studies": ("estudos", "studies"),
    "unit.translations": ("traduções", "translations"),
    "unit.units": ("unidades", "units"),
    "unit.visits": ("visitas", "visits"),
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
    "error.dated_in_future": (
        "Data no futuro ({at}): um reporte ou evento tem a data e hora em que é registado.",
        "Dated in the future ({at}): a report or event carries the date and time it is stored.",
    ),
    "error.event_before_report": (
        "Este evento teria a data {at}, anterior ao último reporte do mês da entidade ({report}), "
        "que é o que ele avalia.",
        "This event would be dated {at}, before the body's latest report of the month ({report}), "
        "which is what it judges.",
    ),
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
    "error.unknown_plan": (
        "Não há nenhum plano com o código «{value}». Planos guardados: {plans}.",
        "There is no plan with code «{value}». Stored plans: {plans}.",
    ),
    "error.plan_required": (
        "Há mais de um plano ativo ({plans}): indique qual (--plan CÓDIGO).",
        "More than one plan is active ({plans}): name one (--plan CODE).",
    ),
    "error.no_active_plan": (
        "Nenhum plano está ativo; indique um dos planos guardados ({plans}) com --plan CÓDIGO.",
        "No plan is active; name one of the stored plans ({plans}) with --plan CODE.",
    ),
    "error.plan_not_active": (
        "O plano {plan} não está ativo: já não recebe reportes. O seu histórico continua disponível.",
        "Plan {plan} is not active: it takes no more reports. Its history is still available.",
    ),
    "error.unknown_plan_status": (
        "Situação desconhecida: {value} (use active, ended ou archived).",
        "Unknown state: {value} (use active, ended or archived).",
    ),
    "error.template_other_plan": (
        "Este modelo é do plano {value}, não de {plan}. Descarregue o modelo do plano {plan}.",
        "This template is for plan {value}, not {plan}. Download the template for plan {plan}.",
    ),
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
    "error.demo_into_real_data": (
        "Esta base de dados já tem reportes reais: os dados de demonstração não são misturados.",
        "This database already holds real reports: demo data is not mixed in.",
    ),
    "error.database_unavailable": (
        "A base de dados não está disponível neste momento: nada foi gravado. As suas alterações "
        "continuam na tabela; tente submeter de novo dentro de instantes.",
        "The database is not available right now: nothing was saved. Your changes are still in the "
        "table; try submitting again in a moment.",
    ),
    "report.draft_not_saved": (
        "Não foi possível guardar o rascunho no servidor (base de dados indisponível); as alterações "
        "continuam nesta página.",
        "The draft could not be saved on the server (database unavailable); your changes stay on this page.",
    ),
    "error.passwords_differ": ("As palavras-passe não coincidem.", "The passwords do not match."),
    "error.cannot_deactivate_self": (
        "Não pode desativar a sua própria conta.",
        "You cannot deactivate your own account.",
    ),
    # the reporting workbook (bulk reporting by Excel)
    "error.template_other_month": (
        "Este modelo é do mês {value}, não de {month}. Descarregue o modelo de {month}.",
        "This template is for month {value}, not {month}. Download the template for {month}.",
    ),
    "error.file_too_large": (
        "O ficheiro é demasiado grande (máximo {limit} MB).",
        "The file is too large (at most {limit} MB).",
    ),
    "error.too_many_rows": (
        "A folha {value} tem mais de {limit} linhas.",
        "Sheet {value} has more than {limit} rows.",
    ),
    "error.indicator_without_measure": (
        "A linha {value} da folha de indicadores refere uma medida que não está na folha do relatório.",
        "Row {value} of the indicators sheet names a measure that is not in the report sheet.",
    ),
    "template.sheet.instructions": ("Instruções", "Instructions"),
    "template.sheet.report": ("Relatório", "Report"),
    "template.sheet.indicators": ("Indicadores", "Indicators"),
    "template.col.measure": ("Código da medida", "Measure code"),
    "template.col.title": ("Medida", "Measure"),
    "template.col.continuous": ("Contínua", "Continuous"),
    "template.col.stage": ("Estado", "Stage"),
    "template.col.pace": ("Ritmo (só contínuas)", "Pace (continuous only)"),
    "template.col.percent": ("% de execução", "% complete"),
    "template.col.done": ("O que foi feito este mês", "Done this month"),
    "template.col.obstacles": ("Obstáculos", "Obstacles"),
    "template.col.next_steps": ("Próximos passos", "Next steps"),
    "template.col.evidence": ("Evidências (ligações)", "Evidence (links)"),
    "template.col.justification": ("Justificação (se recuar)", "Justification (if going back)"),
    "template.col.outlier_note": ("Nota sobre valor atípico", "Note on an unusual value"),
    "template.col.based_on": ("Revisão de base (não alterar)", "Base revision (do not change)"),
    "template.col.indicator": ("Código do indicador", "Indicator code"),
    "template.col.name": ("Indicador", "Indicator"),
    "template.col.unit": ("Unidade", "Unit"),
    "template.col.kind": ("Tipo", "Kind"),
    "template.col.previous": ("Último valor (antes deste mês)", "Last value (before this month)"),
    "template.col.value": ("Valor deste mês", "Value this month"),
    "template.validation.stage": ("Escolha um estado da lista.", "Pick a stage from the list."),
    "template.validation.pace": (
        "Escolha «Dentro do previsto» ou «Com atraso».",
        "Pick «On track» or «Delayed».",
    ),
    "template.validation.percent": ("Um número inteiro de 0 a 100.", "A whole number from 0 to 100."),
    "template.validation.count": ("Um número inteiro não negativo.", "A whole number, not negative."),
    "template.validation.percentage": ("Um número de 0 a 100.", "A number from 0 to 100."),
    "template.validation.number": ("Escreva um número.", "Write a number."),
    "template.instructions.title": (
        "Relatório de {month}: {plan} — preparado para {name}",
        "Report for {month}: {plan} — prepared for {name}",
    ),
    "template.instructions.fill": (
        "Preencha a folha «Relatório» (uma linha por medida) e a folha «Indicadores» (uma linha por "
        "indicador). Os valores atuais já estão preenchidos: altere só o que mudou.",
        "Fill in the «Report» sheet (one row per measure) and the «Indicators» sheet (one row per "
        "indicator). The current values are already filled in: change only what has changed.",
    ),
    "template.instructions.grey": (
        "Escreva só nas células brancas. Não altere as colunas cinzentas, não acrescente nem apague "
        "linhas e não mude o nome das folhas.",
        "Write only in the white cells. Do not change the grey columns, do not add or delete rows, "
        "and do not rename the sheets.",
    ),
    "template.instructions.stages": ("Os estados:", "The stages:"),
    "template.instructions.not_started": ("o trabalho ainda não começou.", "work has not begun yet."),
    "template.instructions.in_progress": (
        "o trabalho está em curso. Numa medida contínua, indique também o ritmo: «Dentro do previsto» "
        "ou «Com atraso».",
        "work is under way. For a continuous measure, also give the pace: «On track» or «Delayed».",
    ),
    "template.instructions.completed": (
        "a medida está terminada (100%). Precisa de pelo menos uma ligação de evidência ou de uma nota "
        "do que foi feito. Uma medida contínua só pode ser concluída no último mês do plano.",
        "the measure is finished (100%). It needs at least one evidence link or a note of what was "
        "done. A continuous measure can be completed only in the plan's last month.",
    ),
    "template.instructions.going_back": (
        "Uma medida concluída só pode voltar atrás com uma justificação escrita na coluna «Justificação».",
        "A completed measure can go back only with a written reason in the «Justification» column.",
    ),
    "template.instructions.numbers": (
        "A % de execução é um número inteiro de 0 a 100. Nos indicadores, as percentagens vão de 0 a 100 "
        "e as contagens são números inteiros não negativos. Um valor muito diferente do anterior "
        "precisa de uma nota na coluna «Nota sobre valor atípico».",
        "The % complete is a whole number from 0 to 100. For indicators, percentages go from 0 to 100 "
        "and counts are whole numbers, not negative. A value far from the previous one needs a note "
        "in the «Note on an unusual value» column.",
    ),
    "template.instructions.evidence": (
        "Evidências: endereços completos (http:// ou https://), separados por espaços ou mudanças de "
        "linha; no máximo 10.",
        "Evidence: full addresses (http:// or https://), separated by spaces or new lines; at most 10.",
    ),
    "template.instructions.values_only": (
        "Escreva valores, não fórmulas: um ficheiro com fórmulas é recusado.",
        "Write values, not formulas: a file with formulas is refused.",
    ),
    "template.instructions.upload": (
        "No fim, carregue este mesmo ficheiro na plataforma. Antes de gravar verá o que muda e as "
        "linhas recusadas, com o motivo.",
        "When done, upload this same file to the platform. Before storing you will see what changes "
        "and any refused rows, with the reason.",
    ),
    "stage.not_started": ("Não iniciada", "Not started"),
    "stage.in_progress": ("Em execução", "In progress"),
    "stage.completed": ("Concluída", "Completed"),
    "pace.on_track": ("Dentro do previsto", "On track"),
    "pace.delayed": ("Com atraso", "Delayed"),
    "yes": ("Sim", "Yes"),
    "no": ("Não", "No"),
}


# Texts that name a count, with one form per CLDR plural category ("one", "other", ...): the form
# is chosen by the language's plural rules, as gettext's msgid_plural would (see `translate_plural`).
PLURALS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "count.axes": (
        {"one": "{count} eixo", "other": "{count} eixos"},
        {"one": "{count} axis", "other": "{count} axes"},
    ),
    "count.objectives": (
        {"one": "{count} objetivo", "other": "{count} objetivos"},
        {"one": "{count} objective", "other": "{count} objectives"},
    ),
    "count.measures": (
        {"one": "{count} medida", "other": "{count} medidas"},
        {"one": "{count} measure", "other": "{count} measures"},
    ),
    "count.indicators": (
        {"one": "{count} indicador", "other": "{count} indicadores"},
        {"one": "{count} indicator", "other": "{count} indicators"},
    ),
    "count.bodies": (
        {"one": "{count} entidade", "other": "{count} entidades"},
        {"one": "{count} body", "other": "{count} bodies"},
    ),
    "filter.result": (
        {"one": "{shown} de {count} medida", "other": "{shown} de {count} medidas"},
        {"one": "{shown} of {count} measure", "other": "{shown} of {count} measures"},
    ),
    "plan.measures_in_axis": (
        {"one": "{count} medida", "other": "{count} medidas"},
        {"one": "{count} measure", "other": "{count} measures"},
    ),
    "bodies.summary": (
        {
            "one": "Lidera {count} medida e participa em {shares}.",
            "other": "Lidera {count} medidas e participa em {shares}.",
        },
        {
            "one": "Leads {count} measure and takes part in {shares}.",
            "other": "Leads {count} measures and takes part in {shares}.",
        },
    ),
    "load.refused": (
        {
            "one": "Plano recusado: {count} problema. Nada foi gravado.",
            "other": "Plano recusado: {count} problemas. Nada foi gravado.",
        },
        {
            "one": "Plan refused: {count} problem. Nothing was stored.",
            "other": "Plan refused: {count} problems. Nothing was stored.",
        },
    ),
    "report.saved": (
        {
            "one": "Guardado: {count} medida reportada para o mês.",
            "other": "Guardado: {count} medidas reportadas para o mês.",
        },
        {
            "one": "Saved: {count} measure reported for the month.",
            "other": "Saved: {count} measures reported for the month.",
        },
    ),
    "report.unchanged": (
        {"one": "{count} já estava reportada assim.", "other": "{count} já estavam reportadas assim."},
        {"one": "{count} was already reported as shown.", "other": "{count} were already reported as shown."},
    ),
    "report.rejected": (
        {
            "one": "{count} medida recusada ({codes}, a vermelho abaixo): corrija-a e submeta de novo.",
            "other": "{count} medidas recusadas ({codes}, a vermelho abaixo): corrija-as e submeta de novo.",
        },
        {
            "one": "{count} measure refused ({codes}, in red below): correct it and submit again.",
            "other": "{count} measures refused ({codes}, in red below): correct them and submit again.",
        },
    ),
    "report.rejected_listed": (
        {
            "one": "{count} medida recusada ({codes}): o motivo está na tabela abaixo.",
            "other": "{count} medidas recusadas ({codes}): os motivos estão na tabela abaixo.",
        },
        {
            "one": "{count} measure refused ({codes}): the reason is in the table below.",
            "other": "{count} measures refused ({codes}): the reasons are in the table below.",
        },
    ),
    "report.summary": (
        {
            "one": "{count} medida neste mês",
            "other": "{count} medidas neste mês",
        },
        {
            "one": "{count} measure this month",
            "other": "{count} measures this month",
        },
    ),
    "completeness.sent": (
        {"one": "{count} lembrete enviado.", "other": "{count} lembretes enviados."},
        {"one": "{count} reminder sent.", "other": "{count} reminders sent."},
    ),
    "report_excel.to_store": (
        {"one": "{count} medida a gravar", "other": "{count} medidas a gravar"},
        {"one": "{count} measure to store", "other": "{count} measures to store"},
    ),
    "report_excel.unchanged": (
        {"one": "{count} sem alterações", "other": "{count} sem alterações"},
        {"one": "{count} unchanged", "other": "{count} unchanged"},
    ),
    "report_excel.refused": (
        {"one": "{count} recusada", "other": "{count} recusadas"},
        {"one": "{count} refused", "other": "{count} refused"},
    ),
    "report_excel.nothing_stored": (
        {
            "one": "Nada foi gravado: {count} medida recusada. Corrija o ficheiro e carregue-o de novo.",
            "other": "Nada foi gravado: {count} medidas recusadas. Corrija o ficheiro e carregue-o de novo.",
        },
        {
            "one": "Nothing was stored: {count} measure refused. Correct the file and upload it again.",
            "other": "Nothing was stored: {count} measures refused. Correct the file and upload it again.",
        },
    ),
    "cli.plan_refused": (
        {"one": "Plano recusado: {count} problema.", "other": "Plano recusado: {count} problemas."},
        {"one": "Plan refused: {count} problem.", "other": "Plan refused: {count} problems."},
    ),
    "cli.audit_checked": (
        {
            "one": "{plan}: {checked} revisões verificadas, {count} problema.",
            "other": "{plan}: {checked} revisões verificadas, {count} problemas.",
        },
        {
            "one": "{plan}: {checked} revisions checked, {count} problem.",
            "other": "{plan}: {checked} revisions checked, {count} problems.",
        },
    ),
}


@lru_cache(maxsize=8)
def _locale(language: str) -> Locale:
    return Locale.parse(PLURAL_LOCALES.get(language, PLURAL_LOCALES[DEFAULT_LANGUAGE]))


def plural_form(count: float, language: str = DEFAULT_LANGUAGE) -> str:
    """The CLDR plural category of `count` in the language: "one", "other", ..."""
    return _locale(language).plural_form(abs(count))


def translate_plural(key: str, count: float, language: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The text for `key` in the form the language's plural rules give `count` ({count} in it)."""
    forms = PLURALS.get(key)
    if forms is None:
        return key
    texts = forms[1] if language == "en" else forms[0]
    text = texts.get(plural_form(count, language), texts["other"])
    return text.format(count=count, **params)


def translate(key: str, language: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The text for `key` in `language`; a missing key shows itself so it is noticed."""
    texts = CATALOGUE.get(key)
    if texts is None:
        return key
    text = texts[1] if language == "en" else texts[0]
    return text.format(**params) if params else text
