"""1688 observations <-> session JSON (search hits wait in the session for "add")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from daifa.sources.provenance import Observation, Provenance


def observation_to_json(obs: Observation) -> dict[str, Any]:
    """An observation as plain JSON (search results wait in the session for "add")."""
    return {
        "supplier_id": obs.supplier_id,
        "offer_id": obs.offer_id,
        "values": obs.values,
        "raw": obs.raw,
        "provenance": obs.provenance.as_dict(),
    }


def observation_from_json(data: dict[str, Any]) -> Observation:
    source = data["provenance"]
    return Observation(
        supplier_id=data["supplier_id"],
        values=data["values"],
        provenance=Provenance(
            source["kind"], source["detail"], datetime.fromisoformat(source["observed_at"])
        ),
        offer_id=data.get("offer_id"),
        raw=data.get("raw") or {},
    )
