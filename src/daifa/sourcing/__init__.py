"""The 1688 Open Platform in the workbench: credentials, search, refresh, orders."""
