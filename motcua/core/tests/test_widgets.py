from django import forms
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.widgets import CompactSelect

printable = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
labels = st.text(alphabet=printable, max_size=12)
choices = st.lists(st.tuples(st.text(max_size=6), labels), max_size=6)


@given(
    flat=choices,
    groups=st.lists(st.tuples(labels, choices), max_size=3),
    chosen=st.text(max_size=6),
)
def test_compact_select_writes_the_html_of_djangos_select(flat, groups, chosen):
    everything = [*flat, *groups]
    attrs = {"class": "form-select", "id": "id_x"}
    ours = CompactSelect(attrs=attrs, choices=everything).render("x", chosen)
    django = forms.Select(attrs=attrs, choices=everything).render("x", chosen)
    assert ours == django


def test_compact_select_marks_the_chosen_option_and_escapes_labels():
    html = CompactSelect(choices=[("a", "<b>"), ("b", "Bé")]).render("x", "b")
    assert '<option value="b" selected>Bé</option>' in html
    assert "&lt;b&gt;" in html
