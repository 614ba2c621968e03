"""The compartments of a case file (DESIGN.md 3); the cases app imports them from here."""

from ksmm.audit.models import AuditCompartment

Compartment = AuditCompartment

__all__ = ["Compartment"]
