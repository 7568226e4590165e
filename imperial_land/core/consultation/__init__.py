"""Consultation: what follows a flag, per Nation and per site, kept in the register.

Entry points: store.ConsultationStore (read and write the sites, events and commitments of a
register; `sites_from_flags`), layers.add_consultation_layers (the tables as project layers
with relations and attribute forms), attention.flag_consultation (per flag: status, last
contact, open commitments, and why it needs attention), summary.consultation_summary (per
Nation; summary.write_summary_html / write_summary_csv). Labels: labels.py. The tables
themselves: register/consultation_schema.py.
"""
