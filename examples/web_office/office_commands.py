"""The account commands: ``add-user``, ``list-users``, ``remove-user``, ``reset-feed-key``.

Run them through the app, with the same ``--store`` (or ``--data``) as the server, so they
find the same accounts file::

    python examples/web_office/app.py add-user anna --role planner
    python examples/web_office/app.py list-users
    python examples/web_office/app.py remove-user anna
    python examples/web_office/app.py reset-feed-key anna

``add-user`` asks for the password twice (it is not shown); ``--password-stdin`` reads it
from the first line of standard input instead, for scripts. Adding an account that exists
gives it the new role and password (its feed key stays). ``reset-feed-key`` gives an
account a new feed key: the calendar addresses with the old one stop working at once, and
the pages show the new ones (the key itself is never printed).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from office_accounts import MIN_PASSWORD, AccountError, Accounts
from office_settings import ROLES, SettingError, Settings

COMMANDS = ("add-user", "list-users", "remove-user", "reset-feed-key")
"""The first arguments that run a command instead of the server."""

AUDIT = logging.getLogger("halt.web_office.audit")


def run(argv: Sequence[str], default_store: str) -> int:
    """Run the account command in ``argv``; returns the exit status."""
    parser = argparse.ArgumentParser(prog="app.py", description="Manage the office's accounts.")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add-user", help="add an account (or change its role and password)")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default="reader", help="its role (reader)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    commands.add_parser("list-users", help="list the accounts and their roles")
    remove = commands.add_parser("remove-user", help="remove an account")
    remove.add_argument("name")
    reset = commands.add_parser(
        "reset-feed-key", help="give an account a new feed key (its old feed addresses stop)"
    )
    reset.add_argument("name")
    for command in commands.choices.values():
        command.add_argument("--store", default=default_store, help="the app's store URL")
        command.add_argument("--data", type=Path, help="the folder of the accounts file")
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env(os.environ, args.store)
    except SettingError as error:
        parser.exit(2, f"error: {error}\n")
    accounts = Accounts((args.data or settings.data) / settings.accounts_file.name)
    by = f"{getpass.getuser()} (command line)"
    try:
        if args.command == "add-user":
            password = _password(args.password_stdin)
            account = accounts.add(args.name, args.role, password)
            AUDIT.info("account saved: user=%s role=%s by=%s", account.name, account.role, by)
            print(f"Account {account.name} ({account.role}) saved in {accounts.path}.")
        elif args.command == "remove-user":
            accounts.remove(args.name)
            AUDIT.info("account removed: user=%s by=%s", args.name, by)
            print(f"Account {args.name} removed; its sessions end at their next request.")
        elif args.command == "reset-feed-key":
            accounts.new_feed_key(args.name)
            AUDIT.info("feed key replaced: user=%s by=%s", args.name, by)
            print(
                f"Account {args.name} has a new feed key: its old calendar addresses no longer"
                " work; the pages show the new ones."
            )
        else:
            for account in accounts.all():
                print(f"{account.name}\t{account.role}")
            if not accounts:
                print(f"No accounts yet in {accounts.path}.", file=sys.stderr)
    except AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Password (at least {MIN_PASSWORD} characters): ")
    if getpass.getpass("The same password again: ") != first:
        raise AccountError("the two passwords differ; nothing was saved")
    return first


def how_to_add(data_option: str) -> str:
    """How to make the first account, as the terminal says it (``data_option``: ``--data``)."""
    return (
        "There is no account yet; nobody can sign in. Make one (it asks for a password):\n"
        f"  python examples/web_office/app.py add-user NAME --role admin{data_option}"
    )
