"""The 1688 Open Platform in the workbench: credentials, clients, orders and refunds.

Its import pages (search, one offer, a supplier's refresh) are the importer slice
daifa.importers.open1688.
"""
