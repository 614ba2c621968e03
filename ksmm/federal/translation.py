from modeltranslation.translator import TranslationOptions, register

from .models import FederalPartner


@register(FederalPartner)
class FederalPartnerTranslationOptions(TranslationOptions):
    """The official name in each language (Staatssekretariat für Migration, Secrétariat d'État
    aux migrations…): the directory shows it in the reader's language."""

    fields = ("name",)
