from modeltranslation.translator import TranslationOptions, register

from .models import Canton


@register(Canton)
class CantonTranslationOptions(TranslationOptions):
    fields = ("name",)
