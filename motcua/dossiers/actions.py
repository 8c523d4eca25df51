"""The actions a dossier's lifecycle knows and the official forms they issue: a module of its
own so that the lifecycle (`lifecycle.py`, which re-exports both) and the statistics that
read its transitions (`stats.py`) can both import them."""

from django.db import models
from django.utils.translation import gettext_lazy


class Action(models.TextChoices):
    SAVE_DRAFT = "save_draft", gettext_lazy("Save a draft")
    SUBMIT = "submit", gettext_lazy("Submit")
    REQUEST_SUPPLEMENT = "request_supplement", gettext_lazy("Request a supplement")
    SUPPLY_SUPPLEMENT = "supply_supplement", gettext_lazy("Supply the supplement")
    REFUSE = "refuse", gettext_lazy("Refuse to receive")
    RECEIVE = "receive", gettext_lazy("Receive")
    CANCEL = "cancel", gettext_lazy("Cancel")
    WITHDRAW = "withdraw", gettext_lazy("Withdraw before receipt")
    TRANSFER = "transfer", gettext_lazy("Transfer to the competent agency")
    ASSIGN = "assign", gettext_lazy("Assign a specialist")
    SEND_BACK = "send_back", gettext_lazy("Send back to the previous step")
    CONSULT = "consult", gettext_lazy("Consult other agencies")
    ANSWER_CONSULTATION = "answer_consultation", gettext_lazy("Answer the consultation")
    REQUEST_PAYMENT = "request_payment", gettext_lazy("Request the financial obligation")
    RECORD_PAYMENT = "record_payment", gettext_lazy("Record the payment")
    PROPOSE = "propose", gettext_lazy("Submit to the leader")
    APPROVE = "approve", gettext_lazy("Approve")
    REJECT = "reject", gettext_lazy("Reject on the merits")
    ISSUE_RESULT = "issue_result", gettext_lazy("Issue the result")
    RETURN_RESULT = "return_result", gettext_lazy("Return the result")
    REQUEST_WITHDRAWAL = "request_withdrawal", gettext_lazy("Ask to withdraw")
    STOP = "stop", gettext_lazy("Stop processing")
    REFUSE_WITHDRAWAL = "refuse_withdrawal", gettext_lazy("Continue processing")
    APOLOGISE = "apologise", gettext_lazy("Apologise and set a new appointment")


class OfficialForm(models.TextChoices):
    """The forms of TT 03/2025/TT-VPCP, Phụ lục I (motcua.official_forms renders them)."""

    RECEIPT = "01", gettext_lazy("Receipt and appointment slip")
    SUPPLEMENT_REQUEST = "02", gettext_lazy("Request to supplement the dossier")
    REFUSAL = "03", gettext_lazy("Refusal to receive the dossier")
    APOLOGY = "04", gettext_lazy("Apology and new appointment")
    STOP_NOTICE = "05", gettext_lazy("Notice of stopped processing")
    CONTROL_SLIP = "06", gettext_lazy("Control slip")
    REGISTER = "07", gettext_lazy("Dossier register")
