"""Consultation: what follows a flag, per Nation and per site, kept in the register.

Entry points: store.ConsultationStore (read and write the sites, events and commitments of a
register; `sites_from_flags`), layers.add_consultation_layers (the tables as project layers
with relations and attribute forms), attention.flag_consultation (per flag: status, last
contact, open commitments, and why it needs attention), report_link (what the report's
outputs show of it: `consultation_view`, `attention_first`, the CSV's cells and the flags
layer's `FLAG_COLUMNS`), summary.consultation_summary (per Nation;
summary.write_summary_html / write_summary_csv). Labels: labels.py. The tables themselves:
register/consultation_schema.py.

The names below are the package's entry points: code outside the package imports them from
here (`from imperial_land.core.consultation import ...`), never from the modules, so the modules can
change freely. They load on first use, so importing the package costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imperial_land.core import lazy_exports

_EXPORTS = {
    "CONSULTATION_COLUMNS": "report_link",
    "ConsultationStore": "store",
    "FLAG_COLUMNS": "report_link",
    "NO_FLAG_VALUES": "report_link",
    "ConsultationView": "report_link",
    "Snapshot": "store",
    "add_consultation_layers": "layers",
    "attention_first": "report_link",
    "attention_label": "labels",
    "attention_labels": "labels",
    "consultation_headers": "report_link",
    "consultation_layers": "layers",
    "consultation_view": "report_link",
    "flag_column_headers": "report_link",
    "flag_sites_of_layer": "attention",
    "form_label": "labels",
    "is_flags_layer": "attention",
    "linked_consultation": "report_link",
    "linked_register": "report_link",
    "record_sites": "report_link",
    "register_summary": "summary",
    "status_labels": "labels",
    "summary_html": "summary",
    "write_summary": "summary",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from imperial_land.core.consultation.attention import flag_sites_of_layer as flag_sites_of_layer
    from imperial_land.core.consultation.attention import is_flags_layer as is_flags_layer
    from imperial_land.core.consultation.labels import attention_label as attention_label
    from imperial_land.core.consultation.labels import attention_labels as attention_labels
    from imperial_land.core.consultation.labels import form_label as form_label
    from imperial_land.core.consultation.labels import status_labels as status_labels
    from imperial_land.core.consultation.layers import (
        add_consultation_layers as add_consultation_layers,
    )
    from imperial_land.core.consultation.layers import consultation_layers as consultation_layers
    from imperial_land.core.consultation.report_link import (
        CONSULTATION_COLUMNS as CONSULTATION_COLUMNS,
    )
    from imperial_land.core.consultation.report_link import FLAG_COLUMNS as FLAG_COLUMNS
    from imperial_land.core.consultation.report_link import NO_FLAG_VALUES as NO_FLAG_VALUES
    from imperial_land.core.consultation.report_link import ConsultationView as ConsultationView
    from imperial_land.core.consultation.report_link import attention_first as attention_first
    from imperial_land.core.consultation.report_link import (
        consultation_headers as consultation_headers,
    )
    from imperial_land.core.consultation.report_link import consultation_view as consultation_view
    from imperial_land.core.consultation.report_link import (
        flag_column_headers as flag_column_headers,
    )
    from imperial_land.core.consultation.report_link import (
        linked_consultation as linked_consultation,
    )
    from imperial_land.core.consultation.report_link import linked_register as linked_register
    from imperial_land.core.consultation.report_link import record_sites as record_sites
    from imperial_land.core.consultation.store import ConsultationStore as ConsultationStore
    from imperial_land.core.consultation.store import Snapshot as Snapshot
    from imperial_land.core.consultation.summary import register_summary as register_summary
    from imperial_land.core.consultation.summary import summary_html as summary_html
    from imperial_land.core.consultation.summary import write_summary as write_summary


__getattr__ = lazy_exports(__name__, _EXPORTS)
