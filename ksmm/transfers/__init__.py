"""Transfers of a case between cantons: the public metadata both cantons find a transfer by
(DESIGN.md 11). No personal data: ids, canton codes, a status and times only."""
