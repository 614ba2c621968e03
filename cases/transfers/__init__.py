"""Transfer of a case to another canton (DESIGN.md 11): the sending canton's request, the
receiving canton's answer and record, and the copy from schema to schema in one transaction."""
