"""The texts of messages: the default template files, or a province's own wording
(`MessageText` rows edited in the admin), rendered in the recipient's language.

Both are Django templates without HTML escaping (messages are plain text). The variables
each message gets are listed in `VARIABLES` (shown in the admin next to the text).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.notifications.models import Channel, MessageText, TemplateKey

SUBJECT_MAX_LENGTH = 255

_APPLICANT = ("name", "code", "procedure", "unit", "appointment", "lookup_url", "submitted")
_STAFF = ("name", "code", "procedure", "unit", "due", "step", "assignee")
VARIABLES: dict[str, tuple[str, ...]] = {
    TemplateKey.DOSSIER_RECEIVED: (*_APPLICANT, "secret"),
    TemplateKey.SUPPLEMENT_REQUESTED: (*_APPLICANT, "items", "reason"),
    TemplateKey.RESULT_READY: (*_APPLICANT, "return_channel", "evaluation_url"),
    TemplateKey.APOLOGY: (*_APPLICANT, "old_appointment", "reason", "unit_at_fault"),
    TemplateKey.LATENESS_DUE_SOON: _STAFF,
    TemplateKey.LATENESS_OVERDUE: _STAFF,
}


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def check_template_text(text: str) -> str | None:
    """Why `text` is not a usable message template, or None."""
    try:
        Template(text)
    except TemplateSyntaxError as error:
        return _("This text is not a valid template: %(error)s") % {"error": error}
    return None


def own_texts(template: str, language: str) -> dict[str, MessageText]:
    """The province's own texts of a message in a language, by channel (one query)."""
    return {
        text.channel: text
        for text in MessageText.objects.filter(template=template, language=language)
    }


def render(
    template: str,
    channel: Channel,
    context: Mapping[str, Any],
    language: str,
    own: MessageText | None = None,
) -> Rendered:
    """The subject (e-mail only) and text of a message in `language`: the province's own
    text when given, else the default template files."""
    with translation.override(language):
        subject: str = ""
        if own is not None:
            plain = Context(dict(context), autoescape=False)
            if channel == Channel.EMAIL:
                subject = Template(own.subject).render(plain)
            body = Template(own.body).render(plain)
        elif channel == Channel.EMAIL:
            subject = render_to_string(f"notifications/{template}/subject.txt", dict(context))
            body = render_to_string(f"notifications/{template}/email.txt", dict(context))
        else:
            body = render_to_string(f"notifications/{template}/sms.txt", dict(context))
    return Rendered(" ".join(subject.split())[:SUBJECT_MAX_LENGTH], _tidy(body))


def _tidy(text: str) -> str:
    """Template text without trailing spaces and with at most one empty line in a row."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy)
