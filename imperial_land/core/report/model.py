"""The report's content as plain tables, for the HTML, PDF and flags layer. A pair's cells come
from `feature_cells` alone; the CSV writer (report/csv.py) formats those same cells as text."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from imperial_land.core.common import (
    HolderMatcher,
    current_language,
    gc_paused,
    normalise_holder,
    tr,
)
from imperial_land.core.maplayers import AOI, CLAIMS, PARCELS, TERRITORIES
from imperial_land.core.overlap import FeatureRef, OverlapPair, OverlapResult
from imperial_land.core.overlap import results as r
from imperial_land.core.report.labels import (
    action_label,
    flag_label,
    kind_label,
    relation_label,
    role_label,
    text,
    timestamp,
)

if TYPE_CHECKING:
    from imperial_land.core.consultation import ConsultationView

# Stable column keys of one pair (flags layer fields, CSV columns), in order.
PAIR_COLUMNS = [
    "kind",
    "relation",
    "flag",
    "nation",
    "a_role",
    "a_fid",
    "a_key",
    "a_name",
    "b_role",
    "b_fid",
    "b_key",
    "b_name",
    "holder",
    "status",
    "expiry",
    "lot",
    "overlap_ha",
    "share_a_pct",
    "share_b_pct",
    "distance_m",
]
NUMERIC_COLUMNS = {"a_fid", "b_fid", "overlap_ha", "share_a_pct", "share_b_pct", "distance_m"}
# Kind (core/common/compat.field) of each pair column that is not text.
PAIR_KINDS = {
    "a_fid": "longlong",
    "b_fid": "longlong",
    "expiry": "date",
    "overlap_ha": "double",
    "share_a_pct": "double",
    "share_b_pct": "double",
    "distance_m": "double",
}
SITE_ROLES = (PARCELS, AOI)
# Claim x territory pairs listed one by one up to this many (a site's report); beyond, the
# report groups them per Nation and holder and leaves the list to the CSV and the flags layer.
DETAIL_MAX_CLAIM_PAIRS = 2_000


def pair_headers() -> dict[str, str]:
    """Translated header of each pair column."""
    return {
        "kind": tr("Pair"),
        "relation": tr("Relation"),
        "flag": tr("Flag"),
        "nation": tr("Nation"),
        "a_role": tr("Side A"),
        "a_fid": tr("A feature id"),
        "a_key": tr("A key"),
        "a_name": tr("A name"),
        "b_role": tr("Side B"),
        "b_fid": tr("B feature id"),
        "b_key": tr("B key"),
        "b_name": tr("B name"),
        "holder": tr("Title holder"),
        "status": tr("Title status"),
        "expiry": tr("Title expiry"),
        "lot": tr("Lot"),
        "overlap_ha": tr("Overlap (ha)"),
        "share_a_pct": tr("Share of A (%)"),
        "share_b_pct": tr("Share of B (%)"),
        "distance_m": tr("Distance (m)"),
    }


def flags_columns() -> dict[str, str]:
    """Every column of the flags layer, in order, with its kind: the pair's (PAIR_COLUMNS),
    then the consultation register's (core/consultation FLAG_COLUMNS: status, last contact,
    open commitments, why it needs attention). Every writer makes them all, NULL when no
    register is linked, so the layer's fields do not depend on the run."""
    from imperial_land.core.consultation import FLAG_COLUMNS

    return {**{name: PAIR_KINDS.get(name, "string") for name in PAIR_COLUMNS}, **FLAG_COLUMNS}


_NO_CLAIM: tuple[Any, ...] = ("", "", None)
DateCell = Callable[[Any], Any]


def feature_cells(
    ref: FeatureRef, expiry: DateCell | None = None
) -> tuple[tuple[Any, ...], tuple[Any, ...] | None, Any]:
    """The one mapping from a feature to its cells in a pair's row (PAIR_COLUMNS):
    - its side's (role, fid, key, name);
    - for a title (claims), its (holder, status, expiry), else None;
    - for a parcel, its lot (the key when the lot is empty), else None.
    A pair takes the title cells and the lot of whichever side has them. `expiry(date)`
    converts a title's expiry (None: as is). The CSV writer formats these cells as text.
    """
    attrs = ref.attributes
    side = (ref.role, ref.fid, ref.key, text(attrs.get("name")))
    claim: Any = None
    if ref.role == CLAIMS:
        date = attrs.get("expiry")
        if expiry is not None and date is not None:
            date = expiry(date)
        claim = (text(attrs.get("holder")), text(attrs.get("status")), date)
    lot = (text(attrs.get("lot")) or ref.key) if ref.role == PARCELS else None
    return side, claim, lot


def pair_row(pair: OverlapPair) -> list[Any]:
    """Raw values of one pair (codes, numbers, dates) in PAIR_COLUMNS order."""
    return list(next(pair_rows([pair])))


def pair_rows(
    pairs: Iterable[OverlapPair], expiry: DateCell | None = None
) -> Iterator[tuple[Any, ...]]:
    """`pair_row` of each pair as a tuple, each feature's own cells worked out once per run.

    `expiry(date)` (None: the date as is) converts a title's expiry date for the caller (ISO
    text, QDate), once per title.
    """
    cache: dict[int, tuple[FeatureRef, tuple[Any, ...], tuple[Any, ...] | None, Any]] = {}
    for pair in pairs:
        a, b = pair.a, pair.b
        hit_a = cache.get(id(a))
        if hit_a is None:
            hit_a = cache[id(a)] = (a, *feature_cells(a, expiry))
        hit_b = cache.get(id(b))
        if hit_b is None:
            hit_b = cache[id(b)] = (b, *feature_cells(b, expiry))
        claim = hit_a[2] if hit_a[2] is not None else hit_b[2]
        lot = hit_a[3] if hit_a[3] is not None else hit_b[3]
        yield (
            (pair.kind, pair.relation, pair.flag, pair.nation)
            + hit_a[1]
            + hit_b[1]
            + (_NO_CLAIM if claim is None else claim)
            + (
                "" if lot is None else lot,
                pair.overlap_ha,
                pair.share_a_pct,
                pair.share_b_pct,
                pair.distance_m,
            )
        )


def pair_values(pair: OverlapPair) -> dict[str, Any]:
    """Raw values of one pair keyed like PAIR_COLUMNS."""
    return dict(zip(PAIR_COLUMNS, pair_row(pair)))


def number(value: float | None, decimals: int) -> str:
    """A number for people: fixed decimals, a decimal comma in French, '' for None."""
    if value is None:
        return ""
    shown = f"{value:,.{decimals}f}"
    if current_language() == "fr":
        return shown.replace(",", "\u202f").replace(".", ",")
    return shown.replace(",", "\u2009")


# How pair_display shows a column that is not plain text: a label per code, a rounded number.
_SHOWN_AS_LABEL: dict[str, Callable[[Any], str]] = {
    "kind": kind_label,
    "relation": relation_label,
    "flag": flag_label,
    "a_role": role_label,
    "b_role": role_label,
}
_SHOWN_DECIMALS = {"overlap_ha": 2, "share_a_pct": 1, "share_b_pct": 1, "distance_m": 0}


def pair_display(pair: OverlapPair) -> dict[str, str]:
    """One pair as the text people read (labels translated, numbers rounded)."""
    raw = pair_values(pair)
    shown = {key: text(value) for key, value in raw.items()}
    for column, label in _SHOWN_AS_LABEL.items():
        shown[column] = label(raw[column])
    for column, decimals in _SHOWN_DECIMALS.items():
        shown[column] = number(raw[column], decimals)
    return shown


def column_sort_keys(pairs: list[OverlapPair], column: str) -> list[Any]:
    """One key per pair that orders the pairs as `pair_display`'s text of `column` reads:
    numbers as numbers (no value first), codes by their translated label, the rest as text."""
    at = PAIR_COLUMNS.index(column)
    values = [row[at] for row in pair_rows(pairs)]
    if column in NUMERIC_COLUMNS:
        return [-1.0 if value is None else float(value) for value in values]
    label = _SHOWN_AS_LABEL.get(column)
    if label is None:
        return [text(value) for value in values]
    labels = {value: label(value) for value in set(values)}  # each translated once
    return [labels[value] for value in values]


@dataclass
class NationSummary:
    """What one Nation's territories touch, per layer role of side A."""

    nation: str
    role: str
    touched: int  # distinct features of that role
    near_only: int  # of which only within the distance, no overlap
    overlap_ha: float


def nation_summary(result: OverlapResult) -> list[NationSummary]:
    """Per Nation and role: features touched, those only near, hectares; sorted by Nation."""
    fids: dict[tuple[str, str], set[int]] = defaultdict(set)
    overlapping: dict[tuple[str, str], set[int]] = defaultdict(set)
    hectares: dict[tuple[str, str], float] = defaultdict(float)
    for pair in result.pairs:
        if pair.b.role != TERRITORIES or not pair.nation:
            continue
        key = (pair.nation, pair.a.role)
        fids[key].add(pair.a.fid)
        hectares[key] += pair.overlap_ha
        if pair.relation != r.NEAR:
            overlapping[key].add(pair.a.fid)
    order = {AOI: 0, PARCELS: 1, CLAIMS: 2}
    keys = sorted(fids, key=lambda k: (k[0].casefold(), order.get(k[1], 9)))
    return [
        NationSummary(
            nation=nation,
            role=role,
            touched=len(fids[(nation, role)]),
            near_only=len(fids[(nation, role)] - overlapping[(nation, role)]),
            overlap_ha=hectares[(nation, role)],
        )
        for nation, role in keys
    ]


def nations(result: OverlapResult) -> list[str]:
    """Every Nation named by a pair, sorted."""
    return sorted({p.nation for p in result.pairs if p.nation}, key=str.casefold)


@dataclass
class HolderGroup:
    """The claims of one holder touching one Nation's territories."""

    nation: str
    holder: str  # as first met; holders are compared by `normalise_holder`
    company: bool
    titles: int  # distinct claims
    near_only: int  # of which only within the distance, no overlap
    overlap_ha: float


def claim_groups(result: OverlapResult) -> list[HolderGroup]:
    """Claim x territory pairs per Nation and holder; sorted by Nation, then hectares (most
    first), then holder. A claim in two territories of one Nation counts once there."""
    company = HolderMatcher(result.company_holders)
    shown: dict[str, str] = {}
    folded_of: dict[Any, str] = {}  # each distinct holder folded once
    fids: dict[tuple[str, str], set[int]] = defaultdict(set)
    overlapping: dict[tuple[str, str], set[int]] = defaultdict(set)
    hectares: dict[tuple[str, str], float] = defaultdict(float)
    for pair in result.pairs:
        if pair.kind != r.CLAIM_TERRITORY:
            continue
        raw = pair.a.attributes.get("holder")
        folded = folded_of.get(raw)
        if folded is None:
            folded = folded_of[raw] = normalise_holder(text(raw))
            shown.setdefault(folded, text(raw))
        key = (pair.nation, folded)
        fids[key].add(pair.a.fid)
        hectares[key] += pair.overlap_ha
        if pair.relation != r.NEAR:
            overlapping[key].add(pair.a.fid)
    groups = [
        HolderGroup(
            nation=nation,
            holder=shown[folded],
            company=company.is_company(shown[folded]),
            titles=len(fids[(nation, folded)]),
            near_only=len(fids[(nation, folded)] - overlapping[(nation, folded)]),
            overlap_ha=hectares[(nation, folded)],
        )
        for nation, folded in fids
    ]
    groups.sort(key=lambda g: (g.nation.casefold(), -round(g.overlap_ha, 6), g.holder.casefold()))
    return groups


def claims_grouped(result: OverlapResult) -> bool:
    """True when the report groups the claim x territory pairs instead of listing them."""
    count = 0
    for pair in result.pairs:
        if pair.kind == r.CLAIM_TERRITORY:
            count += 1
            if count > DETAIL_MAX_CLAIM_PAIRS:
                return True
    return False


@dataclass
class Site:
    """A parcel or area of interest with what sits on it."""

    ref: FeatureRef
    nations: list[str] = field(default_factory=list)
    titles: list[OverlapPair] = field(default_factory=list)


def sites(result: OverlapResult) -> list[Site]:
    """Parcels and AOI features that are side A of a pair, in order of first appearance."""
    found: dict[tuple[str, int], Site] = {}
    for pair in result.pairs:
        if pair.a.role not in SITE_ROLES:
            continue
        site = found.setdefault((pair.a.role, pair.a.fid), Site(pair.a))
        if pair.b.role == TERRITORIES and pair.nation and pair.nation not in site.nations:
            site.nations.append(pair.nation)
        elif pair.b.role == CLAIMS:
            site.titles.append(pair)
    for site in found.values():
        site.nations.sort(key=str.casefold)
    return sorted(found.values(), key=lambda s: (s.ref.role != AOI, s.ref.key, s.ref.fid))


@dataclass
class ReportTable:
    """A titled table of text cells; `numeric` holds the indexes of right-aligned columns."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[str]]
    numeric: set[int] = field(default_factory=set)
    empty_text: str = ""
    note: str = ""


def _pairs_table(
    key: str, title: str, pairs: list[OverlapPair], empty: str, note: str = ""
) -> ReportTable:
    columns = [
        "kind",
        "relation",
        "flag",
        "nation",
        "a_key",
        "b_key",
        "holder",
        "status",
        "expiry",
        "overlap_ha",
        "share_a_pct",
        "share_b_pct",
        "distance_m",
    ]
    headers = pair_headers()
    rows = []
    for pair in pairs:
        shown = pair_display(pair)
        rows.append([shown[c] for c in columns])
    numeric = {i for i, c in enumerate(columns) if c in NUMERIC_COLUMNS}
    return ReportTable(key, title, [headers[c] for c in columns], rows, numeric, empty, note)


def claim_group_table(result: OverlapResult, note: str = "") -> ReportTable:
    """Claims per Nation and holder: titles, those only near, hectares, company or third party."""
    rows = [
        [
            g.nation,
            g.holder,
            flag_label(r.FLAG_COMPANY_TITLE if g.company else r.FLAG_THIRD_PARTY_TITLE),
            str(g.titles),
            str(g.near_only),
            number(g.overlap_ha, 2),
        ]
        for g in claim_groups(result)
    ]
    return ReportTable(
        "claim_groups",
        tr("Claims per Nation and holder"),
        [
            tr("Nation"),
            tr("Title holder"),
            tr("Company or third party"),
            tr("Claims"),
            tr("Of which within distance only"),
            tr("Overlap (ha)"),
        ],
        rows,
        {3, 4, 5},
        tr("No claim touches or comes near an ancestral territory."),
        note,
    )


def nation_table(result: OverlapResult) -> ReportTable:
    """Summary per Nation."""
    rows = [
        [
            s.nation,
            role_label(s.role),
            str(s.touched),
            str(s.near_only),
            number(s.overlap_ha, 2),
        ]
        for s in nation_summary(result)
    ]
    return ReportTable(
        "nations",
        tr("Summary per Nation"),
        [
            tr("Nation"),
            tr("Feature type"),
            tr("Features touched"),
            tr("Of which within distance only"),
            tr("Overlap (ha)"),
        ],
        rows,
        {2, 3, 4},
        tr("No feature touches or comes near an ancestral territory."),
    )


def site_tables(result: OverlapResult) -> tuple[ReportTable, ReportTable]:
    """Per parcel / AOI: the overview (Nations to consult), then the titles on each."""
    overview, titles = [], []
    for site in sites(result):
        name = f"{role_label(site.ref.role)} {site.ref.key}"
        third = [t for t in site.titles if t.flag == r.FLAG_THIRD_PARTY_TITLE]
        overview.append(
            [
                name,
                number(site.ref.area_ha, 2),
                ", ".join(site.nations),
                str(len(site.titles)),
                str(len(third)),
            ]
        )
        for pair in site.titles:
            shown = pair_display(pair)
            titles.append(
                [
                    name,
                    shown["b_key"],
                    shown["holder"],
                    shown["status"],
                    shown["expiry"],
                    shown["overlap_ha"],
                    shown["share_a_pct"],
                    shown["flag"],
                ]
            )
    first = ReportTable(
        "sites",
        tr("Parcels and areas of interest"),
        [
            tr("Parcel or area"),
            tr("Area (ha)"),
            tr("Nations to consult"),
            tr("Titles on it"),
            tr("Third-party titles"),
        ],
        overview,
        {1, 3, 4},
        tr("No parcel or area of interest is part of a pair."),
    )
    second = ReportTable(
        "site_titles",
        tr("Mining titles on each parcel or area"),
        [
            tr("Parcel or area"),
            tr("Title"),
            tr("Title holder"),
            tr("Title status"),
            tr("Title expiry"),
            tr("Overlap (ha)"),
            tr("Share of the parcel or area (%)"),
            tr("Flag"),
        ],
        titles,
        {5, 6},
        tr("No mining title sits on a parcel or area of interest."),
    )
    return first, second


def issue_table(result: OverlapResult) -> ReportTable:
    """Features whose geometry was repaired or skipped."""
    rows = [
        [role_label(i.role), str(i.fid), i.key, action_label(i.action), i.reason]
        for i in result.issues
    ]
    return ReportTable(
        "issues",
        tr("Repaired and skipped features"),
        [tr("Feature type"), tr("Feature id"), tr("Key"), tr("Action"), tr("Reason")],
        rows,
        {1},
        tr("Every geometry was valid."),
    )


def input_table(result: OverlapResult) -> ReportTable:
    """The input layers: source, CRS, feature count, data date ("unknown" for claims whose
    register date could not be found)."""
    rows = [
        [
            role_label(i.role),
            i.name,
            i.source,
            i.crs,
            str(i.feature_count),
            tr("unknown") if i.role == CLAIMS and i.data_date is None else text(i.data_date),
        ]
        for i in result.inputs
    ]
    return ReportTable(
        "inputs",
        tr("Input layers"),
        [
            tr("Role"),
            tr("Layer"),
            tr("Source"),
            tr("CRS"),
            tr("Features"),
            tr("Date of the data"),
        ],
        rows,
        {4},
        tr("No input layer."),
    )


def settings_table(result: OverlapResult) -> ReportTable:
    """How the run was made: date, ellipsoid, sliver threshold and count, company holders."""
    rows = [
        [tr("Report date"), timestamp(result.created)],
        [tr("Ellipsoid for areas"), result.ellipsoid],
        [tr("CRS of the overlap geometries"), result.crs_authid],
        [tr("Sliver threshold (ha)"), number(result.sliver_threshold_ha, 4)],
        [tr("Sliver overlaps dropped"), str(result.slivers_dropped)],
        [tr("Company title holders"), "; ".join(result.company_holders)],
        [tr("Pairs found"), str(len(result.pairs))],
        [tr("Flagged pairs"), str(len(result.flagged()))],
    ]
    return ReportTable("settings", tr("Run"), [tr("Item"), tr("Value")], rows)


def consultation_table(consultation: ConsultationView) -> ReportTable:
    """Per site and Nation: what the consultation register holds, those needing attention
    first (no record yet, no contact in N days, an overlap that grew or is new since)."""
    return ReportTable(
        "consultation",
        tr("Consultation: flags that need attention first"),
        consultation.headers(),
        consultation.rows(),
        {3},
        tr("No Nation to consult."),
        tr("{count} of {total} sites need attention.").format(
            count=consultation.needing_attention(), total=len(consultation.items)
        ),
    )


def notes_table(consultation: ConsultationView) -> ReportTable:
    """The field notes crews brought back on the report's titles and parcels (register)."""
    rows = [
        [note.concerns, note.kind_label, note.observed, note.author, note.text]
        for note in consultation.notes
    ]
    return ReportTable(
        "field_notes",
        tr("Field notes on these titles and parcels"),
        [tr("Title or lot"), tr("Kind"), tr("Observed"), tr("Author"), tr("Note")],
        rows,
        set(),
        tr("No field note on these titles and parcels."),
        tr("Recorded in QField and imported from returned packs (the claim or lot each concerns)."),
    )


def contact_table(
    result: OverlapResult, consultation: ConsultationView | None = None
) -> ReportTable:
    """Record of contact, one row per Nation: filled from the register's events when there are
    some, else blank, to fill in by hand."""
    filled = consultation.contact_rows(nations(result)) if consultation else None
    if filled is not None:
        return ReportTable(
            "contact_record",
            tr("Record of contact"),
            [tr("Nation"), tr("Dates of contact"), tr("Concerns raised"), tr("Follow-up")],
            filled,
            set(),
            tr("No Nation to consult."),
            tr("From the consultation register: contacts, concerns and open commitments."),
        )
    rows = [[nation, "", "", ""] for nation in nations(result)]
    return ReportTable(
        "contact",
        tr("Record of contact"),
        [tr("Nation"), tr("Dates of contact"), tr("Concerns raised"), tr("Follow-up")],
        rows,
        set(),
        tr("No Nation to consult."),
        tr("To fill in: one row per Nation whose territory the run touched."),
    )


def report_tables(
    result: OverlapResult, consultation: ConsultationView | None = None
) -> list[ReportTable]:
    """Every table of the report, in reading order (with the consultation register's view,
    its table after the Nations and the record of contact filled from it)."""
    with gc_paused():  # a province's pairs are a million live objects: no cyclic GC walks
        return _report_tables(result, consultation)


def _report_tables(
    result: OverlapResult, consultation: ConsultationView | None
) -> list[ReportTable]:
    flagged = result.flagged()
    flagged_ids = {id(p) for p in flagged}
    others = [p for p in result.pairs if id(p) not in flagged_ids]
    sites_overview, site_titles = site_tables(result)
    flagged_note = groups_note = ""
    if claims_grouped(result):
        # Province scale (one rule for the HTML and the PDF): every parcel and area with the
        # titles on them (flagged or not) in their own table, their pairs with territories in
        # full, the claims' pairs grouped; each pair stays in the CSV and the flags layer.
        claim_pairs = sum(1 for p in result.pairs if p.kind == r.CLAIM_TERRITORY)
        elsewhere = (r.CLAIM_TERRITORY, r.PARCEL_CLAIM, r.AOI_CLAIM)
        flagged = [p for p in flagged if p.kind not in elsewhere]
        others = [p for p in others if p.kind not in elsewhere]
        flagged_note = tr(
            "Flagged pairs of parcels and areas of interest with the territories; the titles "
            "on them are in the table of mining titles on each parcel or area. The {count} "
            "claim × territory pairs are grouped per Nation and holder in the next table; each "
            "of them is in the CSV and in the flags layer."
        ).format(count=number(claim_pairs, 0))
        groups_note = tr(
            "Every claim × territory pair, one by one, is in the CSV and in the flags layer."
        )
    return [
        nation_table(result),
        *([consultation_table(consultation)] if consultation is not None else []),
        *([notes_table(consultation)] if consultation is not None else []),
        sites_overview,
        site_titles,
        _pairs_table("flagged", tr("Flagged pairs"), flagged, tr("No flagged pair."), flagged_note),
        claim_group_table(result, groups_note),
        _pairs_table("other_pairs", tr("Other pairs (no flag)"), others, tr("No other pair.")),
        issue_table(result),
        input_table(result),
        settings_table(result),
        contact_table(result, consultation),
    ]
