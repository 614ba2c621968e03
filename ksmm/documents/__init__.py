"""PDF documents printed with WeasyPrint from Django templates (see DESIGN.md section 6)."""
