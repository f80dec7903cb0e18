"""What the model calls cost, in yen (issue 29 item 5): the stored tokens of each article priced by
the model that made them.

Prices per million tokens, in US dollars, read 2026-11-30 with the search tool:
- Claude Sonnet 5.5 (`claude-sonnet-5-5`): input $2, output $10, 5-minute cache write $2.50; the
  Message Batches API halves input and output (platform.claude.com/docs/en/models/sonnet-5-5/overview,
  "Pricing"). Cache read $0.10 (0.05 × input): Anthropic's Sonnet 5.5 migration guide
  (platform.claude.com/docs/{ja,zh-CN,ko}/models/sonnet-5-5/migration-guide: cache reads cost half
  of Sonnet 5's $0.20), and price tables checked against the pricing page that date the cut
  2026-10-07 (github.com/kurofune/claudit v1.9.2, TheKrush/PromptFuel v1.0.23,
  rossoctl/context-guru v0.6.5). The stored copy of the overview page still says $0.20: older
  than the cut.
- Claude Haiku 5.5 (`claude-haiku-5-5`, the claim check): from $0.10 input, $0.50 output, cache read
  $0.01 for prompts up to 100k tokens (platform.claude.com/docs/en/models/haiku-5-5/overview; the
  cache-write price is not on that page: input × 1.25, the ratio every other model has).
An operator overrides or adds models with HOROLOGEN_MODEL_PRICES (JSON: {"model": {"input": 2,
"output": 10, "cache_write": 2.5, "cache_read": 0.1, "batch_discount": 0.5}}) and the exchange
rate with HOROLOGEN_YEN_PER_USD (default 150). Figures are estimates, not the invoice.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from horologen import config


@dataclass(frozen=True)
class ModelPrice:
    """US dollars per million tokens."""

    input: Decimal
    output: Decimal
    cache_write: Decimal
    cache_read: Decimal
    batch_discount: Decimal = Decimal("0.5")  # the Message Batches API's price factor


READ_ON = "2026-11-30"
PRICES: dict[str, ModelPrice] = {
    "claude-sonnet-5-5": ModelPrice(Decimal("2"), Decimal("10"), Decimal("2.5"), Decimal("0.1")),
    "claude-haiku-5-5": ModelPrice(Decimal("0.1"), Decimal("0.5"), Decimal("0.125"), Decimal("0.01")),
}


@dataclass(frozen=True)
class Tokens:
    """One call's tokens as the API reports them (input excludes the cached part)."""

    input: int = 0
    output: int = 0
    cache_write: int = 0
    cache_read: int = 0


def price_for(model: str) -> ModelPrice | None:
    """The price of `model` (an operator's override first; a dated id such as
    `claude-sonnet-5-5-20261001` takes its family's price), or None when unknown."""
    overrides = {
        name: ModelPrice(
            Decimal(str(p["input"])), Decimal(str(p["output"])),
            Decimal(str(p.get("cache_write", p["input"] * 1.25))), Decimal(str(p.get("cache_read", p["input"] * 0.1))),
            Decimal(str(p.get("batch_discount", 0.5))),
        )
        for name, p in config.get_settings().model_prices.items()
    }  # fmt: skip
    prices = {**PRICES, **overrides}
    if model in prices:
        return prices[model]
    return next((price for name, price in prices.items() if model.startswith(name + "-")), None)


def usd(model: str, tokens: Tokens, *, batch: bool = False) -> Decimal | None:
    """Dollars for one call's tokens; None when the model's price is unknown."""
    price = price_for(model)
    if price is None:
        return None
    factor = price.batch_discount if batch else Decimal(1)
    total = (
        Decimal(tokens.input) * price.input * factor
        + Decimal(tokens.output) * price.output * factor
        + Decimal(tokens.cache_write) * price.cache_write
        + Decimal(tokens.cache_read) * price.cache_read
    )
    return total / Decimal(1_000_000)


def yen(dollars: Decimal) -> Decimal:
    """Dollars at the configured rate (HOROLOGEN_YEN_PER_USD)."""
    return dollars * Decimal(str(config.get_settings().yen_per_usd))


def article_yen(article: object) -> Decimal:
    """An article's cost in yen: its generation (half price for a bulk batch), its claim check and
    its 「短くする」 rewrites. A model with no known price counts 0 (and the page says so)."""
    model = str(getattr(article, "response_model", "") or getattr(article, "model", "") or "")
    generation = usd(
        model,
        Tokens(
            int(getattr(article, "input_tokens", 0) or 0),
            int(getattr(article, "output_tokens", 0) or 0),
            int(getattr(article, "cache_creation_input_tokens", 0) or 0),
            int(getattr(article, "cache_read_input_tokens", 0) or 0),
        ),
        batch=getattr(article, "source", "") == "bulk",
    )
    check = usd(
        str(getattr(article, "claim_model", "") or ""),
        Tokens(
            int(getattr(article, "claim_input_tokens", 0) or 0), int(getattr(article, "claim_output_tokens", 0) or 0)
        ),
    )
    rewrite = usd(
        model,
        Tokens(
            int(getattr(article, "rewrite_input_tokens", 0) or 0),
            int(getattr(article, "rewrite_output_tokens", 0) or 0),
        ),
    )
    return yen(sum((part or Decimal(0) for part in (generation, check, rewrite)), Decimal(0)))


def yen_label(amount: Decimal) -> str:
    """「約 12.3 円」: yen with one decimal under 100, whole yen above."""
    return f"約 {amount:,.1f} 円" if amount < 100 else f"約 {amount:,.0f} 円"
