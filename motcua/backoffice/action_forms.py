"""One form per lifecycle action, with the inputs its effect needs (`dossiers/effects.py`).

A form is built for a dossier and the person acting (`ActionForm(dossier, user, data,
files)`), so its choices (the unit's specialists, the agencies to consult, the units the
leader may apologise for) come from that dossier. `params()` gives the keyword arguments
of `lifecycle.perform`; `uploads()` the files to store with `services.add_file` before the
action (a result document, a supplement). The views never decide what is allowed: the page
offers `lifecycle.available_actions`, and `perform` checks again.
"""

import datetime
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role, StaffMembership, User
from motcua.accounts.roles import has_role
from motcua.agencies.models import Unit
from motcua.catalog.models import UnitRole
from motcua.dossiers.effects import (
    CONSULTATION_ROLES,
    ConsultationRequest,
    default_consultations,
)
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierStep, FilePurpose, StepPhase
from motcua.dossiers.steps import LEADER_ROLES
from motcua.worktime.engine import VN_TZ
from motcua.worktime.limits import Channel


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class ChoicesReadOnce(ModelChoiceIterator):
    """Iterates the field's queryset itself, so that a form reads its choices once: Django's
    own iterator reads them again each time (the `required` attribute, then the options)."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = ChoicesReadOnce


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ChoicesReadOnce


class ActionForm(forms.Form):
    """The base of every action's form; a form without fields is a confirmation."""

    action: ClassVar[Action]
    # Shown as the primary (or danger) button.
    danger: ClassVar[bool] = False

    def __init__(
        self,
        dossier: Dossier,
        user: Any,
        *args: Any,
        steps: Iterable[DossierStep] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", self.action.value)
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        self.user = user
        # The rows of the control slip with their units, when the caller has read them.
        self.known_steps = None if steps is None else list(steps)
        self.setup()

    def steps(self) -> list[DossierStep]:
        """The rows of the control slip with their units (read now unless known)."""
        if self.known_steps is None:
            self.known_steps = list(self.dossier.steps.select_related("unit"))
        return self.known_steps

    def setup(self) -> None:
        """Choices that depend on the dossier."""

    def params(self) -> dict[str, Any]:
        return {}

    def uploads(self) -> list[tuple[UploadedFile, FilePurpose]]:
        return []

    @property
    def label(self) -> str:
        return str(self.action.label)


class ReceiveForm(ActionForm):
    action = Action.RECEIVE
    return_channel = forms.ChoiceField(
        label=_("How the result is returned"), choices=Channel.choices, required=False
    )
    processing_unit = ModelChoiceField(
        label=_("Processing unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Only when several units process this procedure."),
    )

    def setup(self) -> None:
        self.fields["return_channel"].initial = self.dossier.return_channel or self.dossier.channel
        units = Unit.objects.filter(
            pk__in=self.dossier.procedure_version.unit_roles.filter(
                role=UnitRole.PROCESSING
            ).values("unit")
        ).order_by("name")
        field = self.fields["processing_unit"]
        assert isinstance(field, ModelChoiceField)
        field.queryset = units
        if len(field.queryset) < 2:  # read once: the options are these rows
            del self.fields["processing_unit"]

    def params(self) -> dict[str, Any]:
        return {
            "return_channel": self.cleaned_data["return_channel"],
            "processing_unit": self.cleaned_data.get("processing_unit"),
        }


class RequestSupplementForm(ActionForm):
    action = Action.REQUEST_SUPPLEMENT
    items = forms.CharField(
        label=_("Papers or contents to add or correct"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line; list everything at once."),
    )
    reason = forms.CharField(
        label=_("Reason and guidance"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def params(self) -> dict[str, Any]:
        return {"items": _lines(self.cleaned_data["items"]), "reason": self.cleaned_data["reason"]}


class SupplySupplementForm(ActionForm):
    action = Action.SUPPLY_SUPPLEMENT
    file = forms.FileField(
        label=_("Supplemented paper (PDF, JPEG or PNG)"),
        required=False,
        help_text=_("Optional: a scan of what the applicant brought."),
    )

    def uploads(self) -> list[tuple[UploadedFile, FilePurpose]]:
        upload = self.cleaned_data.get("file")
        return [(upload, FilePurpose.SUPPLEMENT)] if upload else []


class RefuseForm(ActionForm):
    action = Action.REFUSE
    danger = True
    reasons = forms.CharField(
        label=_("Reasons for refusing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    legal_basis = forms.CharField(label=_("Legal basis"), required=False, max_length=500)

    def params(self) -> dict[str, Any]:
        return {
            "reasons": _lines(self.cleaned_data["reasons"]),
            "legal_basis": self.cleaned_data["legal_basis"],
        }


class ReasonForm(ActionForm):
    """An action whose only input is a reason."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def params(self) -> dict[str, Any]:
        return {"reason": self.cleaned_data["reason"]}


class CancelForm(ReasonForm):
    action = Action.CANCEL
    danger = True


class SendBackForm(ReasonForm):
    action = Action.SEND_BACK


class RejectForm(ReasonForm):
    action = Action.REJECT
    danger = True


class RefuseWithdrawalForm(ReasonForm):
    action = Action.REFUSE_WITHDRAWAL


class RequestWithdrawalForm(ActionForm):
    action = Action.REQUEST_WITHDRAWAL
    danger = True
    reason = forms.CharField(
        label=_("Applicant's reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def params(self) -> dict[str, Any]:
        return {"reason": self.cleaned_data["reason"]}


class StopForm(ActionForm):
    action = Action.STOP
    danger = True
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    fee_handling = forms.CharField(
        label=_("Fees and charges already paid"), required=False, max_length=500
    )

    def params(self) -> dict[str, Any]:
        return {
            "reason": self.cleaned_data["reason"],
            "fee_handling": self.cleaned_data["fee_handling"],
        }


class NoteForm(ActionForm):
    field_order = ["to_unit", "specialist", "agencies", "in_sequence", "proposal", "note"]
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def params(self) -> dict[str, Any]:
        return {"note": self.cleaned_data["note"]}


class TransferForm(NoteForm):
    action = Action.TRANSFER
    to_unit = ModelChoiceField(
        label=_("Competent agency"), queryset=Unit.objects.none(), required=False
    )

    def setup(self) -> None:
        dossier = self.dossier
        processing = dossier.procedure_version.unit_roles.filter(role=UnitRole.PROCESSING)
        units = Unit.objects.filter(pk__in=processing.values("unit")) | Unit.objects.filter(
            pk__in=[dossier.processing_unit_id or dossier.receiving_unit_id]
        )
        field = self.fields["to_unit"]
        assert isinstance(field, ModelChoiceField)
        field.queryset = units.order_by("name")
        field.initial = dossier.processing_unit_id
        field.empty_label = None

    def params(self) -> dict[str, Any]:
        return {**super().params(), "to_unit": self.cleaned_data["to_unit"]}


def specialists_of(unit: Unit) -> QuerySet[User]:
    members = StaffMembership.objects.filter(unit=unit, role=Role.SPECIALIST, is_active=True)
    return User.objects.filter(pk__in=members.values("user"), is_active=True).order_by(
        "full_name", "username"
    )


class UserChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.username)


class AssignForm(NoteForm):
    action = Action.ASSIGN
    specialist = UserChoiceField(label=_("Specialist"), queryset=User.objects.none())

    def setup(self) -> None:
        field = self.fields["specialist"]
        assert isinstance(field, ModelChoiceField)
        field.queryset = specialists_of(self.dossier.holding_unit)
        field.initial = self.dossier.assignee_id

    def params(self) -> dict[str, Any]:
        return {**super().params(), "specialist": self.cleaned_data["specialist"]}


class ConsultForm(NoteForm):
    action = Action.CONSULT
    agencies = ModelMultipleChoiceField(
        label=_("Agencies to consult"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The coordinating agencies of the internal process are ticked."),
    )
    in_sequence = forms.BooleanField(
        label=_("One after the other (in the order listed)"), required=False
    )

    def setup(self) -> None:
        dossier = self.dossier
        defaults = default_consultations(dossier)
        self.process_steps = {request.unit.pk: request.process_step for request in defaults}
        coordinating = dossier.procedure_version.unit_roles.filter(
            role__in=[UnitRole.COORDINATING, UnitRole.PROCESSING]
        ).values("unit")
        units = (
            Unit.objects.filter(pk__in=coordinating)
            | Unit.objects.filter(pk__in=self.process_steps)
        ).exclude(pk=dossier.holding_unit_id)
        field = self.fields["agencies"]
        assert isinstance(field, ModelMultipleChoiceField)
        field.queryset = units.order_by("name")
        field.initial = list(self.process_steps)

    def params(self) -> dict[str, Any]:
        requests = [
            ConsultationRequest(unit=unit, process_step=self.process_steps.get(unit.pk))
            for unit in self.cleaned_data["agencies"]
        ]
        return {
            **super().params(),
            "agencies": requests,
            "in_sequence": self.cleaned_data["in_sequence"],
        }


class AnswerConsultationForm(ActionForm):
    action = Action.ANSWER_CONSULTATION
    opinion = forms.CharField(
        label=_("Opinion, or the result of the agency's part"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    unit = ModelChoiceField(label=_("Answering for"), queryset=Unit.objects.none(), required=False)

    def setup(self) -> None:
        mine = [
            step.unit
            for step in self.steps()
            if step.phase == StepPhase.CONSULTATION
            and step.is_open
            and any(has_role(self.user, role, step.unit) for role in CONSULTATION_ROLES)
        ]
        if len(mine) < 2:
            del self.fields["unit"]
        else:
            field = self.fields["unit"]
            assert isinstance(field, ModelChoiceField)
            field.queryset = Unit.objects.filter(pk__in=[unit.pk for unit in mine])

    def params(self) -> dict[str, Any]:
        return {"opinion": self.cleaned_data["opinion"], "unit": self.cleaned_data.get("unit")}


class RequestPaymentForm(ActionForm):
    action = Action.REQUEST_PAYMENT
    amount_vnd = forms.IntegerField(label=_("Amount (VND)"), min_value=1, max_value=10**12)
    items = forms.CharField(
        label=_("Fees, charges or taxes"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One per line."),
    )
    reason = forms.CharField(label=_("Note"), required=False, max_length=500)

    def params(self) -> dict[str, Any]:
        return {
            "amount_vnd": self.cleaned_data["amount_vnd"],
            "items": _lines(self.cleaned_data["items"]),
            "reason": self.cleaned_data["reason"],
        }


class RecordPaymentForm(ActionForm):
    action = Action.RECORD_PAYMENT
    receipt_number = forms.CharField(label=_("Receipt number"), required=False, max_length=100)

    def params(self) -> dict[str, Any]:
        return {"receipt_number": self.cleaned_data["receipt_number"]}


class ProposeForm(NoteForm):
    action = Action.PROPOSE
    proposal = forms.ChoiceField(
        label=_("Proposal"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
        initial="approve",
    )

    def params(self) -> dict[str, Any]:
        return {**super().params(), "proposal": self.cleaned_data["proposal"]}


class ApproveForm(NoteForm):
    action = Action.APPROVE


class IssueResultForm(ActionForm):
    action = Action.ISSUE_RESULT
    result_reference = forms.CharField(
        label=_("Number and symbol of the result document"), required=False, max_length=100
    )
    file = forms.FileField(label=_("Result document (PDF)"), required=False)

    def params(self) -> dict[str, Any]:
        return {"result_reference": self.cleaned_data["result_reference"]}

    def uploads(self) -> list[tuple[UploadedFile, FilePurpose]]:
        upload = self.cleaned_data.get("file")
        return [(upload, FilePurpose.RESULT)] if upload else []


class ReturnResultForm(ActionForm):
    action = Action.RETURN_RESULT
    channel = forms.ChoiceField(
        label=_("How the result is returned"), choices=Channel.choices, widget=forms.RadioSelect
    )
    receiver_name = forms.CharField(
        label=_("Name of the person who receives the result"), required=False, max_length=255
    )
    receiver_confirmed = forms.BooleanField(
        label=_("The receiver signed for the result"), required=False
    )
    postal_tracking_number = forms.CharField(
        label=_("Postal tracking number"), required=False, max_length=40
    )
    file = forms.FileField(label=_("Electronic result (for an online return)"), required=False)

    def setup(self) -> None:
        self.fields["channel"].initial = self.dossier.return_channel or self.dossier.channel
        self.fields["receiver_name"].initial = self.dossier.applicant_name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("channel") == Channel.DESK and not data.get("receiver_confirmed"):
            self.add_error(
                "receiver_confirmed",
                _("Confirm that the receiver signed for the result."),
            )
        return data

    def params(self) -> dict[str, Any]:
        return {
            "channel": self.cleaned_data["channel"],
            "receiver_name": self.cleaned_data["receiver_name"],
            "postal_tracking_number": self.cleaned_data["postal_tracking_number"],
        }

    def uploads(self) -> list[tuple[UploadedFile, FilePurpose]]:
        upload = self.cleaned_data.get("file")
        return [(upload, FilePurpose.RESULT)] if upload else []


def units_to_apologise_for(steps: Iterable[DossierStep], user: Any) -> list[Unit]:
    """The units with a step of the dossier (of `steps`, with their units) in which `user`
    is a leader."""
    units = {step.unit.pk: step.unit for step in steps}
    return [
        unit for unit in units.values() if any(has_role(user, role, unit) for role in LEADER_ROLES)
    ]


class ApologiseForm(ActionForm):
    action = Action.APOLOGISE
    unit_at_fault = ModelChoiceField(
        label=_("Unit at fault"), queryset=Unit.objects.none(), empty_label=None
    )
    reason = forms.CharField(
        label=_("Reason for the delay"), widget=forms.Textarea(attrs={"rows": 2})
    )
    new_due_at = forms.DateTimeField(
        label=_("New appointment"),
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )

    def setup(self) -> None:
        field = self.fields["unit_at_fault"]
        assert isinstance(field, ModelChoiceField)
        field.queryset = Unit.objects.filter(
            pk__in=[unit.pk for unit in units_to_apologise_for(self.steps(), self.user)]
        ).order_by("name")

    def clean_new_due_at(self) -> datetime.datetime:
        value: datetime.datetime = self.cleaned_data["new_due_at"]
        # Typed on Vietnam's clock whatever the server's time zone.
        if timezone.is_naive(value):
            value = value.replace(tzinfo=VN_TZ)
        return value.astimezone(VN_TZ)

    def params(self) -> dict[str, Any]:
        return {
            "unit_at_fault": self.cleaned_data["unit_at_fault"],
            "reason": self.cleaned_data["reason"],
            "new_due_at": self.cleaned_data["new_due_at"],
        }


FORMS: dict[Action, type[ActionForm]] = {
    form.action: form
    for form in (
        ReceiveForm,
        RequestSupplementForm,
        SupplySupplementForm,
        RefuseForm,
        CancelForm,
        TransferForm,
        AssignForm,
        SendBackForm,
        ConsultForm,
        AnswerConsultationForm,
        RequestPaymentForm,
        RecordPaymentForm,
        ProposeForm,
        ApproveForm,
        RejectForm,
        IssueResultForm,
        ReturnResultForm,
        RequestWithdrawalForm,
        StopForm,
        RefuseWithdrawalForm,
        ApologiseForm,
    )
}


def forms_for(
    dossier: Dossier,
    user: Any,
    actions: Iterable[Action],
    bound: ActionForm | None = None,
    *,
    steps: Iterable[DossierStep] | None = None,
) -> list[ActionForm]:
    """A form for each action offered (the staff side: applicant-only actions have none),
    with `bound` (the form just posted, with its errors and what was typed) in its place.
    `steps`: the rows of the control slip with their units, if the caller has read them."""
    known = None if steps is None else list(steps)
    result = []
    for action in actions:
        if bound is not None and bound.action == action:
            result.append(bound)
        elif action in FORMS:
            result.append(FORMS[action](dossier, user, steps=known))
    return result
