"""The JSON API at /api/v1/ (django-ninja): personal tokens, one module per resource group.

See docs/api.md. Every resource reuses the pages' selectors and services, so the
API answers exactly what the pages show, with the same 404 for other people's
workspaces.
"""
