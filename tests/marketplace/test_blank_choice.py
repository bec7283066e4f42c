"""A select nobody has chosen in yet starts with a line in the page's language (Django 6.1's
"- Select an option -" has no Chinese in Django's own catalogue)."""

from django import forms
from django.utils import translation

import pytest

from marketplace.models import Cooperative


class CooperativeChoice(forms.Form):
    cooperative = forms.ModelChoiceField(queryset=Cooperative.objects.none())


@pytest.mark.parametrize(("language", "said"), [("zh-hans", "请选择"), ("en", "Please choose")])
def test_an_unchosen_select_says_please_choose(db, language, said):
    with translation.override(language):
        html = str(CooperativeChoice()["cooperative"])
    assert f'<option value="" selected>{said}</option>' in html
    assert "Select an option" not in html
