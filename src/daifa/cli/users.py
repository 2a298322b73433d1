"""`daifa user add`: accounts for a workbench served beyond 127.0.0.1."""

from __future__ import annotations

import argparse
import getpass
import sys

from daifa.cli import UsageError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("user", help="manage login accounts")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create a user (and their first workspace)")
    add.add_argument("username")
    add.add_argument(
        "--workspace", metavar="NAME", help="first workspace (default: USERNAME's suppliers)"
    )
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add.set_defaults(func=run_add)
    share = actions.add_parser("share", help="make a user a member of someone's workspace")
    share.add_argument("owner")
    share.add_argument("workspace")
    share.add_argument("member")
    share.set_defaults(func=run_share)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password / 密码: ")
    if first != getpass.getpass("again / 再输一次: "):
        raise UsageError("the two passwords differ / 两次输入的密码不一致")
    return first


def run_add(args: argparse.Namespace) -> int:
    from daifa.cli import _django

    _django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from daifa.accounts.services import workspace_create

    users = get_user_model().objects
    if users.filter(username=args.username).exists():
        raise UsageError(f"user {args.username!r} exists already / 用户已存在")
    password = _password(args)
    try:
        validate_password(password)
    except ValidationError as exc:
        raise UsageError(" ".join(exc.messages)) from None
    user = users.create_user(args.username, password=password)
    workspace_create(owner=user, name=args.workspace or f"{args.username}'s suppliers")
    print(f"daifa: user {args.username} created / 用户已创建")
    return 0


def run_share(args: argparse.Namespace) -> int:
    from daifa.cli import _django

    _django.setup()
    from django.contrib.auth import get_user_model

    from daifa.accounts.models import Workspace
    from daifa.accounts.services import workspace_add_member

    users = get_user_model().objects
    workspace = Workspace.objects.filter(owner__username=args.owner, name=args.workspace).first()
    member = users.filter(username=args.member).first()
    if workspace is None or member is None:
        raise UsageError("no such owner, workspace or member / 找不到该所有者、工作区或成员")
    workspace_add_member(workspace=workspace, user=member)
    print(f"daifa: {args.member} is now a member of {args.workspace}")
    return 0
