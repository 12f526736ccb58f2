"""Each field opens the right keyboard on a phone, and decimals keep their decimal mark
(issue 16, item 8)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from rowad.core.forms import StyledFormMixin


class SampleForm(StyledFormMixin, forms.Form):
    phone = forms.CharField(required=False)
    phone_alt = forms.CharField(required=False)
    email = forms.EmailField(required=False)
    score = forms.DecimalField(max_digits=5, decimal_places=2, required=False)
    people = forms.IntegerField(required=False)
    name = forms.CharField(required=False)


def test_a_phone_field_opens_the_phone_keypad():
    html = str(SampleForm()["phone"])
    assert 'type="tel"' in html and 'inputmode="tel"' in html and 'dir="ltr"' in html
    assert 'type="tel"' in str(SampleForm()["phone_alt"])


def test_email_amounts_counts_and_text_keep_their_own_keyboards():
    form = SampleForm()
    assert 'type="email"' in str(form["email"])
    assert 'inputmode="decimal"' in str(form["score"])
    assert 'inputmode="numeric"' in str(form["people"])
    assert "inputmode" not in str(form["name"]) and 'type="text"' in str(form["name"])


def test_a_score_of_14_50_is_shown_with_its_decimals():
    html = str(SampleForm(initial={"score": Decimal("14.50")})["score"])
    assert 'value="14.50"' in html and 'type="text"' in html and "step" not in html


def test_a_score_typed_with_a_comma_or_a_point_is_14_50():
    for typed in ("14,50", "14.50", "14.5"):
        form = SampleForm({"score": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["score"] == Decimal("14.50")


def test_a_score_with_three_decimals_is_refused():
    assert not SampleForm({"score": "14,505"}).is_valid()
