"""Memory a model's training state takes (weights, gradients, optimizer state), and the accelerators that hold it.

Transformer Math 101 counts mixed-precision AdamW training at 2 bytes per parameter for bf16 weights, 2 for
gradients and 12 for the optimizer (fp32 master copy and two moments): 16 bytes per parameter before activations.
"""

from __future__ import annotations

from knowledge.loader import KnowledgeBase
from tools.compute import PARAMS
from tools.errors import InputError, MissingInputError
from tools.formula import Evaluation, Formula, Value, Var
from tools.hardware import resolve
from tools.inputs import Inputs
from tools.quantities import text
from tools.result import CalcResult, Text
from tools.variables import GPUS

BYTES = Var("bytes_per_param", "byte/parameter", "bytes per parameter")
STATE = Var("model_memory", "GB", "memory for the model's state")
PER_CHIP = Var("gpu_memory", "GB", "memory per accelerator")
HOLDERS = Var("gpus_to_hold", "GPU", "accelerators to hold it")
MODEL_MEMORY = Formula("model_memory", STATE, PARAMS.symbol * BYTES.symbol / 1e9, [PARAMS, BYTES],
                       "{params} · {bytes_per_param} ÷ 10⁹")
TO_HOLD = Formula("gpus_to_hold", HOLDERS, STATE.symbol / PER_CHIP.symbol, [STATE, PER_CHIP],
                  "{model_memory} ÷ {gpu_memory}")
HOLDING = Formula("memory_held", STATE, GPUS.symbol * PER_CHIP.symbol, [GPUS, PER_CHIP], "{gpus} · {gpu_memory}")
POOLED = Var("total_memory", "GB", "memory of the accelerators together")
POOL = Formula("total_memory", POOLED, GPUS.symbol * PER_CHIP.symbol, [GPUS, PER_CHIP], "{gpus} · {gpu_memory}")
SHARE = Var("memory_per_gpu", "GB", "memory each accelerator holds")
SHARDED = Formula("memory_per_gpu", SHARE, STATE.symbol / GPUS.symbol, [STATE, GPUS], "{model_memory} ÷ {gpus}")
WEIGHT_BYTES = {"fp32": 4.0, "bf16": 2.0, "fp8": 1.0, "int8": 1.0, "int4": 0.5}  # one weight at each precision
ACTIVATIONS = Text("Activations, buffers and fragmentation are not counted; they add more on top.",
                   "未计入激活值、缓冲区和内存碎片,实际还要更多。")


def model_memory(params: float, bytes_per_param: float | None = None, weights: str | None = None,
                 kb: KnowledgeBase | None = None) -> CalcResult:
    """Memory for a model's state in GB: parameters × bytes per parameter ÷ 10⁹.

    Args:
        params: parameter count.
        bytes_per_param: bytes each parameter takes (2 for bf16 weights alone, 16 for mixed-precision AdamW
            training state); default 16.
        weights: count the weights alone, at this precision (fp32, bf16, fp8, int8, int4), when bytes_per_param
            is not given.
    """
    inp = Inputs(kb)
    ev = _state(inp, params, bytes_per_param, weights)
    return CalcResult("model_memory", Text("memory for the model's state", "模型状态所需内存"), ev.value, "GB",
                      MODEL_MEMORY.text, MODEL_MEMORY.latex, dict(inp.recorded), [ev.step], list(inp.assumptions),
                      ev.low, ev.high)


def gpus_to_hold(params: float | None = None, bytes_per_param: float | None = None,
                 model_memory: float | None = None, gpu: str | None = None, gpu_memory: float | None = None,
                 weights: str | None = None, kb: KnowledgeBase | None = None) -> CalcResult:
    """Accelerators whose memory together holds the model's state: its GB ÷ the GB of one, rounded up.

    Args:
        params: parameter count (with bytes_per_param), instead of model_memory.
        bytes_per_param: bytes each parameter takes; default 16 (mixed-precision AdamW training state).
        weights: count the weights alone, at this precision (fp32, bf16, fp8, int8, int4), when bytes_per_param
            is not given.
        model_memory: the state's size in GB, when known.
        gpu: accelerator name or alias (its memory on file is used unless gpu_memory is given).
        gpu_memory: memory of one accelerator in GB (e.g. 80).
    """
    inp = Inputs(kb)
    steps = _given_state(inp, params, bytes_per_param, model_memory, weights)
    _memory_per_card(inp, gpu, gpu_memory)
    ev = TO_HOLD.solve("gpus_to_hold", inp.values)
    return CalcResult("gpus_to_hold", Text("accelerators to hold it", "放下所需的加速卡数"), ev.value, "GPU",
                      TO_HOLD.text, TO_HOLD.latex, dict(inp.recorded), [*steps, ev.step], list(inp.assumptions),
                      ev.low, ev.high)


def memory_per_gpu(gpus: float, params: float | None = None, bytes_per_param: float | None = None,
                   model_memory: float | None = None, weights: str | None = None,
                   kb: KnowledgeBase | None = None) -> CalcResult:
    """The model's state each accelerator holds when it is sharded evenly across them (ZeRO-3, FSDP): its GB ÷
    the accelerators.

    Args:
        gpus: number of accelerators the state is split across.
        params: parameter count (with bytes_per_param), instead of model_memory.
        bytes_per_param: bytes each parameter takes; default 16 (mixed-precision AdamW training state).
        weights: count the weights alone, at this precision (fp32, bf16, fp8, int8, int4), when bytes_per_param
            is not given.
        model_memory: the state's size in GB, when known.
    """
    inp = Inputs(kb)
    steps = _given_state(inp, params, bytes_per_param, model_memory, weights)
    inp.user("gpus", gpus)
    inp.assume("The state is split evenly across the accelerators (fully sharded, as ZeRO-3 or FSDP do).",
               "模型状态在各卡间均匀切分(完全分片,如ZeRO-3或FSDP)。")
    ev = SHARDED.solve("memory_per_gpu", inp.values)
    return CalcResult("memory_per_gpu", Text("memory each accelerator holds", "每张卡分到的内存"), ev.value, "GB",
                      SHARDED.text, SHARDED.latex, dict(inp.recorded), [*steps, ev.step], list(inp.assumptions),
                      ev.low, ev.high)


def _memory_per_card(inp: Inputs, gpu: str | None, gpu_memory: float | None) -> None:
    """One accelerator's memory: the user's, else the named accelerator's on file."""
    if gpu_memory is not None:
        inp.user("gpu_memory", gpu_memory)
    elif gpu is not None and (acc := resolve(gpu, inp.kb)).memory is not None:
        inp.sourced("gpu_memory", acc.memory, "memory per accelerator")
    else:
        raise MissingInputError("gpu_memory", "the accelerator, or the memory of one in GB", "加速卡型号或单卡显存(GB)")


def _given_state(inp: Inputs, params: float | None, bytes_per_param: float | None, model_memory: float | None,
                 weights: str | None) -> list[str]:
    """The state's GB as given, else worked out from the parameters; the steps that worked it out."""
    if model_memory is not None:
        inp.user("model_memory", model_memory)
        return []
    if params is None:
        raise MissingInputError("model_memory", "the model's size (parameters) or its state in GB",
                                "模型参数量或其状态占用的GB数")
    state = _state(inp, params, bytes_per_param, weights)
    inp.values["model_memory"] = Value(state.value, state.low, state.high)
    return [state.step]


def _state(inp: Inputs, params: float, bytes_per_param: float | None, weights: str | None) -> Evaluation:
    inp.user("params", params)
    _bytes(inp, bytes_per_param, weights)
    return MODEL_MEMORY.solve("model_memory", inp.values)


def _bytes(inp: Inputs, bytes_per_param: float | None, weights: str | None) -> None:
    """Bytes per parameter: the user's; else the weights alone at the precision named ("bf16 weights": 2); else
    the whole mixed-precision training state."""
    if bytes_per_param is None and weights is not None:
        if text("weights", weights, ", ".join(WEIGHT_BYTES)) not in WEIGHT_BYTES:
            raise InputError("weights", f"Unknown precision {weights!r}.", f"未知精度 {weights!r}。",
                             accepted=", ".join(WEIGHT_BYTES))
        inp.fixed("bytes_per_param", WEIGHT_BYTES[weights], "byte/parameter",
                  f"bytes per parameter ({weights} weights alone)", "definition")
        inp.assume(f"The {weights} weights alone: no gradients, optimizer state or activations.",
                   f"只算{weights}权重本身:不含梯度、优化器状态和激活值。")
        return
    inp.user_or_default("bytes_per_param", bytes_per_param, "training-state-bytes-per-param")
    inp.assumptions.append(ACTIVATIONS)


def total_memory(gpus: float, gpu: str | None = None, gpu_memory: float | None = None,
                 kb: KnowledgeBase | None = None) -> CalcResult:
    """The memory of several accelerators together (a server's, a cluster's): accelerators × GB each.

    Args:
        gpus: number of accelerators.
        gpu: accelerator name or alias (its memory on file is used unless gpu_memory is given).
        gpu_memory: memory of one accelerator in GB (e.g. 192).
    """
    inp = Inputs(kb)
    inp.user("gpus", gpus)
    _memory_per_card(inp, gpu, gpu_memory)
    ev = POOL.solve("total_memory", inp.values)
    return CalcResult("total_memory", Text("memory of the accelerators together", "加速卡显存合计"), ev.value, "GB",
                      POOL.text, POOL.latex, dict(inp.recorded), [ev.step], list(inp.assumptions), ev.low, ev.high)


def params_that_fit(gpus: float, gpu: str | None = None, gpu_memory: float | None = None,
                    bytes_per_param: float | None = None, weights: str | None = None,
                    kb: KnowledgeBase | None = None) -> CalcResult:
    """The largest model whose training state the accelerators' memory holds: accelerators × GB each × 10⁹ ÷
    bytes per parameter.

    Args:
        gpus: number of accelerators.
        gpu: accelerator name or alias (its memory on file is used unless gpu_memory is given).
        gpu_memory: memory of one accelerator in GB (e.g. 80).
        bytes_per_param: bytes each parameter takes; default 16 (mixed-precision AdamW training state).
        weights: count the weights alone, at this precision (fp32, bf16, fp8, int8, int4), when bytes_per_param
            is not given.
    """
    inp = Inputs(kb)
    inp.user("gpus", gpus)
    _memory_per_card(inp, gpu, gpu_memory)
    held = HOLDING.solve("model_memory", inp.values)
    inp.values["model_memory"] = Value(held.value, held.low, held.high)
    _bytes(inp, bytes_per_param, weights)
    ev = MODEL_MEMORY.solve("params", inp.values)
    return CalcResult("fit_params", Text("largest model that fits", "放得下的最大模型"), ev.value, "parameter",
                      MODEL_MEMORY.text, MODEL_MEMORY.latex, dict(inp.recorded), [held.step, ev.step],
                      list(inp.assumptions), ev.low, ev.high)
