"""The worked example of docs/costing.md: cards, settings and the offer, as texts."""

from __future__ import annotations

LINES = """\
example = false
as_of = 2026-11-20

[[line]]
id = "demo"
name_zh = "示例专线"
name_en = "Demo line"
min_chargeable_g = 50
volumetric_divisor = 8000
max_weight_g = 2000

[[line.rate]]
destination = "US"
per_kg_cny = 100
registration_cny = 20
transit_days_min = 7
transit_days_max = 12
"""
PLATFORMS = """\
example = false

[[platform]]
id = "shop"
name_zh = "店"
name_en = "Shop"
currency = "USD"
referral_pct = 10
min_referral_fee = 0.30
fixed_per_order = 0.50
payment_pct = 2
payment_fixed = 0.20
"""
DUTIES = """\
example = false

[[duty]]
destination = "US"
currency = "USD"
duty_pct = 10
de_minimis = 100
"""
BULK = "example = false\n"
SETTINGS = """\
[cost]
quantity = 50
line = "demo"
destination = "US"
platform = "shop"
retail_currency = "USD"
packaging_cny = 1.0
sample_fee_cny = 100
domestic_freight_per_order_cny = 50
ad_cost_per_order_cny = 5
return_rate_pct = 10
include_duty = true
"""
# The offer of the worked example, as the calculator's query string.
WORKED_OFFER = {
    "price_tiers": "1-49:12.5;50-199:11.8;200+:10.9",
    "weight_g": "200",
    "length_cm": "10",
    "width_cm": "10",
    "height_cm": "10",
    "extra_fees_cny": "0.5",
    "quote_all_inclusive": "no",
    "target_retail_price": "20",
    "retail_currency": "USD",
    "quantity": "50",
    "line": "demo",
    "destination": "US",
    "platform": "shop",
    "packaging_cny": "1",
    "sample_fee_cny": "100",
    "domestic_freight_per_order_cny": "50",
    "ad_cost_per_order_cny": "5",
    "return_rate_pct": "10",
}
