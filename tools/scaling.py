"""Chinchilla-optimal sizing: the model and data a compute budget should buy, and what a dollar budget buys."""

from __future__ import annotations

import sympy as sp

from knowledge.loader import KnowledgeBase
from knowledge.schema import Accelerator
from tools.compute import HOURS as GPU_HOURS_FORMULA
from tools.compute import PARAMS as MODEL_PARAMS
from tools.compute import TOKENS as TRAINED_TOKENS
from tools.compute import from_user
from tools.errors import MissingInputError
from tools.formula import Formula, Value, Var
from tools.hardware import latest_price, peak, resolve
from tools.inputs import Inputs
from tools.result import CalcResult, Input, Text
from tools.variables import GPU_HOURS, PRICE_PER_GPU_HOUR

FLOP = Var("flop", "FLOP", "compute budget")
RATIO = Var("tokens_per_param", "ratio", "tokens per parameter")
PARAMS = Var("params", "parameter", "compute-optimal parameters")
TOKENS = Var("tokens", "token", "compute-optimal tokens")
# C = 6·N·D with D = r·N  ⇒  N = sqrt(C / 6r)  (Hoffmann et al. 2022 found r ≈ 20).
OPTIMAL_PARAMS = Formula("chinchilla_params", PARAMS, sp.sqrt(FLOP.symbol / (6 * RATIO.symbol)), [FLOP, RATIO],
                         "√({flop} ÷ (6 · {tokens_per_param}))")
OPTIMAL_TOKENS = Formula("chinchilla_tokens", TOKENS, RATIO.symbol * PARAMS.symbol, [RATIO, PARAMS],
                         "{tokens_per_param} · {params}", {"params": "{tokens} ÷ {tokens_per_param}"})

PER_PARAM = Var("tokens_per_param", "token/parameter", "tokens per parameter")  # a count, never a percentage
TOKENS_PER_PARAM = Formula("tokens_per_parameter", PER_PARAM, TRAINED_TOKENS.symbol / MODEL_PARAMS.symbol,
                           [TRAINED_TOKENS, MODEL_PARAMS], "{tokens} ÷ {params}")
MULTIPLE = Var("optimal_multiple", "times", "times the compute-optimal tokens")
PAST_OPTIMAL = Formula("past_optimal", MULTIPLE, TRAINED_TOKENS.symbol / (RATIO.symbol * MODEL_PARAMS.symbol),
                       [TRAINED_TOKENS, RATIO, MODEL_PARAMS], "{tokens} ÷ ({tokens_per_param} · {params})")

TRAINING_ONLY = ("Compute-optimal for training cost only; models meant for heavy inference are often trained on "
                 "far more tokens per parameter.",
                 "这是仅就训练成本而言的最优配比;需要大量推理的模型通常用远多于此的token训练。")

BUDGET = Var("budget", "USD", "budget")
AFFORDABLE_HOURS = Formula("affordable_hours", GPU_HOURS, BUDGET.symbol / PRICE_PER_GPU_HOUR.symbol,
                           [BUDGET, PRICE_PER_GPU_HOUR], "{budget} ÷ {price_per_gpu_hour}")
AFFORDABLE_PRICE = Formula("affordable_price", PRICE_PER_GPU_HOUR, BUDGET.symbol / GPU_HOURS.symbol,
                           [BUDGET, GPU_HOURS], "{budget} ÷ {gpu_hours}")


def chinchilla_optimal(flop: float | None = None, budget: float | None = None, gpu: str | None = None,
                       price_per_gpu_hour: float | None = None, mfu: float | None = None,
                       tokens_per_param: float | None = None, tokens: float | None = None,
                       kb: KnowledgeBase | None = None) -> CalcResult:
    """Compute-optimal model size (and tokens) for a FLOP budget, for a dollar budget on rented hardware, or
    for the training data at hand.

    Args:
        flop: compute budget in FLOP; or give budget (USD) with gpu, or the tokens of data.
        tokens: training tokens available (e.g. 4e12): the size they train compute-optimally.
        budget: dollar budget in USD for renting accelerators.
        gpu: accelerator name or alias (for a dollar budget).
        price_per_gpu_hour: rental price in USD per accelerator-hour; default the latest price on file.
        mfu: model FLOPs utilisation as a fraction; default 0.375 (range 0.30-0.50).
        tokens_per_param: training tokens per parameter; default 20 (Chinchilla).
    """
    inp = Inputs(kb)
    steps: list[str] = []
    if flop is None and budget is None and tokens is not None:
        inp.user("tokens", tokens)
        inp.user_or_default("tokens_per_param", tokens_per_param, "chinchilla-tokens-per-param")
        n = OPTIMAL_TOKENS.solve("params", inp.values)
        inp.assume(*TRAINING_ONLY)
        return CalcResult("chinchilla_optimal", Text("compute-optimal parameters", "算力最优参数量"), n.value,
                          "parameter", f"params = {OPTIMAL_TOKENS.written('params')}", OPTIMAL_TOKENS.latex,
                          dict(inp.recorded), [n.step], list(inp.assumptions), n.low, n.high,
                          {"params": n.value, "tokens": tokens})
    if flop is not None:
        inp.user("flop", flop)
    elif budget is not None:
        if gpu is None:
            raise MissingInputError("gpu", "the accelerator to rent with the budget", "用预算租用的加速卡型号")
        acc = resolve(gpu, inp.kb)
        inp.user("budget", budget)
        _price(inp, acc, price_per_gpu_hour)
        hours = AFFORDABLE_HOURS.solve("gpu_hours", inp.values)
        steps.append(hours.step)
        inp.values["gpu_hours"] = Value(hours.value)
        inp.sourced("peak_flops", peak(acc), f"{acc.name} dense BF16 peak")
        inp.user_or_default("mfu", mfu, "mfu")
        inp.fixed("goodput", 1.0, "ratio", "share of wall-clock time spent training", "default")
        compute = GPU_HOURS_FORMULA.solve("flop", inp.values)
        steps.append(compute.step)
        inp.values["flop"] = Value(compute.value, compute.low, compute.high)
        inp.recorded["flop"] = Input(compute.value, "FLOP", "calculation", "compute budget",
                                     low=compute.low, high=compute.high)
    else:
        raise MissingInputError("flop", "a compute budget in FLOP, or a dollar budget and an accelerator",
                                "算力预算(FLOP),或美元预算与加速卡型号")
    inp.user_or_default("tokens_per_param", tokens_per_param, "chinchilla-tokens-per-param")
    n = OPTIMAL_PARAMS.solve("params", inp.values)
    inp.values["params"] = Value(n.value, n.low, n.high)
    d = OPTIMAL_TOKENS.solve("tokens", inp.values)
    inp.assume(*TRAINING_ONLY)
    return CalcResult("chinchilla_optimal", Text("compute-optimal parameters", "算力最优参数量"), n.value,
                      "parameter", f"{OPTIMAL_PARAMS.text} ; {OPTIMAL_TOKENS.text}", OPTIMAL_PARAMS.latex,
                      dict(inp.recorded), [*steps, n.step, d.step], list(inp.assumptions), n.low, n.high,
                      {"params": n.value, "tokens": d.value})


def chinchilla_tokens(params: float, tokens_per_param: float | None = None,
                      kb: KnowledgeBase | None = None) -> CalcResult:
    """Compute-optimal training tokens for a model of a given size: tokens per parameter × parameters.

    Args:
        params: model size in parameters (the active parameters of a mixture-of-experts model).
        tokens_per_param: training tokens per parameter; default 20 (Chinchilla).
    """
    inp = Inputs(kb)
    inp.user("params", params)
    inp.user_or_default("tokens_per_param", tokens_per_param, "chinchilla-tokens-per-param")
    d = OPTIMAL_TOKENS.solve("tokens", inp.values)
    inp.assume(*TRAINING_ONLY)
    return CalcResult("chinchilla_tokens", Text("compute-optimal training tokens", "算力最优训练token数"), d.value,
                      "token", OPTIMAL_TOKENS.text, OPTIMAL_TOKENS.latex, dict(inp.recorded), [d.step],
                      list(inp.assumptions), d.low, d.high)


def tokens_per_param(tokens: float, params: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """Training tokens per parameter of a run: tokens ÷ parameters (Chinchilla-optimal is about 20).

    Args:
        tokens: training tokens (e.g. 2e12).
        params: model size in parameters (e.g. 7e9).
    """
    return from_user("tokens_per_param", Text("tokens per parameter", "每参数token数"), TOKENS_PER_PARAM,
                     "tokens_per_param", "token/parameter", kb, tokens=tokens, params=params)


def past_optimal(tokens: float, params: float, tokens_per_param: float | None = None,
                 kb: KnowledgeBase | None = None) -> CalcResult:
    """How many times the compute-optimal tokens a run was trained on: tokens ÷ (tokens per parameter × params).

    Args:
        tokens: training tokens of the run (e.g. 15e12).
        params: model size in parameters (e.g. 8e9).
        tokens_per_param: compute-optimal tokens per parameter; default 20 (Chinchilla).
    """
    inp = Inputs(kb)
    inp.user("tokens", tokens)
    inp.user("params", params)
    inp.user_or_default("tokens_per_param", tokens_per_param, "chinchilla-tokens-per-param")
    r = PAST_OPTIMAL.solve("optimal_multiple", inp.values)
    inp.assume(*TRAINING_ONLY)
    return CalcResult("past_optimal", Text("times the compute-optimal tokens", "相当于算力最优token数的倍数"), r.value,
                      "times", PAST_OPTIMAL.text, PAST_OPTIMAL.latex, dict(inp.recorded), [r.step],
                      list(inp.assumptions), r.low, r.high)


def affordable_gpu_hours(budget: float, price_per_gpu_hour: float | None = None, gpu: str | None = None,
                         kb: KnowledgeBase | None = None) -> CalcResult:
    """Accelerator-hours a dollar budget rents: budget ÷ price per GPU-hour.

    Args:
        budget: dollar budget in USD.
        price_per_gpu_hour: rental price in USD per GPU-hour; or give gpu for its price on file.
        gpu: accelerator name or alias, whose latest rental price is used when no price is given.
    """
    inp = Inputs(kb)
    inp.user("budget", budget)
    if price_per_gpu_hour is None and gpu is None:
        raise MissingInputError("price_per_gpu_hour", "the rental price per GPU-hour, or the accelerator to rent",
                                "每卡时租金,或要租用的加速卡型号")
    _price(inp, resolve(gpu, inp.kb) if price_per_gpu_hour is None else None, price_per_gpu_hour)
    ev = AFFORDABLE_HOURS.solve("gpu_hours", inp.values)
    return CalcResult("affordable_gpu_hours", Text("GPU-hours the budget rents", "预算可租的GPU卡时"), ev.value,
                      "GPU-hour", AFFORDABLE_HOURS.text, AFFORDABLE_HOURS.latex, dict(inp.recorded), [ev.step],
                      list(inp.assumptions), ev.low, ev.high)


def affordable_price(budget: float, gpu_hours: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """The highest rental price per GPU-hour a budget pays for a run's GPU-hours: budget ÷ GPU-hours.

    Args:
        budget: dollar budget in USD.
        gpu_hours: accelerator-hours the run needs.
    """
    inp = Inputs(kb)
    inp.user("budget", budget)
    inp.user("gpu_hours", gpu_hours)
    ev = AFFORDABLE_PRICE.solve("price_per_gpu_hour", inp.values)
    return CalcResult("affordable_price", Text("highest price per GPU-hour the budget pays",
                                               "预算能承受的最高每卡时租金"), ev.value, "USD/GPU-hour",
                      AFFORDABLE_PRICE.text, AFFORDABLE_PRICE.latex, dict(inp.recorded), [ev.step],
                      list(inp.assumptions), ev.low, ev.high)


def _price(inp: Inputs, acc: Accelerator | None, price_per_gpu_hour: float | None) -> None:
    """The user's rental price, else the accelerator's latest price on file (cited, and said)."""
    if price_per_gpu_hour is not None or acc is None:
        inp.user("price_per_gpu_hour", price_per_gpu_hour)
        return
    point = latest_price(acc.rental_prices)
    if point is None:
        raise MissingInputError("price_per_gpu_hour", f"the rental price of {acc.name}", f"{acc.name}的租金")
    inp.fixed("price_per_gpu_hour", point.value, point.unit, f"{acc.name} rental price", point.source)
    inp.assume(f"{acc.name} rents for USD {point.value:g}/GPU-hour ({point.date}) [{point.source}].",
               f"{acc.name}租金按每卡时{point.value:g}美元({point.date})[{point.source}]。")
