"""The seller's costs in the workbench: landed-cost calculator, rate cards, currency rates."""
