"""Residence pages of a case and the migration office's review queue (thin views)."""
