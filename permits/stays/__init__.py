"""The stay during the proceedings and its three-month threshold."""
