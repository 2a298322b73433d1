"""One module per resource group, each with a ``router`` (see daifa.api.main)."""
