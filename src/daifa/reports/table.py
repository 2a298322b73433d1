"""The terminal table: one line per supplier, the reasons in words."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from daifa.engine import ScreeningResult
from daifa.reports.labels import DECISIONS, HEADERS, criterion_labels, word

if TYPE_CHECKING:
    # rich (50 ms of imports) loads when a table is built: `daifa screen --format csv`
    # imports this package for its CSV writer and never draws one.
    from rich.table import Table

_DECISION_STYLE = {
    "approve": "bold green",
    "approve_on_probation": "green",
    "verify_first": "yellow",
    "avoid": "bold red",
}


def _split(text: str | None) -> list[str]:
    return [part for part in (text or "").split(";") if part]


def build_table(result: ScreeningResult, lang: str) -> Table:
    from rich.table import Table

    h = {key: word(HEADERS, key, lang) for key in HEADERS}
    table = Table(title=h["title"], show_lines=False)
    for key in (
        "supplier",
        "score",
        "coverage",
        "grade",
        "decision",
        "blocking",
        "to_verify",
        "flags",
        "peer",
    ):
        table.add_column(
            h[key], overflow="fold", justify="right" if key in ("score", "coverage") else "left"
        )
    for row in result.frame.iter_rows(named=True):
        name = row["supplier_name"] or row["supplier_id"]
        if row["offer_id"]:
            name = f"{name} / {row['offer_id']}"
        score = "–" if row["score"] is None else f"{row['score']:.1f}"
        decision = row["decision"]
        peer = "–" if row["peer_rank"] is None else f"{row['peer_rank']} ({row['peer_group']})"
        table.add_row(
            name,
            score,
            f"{row['coverage']:.0%}" if row["coverage"] is not None else "–",
            row["grade"],
            f"[{_DECISION_STYLE[decision]}]{word(DECISIONS, decision, lang)}[/]",
            criterion_labels(result, _split(row["blocking"]), lang),
            criterion_labels(result, _split(row["to_verify"]), lang),
            criterion_labels(result, _split(row["flags"]), lang),
            peer,
        )
    return table


def render_table(
    result: ScreeningResult, *, lang: str = "zh", out: IO[str] | None = None, width: int = 160
) -> str:
    """Print the table to ``out`` (a terminal gets colours) and return it as plain text."""
    from rich.console import Console

    console = Console(
        file=out, width=width, record=True, force_terminal=None if out is None else False
    )
    console.print(build_table(result, lang))
    return console.export_text()
