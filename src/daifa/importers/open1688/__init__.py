"""1688 Open Platform import: search 1688, add chosen offers, read one offer by id or
address, refresh a supplier's offers.

The client and its errors live in daifa.sources.open1688; the app daifa.sourcing owns
the credentials (and the buyer's orders), and builds the clients
(daifa.sourcing.client). Here: views, forms, services (observations become facts),
adapters (observations in the session), urls and templates.
"""
