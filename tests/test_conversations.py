"""Conversations as people hold them: a follow-up changes one thing, asks another quantity of the same run, or
asks for the last answer in another currency; the rest of what was said carries over."""

import pytest

from assistant import Assistant


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    import os

    os.environ["ASSISTANT_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    return Assistant()


def _ask(bot, *turns: str) -> dict:
    history = [m for t in turns[:-1] for m in ({"role": "user", "content": t}, {"role": "assistant", "content": "…"})]
    return bot.ask(turns[-1], history=history).to_dict()


def _first(answer: dict) -> dict:
    return answer["calculations"][0]


def test_a_bare_number_replaces_the_input_of_its_order(bot):
    a = _ask(bot, "What's the Chinchilla-optimal model size for a 1e24 FLOP compute budget?", "and for 5e24?")
    assert _first(a)["tool"] == "chinchilla_optimal" and _first(a)["inputs"]["flop"]["value"] == pytest.approx(5e24)


def test_a_change_keeps_what_was_asked(bot):
    a = _ask(bot, "自己买H100的话，每卡时的摊销成本是多少？", "按5年直线折旧算呢？")
    assert _first(a)["tool"] == "amortised_rate" and _first(a)["inputs"]["life_years"]["value"] == 5
    b = _ask(bot, "With a $1M budget for renting H100s, what's the compute-optimal model size?",
             "what if we can get them for $2 an hour?")
    assert _first(b)["tool"] == "chinchilla_optimal"


def test_a_published_cost_in_another_currency(bot):
    a = _ask(bot, "What did DeepSeek-V3's final training run cost according to its report?", "and in euros?")
    assert any(f["unit"] == "EUR" for f in a["figures"])
    assert _first(a)["inputs"]["amount"]["origin"] != "user"


def test_published_gpu_hours_spread_over_a_new_cluster(bot):
    a = _ask(bot, "Llama 3.1 405B训练用了多少GPU小时？", "如果用两万张卡来跑，需要多少天？")
    assert _first(a)["tool"] == "wall_clock_days" and _first(a)["value"] == pytest.approx(30.84e6 / 20000 / 24)


def test_a_short_question_asks_about_the_same_run(bot):
    a = _ask(bot, "2000张H100连续跑30天耗电多少？", "那电费呢？", "碳排放多少")
    assert any(c["tool"] == "carbon" for c in a["calculations"])


def test_which_one_keeps_the_compared_run(bot):
    a = _ask(bot, "Compare A100 vs H100 for training a 13B model on 1T tokens.", "Which one is cheaper to rent?",
             "ok, and how many GPU-hours would the A100 need if we hit 45% MFU?")
    assert _first(a)["inputs"]["params"]["value"] == 13e9 and _first(a)["inputs"]["mfu"]["value"] == 0.45


def test_without_electricity_follow_up(bot):
    a = _ask(bot, "自有一張A100，每GPU小時的攤銷成本是多少？", "那一次用了100萬GPU小時的訓練要多少？",
             "如果不算電費呢？")
    assert a["status"] == "answered" and a["language"] == "zh-Hant"
    assert "electricity" not in (_first(a).get("components") or {})


def test_a_change_after_a_calculation_that_changes_nothing_is_new(bot):
    a = _ask(bot, "How many GPU-hours to train a 7B model on 1T tokens on H100?", "and the weather?")
    assert a["status"] == "out_of_scope"


@pytest.mark.parametrize(("first", "then", "per_day"), [
    ("We're renting 512 H800s at $2 per GPU-hour for 45 days. What's the total?", "How much is that per day?", 24_576),
    ("租1000張H100跑30天，每卡時6美元，總共幾多錢？", "咁每日要幾多錢？", 144_000),
])
def test_a_follow_up_asks_the_cost_per_day(bot, first, then, per_day):
    a = bot.ask(then, history=[{"role": "user", "content": first}, {"role": "assistant", "content": "…"}]).to_dict()
    assert a["status"] == "answered" and a["figures"][0]["value"] == pytest.approx(per_day)  # the headline


@pytest.mark.parametrize(("turns", "value"), [
    (("How many GPU-hours to train a 70B model on 1.4T tokens with H100s?", "Use 35% MFU.",
      "What if we only manage 30%?"), 0.3),
    (("用H100训练一个700亿参数、2万亿token的模型，要多少卡时？", "MFU按35%算的话呢？", "要是能做到五成呢？"), 0.5),
])
def test_a_bare_share_in_a_follow_up_is_read_in_its_unit(bot, turns, value):
    a = _ask(bot, *turns)
    assert a["status"] == "answered" and _first(a)["inputs"]["mfu"]["value"] == pytest.approx(value)


def test_an_earlier_follow_up_changes_what_the_next_one_builds_on(bot):
    a = _ask(bot, "Buying 512 H100s — total capex?", "and if we went with 1,024?",
             "Now assume we negotiate $25,000 per GPU.")
    assert _first(a)["inputs"]["gpus"]["value"] == 1024 and _first(a)["inputs"]["purchase_price"]["value"] == 25000


def test_a_longer_request_for_another_currency(bot):
    a = _ask(bot, "Renting 256 A100s for 21 days at $1.80 an hour each — total?",
             "Can you put that in euros for the Berlin office?")
    assert any(f["unit"] == "EUR" for f in a["figures"])


@pytest.mark.parametrize(("first", "then", "run_figure"), [
    ("How many GPU-hours did Llama 2 70B need?", "and the 7B one?", 184_320),
    ("Llama 3 8B 用咗幾多 GPU 小時？", "咁 70B 嗰個呢？", 6_400_000),
])
def test_a_size_after_a_published_run_names_its_sibling(bot, first, then, run_figure):
    a = _ask(bot, first, then)
    assert a["calculations"] == [] and any(f["value"] == run_figure for f in a["figures"])


def test_a_spec_asked_after_a_run_is_its_chips(bot):
    a = _ask(bot, "How many GPUs did Llama 3.1 405B train on?", "what about its power draw per GPU?")
    assert [f["value"] for f in a["figures"]] == [700]


def test_a_comparison_after_a_spec_compares_the_new_chip_with_the_earlier(bot):
    a = _ask(bot, "What's the dense BF16 peak of an H100?", "ok and how many times that does a GB200 give you?")
    assert _first(a)["value"] == pytest.approx(2.5e15 / 989.4e12, rel=1e-3)


@pytest.mark.parametrize(("question", "values"), [
    ("100万卡时，A厂报价每卡时2.2美元，B厂2.8美元，分别多少钱？", [2.2e6, 2.8e6]),
    ("Two quotes for H100 capacity: vendor A at $2.49/GPU-hr, vendor B at $3.10/GPU-hr. The job needs 120k "
     "GPU-hours. What would each cost us?", [298_800, 372_000]),
])
def test_options_set_side_by_side_are_each_calculated(bot, question, values):
    a = bot.ask(question).to_dict()
    assert [c["value"] for c in a["calculations"]] == [pytest.approx(v) for v in values]
    assert not a.get("unused_inputs")


@pytest.mark.parametrize("turns, tool, value", [
    (("Straight-line: a $32k GPU over 4 years, what's the yearly depreciation?", "And per GPU-hour if it runs 24/7?"),
     "amortised_rate", 32000 / (4 * 8766)),
    (("一张3.2万美元的GPU按4年直线折旧，每年折旧多少？", "要是全年满负荷运行，折到每卡时是多少？"),
     "amortised_rate", 32000 / (4 * 8766)),
    (("一台伺服器 28萬美金，4 年直線折舊，一年折多少？", "那每個月呢？"), "monthly_depreciation", 280000 / 48),
    (("we depreciate monthly: 64 GPUs at $28k over 5 years, monthly charge?", "and per year?"),
     "annual_depreciation", 64 * 28000 / 5),
])
def test_a_write_off_asked_again_over_another_period(bot, turns, tool, value):
    a = _ask(bot, *turns)
    assert _first(a)["tool"] == tool and _first(a)["value"] == pytest.approx(value, rel=1e-3)


@pytest.mark.parametrize("turns, parts", [
    (("Staff cost: 10 engineers at $180k for a year, with 25% overhead?", "Add four more engineers at the same pay."),
     {"staff": 10, "added": 4}),
    (("512张H100训练一个13B模型，3T token，MFU 40%，要多少天？", "再加一倍卡呢？"), {"gpus": 512, "factor": 2}),
    (("List price is $3.50 per GPU-hour and a one-year commitment takes 35% off. "
      "What would 300k GPU-hours cost on the commitment?",), {"price_per_gpu_hour": 3.5, "discount": 0.35}),
])
def test_an_input_worked_out_of_the_users_numbers_shows_them(bot, turns, parts):
    # the numbers as typed are the user's inputs of a step of their own; what they make is calculated, not typed
    a = _ask(bot, *turns)
    worked = next(c for c in a["calculations"] if c["tool"] == "worked_input")
    assert {k: pytest.approx(v["value"]) for k, v in worked["inputs"].items()} == parts
    assert all(v["origin"] == "user" for v in worked["inputs"].values())
    main = a["calculations"][-1]["inputs"]
    assert any(v["origin"] == "calculation" and v["value"] == pytest.approx(worked["value"]) for v in main.values())


@pytest.mark.parametrize(("turns", "cost"), [
    (("Renting 512 H100s for 20 days at $2.40 per GPU-hour: total?", "And if the GPUs cost half as much?"),
     512 * 20 * 24 * 1.2),
    (("租H100每卡时3美元，一共40万卡时，要多少钱？", "GPU租金减半呢？"), 400_000 * 1.5),
])
def test_the_gpus_cost_halved_is_their_price(bot, turns, cost):
    a = _ask(bot, *turns)
    assert a["status"] == "answered" and a["figures"][0]["value"] == pytest.approx(cost), a["answer"]


def test_a_new_gpu_hour_price_reprices_the_run_asked_about(bot):
    history = [{"role": "user", "content": "What did DeepSeek-V3's full training cost at their assumed rental price?"},
               {"role": "assistant", "content": "…"}]
    a = bot.ask("what if the GPU-hour price were $3.42 instead?", history=history).to_dict()
    assert a["intent"] == "rental_cost" and a["figures"][0]["value"] == pytest.approx(2.788e6 * 3.42)
