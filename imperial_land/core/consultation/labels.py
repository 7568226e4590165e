"""The translated labels of the consultation codes (statuses, forms of contact, site kinds,
attention reasons): the one place that names them for people."""

from __future__ import annotations

from imperial_land.core.common import tr
from imperial_land.core.register import ContactForm, SiteKind, SiteStatus


def status_labels() -> dict[str, str]:
    """Stored status code -> label, in the order a consultation goes."""
    return {
        SiteStatus.NOT_STARTED.value: tr("Not started"),
        SiteStatus.NOTIFIED.value: tr("Notified"),
        SiteStatus.IN_DISCUSSION.value: tr("In discussion"),
        SiteStatus.COMMITMENTS_AGREED.value: tr("Commitments agreed"),
        SiteStatus.CLOSED.value: tr("Closed"),
    }


def form_labels() -> dict[str, str]:
    """Stored form-of-contact code -> label."""
    return {
        ContactForm.LETTER.value: tr("Letter"),
        ContactForm.EMAIL.value: tr("E-mail"),
        ContactForm.MEETING.value: tr("Meeting"),
        ContactForm.CALL.value: tr("Call"),
        ContactForm.SITE_VISIT.value: tr("Site visit"),
    }


def site_kind_labels() -> dict[str, str]:
    """Stored site kind (the flags' side-A role) -> label."""
    return {
        SiteKind.PARCEL.value: tr("Parcel"),
        SiteKind.AOI.value: tr("Area of interest"),
        SiteKind.CLAIMS.value: tr("Claim or claim group"),
    }


def status_label(code: str | None) -> str:
    return status_labels().get(code or "", code or "")


def form_label(code: str | None) -> str:
    return form_labels().get(code or "", code or "")


def attention_labels() -> dict[str, str]:
    """Why a flag needs attention (stored codes of attention.Attention) -> label."""
    return {
        "no_site": tr("No consultation record yet"),
        "overlap_new": tr("Overlap new since the last contact"),
        "overlap_grew": tr("Overlap grew since the last contact"),
        "no_contact": tr("No contact recorded yet"),
        "stale": tr("No contact in {days} days"),
    }


def attention_label(code: str | None, days: int = 0) -> str:
    return attention_labels().get(code or "", "").format(days=days)
