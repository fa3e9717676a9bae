"""The calculators reproduce the published cross-checks of ../shared/reference/published-figures.md §E."""

import pytest

from tools.compute import achieved_mfu, gpu_hours, gpus_needed, training_days, training_flop
from tools.convert import convert
from tools.cost import amortised_rate, rental_cost
from tools.energy import LOCATION, carbon, energy
from tools.formula import Value


def close(actual: float, expected: float, rel: float) -> bool:
    return actual == pytest.approx(expected, rel=rel)


# Row 116: Llama 2 card tCO2e = GPU-h × 0.400 kW × PUE 1.1 × 0.385 kg/kWh.
@pytest.mark.parametrize(("hours", "printed"), [(184320, 31.22), (368640, 62.44), (1720320, 291.42)])
def test_llama2_emissions_identity(hours, printed):
    e = energy(gpu_hours=hours, power_w=400, pue=1.1)
    t = carbon(e.value, grid_intensity=0.385)
    assert t.value == pytest.approx(printed, abs=0.02)


# Row 117: Llama 3.1's implied grid factor from its card.
def test_llama31_grid_factor():
    e = energy(gpu_hours=39.3e6, gpu="H100", pue=1.0)
    assert e.value == pytest.approx(27_510_000, rel=1e-9)
    factor = LOCATION.solve("grid_intensity", {"energy_kwh": Value(e.value), "emissions": Value(11_390)})
    assert factor.value == pytest.approx(0.414, abs=0.0005)
    e405 = energy(gpu_hours=30.84e6, gpu="H100", pue=1.0)
    assert e405.value / 1000 == pytest.approx(21_588, rel=1e-4)


# Row 118: DeepSeek-V3 FLOP and MFU against BF16 and FP8 dense peaks.
def test_deepseek_v3_flop_and_mfu():
    flop = training_flop(671e9, 14.8e12, active_params=37e9)
    assert flop.value == pytest.approx(3.2856e24, rel=1e-9)
    assert achieved_mfu(flop.value, 2.664e6, gpu="H800").value == pytest.approx(0.346, abs=0.001)
    assert achieved_mfu(flop.value, 2.664e6, gpu="H800", precision="fp8").value == pytest.approx(0.173, abs=0.001)


# Row 119: 180K GPU-hours per trillion tokens on 2048 H800s is 3.66 days.
def test_deepseek_v3_schedule():
    flop_per_t = training_flop(671e9, 1e12, active_params=37e9).value
    mfu = achieved_mfu(flop_per_t, 180e3, gpu="H800").value
    days = training_days(gpus=2048, flop=flop_per_t, gpu="H800", mfu=mfu)
    assert days.value == pytest.approx(3.66, abs=0.01)
    assert days.value * 24 == pytest.approx(87.9, abs=0.05)


# Rows 120 and 121: utilisation implied by Llama model cards.
def test_llama_31_405b_and_llama2_70b_mfu():
    assert achieved_mfu(3.8e25, 30.84e6, gpu="H100").value == pytest.approx(0.346, abs=0.001)
    flop = training_flop(70e9, 2e12).value
    assert flop == pytest.approx(8.4e23)
    assert achieved_mfu(flop, 1_720_320, gpu="A100").value == pytest.approx(0.435, abs=0.001)


# Row 122: GPT-3 compute, energy and CO2 (Patterson et al. inputs).
def test_gpt3_compute_energy_carbon():
    assert close(training_flop(175e9, 300e9).value, 3.14e23, 0.01)
    e = energy(gpus=10_000, days=14.8, power_w=330, pue=1.1)
    assert close(e.value / 1000, 1287, 0.005)
    assert close(carbon(e.value, grid_intensity=0.429).value, 552, 0.005)


# Row 123: BLOOM energy and emissions, with and without PUE.
def test_bloom():
    e = energy(gpu_hours=1_082_990, power_w=400, pue=1.0)
    assert e.value == pytest.approx(433_196, abs=1)
    assert carbon(e.value, grid_intensity=0.057).value == pytest.approx(24.69, abs=0.01)
    with_pue = energy(gpu_hours=1_082_990, power_w=400, pue=1.2)
    assert carbon(with_pue.value, grid_intensity=0.057).value == pytest.approx(29.6, abs=0.05)


# Row 124: Gopher on 4096 TPUv3 for 920 hours at 283 W, PUE 1.08, 0.33 t/MWh.
def test_gopher():
    e = energy(gpus=4096, days=920 / 24, power_w=283, pue=1.0)
    assert close(e.value / 1000, 1066, 0.001)
    facility = energy(gpus=4096, days=920 / 24, power_w=283, pue=1.08)
    assert carbon(facility.value, grid_intensity=0.33).value == pytest.approx(380, abs=1)


# Row 125: OPT-175B recomputed at PUE 1.1 and 0.231 kg/kWh.
def test_opt():
    assert carbon(324_000 * 1.1, grid_intensity=0.231).value == pytest.approx(82.3, abs=0.05)


# Row 126: Falcon-180B compute two ways, and the MFU each GPU-hour figure implies.
def test_falcon_180b():
    assert training_flop(180e9, 3.5e12).value == pytest.approx(3.78e24)
    reported = convert(43_500, "PF-day", "FLOP").value
    assert reported == pytest.approx(3.7584e24, rel=1e-9)
    assert achieved_mfu(reported, 7e6, gpu="A100").value == pytest.approx(0.478, abs=0.001)
    assert achieved_mfu(reported, 17.7e6, gpu="A100").value == pytest.approx(0.189, abs=0.001)


# Row 127: Chinchilla 6ND vs the reported 5.76e23 (a 2% gap).
def test_chinchilla_flop():
    assert close(training_flop(70e9, 1.4e12).value, 5.76e23, 0.021)


# Row 128: dollar checks at USD 2 per GPU-hour.
def test_dollar_checks():
    assert rental_cost(gpu_hours=1_720_320, price_per_gpu_hour=2).value == pytest.approx(3_440_640)
    assert rental_cost(gpu_hours=2.788e6, price_per_gpu_hour=2).value == pytest.approx(5.576e6)


# Row 129: Epoch's amortised H100 rate from the HGX H100 price.
def test_epoch_amortised_h100_rate():
    r = amortised_rate("H100", purchase_price=None, method="epoch", pue=1.1, electricity_price=0.0771)
    assert r.inputs["purchase_price"].value == 33_810
    hardware = r.components["accelerators"] + r.components["servers_networking"]
    assert hardware * (1 - 0.19) == pytest.approx(1.24, abs=0.005)
    assert hardware == pytest.approx(1.53, abs=0.005)
    assert r.value == pytest.approx(1.61, abs=0.01)


def test_round_trip_gpus_then_days():
    need = gpus_needed(days=30, params=70e9, tokens=2e12, gpu="H100", mfu=0.4)
    back = training_days(gpus=need.value, params=70e9, tokens=2e12, gpu="H100", mfu=0.4)
    assert back.value == pytest.approx(30, rel=1e-12)
    hours = gpu_hours(params=70e9, tokens=2e12, gpu="H100", mfu=0.4)
    assert hours.value == pytest.approx(need.value * 30 * 24, rel=1e-12)
