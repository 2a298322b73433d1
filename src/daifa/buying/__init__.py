"""Buying: purchase agreements, purchase orders with SLA clocks, order files, claims, backups."""
