"""`daifa token create|list|revoke`: personal tokens for the JSON API (/api/v1/)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from daifa.cli import UsageError

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("token", help="manage API tokens (/api/v1/)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser(
        "create", help="create a token; it is printed once, alone on the last line"
    )
    create.add_argument("username", help="the token acts as this user (`local` on 127.0.0.1)")
    create.add_argument("--name", metavar="LABEL", default="", help="what the token is for")
    create.set_defaults(func=run_create)
    listing = actions.add_parser("list", help="list tokens (never the tokens themselves)")
    listing.add_argument("username", nargs="?", help="only this user's tokens")
    listing.set_defaults(func=run_list)
    revoke = actions.add_parser("revoke", help="revoke a token by its prefix (see list)")
    revoke.add_argument("prefix", metavar="PREFIX", help="the prefix `list` shows, or the token")
    revoke.add_argument("--user", metavar="USERNAME", help="only if it is this user's token")
    revoke.set_defaults(func=run_revoke)


def _user(username: str) -> User:
    from django.contrib.auth import get_user_model

    from daifa.accounts.services import LOCAL_USERNAME, local_user

    if username == LOCAL_USERNAME:
        return local_user()  # the workbench on 127.0.0.1 acts as this user
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise UsageError(f"no such user: {username!r} / 没有这个用户")
    return user


def run_create(args: argparse.Namespace) -> int:
    from daifa.cli import _django

    _django.setup()
    from daifa.api.tokens import token_create

    created = token_create(user=_user(args.username), name=args.name)
    print(
        f"daifa: token {created.token.name!r} created for {args.username}; it is shown only "
        "now, keep it secret / 令牌已创建，只显示这一次，请妥善保管"
    )
    print(created.plain)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from daifa.cli import _django

    _django.setup()
    from daifa.api.models import ApiToken

    tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created")
    if args.username:
        tokens = tokens.filter(user=_user(args.username))
    rows = list(tokens)
    if not rows:
        print("daifa: no tokens / 没有令牌")
        return 0
    print("prefix\tuser\tname\tcreated\tlast used")
    for token in rows:
        used = token.last_used.isoformat(timespec="seconds") if token.last_used else "never"
        created = token.created.isoformat(timespec="seconds")
        print(f"{token.prefix}\t{token.user.get_username()}\t{token.name}\t{created}\t{used}")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from daifa.cli import _django

    _django.setup()
    from daifa.api.tokens import token_revoke

    user = _user(args.user) if args.user else None
    if not token_revoke(prefix=args.prefix, user=user):
        print("daifa: no such token / 没有这个令牌")
        return 1
    print("daifa: token revoked / 令牌已撤销")
    return 0
