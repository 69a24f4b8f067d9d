"""The operator's command line: `python -m monitoring COMMAND`."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from monitoring.auth import Role, create_user, list_users, set_active, set_password, user_by_email
from monitoring.catalog import plan_size_text
from monitoring.db import default_engine, session_scope, upgrade
from monitoring.demo import seed_demo
from monitoring.i18n import LANGUAGES, translate, translate_plural
from monitoring.plan_store import (
    PlanStatus,
    choose_plan,
    load_plan,
    pending_changes,
    plan_codes,
    plan_entries,
    plan_versions,
    prepare_database,
    set_plan_status,
    stored_plan,
)
from monitoring.rules import ReportRejected
from monitoring.settings import get_settings
from plan import PlanInvalid, read_plan_file, write_plan_file
from plan.io import plan_json_schema_text

EXIT_INVALID = 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except PlanInvalid as error:
        _print_problems(error, args)
        return EXIT_INVALID
    except ReportRejected as error:
        print(translate(f"error.{error.key}", args.lang, **error.params), file=sys.stderr)
        return EXIT_INVALID


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m monitoring", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    def command(name: str, run, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(run=run)
        sub.add_argument("--lang", choices=list(LANGUAGES), default="en", help="language of messages")
        return sub

    command("init", _init, "create or upgrade the database to the newest schema")
    check = command("check-plan", _check, "validate a plan file without storing it")
    check.add_argument("file", type=Path)
    load = command("load-plan", _load, "validate a plan file and store it as a new version")
    load.add_argument("file", type=Path)
    load.add_argument("--dry-run", action="store_true", help="show the changes, store nothing")
    export = command("export-plan", _export, "write the loaded plan to a file (.yaml, .json, .xlsx)")
    export.add_argument("--out", type=Path, required=True)
    plan_option(export)
    export.add_argument("--version", type=int, help="version number (default: the newest)")
    schema = command("plan-schema", _schema, "write the JSON Schema of the plan file")
    schema.add_argument("--out", type=Path, help="file to write (default: standard output)")
    command("versions", _versions, "list the loaded versions of every plan")
    command("plans", _plans, "list the stored plans: code, state (active, ended, archived), period")
    status = command("plan-status", _plan_status, "mark a plan active, ended or archived (others unchanged)")
    status.add_argument("plan_code", metavar="CODE")
    status.add_argument("status", choices=[s.value for s in PlanStatus])
    user = command("create-user", _create_user, "create an account (the password is asked for)")
    user.add_argument("--email", required=True)
    user.add_argument("--name", required=True)
    user.add_argument("--role", required=True, choices=[r.value for r in Role])
    user.add_argument("--body", action="append", default=[], help="a body code (repeat for several)")
    user.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    reset = command("reset-password", _reset_password, "set a new password for an account")
    reset.add_argument("--email", required=True)
    reset.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    command("list-users", _list_users, "list the accounts, their roles and bodies")
    for name, active in (("deactivate-user", False), ("activate-user", True)):
        what = "deactivate an account and end its sessions" if not active else "reactivate an account"
        toggle = command(name, _set_active, what)
        toggle.add_argument("--email", required=True)
        toggle.set_defaults(active=active)
    verify = command(
        "verify-audit", _verify_audit, "check the report history's hash chain for changed or removed rows"
    )
    verify.add_argument(
        "--plan", dest="plan_code", metavar="CODE", help="check this plan only (default: every plan)"
    )
    verify.add_argument(
        "--anchor", help="a published chain head, ID:HASH: also check that the history up to it is unchanged"
    )
    key = command("audit-key", _audit_key, "print a new audit key, or rotate the keys of a key file")
    rotate_help = "write a new first key into this file, keeping the old ones for verifying"
    key.add_argument("--rotate", type=Path, metavar="KEY_FILE", help=rotate_help)
    balance = command("export-balance", _export_balance, "write the public balance report (Excel, open data)")
    plan_option(balance)
    balance.add_argument("--as-of", required=True, help="the month reported on, YYYY-MM")
    balance.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    balance.add_argument("--since", help="count stage changes from this month (default: 12 months back)")
    balance.add_argument("--open-data", type=Path, help="also write the tables as CSVs in this .zip")
    balance.add_argument(
        "--basis",
        choices=("record", "corrected"),
        default="record",
        help="the record at the month's close (the public balance, the default) or with later corrections",
    )
    demo = command("seed-demo", _seed_demo, "fill the database with a labelled synthetic history")
    plan_option(demo)
    demo.add_argument(
        "--until", help="last month of the history, YYYY-MM (default: the plan's last month, or last month)"
    )
    demo.add_argument(
        "--allow-server-database",
        action="store_true",
        help="also write into a database named by DATABASE_URL (by default only the embedded one)",
    )
    saved = command("backup", _backup, "write a consistent backup of the whole database to a file")
    saved.add_argument("--out", type=Path, required=True, help="the backup file to write")
    back = command("restore", _restore, "replace the whole database with a backup file")
    back.add_argument("file", type=Path)
    back.add_argument(
        "--yes", action="store_true", help="replace without asking to type the database's name (scripts)"
    )
    archive = command("export-all", _export_all, "write every table as a UTF-8 CSV, with a manifest")
    archive.add_argument("--out", type=Path, required=True, help="the folder to write into")
    return parser


def plan_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--plan",
        dest="plan_code",
        metavar="CODE",
        help="the plan's code (default: the only active plan; with several, name one)",
    )


def _init(args) -> int:
    engine = default_engine()
    upgrade(engine)
    print(f"Database ready: {engine.url.render_as_string(hide_password=True)}")
    return 0


def _check(args) -> int:
    plan = read_plan_file(args.file)
    print(f"{args.file}: valid. {_counts(plan)}")
    return 0


def _load(args) -> int:
    plan = read_plan_file(args.file)
    engine = default_engine()
    upgrade(engine)
    with session_scope(engine) as session:
        changes = pending_changes(session, plan)
        if changes.is_empty:
            print(f"{plan.plan.code}: the file equals the loaded version; nothing to store.")
            return 0
        print(f"{plan.plan.code}: {_counts(plan)}")
        for line in changes.lines():
            print(f"  {line}")
        if args.dry_run:
            print("Dry run: nothing stored.")
            session.rollback()
            return 0
        result = load_plan(session, plan, source_name=args.file.name, loaded_by="cli")
    print(f"Stored as version {result.version.version} of {plan.plan.code}.")
    return 0


def _export(args) -> int:
    engine = default_engine()
    upgrade(engine)
    with session_scope(engine) as session:
        version = choose_plan(session, args.plan_code)
        if args.version is not None:
            versions = plan_versions(session, version.plan_code)
            version = next((v for v in versions if v.version == args.version), None)
        if version is None:
            print("No such version of the plan is loaded.", file=sys.stderr)
            return EXIT_INVALID
        plan = stored_plan(version)
    header = f"{plan.plan.code} version {version.version}, exported from the monitoring database."
    write_plan_file(plan, args.out, header=header)
    print(f"Wrote {args.out} ({plan.plan.code} version {version.version}).")
    return 0


def _schema(args) -> int:
    text = plan_json_schema_text()
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _versions(args) -> int:
    engine = default_engine()
    upgrade(engine)
    with session_scope(engine) as session:
        for code in plan_codes(session):
            for v in plan_versions(session, code):
                loaded = v.loaded_at.strftime("%Y-%m-%d %H:%M")
                print(f"{code} v{v.version}  {loaded}  {v.source_name}  {v.content_hash[:12]}")
    return 0


def _plans(args) -> int:
    engine = default_engine()
    upgrade(engine)
    with session_scope(engine) as session:
        for entry in plan_entries(session):
            v = entry.version
            period = f"{v.start} – {v.end}"
            print(f"{entry.code:12} {entry.status.value:9} v{v.version}  {period}  {entry.title(args.lang)}")
    return 0


def _plan_status(args) -> int:
    engine = default_engine()
    upgrade(engine)
    with session_scope(engine) as session:
        set_plan_status(session, plan_code=args.plan_code, status=args.status, changed_by="cli")
    print(f"{args.plan_code}: {args.status}.")
    return 0


def _read_password(args) -> str:
    """From stdin for scripts, else asked twice without echo; never taken as an argument."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat the password: "):
        raise ReportRejected("passwords_differ")
    return first


def _create_user(args) -> int:
    engine = default_engine()
    upgrade(engine)
    password = _read_password(args)
    with session_scope(engine) as session:
        user = create_user(
            session,
            email=args.email,
            name=args.name,
            role=args.role,
            password=password,
            bodies=tuple(args.body),
        )
        print(f"Created {user.email} ({user.role}).")
    return 0


def _reset_password(args) -> int:
    engine = default_engine()
    upgrade(engine)
    with session_scope(engine) as session:
        user = user_by_email(session, args.email)
        if user is None:
            print(f"No account for {args.email}.", file=sys.stderr)
            return EXIT_INVALID
        set_password(session, user=user, password=_read_password(args))
        print(f"Password changed for {user.email}; the account is unlocked and every session ended.")
    return 0


def _set_active(args) -> int:
    engine = default_engine()
    upgrade(engine)
    with session_scope(engine) as session:
        user = user_by_email(session, args.email)
        if user is None:
            print(f"No account for {args.email}.", file=sys.stderr)
            return EXIT_INVALID
        set_active(session, actor=None, user=user, active=args.active)
        state = "reactivated" if args.active else "deactivated; every session ended"
        print(f"{user.email}: {state}.")
    return 0


def _list_users(args) -> int:
    engine = default_engine()
    upgrade(engine)
    with session_scope(engine) as session:
        for user, bodies in list_users(session):
            state = "active" if user.is_active else "inactive"
            print(f"{user.email:40} {user.role:12} {state:8} {', '.join(bodies)}")
    return 0


def _seed_demo(args) -> int:
    """Demo data goes into the embedded database unless a server database is named on purpose."""
    engine = default_engine()
    if engine.dialect.name != "sqlite" and not args.allow_server_database:
        print("seed-demo writes only into the embedded SQLite database unless you add "
              "--allow-server-database.", file=sys.stderr)  # fmt: skip
        return EXIT_INVALID
    prepare_database(engine, get_settings())
    with session_scope(engine) as session:
        written = seed_demo(session, until=args.until, plan_code=args.plan_code)
    print(f"Demo history written: {written} revisions (channel 'demo', accounts @demo.invalid)."
          if written else "Demo history already present; nothing written.")  # fmt: skip
    return 0


def _export_balance(args) -> int:
    from monitoring.export import balance_tables, open_data_bytes, workbook_bytes, write_atomically

    engine = default_engine()
    upgrade(engine)
    with session_scope(engine) as session:
        balance = balance_tables(
            session,
            as_of=args.as_of,
            language=args.lang,
            since=args.since,
            basis=args.basis,
            plan_code=args.plan_code,
        )
    write_atomically(args.out, workbook_bytes(balance))
    print(f"Wrote {args.out} (balance as of {args.as_of}, {args.lang}, {args.basis}).")
    if args.open_data:
        write_atomically(args.open_data, open_data_bytes(balance))
        print(f"Wrote {args.open_data} (open data).")
    return 0


def _backup(args) -> int:
    from monitoring.backup import BackupError, backup

    engine = default_engine()
    upgrade(engine)
    try:
        summary = backup(engine, args.out)
    except BackupError as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID
    rows = sum(summary.row_counts.values())
    detail = f", {len(summary.row_counts)} tables, {rows} rows" if summary.row_counts else ""
    print(f"Wrote {args.out} ({summary.dialect} backup, schema {summary.revision}{detail}).")
    return 0


def _restore(args) -> int:
    """Say what the backup replaces (and with what), then ask for the database's name unless --yes."""
    from monitoring.backup import BackupError, backup_contents, database_contents, database_name, restore

    engine = default_engine()
    where, name = engine.url.render_as_string(hide_password=True), database_name(engine)
    try:
        incoming = backup_contents(args.file, engine.dialect.name)
    except BackupError as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID
    _print_restore_plan(args, name, where, database_contents(engine), incoming)
    if not args.yes and _typed(translate("restore.type_name", args.lang, name=name)) != name:
        print(translate("restore.cancelled", args.lang, name=name), file=sys.stderr)
        return EXIT_INVALID
    try:
        summary = restore(engine, args.file)
    except BackupError as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID
    print(f"Restored {args.file} into {where} (schema {summary.revision}):")
    for line in summary.lines():
        print(f"  {line}")
    return 0


def _print_restore_plan(args, name: str, where: str, current, incoming) -> None:
    language, none = args.lang, translate("restore.no_plan", args.lang)
    print(translate("restore.replaces", language, file=args.file, name=name, where=where))
    print("  " + translate("restore.now", language, plans=current.plan_text() or none,
                           users=current.users, revisions=current.revisions))  # fmt: skip
    source = translate("restore.source", language, source=incoming.source) if incoming.source else ""
    print("  " + translate("restore.backup", language, created=incoming.created or "?", source=source,
                           plans=incoming.plan_text() or none, users=incoming.users,
                           revisions=incoming.revisions))  # fmt: skip
    print("  " + translate("restore.accounts", language))


def _typed(prompt: str) -> str:
    try:
        return input(prompt).strip()
    except EOFError:  # no one at the keyboard: nothing is confirmed
        return ""


def _export_all(args) -> int:
    from monitoring.backup import MANIFEST, export_all

    engine = default_engine()
    upgrade(engine)
    counts = export_all(engine, args.out)
    print(f"Wrote {len(counts)} tables ({sum(counts.values())} rows) to {args.out}, listed in {MANIFEST}.")
    return 0


def _verify_audit(args) -> int:
    """Exit 1 when any plan's report history does not match its chain (or the anchor given)."""
    from monitoring.audit_chain import Anchor, anchor_plan, link_pending, verify_chain

    anchor = Anchor.parse(args.anchor) if args.anchor else None
    engine = default_engine()
    upgrade(engine)
    with session_scope(engine) as session:  # the next reader links what the app has listed
        codes = [choose_plan(session, args.plan_code).plan_code] if args.plan_code else plan_codes(session)
        for code in codes:
            link_pending(session, code)
    broken = False
    with session_scope(engine) as session:
        anchored = anchor_plan(session, anchor) if anchor else None
        for code in codes:
            report = verify_chain(session, code, anchor if code == anchored else None)
            _print_chain_report(report, args.lang)
            broken = broken or bool(report.problems)
    if anchor is not None and anchor.revision_id and anchored is None:
        print(translate("chain.anchor_row_missing", args.lang, revision=anchor.revision_id))
        broken = True
    elif anchor is not None and not broken:
        print(translate("chain.anchor_ok", args.lang, revision=anchor.revision_id))
    return EXIT_INVALID if broken else 0


def _print_chain_report(report, language: str) -> None:
    print(translate("chain.summary", language, plan=report.plan_code, checked=report.checked,
                    linked=report.linked, waiting=report.waiting, problems=len(report.problems)))  # fmt: skip
    for first, last, problem in _grouped(report.problems):
        where = (
            translate("chain.revision", language, revision=first)
            if first == last
            else translate("chain.revisions", language, first=first, last=last)
        )
        detail = problem.params.get("detail", "")
        key = f"chain.problem.{problem.what}" + (f".{detail}" if detail else "")
        params = {k: v if v is not None else "-" for k, v in problem.params.items()}
        print(f"  {where}: {translate(key, language, **params)}")


def _grouped(problems) -> list[tuple[int, int, object]]:
    """Problems of one kind on consecutive rows, as one line (a rebuilt chain is one finding)."""
    groups: list[list] = []
    for problem in problems:
        same = groups and groups[-1][2].what == problem.what and groups[-1][2].params == problem.params
        if same and problem.revision_id is not None and groups[-1][1] is not None:
            if problem.what in ("not_written", "changed") and problem.revision_id > groups[-1][1]:
                groups[-1][1] = problem.revision_id
                continue
        groups.append([problem.revision_id, problem.revision_id, problem])
    return [(first, last, problem) for first, last, problem in groups]


def _audit_key(args) -> int:
    """A new key on standard output, or a key file rotated in place (new key first)."""
    from monitoring.audit_chain import key_id, new_key, parse_keys
    from monitoring.export import write_atomically

    key = new_key()
    if args.rotate is None:
        print(key)
        return 0
    old = args.rotate.read_text(encoding="utf-8") if args.rotate.exists() else ""
    if old.strip():
        parse_keys(old, str(args.rotate))  # an unreadable file is refused, not overwritten
    write_atomically(args.rotate, f"{key}\n{old}".encode(), mode=0o600)
    print(translate("chain.rotated", args.lang, file=args.rotate, key_id=key_id(bytes.fromhex(key))))
    return 0


def _counts(plan) -> str:
    return plan_size_text(plan) + "."


def _print_problems(error: PlanInvalid, args) -> None:
    language = getattr(args, "lang", "en")
    print(translate_plural("cli.plan_refused", len(error.problems), language), file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem.describe(language)}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
