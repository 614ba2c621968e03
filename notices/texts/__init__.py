"""The notice texts that ship with the platform, one module per language (see notices/seed.py).

Written for this project from the guidelines of 2005 (section 4.3, annexes 3, 5 and 7) and the
law in force in 2026: Art. 182 StGB; OHG Art. 1-5, 11, 15 and 25; StPO Art. 68, 70, 74, 117,
152-154, 169 and 305; VZAE Art. 35-36; AIG Art. 60; ECAT Art. 10 and 13. Each text is stored as
awaiting professional review until a coordinator confirms it.

Each module has TEXTS: {kind: (title, body)}; paragraphs are separated by a blank line, and the
contact block names its placeholders on lines of their own (notices/placeholders.py).
"""
