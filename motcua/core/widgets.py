"""Form widgets shared by the apps."""

from django import forms


class CompactSelect(forms.Select):
    """Django's select, written with its options inline: Django's own template includes one
    template per option and another for its attributes, which made the inbox's filters (a
    few dozen options) the largest part of that page's rendering. Same HTML (a test compares
    them); a select's options carry no attribute but `selected`
    (`Select.option_inherits_attrs` is false)."""

    template_name = "core/widgets/select.html"
