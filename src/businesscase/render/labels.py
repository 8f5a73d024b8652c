"""The fixed words of every output, in Danish and English. Line names come from the case."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Labels:
    amounts: str
    total: str
    net: str
    cumulative: str
    drawn: str
    repayment: str
    balance: str
    key_figures: str
    break_even: str
    payback: str
    payback_period: str
    years: str
    pool_repaid: str
    not_repaid: str
    total_net: str
    total_drawn: str
    total_repaid: str
    not_reached: str
    warnings: str
    count_x_price: str
    rounding: str
    kr: str


DA = Labels(
    amounts="Kr.",
    total="I alt",
    net="Samlet varig ændring",
    cumulative="Akkumuleret",
    drawn="Træk på {pool}",
    repayment="Tilbagebetaling til {pool}",
    balance="Restgæld til {pool}",
    key_figures="Nøgletal",
    break_even="Break-even-år (første år med netto ≥ 0)",
    payback="Tilbagebetalingsår (akkumuleret ≥ 0 herefter)",
    payback_period="Tilbagebetalingstid",
    years="{n} år",
    pool_repaid="{pool} tilbagebetalt",
    not_repaid="ikke i perioden; restgæld {amount}",
    total_net="Samlet netto over perioden",
    total_drawn="Trukket på {pool} i alt",
    total_repaid="Tilbagebetalt i alt",
    not_reached="ikke nået i perioden",
    warnings="Advarsler",
    count_x_price="antal × enhedspris",
    kr="{amount} kr.",
    rounding="Afrunding: de viste linjer giver {shown} i {year}; det præcise resultat afrundet er {exact}",
)

EN = Labels(
    amounts="DKK",
    total="Total",
    net="Net change",
    cumulative="Cumulative",
    drawn="Drawn from {pool}",
    repayment="Repayment to {pool}",
    balance="Owed to {pool}",
    key_figures="Key figures",
    break_even="Break-even year (first year with net ≥ 0)",
    payback="Payback year (cumulative ≥ 0 from then on)",
    payback_period="Payback period",
    years="{n} years",
    pool_repaid="{pool} repaid",
    not_repaid="not within the period; {amount} still owed",
    total_net="Total net over the period",
    total_drawn="Drawn from {pool} in total",
    total_repaid="Repaid in total",
    not_reached="not reached in the period",
    warnings="Warnings",
    count_x_price="count × unit cost",
    kr="DKK {amount}",
    rounding="Rounding: the shown lines give {shown} in {year}; the exact result rounded is {exact}",
)


def labels(language: str) -> Labels:
    return DA if language == "da" else EN
