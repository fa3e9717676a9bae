"""Behaviour of the calculators: results explain themselves, defaults are cited, bad input is refused."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tools.compare import equivalent_days, equivalent_gpu_hours, equivalent_gpus
from tools.compute import (
    cluster_gpus,
    gpu_hours,
    step_batch,
    step_days,
    step_tokens,
    stretched_days,
    text_size,
    text_tokens,
    token_steps,
    trainable_tokens,
    training_days,
    training_flop,
    wall_clock_days,
)
from tools.convert import convert
from tools.cost import (
    acquisition_cost,
    amortised_cost,
    annual_depreciation,
    daily_cost,
    development_cost,
    labelling_cost,
    machines_needed,
    rental_cost,
    run_depreciation,
    staff_cost,
)
from tools.energy import cluster_power, electricity_cost, household_years
from tools.errors import InputError, MissingInputError, UnknownHardwareError
from tools.hardware import resolve
from tools.memory import gpus_to_hold, model_memory, total_memory
from tools.scaling import affordable_gpu_hours, chinchilla_optimal, chinchilla_tokens


def test_result_shows_formula_steps_inputs_and_origins():
    r = gpu_hours(params=70e9, tokens=2e12, gpu="A100", mfu=0.4)
    d = r.to_dict()
    assert d["unit"] == "GPU-hour"
    assert d["value"] == pytest.approx(8.4e23 / (312e12 * 0.4 * 3600))
    assert "flop" in d["formula"]
    assert any("6 × 7e10 × 2e12" in s for s in d["steps"])
    assert d["inputs"]["params"]["origin"] == "user"
    assert d["inputs"]["peak_flops"]["origin"] == "nvidia-a100-datasheet"
    assert d["inputs"]["mfu"] == {"value": 0.4, "unit": "ratio", "origin": "user", "label": "MFU (model FLOPs "
                                  "utilisation)"}


def test_default_mfu_gives_a_cited_range():
    r = gpu_hours(params=70e9, tokens=2e12, gpu="H100")
    mfu = r.inputs["mfu"]
    assert mfu.origin == "default" and mfu.source == "epoch-cost-2024"
    assert r.low < r.value < r.high
    assert r.high / r.low == pytest.approx(0.50 / 0.30)
    assert any("epoch-cost-2024" in a.en for a in r.assumptions)
    assert any("默认值" in a.zh for a in r.assumptions)


@pytest.mark.parametrize("name", ["H100", "h100", "H100 SXM", "英伟达H100", "NVIDIA H100", "nvidia-h100", " H100 "])
def test_hardware_aliases_resolve(name):
    assert resolve(name).id == "h100-sxm5-80gb"


def test_unknown_gpu_suggests_close_names():
    with pytest.raises(UnknownHardwareError) as err:
        gpu_hours(params=7e9, tokens=1e12, gpu="H1000")
    assert "H100" in str(err.value)
    assert "未知" in err.value.message_zh
    assert "A100" in err.value.accepted


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"params": 0, "tokens": 1e12}, "params"),
    ({"params": -7e9, "tokens": 1e12}, "params"),
    ({"params": float("nan"), "tokens": 1e12}, "params"),
    ({"params": float("inf"), "tokens": 1e12}, "params"),
    ({"params": 1e40, "tokens": 1e12}, "params"),
    ({"params": 7e9, "tokens": 1e30}, "tokens"),
    ({"params": 7e9, "tokens": "lots"}, "tokens"),
    ({"params": True, "tokens": 1e12}, "params"),
])
def test_bad_numbers_raise_bilingual_errors(kwargs, field):
    with pytest.raises(InputError) as err:
        training_flop(**kwargs)
    assert err.value.field == field
    assert err.value.message_en and err.value.message_zh and err.value.accepted


def test_mfu_above_one_is_refused_with_a_hint():
    with pytest.raises(InputError) as err:
        gpu_hours(params=7e9, tokens=1e12, gpu="A100", mfu=40)
    assert "0.4 for 40%" in err.value.accepted


def test_missing_inputs_say_what_to_give():
    with pytest.raises(MissingInputError) as err:
        gpu_hours(gpu="A100")
    assert "parameter" in err.value.message_en
    with pytest.raises(MissingInputError):
        gpu_hours(params=7e9, tokens=1e12)


def test_moe_uses_active_parameters():
    dense = training_flop(671e9, 14.8e12)
    moe = training_flop(671e9, 14.8e12, active_params=37e9)
    assert moe.value / dense.value == pytest.approx(37 / 671)
    with pytest.raises(InputError):
        training_flop(37e9, 1e12, active_params=671e9)


def test_attention_term_adds_compute():
    base = training_flop(7e9, 1e12).value
    with_attn = training_flop(7e9, 1e12, layers=32, seq_len=4096, d_model=4096)
    assert with_attn.value == pytest.approx(base + 6 * 32 * 4096 * 4096 * 1e12)
    with pytest.raises(InputError):
        training_flop(7e9, 1e12, layers=32)


def test_rental_cost_chains_from_model_size_and_uses_dated_price():
    r = rental_cost(params=7e9, tokens=2e12, gpu="H100", mfu=0.4)
    price = r.inputs["price_per_gpu_hour"]
    assert price.origin not in ("user", "default")  # a source id
    hours = gpu_hours(params=7e9, tokens=2e12, gpu="H100", mfu=0.4).value
    assert r.value == pytest.approx(hours * price.value)
    assert any("flop = 6" in s for s in r.steps)


def test_amortised_cost_splits_hardware_and_energy():
    r = amortised_cost("H100", gpu_hours=1e6, pue=1.1, electricity_price=0.0771)
    assert sum(r.components.values()) == pytest.approx(r.value)
    assert r.components["energy"] < r.components["accelerators"] + r.components["servers_networking"]


def test_hardware_cost_splits_accelerators_from_servers_and_networking():
    """The price paid for the chips, depreciated alone, is one part; Epoch AI's server and network overheads the
    other: 1,000 × $30k straight-line over 4 years for 30 days is $616k of chips."""
    r = amortised_cost("H100", gpus=1000, days=30, purchase_price=30_000, method="straight-line", life_years=4)
    assert r.components["accelerators"] == pytest.approx(1000 * 30_000 * 30 / (4 * 365.25), rel=1e-3)
    bought = acquisition_cost(1000, "H100", purchase_price=28_000)
    assert bought.components["accelerators"] == pytest.approx(28e6)
    assert sum(bought.components.values()) == pytest.approx(bought.value)


def test_straight_line_amortisation():
    r = amortised_cost("A100", gpu_hours=1000, purchase_price=15000, method="straight-line", life_years=4,
                       include_energy=False)
    overhead = r.inputs["overhead"].value
    assert r.value == pytest.approx(1000 * 15000 * overhead / 0.81 / (4 * 8766))


def test_acquisition_cost():
    r = acquisition_cost(gpus=25_000, gpu="A100", purchase_price=10_000, interconnect_fraction=0.19)
    assert r.value == pytest.approx(25_000 * 10_000 * r.inputs["overhead"].value / 0.81)


def test_development_cost_range_from_multiplier():
    r = development_cost(final_run_cost=5e6)
    assert r.value == pytest.approx(5e6 * 2.2)
    assert r.low == pytest.approx(5e6 * 1.2) and r.high == pytest.approx(5e6 * 4.0)
    staffed = development_cost(final_run_cost=5e6, multiplier=2, staff=100, salary=200_000, fte=0.5, years=1)
    assert staffed.components["staff"] == pytest.approx(100 * 200_000 * 0.5 * staffed.inputs["staff_overhead"].value)
    summed = development_cost(final_run_cost=4e6, multiplier=2.5, staff_cost=1.5e6)  # the people as one sum
    assert summed.value == pytest.approx(11.5e6) and summed.inputs["staff_cost"].origin == "user"
    assert "staff_cost" in summed.steps[0] and "staff" not in summed.inputs


def test_a_share_on_top_is_added_after_the_cost_it_marks_up():
    labelled = labelling_cost(label_items=50_000, label_price=3, markup=0.2)
    assert labelled.value == pytest.approx(180_000) and len(labelled.steps) == 2
    staff = staff_cost(staff=12, salary=300_000, years=0.5, markup=0.3)
    assert staff.value == pytest.approx(12 * 300_000 * 0.5 * 1.3)
    loaded = staff_cost(staff=12, salary=300_000, years=0.5, staff_overhead=1.3)
    assert loaded.value == pytest.approx(staff.value) and loaded.inputs["staff_overhead"].origin == "user"
    bought = acquisition_cost(gpus=1024, purchase_price=30_000, markup=0.25)
    assert bought.value == pytest.approx(1024 * 30_000 * 1.25)
    assert bought.components["servers_networking"] == pytest.approx(1024 * 30_000 * 0.25)
    with pytest.raises(InputError):
        labelling_cost(label_items=10, label_price=1, markup=-0.1)


def test_model_memory_follows_transformer_math_bytes_per_parameter():
    # Transformer Math 101: bf16 weights 2 B + gradients 2 B + AdamW 12 B = 16 B per parameter
    state = model_memory(params=70e9)
    assert state.value == pytest.approx(1120) and state.inputs["bytes_per_param"].origin == "default"
    assert model_memory(params=405e9, bytes_per_param=2).value == pytest.approx(810)
    held = gpus_to_hold(params=70e9, gpu="H100")  # 80 GB on file
    assert held.value == pytest.approx(14) and held.inputs["gpu_memory"].origin != "user"
    assert gpus_to_hold(model_memory=208, gpu_memory=24).value == pytest.approx(208 / 24)
    with pytest.raises(MissingInputError):
        gpus_to_hold(params=7e9)


def test_total_memory_is_the_cards_memory_on_file_times_their_count():
    pooled = total_memory(gpus=8, gpu="MI300X")  # 192 GB each on file
    assert pooled.value == pytest.approx(1536) and pooled.inputs["gpu_memory"].origin != "user"
    assert total_memory(gpus=4, gpu_memory=24).value == pytest.approx(96)


def test_run_depreciation_is_the_yearly_write_off_for_the_days_the_run_holds():
    run = run_depreciation(days=90, amount=40e6, life_years=3)
    assert run.value == pytest.approx(40e6 / 3 * 90 / 365.25)
    # the same run on the cards bought one by one: 512 × $30k is the sum written off
    assert run_depreciation(days=90, gpus=512, purchase_price=30e3, life_years=3).value == \
        pytest.approx(512 * 30e3 / 3 * 90 / 365.25)
    with pytest.raises(InputError):
        run_depreciation(days=-5, amount=1e6, life_years=3)


def test_a_schedule_of_steps_reads_one_global_batch_a_step():
    # Llama 2: 2.0T tokens at a global batch of 4M tokens (reference/published-figures.md, row 9)
    assert token_steps(tokens=2.0e12, batch_tokens=4e6).value == pytest.approx(500_000)
    assert step_tokens(steps=500_000, batch_tokens=4e6).value == pytest.approx(2.0e12)
    r = step_tokens(steps=120_000, batch_size=1024, seq_tokens=4096)
    assert r.value == pytest.approx(120_000 * 1024 * 4096) and r.unit == "token"
    assert token_steps(tokens=r.value, batch_size=1024, seq_tokens=4096).value == pytest.approx(120_000)
    assert step_batch(tokens=2.0e12, steps=500_000).value == pytest.approx(4e6)
    assert step_days(steps=250_000, step_seconds=5.1).value == pytest.approx(250_000 * 5.1 / 86_400)
    with pytest.raises(MissingInputError):
        step_tokens(steps=1000, batch_size=512)
    with pytest.raises(InputError):
        step_days(steps=1000, step_seconds=-2)


def test_machines_needed_hold_the_cards_a_machine_at_a_time():
    assert machines_needed(gpus=3000, node_gpus=8).value == pytest.approx(375)
    assert machines_needed(gpus=1000, node_gpus=8).unit == "machine"
    with pytest.raises(InputError):
        machines_needed(gpus=1000, node_gpus=0)


def test_equivalent_gpus_scale_by_dense_peaks():
    r = equivalent_gpus(gpus=1000, gpu_list="H800,H20")
    assert r.value == pytest.approx(1000 * r.inputs["peak_flops"].value / r.inputs["other_peak_flops"].value)
    assert r.inputs["other_peak_flops"].value == pytest.approx(148e12)  # the H20's dense BF16 peak on file
    stated = equivalent_gpus(gpus=1000, gpu_list="H800,H20", peaks="9.89e14,1.48e14")
    assert stated.value == pytest.approx(1000 * 989 / 148) and stated.inputs["peak_flops"].origin == "user"
    with pytest.raises(InputError):
        equivalent_gpus(gpus=10, gpu_list="H100")


def test_calendar_days_stretch_by_the_goodput_given():
    assert wall_clock_days(gpu_hours=2e6, gpus=2048, goodput=0.9).value == pytest.approx(2e6 / 2048 / 24 / 0.9)
    assert cluster_gpus(gpu_hours=2e6, days=40, goodput=0.9).value == pytest.approx(2e6 / 40 / 24 / 0.9)
    assert wall_clock_days(gpu_hours=2e6, gpus=2048).value == pytest.approx(2e6 / 2048 / 24)
    stretched = stretched_days(ideal_days=45, goodput=0.9)  # an ideal schedule, the same way
    assert stretched.value == pytest.approx(50) and stretched.unit == "day"
    with pytest.raises(InputError):
        stretched_days(ideal_days=45, goodput=0)


def test_electricity_cost_in_china_uses_cny_default():
    r = electricity_cost(1e6, region="中国")
    assert r.unit == "CNY"
    assert r.inputs["electricity_price"].origin == "default"


def test_article_household_claim_is_about_120_household_years():
    r = household_years(1_287_000)
    assert 115 <= r.value <= 130  # the article's "one household for three years" is off by ~40×


def test_chinchilla_optimal_for_chinchilla_compute():
    r = chinchilla_optimal(flop=5.76e23)
    assert r.components["params"] == pytest.approx(69.3e9, rel=0.01)
    assert r.components["tokens"] == pytest.approx(1.386e12, rel=0.01)
    bought = chinchilla_optimal(budget=1e6, gpu="H100", price_per_gpu_hour=2.0, mfu=0.4)
    assert bought.inputs["flop"].value == pytest.approx(5e5 * 3600 * 989.4e12 * 0.4, rel=1e-3)


def test_chinchilla_tokens_for_chinchillas_own_size():
    # Hoffmann et al. (2022) trained Chinchilla, 70B parameters, on 1.4T tokens
    assert chinchilla_tokens(params=70e9).value == pytest.approx(1.4e12)
    assert chinchilla_tokens(params=7e9, tokens_per_param=30).value == pytest.approx(2.1e11)


def test_straight_line_depreciation_per_year():
    assert annual_depreciation(gpus=1024, purchase_price=25_000, life_years=4).value == pytest.approx(6.4e6)
    assert annual_depreciation(amount=270_000, life_years=4).value == pytest.approx(67_500)
    listed = annual_depreciation(gpus=2000, gpu="A100")  # the chip's price on file, the default life
    assert listed.inputs["purchase_price"].origin != "user" and listed.inputs["life_years"].origin == "default"
    with pytest.raises(MissingInputError):
        annual_depreciation(life_years=4)


def test_straight_line_depreciation_leaves_the_salvage_value():
    assert annual_depreciation(amount=250_000, life_years=5, salvage_value=25_000).value == pytest.approx(45_000)
    share = annual_depreciation(gpus=64, purchase_price=30_000, life_years=4, salvage_share=0.1)
    assert share.value == pytest.approx(64 * 30_000 * 0.9 / 4)
    assert annual_depreciation(amount=100, life_years=2, salvage_share=0).value == pytest.approx(50)
    with pytest.raises(InputError):
        annual_depreciation(amount=100, life_years=2, salvage_value=150)  # worth more than was paid


def test_trainable_tokens_inverts_gpu_hours_on_llama_2_70b():
    # Llama 2 70B: 1,720,320 A100 GPU-hours for 2T tokens (Touvron et al. 2023), i.e. about 43.5% MFU
    mfu = 6 * 70e9 * 2e12 / (1_720_320 * 3600 * 312e12)
    r = trainable_tokens(70e9, gpu_hours=1_720_320, gpu="A100", mfu=mfu)
    assert r.value == pytest.approx(2e12, rel=1e-6)
    assert trainable_tokens(7e9, gpus=1024, days=30, gpu="H100", mfu=0.4).value == pytest.approx(
        1024 * 30 * 86400 * 989.4e12 * 0.4 / (6 * 7e9), rel=1e-3)


def test_cluster_power_is_cards_times_tdp_times_pue():
    assert cluster_power(1024, "H100", pue=1.0).value == pytest.approx(1024 * 700)
    assert cluster_power(512, power_w=1000, pue=1.3).value == pytest.approx(665_600)


def test_buying_the_cards_alone_adds_no_servers_or_networking():
    alone = acquisition_cost(512, purchase_price=30_000, overhead=1.0, interconnect_fraction=0.0)
    assert alone.value == pytest.approx(512 * 30_000) and alone.assumptions
    assert acquisition_cost(512, "H100", purchase_price=30_000).value > 1.5 * alone.value


def test_a_budget_rents_gpu_hours_at_the_given_or_the_listed_price():
    assert affordable_gpu_hours(budget=750_000, price_per_gpu_hour=2.2).value == pytest.approx(340_909.09)
    listed = affordable_gpu_hours(budget=1e6, gpu="H100")
    assert listed.inputs["price_per_gpu_hour"].origin == "epoch-cost-2024" and listed.assumptions
    with pytest.raises(MissingInputError):
        affordable_gpu_hours(budget=1e6)


def test_currency_conversion_is_cited():
    r = convert(1e9, "CNY", "USD")
    assert r.unit == "USD"
    assert 1e8 < r.value < 2e8
    assert any(i.origin == "default" and i.source for i in r.inputs.values())
    with pytest.raises(InputError):
        convert(1, "USD", "parsecs")


positive = st.floats(min_value=1e8, max_value=1e13)


@settings(max_examples=200, deadline=None)
@given(params=positive, tokens=st.floats(min_value=1e7, max_value=1e14), mfu=st.floats(0.05, 1.0),
       gpus=st.integers(1, 100_000))
def test_property_units_consistent(params, tokens, mfu, gpus):
    hours = gpu_hours(params=params, tokens=tokens, gpu="H100", mfu=mfu).value
    days = training_days(gpus=gpus, params=params, tokens=tokens, gpu="H100", mfu=mfu).value
    assert math.isclose(days * 24 * gpus, hours, rel_tol=1e-9)


@settings(max_examples=100, deadline=None)
@given(params=positive, tokens=st.floats(min_value=1e9, max_value=1e14), factor=st.floats(1.01, 10),
       mfu=st.floats(0.05, 0.9))
def test_property_monotonic(params, tokens, factor, mfu):
    base = gpu_hours(params=params, tokens=tokens, gpu="A100", mfu=mfu).value
    assert gpu_hours(params=min(params * factor, 1e14), tokens=tokens, gpu="A100", mfu=mfu).value >= base
    assert gpu_hours(params=params, tokens=tokens, gpu="A100", mfu=min(mfu * factor, 1.0)).value <= base
    assert rental_cost(gpu_hours=base, price_per_gpu_hour=2 * factor).value > rental_cost(
        gpu_hours=base, price_per_gpu_hour=2).value


def test_no_symbolic_work_at_call_time(monkeypatch):
    """Formulas are solved and compiled at import; a call must not touch sympy's solver, printer or parser."""
    import sympy

    import tools.compare  # noqa: F401  (import everything first, then forbid sympy)
    from tools.registry import CALCULATORS

    def forbidden(*args, **kwargs):
        raise AssertionError("sympy used at call time")

    for name in ("solve", "lambdify", "sympify", "sstr", "latex", "simplify"):
        monkeypatch.setattr(sympy, name, forbidden)
    CALCULATORS["rental-cost"](params=70e9, tokens=2e12, gpu="H100")
    CALCULATORS["amortised-cost"](gpu="A100", gpu_hours=1e5, method="straight-line")
    CALCULATORS["chinchilla"](budget=1e7, gpu="H100")
    CALCULATORS["compare-hardware"](gpus="A100,H100", params=7e9, tokens=1e12, cluster_size=256)
    CALCULATORS["carbon"](energy_kwh=1e6, region="cn", renewable_share=0.5)


def test_compare_hardware_lists_each_accelerator():
    from tools.compare import compare_hardware

    r = compare_hardware("A100,H100", params=70e9, tokens=2e12, mfu=0.4, cluster_size=1024)
    a100, h100 = r.components["NVIDIA A100 SXM4 80GB GPU-hours"], r.components["NVIDIA H100 SXM5 80GB GPU-hours"]
    assert a100 / h100 == pytest.approx(989.4 / 312)
    assert r.components["NVIDIA H100 SXM5 80GB days"] == pytest.approx(h100 / 1024 / 24)
    with pytest.raises(InputError):
        compare_hardware("A100", params=7e9, tokens=1e12)


def test_precompiled_formulas_are_current() -> None:
    """tools/solved.json must match a fresh sympy solve; if this fails run `python -m tools.formula`."""
    import json

    import tools.registry  # noqa: F401  (builds every formula)
    from tools.formula import CACHE_PATH, REGISTRY

    shipped = json.loads(CACHE_PATH.read_text(encoding="utf-8"))
    assert set(shipped) == set(REGISTRY)
    for name, formula in REGISTRY.items():
        assert shipped[name] == formula.to_json(fresh=True), f"{name}: run `python -m tools.formula`"


def test_mfu_needed_for_a_deadline_from_gpus_days_and_model_size():
    """The MFU that 256 H100s need to train 30B on 1.5T tokens in 21 days: 6ND ÷ (256 × 21 × 24 h × peak)."""
    from tools.compute import achieved_mfu

    r = achieved_mfu(params=30e9, tokens=1.5e12, gpus=256, days=21, gpu="H100")
    peak = r.inputs["peak_flops"].value
    assert r.value == pytest.approx(6 * 30e9 * 1.5e12 / (256 * 21 * 24 * 3600 * peak))
    with pytest.raises(MissingInputError):
        achieved_mfu(params=30e9, tokens=1.5e12, gpu="H100")


def test_taiwan_and_hong_kong_dollars_convert_at_the_cited_2023_averages():
    """Fed G.5A annual 2023: 31.1525 TWD and 7.8292 HKD per USD."""
    assert convert(31.1525, "TWD", "USD").value == pytest.approx(1.0)
    assert convert(1, "USD", "HKD").value == pytest.approx(7.8292)
    assert convert(1, "USD", "HKD").inputs["rate_hkd"].source == "fed-g5a-2023"


def test_a_users_exchange_rate_replaces_the_cited_one():
    assert convert(29_900, "USD", "HKD", usd_rate=7.8).value == pytest.approx(233_220)
    assert convert(72, "CNY", "USD", usd_rate=7.2).value == pytest.approx(10)
    assert convert(1, "USD", "CNY", usd_rate=7.2).inputs["usd_rate"].origin == "user"
    with pytest.raises(InputError):
        convert(1, "USD", "CNY", usd_rate=-1)


def test_cluster_gpu_hours():
    from tools.compute import cluster_gpu_hours

    assert cluster_gpu_hours(1024, 30).value == pytest.approx(1024 * 30 * 24)


def test_a_rental_bill_per_day_of_the_run():
    r = daily_cost(rental_cost=1_105_920, days=45)
    assert r.value == pytest.approx(24_576) and r.inputs["rental_cost"].origin == "user"


def test_an_amount_grown_for_years_at_a_factor_or_a_rate():
    from tools.figures import projected_amount

    # Epoch AI's 2.4x a year, three years on from USD 100M
    assert projected_amount(100e6, 3, growth_factor=2.4).value == pytest.approx(100e6 * 2.4**3)
    assert projected_amount(5e6, 4, growth_rate=0.3).value == pytest.approx(5e6 * 1.3**4)
    with pytest.raises(MissingInputError):
        projected_amount(5e6, 4)


def test_figures_in_one_unit_add_up():
    from tools.figures import figure_total

    assert figure_total("420, 2040, 8930", "tCO2e").value == pytest.approx(11_390)
    with pytest.raises(InputError):
        figure_total("420", "tCO2e")  # one figure is no total
    with pytest.raises(InputError):
        figure_total("420, -5", "tCO2e")


def test_cost_per_million_tokens():
    from tools.cost import cost_per_million_tokens

    # DeepSeek-V3: USD 5.576M for 14.8T tokens is about 0.38 USD per million tokens
    assert cost_per_million_tokens(5.576e6, 14.8e12).value == pytest.approx(0.3768, rel=1e-3)
    with pytest.raises(InputError):
        cost_per_million_tokens(-1, 1e12)


def test_6nd_read_backwards_and_a_measured_speed():
    from tools.compute import compute_params, compute_tokens, throughput_gpu_hours

    # Chinchilla: 5.76e23 FLOP over 1.4T tokens is a 70B model
    assert compute_params(5.76e23, 1.4e12).value == pytest.approx(68.6e9, rel=1e-2)
    assert compute_tokens(5.76e23, 70e9).value == pytest.approx(1.371e12, rel=1e-3)
    assert throughput_gpu_hours(1.4e12, 380).value == pytest.approx(1.4e12 / (380 * 3600))


def test_breakeven_counts_an_owned_cards_running_cost():
    from tools.cost import breakeven_days

    # the rent saved is what is left after the owned card's own power and hosting
    assert breakeven_days(3.6, 35000).value == pytest.approx(35000 / (3.6 * 24))
    assert breakeven_days(3.6, 35000, running_cost=0.4).value == pytest.approx(35000 / (3.2 * 24))
    with pytest.raises(InputError):
        breakeven_days(2.0, 30000, running_cost=2.5)


def test_compute_delivered_at_a_measured_speed():
    from tools.compute import delivered_flop

    # 512 cards each sustaining 400 TFLOP/s for 10 days: no peak or MFU enters
    r = delivered_flop(gpus=512, days=10, achieved_flops=400e12)
    assert r.value == pytest.approx(512 * 10 * 86400 * 400e12)
    assert "mfu" not in r.inputs


def test_the_same_job_on_another_chip_scales_by_the_two_dense_peaks():
    hours = equivalent_gpu_hours(100_000, "H100,H20")
    assert hours.value == pytest.approx(100_000 * 989.4e12 / 148e12, rel=1e-3)
    assert hours.inputs["gpu_hours"].origin == "user"
    assert {hours.inputs[k].origin for k in ("peak_flops", "other_peak_flops")}.isdisjoint({"user", "default"})
    assert equivalent_days(20, "H100,A100").value == pytest.approx(20 * 989.4 / 312, rel=1e-3)


def test_text_and_tokens_use_a_cited_bytes_per_token_unless_given():
    cited = text_tokens(10_000)  # 10 TB of text
    assert (cited.inputs["bytes_per_token"].origin, cited.inputs["bytes_per_token"].source) == ("default", "llm-calc")
    assert cited.value == pytest.approx(1e13 / 4.545, rel=1e-3)
    assert text_size(2e12, bytes_per_token=4).value == pytest.approx(8_000)  # GB
    assert text_size(2e12, bytes_per_token=4).inputs["bytes_per_token"].origin == "user"
