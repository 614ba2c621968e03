"""Labels of what a transfer sends and carried, in the reader's language."""

from django import template

from ksmm.compartments import Compartment

from ..carrying import CARRIED_LABELS

register = template.Library()


@register.filter
def compartment_labels(values: list[str]) -> list[str]:
    return [str(Compartment(value).label) for value in values if value in Compartment.values]


@register.filter
def carried_lines(carried: dict[str, int]) -> list[tuple[str, int]]:
    return [(str(label), carried[key]) for key, label in CARRIED_LABELS.items() if carried.get(key)]
