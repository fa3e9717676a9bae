"""Training compute and time: FLOPs from model and data size, then accelerator-hours, days and GPU counts."""

from __future__ import annotations

import math

from knowledge.loader import KnowledgeBase
from tools.errors import InputError, MissingInputError
from tools.formula import Formula, Value, Var, fmt
from tools.hardware import peak, resolve
from tools.inputs import Inputs
from tools.result import CalcResult, Input, Text, non_finite
from tools.variables import GPU_HOURS, GPUS

FLOP = Var("flop", "FLOP", "training compute")
PARAMS = Var("params", "parameter", "parameters (active per token for MoE)")
TOKENS = Var("tokens", "token", "training tokens")
LAYERS = Var("layers", "layer", "layers")
SEQ = Var("seq_len", "token", "sequence length")
WIDTH = Var("d_model", "dimension", "model width")
PEAK = Var("peak_flops", "FLOP/s", "dense peak FLOP/s per accelerator")
MFU = Var("mfu", "ratio", "model FLOPs utilisation")
GOODPUT = Var("goodput", "ratio", "share of wall-clock time spent training")
DAYS = Var("days", "day", "wall-clock days")

P, N, D = PEAK.symbol, PARAMS.symbol, TOKENS.symbol
# Forward + backward pass cost 6 FLOP per parameter per token (Kaplan et al.; Transformer Math 101).
DENSE_FLOP = Formula("training_flop", FLOP, 6 * N * D, [PARAMS, TOKENS], "6 · {params} · {tokens}",
                     {"params": "{flop} ÷ (6 · {tokens})", "tokens": "{flop} ÷ (6 · {params})"})
# The same plus the attention term 6·L·S·d per token that 6ND leaves out (grows with context length).
ATTENTION_FLOP = Formula(
    "training_flop_with_attention", FLOP, 6 * N * D + 6 * LAYERS.symbol * SEQ.symbol * WIDTH.symbol * D,
    [PARAMS, TOKENS, LAYERS, SEQ, WIDTH], "6 · {params} · {tokens} + 6 · {layers} · {seq_len} · {d_model} · {tokens}",
)
_rate = P * MFU.symbol * GOODPUT.symbol
HOURS = Formula("gpu_hours", GPU_HOURS, FLOP.symbol / (3600 * _rate), [FLOP, PEAK, MFU, GOODPUT],
                "{flop} ÷ ({peak_flops} · {mfu} · {goodput} · 3600)",
                {"flop": "{gpu_hours} · 3600 · {peak_flops} · {mfu} · {goodput}"})
SCHEDULE = Formula("schedule", DAYS, FLOP.symbol / (86400 * GPUS.symbol * _rate), [FLOP, GPUS, PEAK, MFU, GOODPUT],
                   "{flop} ÷ ({gpus} · {peak_flops} · {mfu} · {goodput} · 86400)",
                   {"gpus": "{flop} ÷ ({days} · {peak_flops} · {mfu} · {goodput} · 86400)",
                    "mfu": "{flop} ÷ ({days} · {gpus} · {peak_flops} · {goodput} · 86400)"})
WALL_CLOCK = Formula("wall_clock_days", DAYS, GPU_HOURS.symbol / (24 * GPUS.symbol), [GPU_HOURS, GPUS],
                     "{gpu_hours} ÷ ({gpus} · 24)", {"gpus": "{gpu_hours} ÷ ({days} · 24)",
                                                     "gpu_hours": "{gpus} · {days} · 24"})
IDEAL_DAYS = Var("ideal_days", "day", "days with no time lost")
STRETCHED = Formula("stretched_days", DAYS, IDEAL_DAYS.symbol / GOODPUT.symbol, [IDEAL_DAYS, GOODPUT],
                    "{ideal_days} ÷ {goodput}", {"ideal_days": "{days} · {goodput}"})
IDEAL_HOURS = Var("ideal_gpu_hours", "GPU-hour", "GPU-hours with no time lost")
STRETCHED_HOURS = Formula("stretched_gpu_hours", GPU_HOURS, IDEAL_HOURS.symbol / GOODPUT.symbol, [IDEAL_HOURS, GOODPUT],
                          "{ideal_gpu_hours} ÷ {goodput}")
# failures and restarts stretch the calendar: only a goodput share of wall-clock time trains
WALL_CLOCK_GOODPUT = Formula("wall_clock_days_goodput", DAYS, GPU_HOURS.symbol / (24 * GPUS.symbol * GOODPUT.symbol),
                             [GPU_HOURS, GPUS, GOODPUT], "{gpu_hours} ÷ ({gpus} · 24 · {goodput})",
                             {"gpus": "{gpu_hours} ÷ ({days} · 24 · {goodput})"})
ACHIEVED_MFU = Formula("mfu_from_run", MFU, FLOP.symbol / (3600 * GPU_HOURS.symbol * P), [FLOP, GPU_HOURS, PEAK],
                       "{flop} ÷ ({gpu_hours} · 3600 · {peak_flops})")
EXAMPLES = Var("examples", "item", "training examples")
ITEM_TOKENS = Var("item_tokens", "token", "tokens per example")
EPOCHS = Var("epochs", "pass", "passes over the data")
DATASET_TOKENS = Formula("dataset_tokens", TOKENS, EXAMPLES.symbol * ITEM_TOKENS.symbol * EPOCHS.symbol,
                         [EXAMPLES, ITEM_TOKENS, EPOCHS], "{examples} · {item_tokens} · {epochs}")
STEPS = Var("steps", "step", "optimizer steps")
BATCH = Var("batch_size", "sequence", "sequences per step (global batch)")
SEQ_TOKENS = Var("seq_tokens", "token", "tokens per sequence")
BATCH_TOKENS = Var("batch_tokens", "token", "tokens per step")
STEP_SECONDS = Var("step_seconds", "second", "seconds per step")
STEP_DAYS = Formula("step_days", DAYS, STEPS.symbol * STEP_SECONDS.symbol / 86400, [STEPS, STEP_SECONDS],
                    "{steps} · {step_seconds} ÷ 86400", {"steps": "{days} · 86400 ÷ {step_seconds}"})
# papers state the data a run read as its schedule: every step reads one global batch of full sequences
STEP_TOKENS = Formula("step_tokens", TOKENS, STEPS.symbol * BATCH.symbol * SEQ_TOKENS.symbol,
                      [STEPS, BATCH, SEQ_TOKENS], "{steps} · {batch_size} · {seq_tokens}",
                      {"steps": "{tokens} ÷ ({batch_size} · {seq_tokens})"})
STEP_BATCH_TOKENS = Formula("step_batch_tokens", TOKENS, STEPS.symbol * BATCH_TOKENS.symbol, [STEPS, BATCH_TOKENS],
                            "{steps} · {batch_tokens}", {"steps": "{tokens} ÷ {batch_tokens}",
                                                         "batch_tokens": "{tokens} ÷ {steps}"})
KEPT = Var("kept", "ratio", "share kept after filtering")
# only part of the raw examples survives deduplication and filtering ("keep 60% after dedup")
DATASET_KEPT_TOKENS = Formula("dataset_kept_tokens", TOKENS,
                              EXAMPLES.symbol * ITEM_TOKENS.symbol * KEPT.symbol * EPOCHS.symbol,
                              [EXAMPLES, ITEM_TOKENS, KEPT, EPOCHS], "{examples} · {item_tokens} · {kept} · {epochs}")
TEXT_GB = Var("text_gb", "GB", "raw text")
BYTES_PER_TOKEN = Var("bytes_per_token", "byte/token", "bytes of text per token")
# a tokenizer turns text into tokens at a roughly steady rate, which sizes a corpus either way
TEXT_TOKENS = Formula("text_tokens", TOKENS, TEXT_GB.symbol * 1e9 / BYTES_PER_TOKEN.symbol, [TEXT_GB, BYTES_PER_TOKEN],
                      "{text_gb} · 10^9 ÷ {bytes_per_token}", {"text_gb": "{tokens} · {bytes_per_token} ÷ 10^9"})
EXPERT_PARAMS = Var("expert_params", "parameter", "parameters in each expert")
ROUTED = Var("experts_routed", "expert", "experts each token is routed to")
SHARED = Var("shared_params", "parameter", "parameters every token uses (attention, embeddings, shared experts)")
ACTIVE = Var("active_params", "parameter", "parameters active per token")
MOE_ACTIVE = Formula("moe_active_params", ACTIVE, SHARED.symbol + ROUTED.symbol * EXPERT_PARAMS.symbol,
                     [SHARED, ROUTED, EXPERT_PARAMS], "{shared_params} + {experts_routed} · {expert_params}")
ACHIEVED = Var("achieved_flops", "FLOP/s", "measured FLOP/s per accelerator")
MEASURED_MFU = Formula("mfu_from_throughput", MFU, ACHIEVED.symbol / P, [ACHIEVED, PEAK],
                       "{achieved_flops} ÷ {peak_flops}")
# compute delivered at a measured speed per accelerator: no peak or MFU needed
DELIVERED_MEASURED = Formula("delivered_at_measured_rate", FLOP, GPU_HOURS.symbol * 3600 * ACHIEVED.symbol *
                             GOODPUT.symbol, [GPU_HOURS, ACHIEVED, GOODPUT],
                             "{gpu_hours} · 3600 · {achieved_flops} · {goodput}")
RATE = Var("token_throughput", "token/s", "tokens per second per accelerator")
MODEL_FLOPS = Formula("model_flops_per_second", ACHIEVED, 6 * N * RATE.symbol, [PARAMS, RATE],
                      "6 · {params} · {token_throughput}")
# the tokens one accelerator gets through each second at an MFU: its delivered FLOP/s over 6 FLOP per parameter
RATE_AT_MFU = Formula("throughput_at_mfu", RATE, P * MFU.symbol / (6 * N), [PEAK, MFU, PARAMS],
                      "{peak_flops} · {mfu} ÷ (6 · {params})")

TOOL_SOURCE = "transformer-math-101"


def from_user(tool: str, label: Text, formula: Formula, unknown: str, unit: str, kb: KnowledgeBase | None,
               **given: float) -> CalcResult:
    """A formula solved for ``unknown`` from numbers the user gave, each recorded as theirs in the order given."""
    inp = Inputs(kb)
    for name, value in given.items():
        inp.user(name, value)
    return _result(tool, label, formula, unknown, inp, [], unit)


def _result(tool: str, label: Text, formula: Formula, unknown: str, inp: Inputs, steps: list[str],
            unit: str) -> CalcResult:
    try:
        ev = formula.solve(unknown, inp.values)
    except ZeroDivisionError:  # a denominator such as peak × MFU × goodput underflowed to 0
        raise non_finite(math.inf) from None
    return CalcResult(
        tool=tool, label=label, value=ev.value, unit=unit, formula=formula.text, latex=formula.latex,
        inputs=dict(inp.recorded), steps=[*steps, ev.step], assumptions=list(inp.assumptions),
        low=ev.low, high=ev.high,
    )


def training_flop(params: float | None = None, tokens: float | None = None, active_params: float | None = None,
                  layers: int | None = None, seq_len: int | None = None, d_model: int | None = None,
                  kb: KnowledgeBase | None = None) -> CalcResult:
    """Training compute in FLOP: 6 × parameters × tokens, optionally with the attention term.

    Args:
        params: total parameter count (e.g. 70e9); may be left out when active_params is given.
        tokens: training tokens (e.g. 2e12).
        active_params: parameters active per token, for mixture-of-experts models (e.g. 37e9 for DeepSeek-V3).
        layers: number of layers, to add the attention term (needs seq_len and d_model too).
        seq_len: training sequence length in tokens.
        d_model: model width.
    """
    inp = Inputs(kb)
    if tokens is None:
        raise MissingInputError("tokens", "the training tokens", "训练token数")
    if params is None:  # "64 experts of 3B, top-2, 4B shared": only what each token uses is known
        if active_params is None:
            raise MissingInputError("params", "the parameter count", "参数量")
        inp.user("params", active_params)
        inp.assume("Compute counts the parameters active per token; the model's total size was not given.",
                   "算力按每个token激活的参数计算;未给出模型总参数量。")
    elif active_params is not None:
        total = inp.user("params", params)
        active = inp.user("params", active_params)
        if active > total:
            raise InputError("active_params", "Active parameters cannot exceed total parameters.",
                             "激活参数量不能超过总参数量。", accepted="active_params ≤ params")
        inp.recorded["total_params"] = Input(total, "parameter", "user", "total parameters")
        inp.assume(f"Mixture-of-experts: compute uses the {active:.3g} parameters active per token, "
                   f"not the {total:.3g} total.",
                   f"混合专家模型:算力按每个token激活的{active:.3g}参数计算,而非总参数{total:.3g}。")
    else:
        inp.user("params", params)
    inp.user("tokens", tokens)
    attention = [x is not None for x in (layers, seq_len, d_model)]
    if any(attention) and not all(attention):
        raise InputError("layers", "The attention term needs layers, seq_len and d_model together.",
                         "注意力项需要同时提供层数、序列长度和隐藏维度。", accepted="all three or none")
    formula = DENSE_FLOP
    if all(attention):
        inp.user("layers", layers)
        inp.user("seq_len", seq_len)
        inp.user("d_model", d_model)
        formula = ATTENTION_FLOP
    else:
        inp.assume("6·N·D counts the dense matrix multiplies only; attention over long contexts adds more.",
                   "6·N·D 只计入稠密矩阵乘法;长上下文的注意力计算会额外增加算力。")
    return _result("training_flop", Text("training compute", "训练算力"), formula, "flop", inp, [], "FLOP")


def _compute_inputs(inp: Inputs, *, flop: float | None, params: float | None, tokens: float | None,
                    active_params: float | None, gpu: str | None, precision: str, peak_flops: float | None,
                    mfu: float | None, goodput: float | None) -> list[str]:
    """Fill flop, peak_flops, mfu and goodput into ``inp``; return the steps taken to get them."""
    steps: list[str] = []
    if flop is not None:
        inp.user("flop", flop)
    elif params is not None and tokens is not None:
        sub = training_flop(params, tokens, active_params=active_params, kb=inp.kb)
        inp.recorded.update(sub.inputs)
        inp.assumptions.extend(sub.assumptions)
        inp.fixed("flop", sub.value, "FLOP", "training compute", "calculation")
        steps.extend(sub.steps)
    else:
        raise MissingInputError("flop", "the training compute in FLOP, or both the parameter count and tokens",
                                "训练算力(FLOP),或参数量和训练token数")
    _rate_inputs(inp, gpu=gpu, precision=precision, peak_flops=peak_flops, mfu=mfu, goodput=goodput)
    return steps


def _rate_inputs(inp: Inputs, *, gpu: str | None, precision: str, peak_flops: float | None, mfu: float | None,
                 goodput: float | None) -> None:
    """Fill peak_flops, mfu and goodput into ``inp``: what one accelerator-hour delivers."""
    if peak_flops is not None:
        inp.user("peak_flops", peak_flops)
    else:
        if gpu is None:
            raise MissingInputError("gpu", "the accelerator model (e.g. H100) or its peak FLOP/s",
                                    "加速卡型号(如H100)或其峰值算力")
        acc = resolve(gpu, inp.kb)
        fig = peak(acc, precision)
        inp.sourced("peak_flops", fig, f"{acc.aliases[0]} dense {precision.upper()} peak")
        inp.assume(f"{acc.name}: dense {precision.upper()} peak {fig.central / 1e12:,.1f} TFLOP/s "
                   f"(the sparse figure is twice this and is never used).",
                   f"{acc.name}:{precision.upper()}稠密峰值 {fig.central / 1e12:,.1f} TFLOP/s"
                   "(不使用两倍于此的稀疏算力)。")
    inp.user_or_default("mfu", mfu, "mfu")
    if goodput is None:
        inp.fixed("goodput", 1.0, "ratio", "share of wall-clock time spent training", "default")
        inp.assume("No allowance for failures and restarts (goodput 1.0); Llama 3 405B kept above 90% "
                   "effective training time [llama3-herd], so add ~10% wall-clock for that.",
                   "未计入故障与重启(有效时间占比取1.0);Llama 3 405B 的有效训练时间在90%以上[llama3-herd],"
                   "实际时长约再加10%。")
    else:
        inp.user("goodput", goodput)


def trainable_tokens(params: float, gpu_hours: float | None = None, gpus: float | None = None,
                     days: float | None = None, gpu: str | None = None, mfu: float | None = None,
                     goodput: float | None = None, precision: str = "bf16", peak_flops: float | None = None,
                     kb: KnowledgeBase | None = None) -> CalcResult:
    """Tokens a model of a given size can be trained on in the accelerator-hours at hand:
    GPU-hours × 3600 × dense peak FLOP/s × MFU × goodput ÷ (6 × parameters).

    Args:
        params: parameter count (active parameters per token for mixture-of-experts models).
        gpu_hours: accelerator-hours available; or give gpus and days.
        gpus: accelerators in the cluster (with days).
        days: wall-clock days (with gpus).
        gpu: accelerator name or alias.
        mfu: model FLOPs utilisation as a fraction; default 0.375 (range 0.30-0.50).
        goodput: share of wall-clock time spent training (default 1.0).
        precision: bf16 (default) or fp8: which dense peak MFU refers to.
        peak_flops: dense peak FLOP/s per accelerator, instead of a gpu name.
    """
    inp = Inputs(kb)
    compute = delivered_flop(gpu_hours=gpu_hours, gpus=gpus, days=days, gpu=gpu, mfu=mfu, goodput=goodput,
                             precision=precision, peak_flops=peak_flops, kb=inp.kb)
    inp.recorded.update(compute.inputs)
    inp.assumptions.extend(compute.assumptions)
    inp.values["flop"] = Value(compute.value, compute.low, compute.high)
    steps = list(compute.steps)
    inp.user("params", params)
    return _result("trainable_tokens", Text("trainable tokens", "可训练token数"), DENSE_FLOP, "tokens", inp, steps,
                   "token")


def gpu_hours(flop: float | None = None, params: float | None = None, tokens: float | None = None,
              gpu: str | None = None, mfu: float | None = None, goodput: float | None = None,
              active_params: float | None = None, precision: str = "bf16", peak_flops: float | None = None,
              kb: KnowledgeBase | None = None) -> CalcResult:
    """Accelerator-hours to train: FLOP ÷ (3600 × dense peak FLOP/s × MFU × goodput).

    Args:
        flop: training compute in FLOP; or give params and tokens.
        params: total parameter count.
        tokens: training tokens.
        gpu: accelerator name or alias (H100, A100, H800, TPU v4, 英伟达H100...).
        mfu: model FLOPs utilisation as a fraction (0.4 = 40%); default 0.375 (range 0.30-0.50).
        goodput: share of wall-clock time spent training (default 1.0).
        active_params: active parameters per token for mixture-of-experts models.
        precision: bf16 (default) or fp8: which dense peak MFU refers to.
        peak_flops: dense peak FLOP/s per accelerator, instead of a gpu name.
    """
    inp = Inputs(kb)
    steps = _compute_inputs(inp, flop=flop, params=params, tokens=tokens, active_params=active_params, gpu=gpu,
                            precision=precision, peak_flops=peak_flops, mfu=mfu, goodput=goodput)
    return _result("gpu_hours", Text("accelerator-hours", "GPU小时(卡时)"), HOURS, "gpu_hours", inp, steps,
                   "GPU-hour")


def training_days(gpus: float, flop: float | None = None, params: float | None = None, tokens: float | None = None,
                  gpu: str | None = None, mfu: float | None = None, goodput: float | None = None,
                  active_params: float | None = None, precision: str = "bf16", peak_flops: float | None = None,
                  kb: KnowledgeBase | None = None) -> CalcResult:
    """Wall-clock days to train on a given number of accelerators.

    Args:
        gpus: number of accelerators running in parallel.
        flop: training compute in FLOP; or give params and tokens.
        params: total parameter count.
        tokens: training tokens.
        gpu: accelerator name or alias.
        mfu: model FLOPs utilisation as a fraction; default 0.375 (range 0.30-0.50).
        goodput: share of wall-clock time spent training (default 1.0).
        active_params: active parameters per token for mixture-of-experts models.
        precision: bf16 (default) or fp8.
        peak_flops: dense peak FLOP/s per accelerator, instead of a gpu name.
    """
    inp = Inputs(kb)
    steps = _compute_inputs(inp, flop=flop, params=params, tokens=tokens, active_params=active_params, gpu=gpu,
                            precision=precision, peak_flops=peak_flops, mfu=mfu, goodput=goodput)
    inp.user("gpus", gpus)
    return _result("training_days", Text("training time", "训练时长"), SCHEDULE, "days", inp, steps, "day")


def gpus_needed(days: float, flop: float | None = None, params: float | None = None, tokens: float | None = None,
                gpu: str | None = None, mfu: float | None = None, goodput: float | None = None,
                active_params: float | None = None, precision: str = "bf16", peak_flops: float | None = None,
                kb: KnowledgeBase | None = None) -> CalcResult:
    """Accelerators needed to finish training within a deadline (round the result up to whole GPUs).

    Args:
        days: deadline in wall-clock days.
        flop: training compute in FLOP; or give params and tokens.
        params: total parameter count.
        tokens: training tokens.
        gpu: accelerator name or alias.
        mfu: model FLOPs utilisation as a fraction; default 0.375 (range 0.30-0.50).
        goodput: share of wall-clock time spent training (default 1.0).
        active_params: active parameters per token for mixture-of-experts models.
        precision: bf16 (default) or fp8.
        peak_flops: dense peak FLOP/s per accelerator, instead of a gpu name.
    """
    inp = Inputs(kb)
    steps = _compute_inputs(inp, flop=flop, params=params, tokens=tokens, active_params=active_params, gpu=gpu,
                            precision=precision, peak_flops=peak_flops, mfu=mfu, goodput=goodput)
    inp.user("days", days)
    return _result("gpus_needed", Text("accelerators needed", "所需加速卡数量"), SCHEDULE, "gpus", inp, steps,
                   "GPU")


def expected_throughput(params: float | None = None, gpu: str | None = None, mfu: float | None = None,
                        active_params: float | None = None, precision: str = "bf16", peak_flops: float | None = None,
                        kb: KnowledgeBase | None = None) -> CalcResult:
    """Tokens per second one accelerator processes at an MFU: dense peak FLOP/s × MFU ÷ (6 × parameters).

    Args:
        params: total parameter count.
        gpu: accelerator name or alias.
        mfu: model FLOPs utilisation as a fraction; default 0.375 (range 0.30-0.50).
        active_params: active parameters per token, for mixture-of-experts models.
        precision: bf16 (default) or fp8: which dense peak MFU refers to.
        peak_flops: dense peak FLOP/s per accelerator, instead of a gpu name.
    """
    if params is None and active_params is None:
        raise MissingInputError("params", "the model size (parameters)", "模型参数量")
    inp = Inputs(kb)
    inp.user("params", active_params or params)
    _peak_input(inp, gpu, precision, peak_flops)
    inp.user_or_default("mfu", mfu, "mfu")
    return _result("expected_throughput", Text("tokens per second per accelerator", "单卡每秒token数"), RATE_AT_MFU,
                   "token_throughput", inp, [], "token/s")


def achieved_mfu(flop: float | None = None, gpu_hours: float | None = None, gpu: str | None = None,
                 precision: str = "bf16", peak_flops: float | None = None, gpus: float | None = None,
                 days: float | None = None, params: float | None = None, tokens: float | None = None,
                 active_params: float | None = None, achieved_flops: float | None = None,
                 token_throughput: float | None = None, kb: KnowledgeBase | None = None) -> CalcResult:
    """MFU a run achieved, or needs: FLOP ÷ (GPU-hours × 3600 × dense peak FLOP/s), or a measured
    per-accelerator FLOP/s ÷ the dense peak.

    Args:
        flop: training compute in FLOP; or give params and tokens.
        gpu_hours: accelerator-hours the run used; or give gpus and days.
        gpu: accelerator name or alias.
        precision: bf16 (default) or fp8: which dense peak to compare against.
        peak_flops: dense peak FLOP/s per accelerator, instead of a gpu name.
        gpus: accelerators in the cluster (with days).
        days: wall-clock days (with gpus), e.g. a deadline: the MFU needed to finish in time.
        params: total parameter count (with tokens).
        tokens: training tokens (with params).
        active_params: active parameters per token, for mixture-of-experts models.
        achieved_flops: model FLOP/s measured per accelerator (e.g. 400e12), instead of compute and hours.
        token_throughput: tokens per second per accelerator (with params): 6 FLOP per parameter per token.
    """
    inp = Inputs(kb)
    steps: list[str] = []
    if achieved_flops is None and token_throughput is not None and (params or active_params) is not None:
        inp.user("params", active_params or params)
        inp.user("token_throughput", token_throughput)
        rate = MODEL_FLOPS.solve("achieved_flops", inp.values)
        steps.append(rate.step)
        inp.fixed("achieved_flops", rate.value, "FLOP/s", "model FLOP/s per accelerator", "calculation")
        achieved_flops = rate.value
    elif achieved_flops is not None:
        inp.user("achieved_flops", achieved_flops)
    if achieved_flops is not None:
        _peak_input(inp, gpu, precision, peak_flops)
        res = _result("achieved_mfu", Text("achieved MFU", "实际算力利用率"), MEASURED_MFU, "mfu", inp, steps, "ratio")
        if res.value > 1:
            raise InputError("achieved_flops", "A measured throughput above the accelerator's dense peak is not "
                             "possible: check the figure and the hardware.",
                             "实测算力高于该加速卡的稠密峰值,不可能:请检查数字和硬件。", accepted="≤ dense peak")
        return res
    if flop is None:
        if params is None or tokens is None:
            raise MissingInputError("flop", "the training compute, or the model size and tokens",
                                    "训练算力,或参数量与token数")
        sub = training_flop(params, tokens, active_params=active_params, kb=inp.kb)
        inp.recorded.update(sub.inputs)
        inp.assumptions.extend(sub.assumptions)
        inp.fixed("flop", sub.value, "FLOP", "training compute", "calculation")
        steps += sub.steps
    else:
        inp.user("flop", flop)
    if gpu_hours is None and (gpus is None or days is None):
        raise MissingInputError("gpu_hours", "the GPU-hours, or GPUs and days", "GPU小时数,或卡数与天数")
    steps += hours_input(inp, gpu_hours, gpus=gpus, days=days)
    _peak_input(inp, gpu, precision, peak_flops)
    res = _result("achieved_mfu", Text("achieved MFU", "实际算力利用率"), ACHIEVED_MFU, "mfu", inp, steps, "ratio")
    if res.value > 1:
        raise InputError("gpu_hours", "These figures imply MFU above 100%: check the FLOP, hours and hardware.",
                         "这些数字意味着算力利用率超过100%,请检查算力、卡时和硬件。", accepted="MFU ≤ 1")
    return res



def _peak_input(inp: Inputs, gpu: str | None, precision: str, peak_flops: float | None) -> None:
    """Put the dense peak into ``inp``: as given, or from the accelerator's specs."""
    if peak_flops is not None:
        inp.user("peak_flops", peak_flops)
        return
    if gpu is None:
        raise MissingInputError("gpu", "the accelerator model", "加速卡型号")
    acc = resolve(gpu, inp.kb)
    inp.sourced("peak_flops", peak(acc, precision), f"{acc.name} dense {precision.upper()} peak")


def hours_input(inp: Inputs, gpu_hours_value: float | None, *, gpus: float | None = None,
                days: float | None = None, **compute: object) -> list[str]:
    """Put ``gpu_hours`` into ``inp``: as given, from GPUs × days, or computed from the training compute."""
    if gpu_hours_value is not None:
        inp.user("gpu_hours", gpu_hours_value)
        return []
    if gpus is not None and days is not None:
        g = inp.user("gpus", gpus)
        d = inp.user("days", days)
        inp.fixed("gpu_hours", g * d * 24, "GPU-hour", "accelerator-hours", "calculation")
        return [f"gpu_hours = gpus × days × 24 = {g:,.0f} × {d:g} × 24 = {fmt(g * d * 24)} GPU-hour"]
    if compute.get("flop") is None and compute.get("params") is None:
        raise MissingInputError("gpu_hours", "the GPU-hours, or GPUs and days, or the model size and tokens",
                                "GPU小时数,或卡数与天数,或参数量与token数")
    sub = gpu_hours(kb=inp.kb, **compute)  # type: ignore[arg-type]
    inp.recorded.update({k: v for k, v in sub.inputs.items() if k != "gpu_hours"})
    inp.assumptions.extend(sub.assumptions)
    inp.values["gpu_hours"] = Value(sub.value, sub.low, sub.high)
    inp.recorded["gpu_hours"] = Input(sub.value, "GPU-hour", "calculation", "accelerator-hours",
                                      low=sub.low, high=sub.high)
    return list(sub.steps)


def wall_clock_days(gpu_hours: float, gpus: float, goodput: float | None = None,
                    kb: KnowledgeBase | None = None) -> CalcResult:
    """Wall-clock days for a known number of accelerator-hours spread over a cluster: GPU-hours ÷ (24 × GPUs),
    ÷ goodput when failures and restarts take a share of the calendar.

    Args:
        gpu_hours: accelerator-hours of the job (the training itself).
        gpus: accelerators running in parallel.
        goodput: share of wall-clock time spent training (e.g. 0.9); default: none lost.
    """
    inp = Inputs(kb)
    inp.user("gpu_hours", gpu_hours)
    inp.user("gpus", gpus)
    formula = _with_goodput(inp, goodput)
    return _result("wall_clock_days", Text("training time", "训练时长"), formula, "days", inp, [], "day")


def cluster_gpus(gpu_hours: float, days: float, goodput: float | None = None,
                 kb: KnowledgeBase | None = None) -> CalcResult:
    """Accelerators that finish a known number of accelerator-hours by a deadline: GPU-hours ÷ (24 × days),
    ÷ goodput when failures and restarts take a share of the calendar, rounded up to whole GPUs.

    Args:
        gpu_hours: accelerator-hours of the job (the training itself).
        days: deadline in wall-clock days.
        goodput: share of wall-clock time spent training (e.g. 0.9); default: none lost.
    """
    inp = Inputs(kb)
    inp.user("gpu_hours", gpu_hours)
    inp.user("days", days)
    formula = _with_goodput(inp, goodput)
    return _result("cluster_gpus", Text("accelerators needed", "所需加速卡数量"), formula, "gpus", inp, [], "GPU")


def _with_goodput(inp: Inputs, goodput: float | None) -> Formula:
    """The calendar formula: plain, or stretched by the goodput the user gives."""
    if goodput is None:
        return WALL_CLOCK
    inp.user("goodput", goodput)
    return WALL_CLOCK_GOODPUT


def stretched_days(ideal_days: float, goodput: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """Wall-clock days of a schedule worked out with no interruptions, once failures, restarts and reloads from
    checkpoints take their share of the calendar: ideal days ÷ goodput.

    Args:
        ideal_days: days the training takes with no time lost (e.g. 45).
        goodput: share of wall-clock time spent training (e.g. 0.9).
    """
    return from_user("stretched_days", Text("training time", "训练时长"), STRETCHED, "days", "day", kb,
                      ideal_days=ideal_days, goodput=goodput)


def stretched_gpu_hours(ideal_gpu_hours: float, goodput: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """GPU-hours to book for work worked out with no interruptions, once failures, restarts and reloads from
    checkpoints take their share: ideal GPU-hours ÷ goodput.

    Args:
        ideal_gpu_hours: GPU-hours the work takes with no time lost (e.g. 600000).
        goodput: share of the booked time spent training (e.g. 0.9).
    """
    return from_user("stretched_gpu_hours", Text("accelerator-hours", "GPU小时(卡时)"),
                      STRETCHED_HOURS, "gpu_hours", "GPU-hour", kb, ideal_gpu_hours=ideal_gpu_hours, goodput=goodput)


def dataset_tokens(examples: float, item_tokens: float, epochs: float = 1, kept: float | None = None,
                   kb: KnowledgeBase | None = None) -> CalcResult:
    """Tokens a training run reads from a set of examples: examples × tokens per example (× the share kept after
    filtering) × epochs.

    Args:
        examples: examples in the data set (e.g. 50_000).
        item_tokens: average tokens per example (e.g. 2_000).
        epochs: passes over the data (default 1).
        kept: the share of the examples left after deduplication and filtering (e.g. 0.6), when not all.
    """
    label = Text("training tokens", "训练token数")
    if kept is None:
        return from_user("dataset_tokens", label, DATASET_TOKENS, "tokens", "token", kb,
                          examples=examples, item_tokens=item_tokens, epochs=epochs)
    return from_user("dataset_tokens", label, DATASET_KEPT_TOKENS, "tokens", "token", kb,
                      examples=examples, item_tokens=item_tokens, kept=kept, epochs=epochs)


def _by_batch(tool: str, label: Text, unknown: str, unit: str, kb: KnowledgeBase | None, batch_size: float | None,
              seq_tokens: float | None, batch_tokens: float | None, **given: float) -> CalcResult:
    """A schedule solved for ``unknown``: by the batch in tokens when given, else by sequences × their length."""
    if batch_tokens is not None:
        return from_user(tool, label, STEP_BATCH_TOKENS, unknown, unit, kb, **given, batch_tokens=batch_tokens)
    if batch_size is None:
        raise MissingInputError("batch_size", "the global batch (sequences per step, or tokens per step)",
                                "全局batch(每步序列数,或每步token数)")
    if seq_tokens is None:
        raise MissingInputError("seq_tokens", "the sequence length in tokens", "序列长度(token数)")
    return from_user(tool, label, STEP_TOKENS, unknown, unit, kb, **given, batch_size=batch_size,
                     seq_tokens=seq_tokens)


def step_tokens(steps: float, batch_size: float | None = None, seq_tokens: float | None = None,
                batch_tokens: float | None = None, kb: KnowledgeBase | None = None) -> CalcResult:
    """Tokens a run reads in a number of optimizer steps: steps × sequences per step × tokens per sequence, or
    steps × tokens per step when the batch is counted in tokens.

    Args:
        steps: optimizer steps (e.g. 120_000).
        batch_size: sequences in one global batch (e.g. 1024).
        seq_tokens: tokens in one sequence (e.g. 4096).
        batch_tokens: tokens in one global batch, instead of the two above (e.g. 4e6).
    """
    return _by_batch("step_tokens", Text("training tokens", "训练token数"), "tokens", "token", kb, batch_size,
                     seq_tokens, batch_tokens, steps=steps)


def token_steps(tokens: float, batch_size: float | None = None, seq_tokens: float | None = None,
                batch_tokens: float | None = None, kb: KnowledgeBase | None = None) -> CalcResult:
    """Optimizer steps a number of tokens takes: tokens ÷ (sequences per step × tokens per sequence), or tokens ÷
    tokens per step.

    Args:
        tokens: training tokens (e.g. 2e12).
        batch_size: sequences in one global batch (e.g. 1024).
        seq_tokens: tokens in one sequence (e.g. 4096).
        batch_tokens: tokens in one global batch, instead of the two above (e.g. 4e6).
    """
    return _by_batch("token_steps", Text("optimizer steps", "训练步数"), "steps", "step", kb, batch_size,
                     seq_tokens, batch_tokens, tokens=tokens)


def step_batch(tokens: float, steps: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """Tokens one step read, from a run's tokens and its steps: tokens ÷ steps (the global batch in tokens).

    Args:
        tokens: training tokens (e.g. 1.2e12).
        steps: optimizer steps (e.g. 300_000).
    """
    return from_user("step_batch", Text("tokens per step", "每步token数"), STEP_BATCH_TOKENS, "batch_tokens", "token",
                     kb, tokens=tokens, steps=steps)


def step_days(steps: float, step_seconds: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """Wall-clock days a number of optimizer steps takes at a measured time per step: steps × seconds per step ÷
    86,400.

    Args:
        steps: optimizer steps (e.g. 250_000).
        step_seconds: measured seconds per step (e.g. 2.1).
    """
    return from_user("step_days", Text("training days", "训练天数"), STEP_DAYS, "days", "day", kb, steps=steps,
                     step_seconds=step_seconds)


def dataset_examples(tokens: float, item_tokens: float, epochs: float | None = None,
                     kb: KnowledgeBase | None = None) -> CalcResult:
    """Examples a data set of so many tokens holds: tokens ÷ (tokens per example × epochs).

    Args:
        tokens: the tokens trained on (e.g. 150e6), every pass counted.
        item_tokens: average tokens per example (e.g. 750).
        epochs: passes over the data that the tokens count; default one.
    """
    inp = Inputs(kb)
    inp.user("tokens", tokens)
    inp.user("item_tokens", item_tokens)
    if epochs is None:  # not given: one pass, and the answer must not say the user said so
        inp.fixed("epochs", 1.0, "pass", "passes over the data", "definition")
    else:
        inp.user("epochs", epochs)
    return _result("dataset_examples", Text("training examples", "训练样本条数"), DATASET_TOKENS, "examples", inp, [],
                   "item")


def text_tokens(text_gb: float, bytes_per_token: float | None = None, kb: KnowledgeBase | None = None) -> CalcResult:
    """Tokens in a body of raw text: size in bytes ÷ bytes per token.

    Args:
        text_gb: the raw text, in GB (10^9 bytes).
        bytes_per_token: bytes of text per token on average; default about 4.5 (0.22 tokens per byte).
    """
    inp = Inputs(kb)
    inp.user("text_gb", text_gb)
    inp.user_or_default("bytes_per_token", bytes_per_token, "bytes-per-token")
    return _result("text_tokens", Text("tokens in the text", "文本的token数"), TEXT_TOKENS, "tokens", inp, [], "token")


def text_size(tokens: float, bytes_per_token: float | None = None, kb: KnowledgeBase | None = None) -> CalcResult:
    """Raw text a number of tokens takes: tokens × bytes per token, in GB.

    Args:
        tokens: the tokens (e.g. 15e12).
        bytes_per_token: bytes of text per token on average; default about 4.5 (0.22 tokens per byte).
    """
    inp = Inputs(kb)
    inp.user("tokens", tokens)
    inp.user_or_default("bytes_per_token", bytes_per_token, "bytes-per-token")
    return _result("text_size", Text("raw text", "原始文本量"), TEXT_TOKENS, "text_gb", inp, [], "GB")


def moe_active_params(expert_params: float, experts_routed: float, shared_params: float | None = None,
                      kb: KnowledgeBase | None = None) -> CalcResult:
    """Parameters a mixture-of-experts model uses per token: shared parameters + routed experts × expert size.

    Args:
        expert_params: parameters in each expert (e.g. 7e9).
        experts_routed: experts each token is routed to, the k of top-k routing (e.g. 2).
        shared_params: parameters every token passes through (attention, embeddings, shared experts); none when
            not given, which the answer says.
    """
    inp = Inputs(kb)
    inp.user("expert_params", expert_params)
    inp.user("experts_routed", experts_routed)
    inp.user_or_assumed("shared_params", shared_params,
                        Input(0.0, "parameter", "definition", "parameters every token uses"),
                        Text("No shared parameters (attention, embeddings) were given, so only the routed experts "
                             "count.", "未给出共享参数(注意力、嵌入层等),只计入被路由到的专家。"))
    return _result("moe_active_params", Text("active parameters per token", "每个token激活的参数量"), MOE_ACTIVE,
                   "active_params", inp, [], "parameter")


def cluster_gpu_hours(gpus: float, days: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """Accelerator-hours of a cluster kept busy for some days: GPUs × days × 24.

    Args:
        gpus: accelerators running in parallel.
        days: wall-clock days.
    """
    return from_user("cluster_gpu_hours", Text("accelerator-hours", "GPU卡时"), WALL_CLOCK, "gpu_hours", "GPU-hour",
                      kb, gpus=gpus, days=days)


RATE = Var("token_throughput", "token/s", "tokens per second per accelerator")
BY_THROUGHPUT = Formula("throughput_gpu_hours", Var("gpu_hours", "GPU-hour", "accelerator-hours"),
                        TOKENS.symbol / (RATE.symbol * 3600), [TOKENS, RATE], "{tokens} ÷ ({token_throughput} · 3600)",
                        {"tokens": "{gpu_hours} · {token_throughput} · 3600"})


def delivered_flop(gpu_hours: float | None = None, gpus: float | None = None, days: float | None = None,
                   gpu: str | None = None, mfu: float | None = None, goodput: float | None = None,
                   precision: str = "bf16", peak_flops: float | None = None, achieved_flops: float | None = None,
                   kb: KnowledgeBase | None = None) -> CalcResult:
    """Training compute that accelerator time delivers: GPU-hours × 3600 × dense peak FLOP/s × MFU × goodput, or
    GPU-hours × 3600 × the FLOP/s each accelerator was measured at × goodput.

    Args:
        gpu_hours: accelerator-hours at hand; or give gpus and days.
        gpus: accelerators in the cluster (with days).
        days: wall-clock days (with gpus).
        gpu: accelerator name or alias.
        mfu: model FLOPs utilisation as a fraction; default 0.375 (range 0.30-0.50).
        goodput: share of wall-clock time spent training (default 1.0).
        precision: bf16 (default) or fp8: which dense peak MFU refers to.
        peak_flops: dense peak FLOP/s per accelerator, instead of a gpu name.
        achieved_flops: FLOP/s each accelerator actually sustained, instead of a peak and an MFU.
    """
    inp = Inputs(kb)
    if gpu_hours is None and (gpus is None or days is None):
        raise MissingInputError("gpu_hours", "the GPU-hours, or GPUs and days", "GPU小时数,或卡数与天数")
    steps = hours_input(inp, gpu_hours, gpus=gpus, days=days)
    label = Text("training compute delivered", "可提供的训练算力")
    if achieved_flops is None:
        _rate_inputs(inp, gpu=gpu, precision=precision, peak_flops=peak_flops, mfu=mfu, goodput=goodput)
        return _result("delivered_flop", label, HOURS, "flop", inp, steps, "FLOP")
    inp.user("achieved_flops", achieved_flops)
    if goodput is None:
        inp.fixed("goodput", 1.0, "ratio", "share of wall-clock time spent training", "default")
    else:
        inp.user("goodput", goodput)
    return _result("delivered_flop", label, DELIVERED_MEASURED, "flop", inp, steps, "FLOP")


def throughput_gpu_hours(tokens: float, token_throughput: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """Accelerator-hours to get through the tokens at a measured speed: tokens ÷ (tokens per second per GPU × 3600).

    Args:
        tokens: training tokens (e.g. 1.4e12).
        token_throughput: tokens each accelerator processes per second, as measured (e.g. 380).
    """
    return from_user("throughput_gpu_hours", Text("accelerator-hours", "GPU小时(卡时)"),
                      BY_THROUGHPUT, "gpu_hours", "GPU-hour", kb, tokens=tokens, token_throughput=token_throughput)


def throughput_tokens(gpu_hours: float, token_throughput: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """Tokens a cluster gets through at a measured speed: GPU-hours × tokens per second per GPU × 3600.

    Args:
        gpu_hours: accelerator-hours run (or GPUs × days × 24).
        token_throughput: tokens each accelerator processes per second, as measured (e.g. 2900).
    """
    return from_user("throughput_tokens", Text("training tokens", "训练token数"), BY_THROUGHPUT, "tokens", "token", kb,
                      gpu_hours=gpu_hours, token_throughput=token_throughput)


CLUSTER_RATE = Var("cluster_throughput", "token/s", "tokens per second across the whole cluster")
BY_CLUSTER_RATE = Formula("throughput_days", DAYS, TOKENS.symbol / (CLUSTER_RATE.symbol * 86400),
                          [TOKENS, CLUSTER_RATE], "{tokens} ÷ ({cluster_throughput} · 86400)")


def throughput_days(tokens: float, cluster_throughput: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """Wall-clock days to get through the tokens at a whole cluster's measured speed: tokens ÷ (tokens/s × 86400).

    Args:
        tokens: training tokens still to process (e.g. 1.2e12).
        cluster_throughput: tokens the whole cluster processes per second, as a log reports it (e.g. 1.9e6).
    """
    return from_user("throughput_days", Text("wall-clock days", "实际天数"), BY_CLUSTER_RATE, "days", "day", kb,
                      tokens=tokens, cluster_throughput=cluster_throughput)


def compute_params(flop: float, tokens: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """The model size a compute budget trains on a given number of tokens: FLOP ÷ (6 × tokens).

    Args:
        flop: compute budget in FLOP (e.g. 2.4e23).
        tokens: training tokens (e.g. 2e12).
    """
    return from_user("compute_params", Text("parameters", "参数量"), DENSE_FLOP, "params", "parameter", kb,
                      flop=flop, tokens=tokens)


def compute_tokens(flop: float, params: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """The tokens a compute budget trains a model of a given size on: FLOP ÷ (6 × parameters).

    Args:
        flop: compute budget in FLOP (e.g. 3e23).
        params: parameter count (e.g. 7e9).
    """
    return from_user("compute_tokens", Text("training tokens", "训练token数"), DENSE_FLOP, "tokens", "token", kb,
                      flop=flop, params=params)
