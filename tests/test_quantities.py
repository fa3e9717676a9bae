"""Quantities typed in either language and script become calculator slots with base-unit values."""

import pytest

from assistant.quantities import extract

CASES = [
    ("训练一个700亿参数的模型要花多少钱?", {"params": 70e9}),
    ("7百亿参数, 1.5万亿token, MFU 40%", {"params": 70e9, "tokens": 1.5e12, "mfu": 0.4}),
    ("用一千零二十四張H800訓練七百億參數模型", {"gpus": 1024, "params": 70e9}),
    ("How many H100s to train a 70B model on 2T tokens in 30 days?", {"params": 70e9, "tokens": 2e12, "days": 30}),
    ("用1024张H100训练一个700亿参数模型要多少天?", {"gpus": 1024, "params": 70e9}),
    ("2048 H800 GPUs for 2 months", {"gpus": 2048, "days": 60.88}),
    ("$2.50/GPU-hour for 1,720,320 GPU-hours", {"price_per_gpu_hour": 2.5, "gpu_hours": 1_720_320}),
    ("每卡时2美元, 利用率四成, PUE 1.2", {"price_per_gpu_hour": 2.0, "mfu": 0.4, "pue": 1.2}),
    ("0.429 kg/kWh, 每度电0.6元", {"grid_intensity": 0.429, "electricity_price": 0.6}),
    ("475 g/kWh", {"grid_intensity": 0.475}),
    ("千卡集群训练3个月", {"gpus": 1000, "days": 91.32}),
    ("GPT-3 used 1287 MWh", {"energy_kwh": 1.287e6}),
    ("1287兆瓦時", {"energy_kwh": 1.287e6}),
    ("a budget of $1M on H100", {"budget": 1e6}),
    ("预算100万美元", {"budget": 1e6}),
    ("37B active of 671B params, 14.8T tokens", {"active_params": 37e9, "params": 671e9, "tokens": 14.8e12}),
    ("train on 15 trillion tokens", {"tokens": 15e12}),
    ("3.14e23 FLOPs", {"flop": 3.14e23}),
    ("two weeks on 512 GPUs", {"gpus": 512}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_extracts_slots(text, expected):
    found = {q.slot: q.value for q in extract(text)}
    for slot, value in expected.items():
        assert found.get(slot) == pytest.approx(value, rel=1e-3), (slot, found)


def test_model_numbers_are_not_counts():
    slots = [(q.slot, q.value) for q in extract("2048 H800 GPUs, GPT-4 and Llama 3.1 405B")]
    assert ("gpus", 800.0) not in slots and ("gpus", 2048.0) in slots


def test_currency_of_prices_is_kept():
    (price,) = [q for q in extract("每卡时15元") if q.slot == "price_per_gpu_hour"]
    assert price.unit == "CNY/GPU-hour"
    (bill,) = [q for q in extract("$0.08/kWh") if q.slot == "electricity_price"]
    assert bill.unit == "USD/kWh"
