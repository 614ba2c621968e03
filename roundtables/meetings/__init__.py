"""Meetings of the round table: their minutes, decisions and action items."""
