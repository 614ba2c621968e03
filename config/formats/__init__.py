"""Date formats of the interface: Swiss dates (31.12.2026) in every language, English included.

Django's own English formats show 12/31/2026, which a Swiss reader takes for the 12th of some
thirteenth month; every language here shows and accepts day.month.year. ISO 8601 stays accepted
in forms (Django adds it to every input format list), so the API and scripts keep working.
"""
