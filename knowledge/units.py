"""The closed set of units a figure may carry.

The design fixes the base units an answer's figures use; the knowledge base needs a few more for what the
source articles state (a salary per year, a price per labelled item, a Chinese electricity tariff, a plain
ratio such as PUE). Keeping both lists here means the loader, the calculators and the answer composer agree.
"""

ANSWER_UNITS: frozenset[str] = frozenset({
    "USD", "CNY", "EUR", "TWD", "HKD", "FLOP", "FLOP/s", "GPU-hour", "GPU", "hour", "day", "kWh", "MWh", "tCO2e",
    "kgCO2e", "kgCO2e/kWh", "W", "parameter", "token", "percent", "USD/GPU-hour", "USD/hour", "USD/kWh",
    "household-year", "month", "week",
})

KNOWLEDGE_EXTRA_UNITS: frozenset[str] = frozenset(
    {
        "USD/year",  # salaries
        "USD/item",  # price of one labelled example
        "CNY/kWh",  # Chinese electricity tariffs are quoted per kWh in yuan
        "CNY/USD",  # FX rates: units of the first currency per one of the second
        "EUR/USD",
        "TWD/USD",
        "HKD/USD",
        "kWh/year",  # annual household consumption
        "ratio",  # dimensionless multipliers: PUE, MFU as a fraction, overhead factors
        "year",
        "GB",  # accelerator memory, a model's state
        "byte/parameter",  # memory each parameter takes
        "byte/token",  # raw text each token stands for
        "TB/s",  # memory bandwidth
        "L",  # water
    }
)

KNOWLEDGE_UNITS: frozenset[str] = ANSWER_UNITS | KNOWLEDGE_EXTRA_UNITS
