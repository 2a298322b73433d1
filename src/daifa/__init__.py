"""daifa (代发): find, vet, compare and manage 1688 dropshipping suppliers."""

__version__ = "0.1.0"
