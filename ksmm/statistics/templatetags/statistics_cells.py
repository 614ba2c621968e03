from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ksmm.statistics.charts import SUPPRESSED_SYMBOL
from ksmm.statistics.tables import Cell, count_text, is_suppressed

register = template.Library()


@register.filter
def count_cell(cell: Cell) -> SafeString:
    """A count as the reader's language writes it, or the suppression symbol with its meaning."""
    if is_suppressed(cell):
        return format_html(
            '<span class="suppressed"><span aria-hidden="true">{}</span><span class="visually-hidden">{}</span></span>',
            SUPPRESSED_SYMBOL,
            _("suppressed"),
        )
    return format_html("{}", count_text(cell))
