"""The one place a finished check asks for a new verdict.

Re-screens the workspace now, so the page the seller is sent to after a check
shows the new verdict (a queued screening would show the old one). When the
workbench's single "data changed → re-screen" path lands (daifa.workbench),
this function is the one line to swap."""

from __future__ import annotations


def check_recorded(supplier) -> None:
    from daifa.screening.services import screening_refresh

    screening_refresh(workspace=supplier.workspace)
