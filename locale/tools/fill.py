"""Fills locale/*/django.po from locale/tools/translations.json and translations.d/*.json
(msgid -> {de, fr, it}); each app may keep its own file there, so parallel work merges cleanly.

English is the source language: its catalogue repeats the msgid. Run after makemessages:
    python locale/tools/fill.py
Entries missing from the JSON stay empty, and the test suite reports them.
"""

import json
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent
TABLE = json.loads((LOCALE / "tools" / "translations.json").read_text())
for extra in sorted((LOCALE / "tools" / "translations.d").glob("*.json")):
    TABLE.update(json.loads(extra.read_text()))

for language in ("de", "fr", "it", "en"):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    catalogue.metadata["Language"] = language
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    for entry in catalogue:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
        if entry.msgid_plural:
            continue
        if language == "en":
            entry.msgstr = entry.msgid
        elif entry.msgid in TABLE and TABLE[entry.msgid].get(language):
            entry.msgstr = TABLE[entry.msgid][language]
    catalogue.save()
