"""The fixed words of every output, in Danish and English. Line names come from the case."""

# No ``from __future__ import annotations`` here: a named tuple's field types are read when
# its class is made, and each one written as a string is compiled then, on every command.

from typing import NamedTuple

from ..fmt import style


class Labels(NamedTuple):
    """The words of one language; ``{pool}``, ``{year}`` … are filled in where shown."""

    language: str
    amounts: str
    total: str
    net: str
    cumulative: str
    drawn: str
    repayment: str
    balance: str
    interest: str
    written_off: str
    principal: str
    recycled: str
    not_repaid_written_off: str
    key_figures: str
    break_even: str
    payback: str
    payback_period: str
    payback_inclusive: str
    payback_after: str
    years: str
    pool_repaid: str
    not_repaid: str
    total_net: str
    total_drawn: str
    total_repaid: str
    not_reached: str
    warnings: str
    count_x_price: str
    one_off: str
    rounding: str
    rounding_total: str
    kr: str
    all_departments: str
    grant: str
    own_net: str
    total_own_net: str
    npv: str
    prices_note: str
    activities: str
    unit: str
    a_year: str
    average_a_year: str
    assumptions: str
    spread_note: str
    parameter_note: str
    reconciled: str
    not_reconciled: str
    rec_columns: tuple[str, ...]
    unexplained: str
    no_money: str
    figure_names: dict[str, str]
    csv_department: str
    amounts_at: str
    amounts_tkr: str
    kr_tkr: str
    tkr_note: str
    own_cumulative: str
    csv_name: str
    csv_group: str
    csv_value: str
    csv_activity: str
    reconciliation: str
    chart_cumulative: str
    chart_band: str
    year_table: str


DA = Labels(
    language="da",
    amounts="Kr.",
    total="I alt",
    net="Samlet varig ændring",
    cumulative="Akkumuleret",
    drawn="Træk på {pool}",
    repayment="Tilbagebetaling til {pool}",
    balance="Restgæld til {pool}",
    interest="Renter til {pool}",
    written_off="Afskrevet af {pool}",
    principal="Hovedstol til {pool}",
    recycled="Genanvendt til {pool}",
    not_repaid_written_off="ikke tilbagebetalt; {amount} afskrevet",
    key_figures="Nøgletal",
    break_even="Break-even-år (første år med netto ≥ 0)",
    payback="Tilbagebetalingsår (akkumuleret ≥ 0 herefter)",
    payback_period="Tilbagebetalingstid",
    payback_inclusive="{n} år ({first} til og med {last})",
    payback_after="{n} år (efter {first}, til og med {last})",
    years="{n} år",
    pool_repaid="{pool} tilbagebetalt",
    not_repaid="ikke i perioden; restgæld {amount}",
    total_net="Samlet netto over perioden",
    total_drawn="Trukket på {pool} i alt",
    total_repaid="Tilbagebetalt i alt",
    not_reached="ikke nået i perioden",
    warnings="Advarsler",
    count_x_price="antal × enhedspris",
    one_off="engangs",
    kr="{amount} kr.",
    rounding="Afrundingsdifference: de viste rækker giver {shown} i {year}; det præcise resultat afrundet er {exact}",
    rounding_total="Afrundingsdifference: de viste år i '{row}' giver {cells}; det præcise i alt afrundet er {total}",
    all_departments="Alle forvaltninger samlet",
    grant="Tilskud: {name}",
    own_net="Egen netto efter finansiering",
    total_own_net="Egen netto efter finansiering i alt",
    npv="Nutidsværdi af netto ({rates}; basisår {base})",
    prices_note="Beløb i {year}-priser, omregnet fra {base}-priser med {index}",
    activities="Aktiviteter",
    unit="Enhed",
    a_year="{n} pr. år",
    average_a_year="gns. {n} pr. år",
    assumptions="Forudsætninger (tal der ikke står i dokumentet)",
    spread_note="{name}: {amount} fordelt jævnt over {years}; dokumentet angiver kun beløbet for hele perioden",
    parameter_note="{name} = {value}{unit}: {text}",
    reconciled="Afstemning: alle {n} tal fra {sources} stemmer med beregningen.",
    not_reconciled="Tal i dokumentet der ikke stemmer med beregningen ({m} af {n})",
    rec_columns=("Kilde", "Række", "År", "Dokumentet", "Beregnet", "Forskel", "Forklaring"),
    unexplained="ikke forklaret i casen",
    no_money="Casen indeholder ingen beløb, kun aktiviteter.",
    figure_names={
        "break_even_year": "Break-even-år",
        "payback_year": "Tilbagebetalingsår",
        "payback_period": "Tilbagebetalingstid (år)",
        "pool_repaid_year": "Puljen tilbagebetalt",
        "total_drawn": "Trukket på puljen i alt",
        "total_repaid": "Tilbagebetalt i alt",
        "net": "Samlet varig ændring",
        "cumulative": "Akkumuleret",
        "drawn": "Træk på puljen",
        "repayment": "Tilbagebetaling",
        "pool_balance": "Restgæld",
        "grants": "Tilskud i alt",
        "own_net": "Egen netto efter finansiering",
    },
    csv_department="Forvaltning",
    amounts_at="Kr., {year}-priser",
    amounts_tkr="1.000 kr., {year}-priser",
    kr_tkr="{amount} t.kr.",
    tkr_note="Beløb i 1.000 kr.: hvert tal er det præcise beløb afrundet for sig (halvt op), så de viste linjer kan afvige fra de viste totaler med en afrunding.",
    own_cumulative="Egen netto akkumuleret",
    csv_name="Navn",
    csv_group="Gruppe",
    csv_value="Værdi",
    csv_activity="Aktivitet",
    reconciliation="Afstemning med dokumentet",
    chart_cumulative="Akkumuleret netto",
    chart_band="P10-P90 af akkumuleret netto ({draws} træk, frø {seed})",
    year_table="År for år",
)

EN = Labels(
    language="en",
    amounts="DKK",
    total="Total",
    net="Net change",
    cumulative="Cumulative",
    drawn="Drawn from {pool}",
    repayment="Repayment to {pool}",
    balance="Owed to {pool}",
    interest="Interest to {pool}",
    written_off="Written off by {pool}",
    principal="Principal owed to {pool}",
    recycled="Recycled to {pool}",
    not_repaid_written_off="not repaid; {amount} written off",
    key_figures="Key figures",
    break_even="Break-even year (first year with net ≥ 0)",
    payback="Payback year (cumulative ≥ 0 from then on)",
    payback_period="Payback period",
    payback_inclusive="{n} years ({first} to {last}, both included)",
    payback_after="{n} years (after {first}, up to {last})",
    years="{n} years",
    pool_repaid="{pool} repaid",
    not_repaid="not within the period; {amount} still owed",
    total_net="Total net over the period",
    total_drawn="Drawn from {pool} in total",
    total_repaid="Repaid in total",
    not_reached="not reached in the period",
    warnings="Warnings",
    count_x_price="count × unit cost",
    one_off="one-off",
    kr="DKK {amount}",
    rounding="Rounding difference: the shown rows give {shown} in {year}; the exact result rounded is {exact}",
    rounding_total="Rounding difference: the shown years of '{row}' give {cells}; the exact total rounded is {total}",
    all_departments="All departments combined",
    grant="Grant: {name}",
    own_net="Own net after funding",
    total_own_net="Own net after funding, total",
    npv="Net present value of the net ({rates}; base year {base})",
    prices_note="Amounts in {year} prices, restated from {base} prices with {index}",
    activities="Activities",
    unit="Unit",
    a_year="{n} a year",
    average_a_year="avg. {n} a year",
    assumptions="Assumptions (figures not in the document)",
    spread_note="{name}: {amount} spread evenly over {years}; the document gives only the amount for the whole period",
    parameter_note="{name} = {value}{unit}: {text}",
    reconciled="Reconciliation: all {n} figures from {sources} agree with the computed ones.",
    not_reconciled="Figures in the document that do not agree with the computed ones ({m} of {n})",
    rec_columns=("Source", "Row", "Year", "Document", "Computed", "Difference", "Explanation"),
    unexplained="not explained in the case",
    no_money="The case has no amounts, only activities.",
    figure_names={
        "break_even_year": "Break-even year",
        "payback_year": "Payback year",
        "payback_period": "Payback period (years)",
        "pool_repaid_year": "Pool repaid",
        "total_drawn": "Drawn from the pool in total",
        "total_repaid": "Repaid in total",
        "net": "Net change",
        "cumulative": "Cumulative",
        "drawn": "Drawn from the pool",
        "repayment": "Repayment",
        "pool_balance": "Owed to the pool",
        "grants": "Grants in total",
        "own_net": "Own net after funding",
    },
    csv_department="Department",
    amounts_at="DKK, {year} prices",
    amounts_tkr="DKK 1,000, {year} prices",
    kr_tkr="DKK {amount} thousand",
    tkr_note="Amounts in DKK 1,000: each figure is its exact amount rounded on its own (half up), so shown lines may differ from shown totals by a rounding.",
    own_cumulative="Own net after funding, cumulative",
    csv_name="Name",
    csv_group="Group",
    csv_value="Value",
    csv_activity="Activity",
    reconciliation="Reconciliation with the document",
    chart_cumulative="Cumulative net",
    chart_band="P10-P90 of the cumulative net ({draws} draws, seed {seed})",
    year_table="Year by year",
)


def labels(language: str) -> Labels:
    """The words of ``language``; amounts named in the currency shown now
    (:func:`businesscase.fmt.currency`), kroner by default."""
    words = DA if language == "da" else EN
    current = style()
    if current is None:
        return words
    sign = current.symbol
    thousand = current.with_sign("1" + current.group + "000")
    if words is DA:
        return words._replace(
            amounts=sign,
            kr=current.with_sign("{amount}"),
            amounts_at=f"{sign}, {{year}}-priser",
            amounts_tkr=f"{thousand}, {{year}}-priser",
            kr_tkr=current.with_sign("{amount}") + " (1.000)",
            tkr_note=f"Beløb i {thousand}: hvert tal er det præcise beløb afrundet for sig "
            "(halvt op), så de viste linjer kan afvige fra de viste totaler med en afrunding.",
        )
    return words._replace(
        amounts=sign,
        kr=current.with_sign("{amount}"),
        amounts_at=f"{sign}, {{year}} prices",
        amounts_tkr=f"{thousand}, {{year}} prices",
        kr_tkr=current.with_sign("{amount}") + " thousand",
        tkr_note=f"Amounts in {thousand}: each figure is its exact amount rounded on its own "
        "(half up), so shown lines may differ from shown totals by a rounding.",
    )
