from modeltranslation.translator import TranslationOptions, register

from .models import CatalogueVersion, Dimension, Indicator


@register(CatalogueVersion)
class CatalogueVersionTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Dimension)
class DimensionTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Indicator)
class IndicatorTranslationOptions(TranslationOptions):
    fields = ("text",)
