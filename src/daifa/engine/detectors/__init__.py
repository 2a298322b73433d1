"""Risk flags with their evidence: sales spikes, template reviews, outlier prices.

Each detector returns a frame with a ``status`` column ("pass" = checked and
fine, "fail" = the flag is raised, "unknown" = not enough data to tell, never a
failure) and an ``evidence`` struct a person can read to see why.
"""

from __future__ import annotations

from daifa.engine.detectors.price_vs_peers import detect_price_vs_peers
from daifa.engine.detectors.sales_spike import detect_sales_spikes
from daifa.engine.detectors.template_reviews import detect_template_reviews

__all__ = ["detect_price_vs_peers", "detect_sales_spikes", "detect_template_reviews"]
