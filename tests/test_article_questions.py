"""Questions about what the sources say: descriptions, follow-ups about something else they name, one end of a
range, two stated figures compared, and a named run's published figures used as inputs."""

import pytest

from assistant import Assistant
from assistant.parse import parse
from assistant.parse.masks import _mask_dates
from tools.errors import InputError
from tools.figures import (
    amount_increase,
    figure_annual_growth,
    figure_difference,
    figure_growth,
    figure_multiple,
    figure_reduction,
    unit_share,
)


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    import os

    os.environ["ASSISTANT_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    return Assistant()


def _turn(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}, {"role": "assistant", "content": "…"}]


def _values(answer: dict, unit: str) -> list[float]:
    ends = [(f.get("value"), f.get("low"), f.get("high")) for f in answer["figures"] if f["unit"] == unit]
    return [v for end in ends for v in end if v]


def _near(answer: dict, value: float, unit: str, rel: float = 0.01) -> bool:
    """Does the answer state ``value`` in ``unit``, within ``rel`` of it?"""
    return any(abs(v - value) <= rel * value for v in _values(answer, unit))


def test_figure_calculators_compare_the_larger_with_the_smaller():
    assert figure_difference(193e9, 294e9).value == pytest.approx(101e9)
    assert figure_growth(294e9, 193e9).value == pytest.approx(100 * (294 / 193 - 1))
    assert figure_multiple(2000, 8000, "GPU").value == pytest.approx(4)
    assert figure_reduction(8000, 2000, "GPU").value == pytest.approx(75)
    # market-based emissions of 0 t: a gap or a cut may end at zero, growth and a multiple cannot divide by it
    assert figure_difference(420, 0, "tCO2e").value == pytest.approx(420)
    assert figure_reduction(420, 0, "tCO2e").value == pytest.approx(100)
    for calc in (figure_growth, figure_multiple):
        with pytest.raises(InputError):
            calc(420, 0, "tCO2e")
    with pytest.raises(InputError):
        figure_difference(0, 0, "tCO2e")


@pytest.mark.parametrize("text", ["微软4月25号公布的季度资本开支", "那2025、2026年呢", "from 2020 to 2024 spending"])
def test_dates_are_not_read_as_quantities(text):
    assert not any(ch.isdigit() for ch in _mask_dates(text))


def test_a_year_is_masked_but_a_gpu_count_after_in_is_not():
    assert "2048" in _mask_dates("trained in 2048 gpus")
    assert "2023" not in _mask_dates("in 2023 netflix advertised")


def test_description_question_answers_from_the_card_that_names_it(bot):
    a = bot.ask("知识蒸馏在降训练成本里起什么作用").to_dict()
    assert a["status"] == "answered" and "蒸馏" in a["answer"].split("。")[0]
    b = bot.ask("Which domestic AI chips does the Jade Bird article name?").to_dict()
    assert b["status"] == "answered" and "Cambricon" in b["answer"]


def test_follow_up_naming_another_company_answers_for_it(bot):
    history = _turn("What did Microsoft spend on capex last quarter?")
    a = bot.ask("and Alphabet?", history=history).to_dict()
    assert a["status"] == "answered" and 12e9 in _values(a, "USD")
    assert 14e9 not in _values(a, "USD")


def test_follow_up_that_changes_nothing_in_a_calculation_is_a_new_question(bot):
    history = _turn("How many GPU-hours to train a 7B model on 1T tokens on H100?")
    assert bot.ask("and the weather?", history=history).to_dict()["status"] == "out_of_scope"


def test_one_end_of_a_stated_range(bot):
    a = bot.ask("What's the top end of the cost to train a 100B-parameter model? Just the max.").to_dict()
    assert a["status"] == "answered" and a["layout"]["headline"].startswith("Upper end: 12 million USD")
    assert a["answer"].startswith("**Upper end: 12 million USD")  # the headline, bold, comes first
    b = bot.ask("千亿参数级别的模型训练费用下限大概多少美元？").to_dict()
    assert b["layout"]["headline"].startswith("下限:200万美元")


def test_two_stated_figures_compared_with_the_calculation_shown(bot):
    a = bot.ask("按腾讯科技那篇的数据，数据中心投入从2020年到今年涨了百分之多少？").to_dict()
    assert a["status"] == "answered" and a["calculations"][0]["tool"] == "figure_growth"
    assert a["calculations"][0]["value"] == pytest.approx(100 * (294 / 193 - 1))
    assert {i["origin"] for i in a["calculations"][0]["inputs"].values()} == {"tencent-tech-2024"}
    b = bot.ask("How many times as many Hopper GPUs as Blackwell GPUs does the 1.8T-parameter model need?").to_dict()
    assert b["calculations"][0]["value"] == pytest.approx(4)


def test_a_card_stating_the_answer_wins_over_arithmetic(bot):
    a = bot.ask("微软上季度capex同比涨了多少？").to_dict()
    assert not a["calculations"] and 79 in _values(a, "percent")


def test_published_run_figures_feed_a_calculation(bot):
    a = bot.ask("What would Llama 3 70B's GPU-hours cost at $2.2/hr?").to_dict()
    assert a["calculations"][0]["tool"] == "rental_cost"
    assert a["calculations"][0]["value"] == pytest.approx(6.4e6 * 2.2)
    assert a["calculations"][0]["inputs"]["gpu_hours"]["origin"] == "llama3-card"
    b = bot.ask("DeepSeek-V3 总卡时摊到它那2048张卡上，相当于连续跑了多少天").to_dict()
    assert b["calculations"][0]["value"] == pytest.approx(2.788e6 / 2048 / 24)


def test_a_figure_a_run_does_not_publish_is_not_estimated(bot):
    assert bot.ask("How much electricity did PaLM 540B consume during training?").to_dict()["status"] == "not_found"


def test_a_price_for_a_published_run_after_asking_about_it(bot):
    a = bot.ask("At $2.5 an hour, what does that cost?", history=_turn("How many GPU-hours did DeepSeek-V3 use?"))
    assert a.to_dict()["calculations"][0]["value"] == pytest.approx(2.788e6 * 2.5)


def test_the_article_figure_is_shown_beside_the_table_figure(bot):
    a = bot.ask("roughly how many GPUs did GPT-3 pretraining need").to_dict()
    assert {10000, 30000} <= set(_values(a, "GPU"))


def test_currency_sign_without_a_number_asks_for_money():
    assert parse("ballpark $ to train a 100B-param model?").cost


def test_two_numbers_of_one_unit_compared_are_the_pair():
    q = parse("8192块卡是1,376块卡的几倍？")
    assert q.asked == ["multiple"] and (q.given["larger"].value, q.given["smaller"].value) == (8192, 1376)
    bare = parse("We needed 8,000 GPUs before and now 2,000. How many times as many was that?")
    assert bare.given["smaller"].unit == "GPU"


def test_users_own_figures_compared(bot):
    a = bot.ask("去年花了350亿美元，今年400亿美元，增长了百分之多少？").to_dict()
    assert a["calculations"][0]["value"] == pytest.approx(100 * (40 / 35 - 1))
    assert a["calculations"][0]["inputs"]["larger"]["origin"] == "user"
    assert bot.ask("Spending went from $193B to $294B. By how much did it go up?").to_dict()["figures"][0]["value"] \
        == pytest.approx(101e9)


def test_two_rates_compared_are_read_without_failing(bot):
    a = bot.ask("The H100 price went from $2 per GPU-hour to $3 per GPU-hour. What's the growth in percent?")
    assert a.status in ("answered", "needs_input", "not_found") and a.answer


def test_a_failure_while_reading_costs_one_answer(bot, monkeypatch):
    import assistant.core

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(assistant.core, "parse", broken)
    a = bot.ask("How many GPU-hours for 7B on 1T tokens?")
    assert a.status == "not_found" and a.answer


def test_a_topic_question_without_question_words_answers_from_its_card(bot):
    answer = bot.ask("多模態模型為什麼可能讓訓練比較划算？")
    assert answer.status == "answered" and "多模態" in answer.answer.split("\n")[0]
    assert bot.ask("What is the capital of France?").status == "out_of_scope"


def test_two_sources_named_for_one_run_each_give_their_figure(bot):
    answer = bot.ask("GPT-4的訓練成本，北大青鳥那篇跟AI Index報告各說多少？")
    assert "7800萬" in answer.answer and "6300萬" in answer.answer
    gemini = bot.ask("Gemini Ultra的训练成本，AI指数报告的数字和Epoch的摊销算法差了多少")
    assert "1.91亿" in gemini.answer and "2983万" in gemini.answer


def test_two_accelerators_of_one_family_each_get_their_spec(bot):
    answer = bot.ask("谷歌TPU v4和v5p单芯片的bf16算力分别是多少")
    assert "275 TFLOP/s" in answer.answer and "459 TFLOP/s" in answer.answer  # as datasheets write a chip's peak


@pytest.mark.parametrize("text", ["Can you recommend a good gaming laptop under $1,500?",
                                  "帮我写一首关于秋天的七言绝句", "台北 101 有幾公尺高？",
                                  "預算三萬台幣，幫我推薦一台筆電。"])
def test_a_question_outside_the_domain_is_out_of_scope_even_with_a_number(bot, text):
    assert bot.ask(text).status == "out_of_scope"


def test_a_budget_rents_gpu_hours(bot):
    a = bot.ask("With $750k to spend on H100 rentals at $2.20/hr, how many GPU-hours can we afford?").to_dict()
    assert a["status"] == "answered" and a["figures"][0]["value"] == pytest.approx(750_000 / 2.2)
    b = bot.ask("預算80萬美金全部拿去租B200，可以用多少卡時？").to_dict()  # the price on file, cited
    assert b["status"] == "answered" and b["citations"]


@pytest.mark.parametrize(("question", "value", "unit"), [
    ("MI300X vs H100 memory: how many more GB does the AMD card have?", 112, "GB"),
    ("B200 比 H100 每張多吃多少瓦？", 300, "W"),
    ("How many times more GPU-hours did Llama 3.1 405B burn than Llama 2 70B?", 30.84e6 / 1.72e6, "times"),
    ("GPT-3 同 BLOOM 嘅訓練碳排放差幾多噸？", 552 - 24.7, "tCO2e"),
])
def test_two_published_figures_compared_as_asked(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    first = a["calculations"][0]
    assert first["value"] == pytest.approx(value, rel=1e-3) and first["unit"] == unit
    assert {i["origin"] for i in first["inputs"].values()} - {"calculation", "definition"}  # each cited


def test_an_fp8_peak_is_the_fp8_figure(bot):
    a = bot.ask("What's the dense FP8 throughput of the H800? Not the sparse number.").to_dict()
    assert [f["value"] for f in a["figures"]] == [pytest.approx(1.979e15)]


@pytest.mark.parametrize("question", [
    "The Tencent piece says Meta is buying a pile of H100s by year end and gives a rough per-chip price. "
    "Multiply those out for me: what's the sticker total?",
    "騰訊科技那篇報導提到 Meta 年底前要買進的 H100 數量，如果乘上文中說的單卡價格，大概是多少美金？",
])
def test_a_count_and_a_price_the_article_states_are_multiplied(bot, question):
    a = bot.ask(question).to_dict()
    calc = a["calculations"][0]
    assert calc["value"] == pytest.approx(350_000 * 30_000)
    assert {i["origin"] for i in calc["inputs"].values() if i["unit"] in ("GPU", "USD")} == {"tencent-tech-2024"}


@pytest.mark.parametrize(("question", "value"), [
    # the card that states the size the question names, at the end of its range asked for
    ("The Jade Bird piece gives a typical cost band for training a model in the hundred-billion-parameter class. "
     "What's the top of that band, in dollars?", 12e6),
    ("If I'm reading the 北大青鳥 article right, training a model in the 千亿-parameter class starts at how much at "
     "the cheap end? USD please.", 2e6),
    ("青鸟那篇讲数据成本的时候，说高质量标注数据一条最贵能到几美元？", 5),
])
def test_the_end_of_an_article_range_asked_for(bot, question, value):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered"
    assert any(f["value"] == pytest.approx(value) for f in a["figures"]), a["answer"][:200]



@pytest.mark.parametrize(("question", "value", "unit"), [
    # a rate the article states, times the user's count (the end of its range asked for, else the range)
    ("按那篇文章的高质量标注单价，标5万条数据最贵要花多少？", 50_000 * 5, "USD"),
    ("Using the Jade Bird per-item labelling price, what would 40,000 labelled items cost at the low end?",
     40_000 * 2, "USD"),
    ("The Jade Bird article gives top AI engineers' pay; what would 6 of them cost us for a year, at that floor?",
     6 * 300_000, "USD"),
    ("頂尖AI工程師年薪是多少？請5個這樣的人一年至少要花多少？", 5 * 300_000, "USD"),
    # two figures the article states, worked together
    ("騰訊那篇說Alphabet最近一季資本支出同比增加了多少，那去年同季大約多少？", 12e9 / 1.91, "USD"),
    ("Per the Tencent piece, how many times the hourly price of the Intel CPU cluster is the H100 group's?",
     100 / 6, "times"),
    ("按文章的说法，GPT-4参数量的下限是GPT-2的多少倍？", 1.5e12 / 1.5e9, "times"),
    ("照北大青鳥那篇，千億參數級模型訓練成本的上下限差多少？", 10e6, "USD"),
    ("Meta plans 350,000 H100s; at the Tencent article's per-chip price, what is the total?", 350_000 * 30_000, "USD"),
])
def test_an_article_figure_worked_with_one_more_step(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered", a["answer"]
    assert _near(a, value, unit), a["answer"]


def test_a_sum_the_article_states_in_yuan_is_converted_to_dollars(bot):
    a = bot.ask("How much did Baidu put into large models in 2023 per the Jade Bird article, in USD?").to_dict()
    assert a["status"] == "answered" and any(1.2e8 < v < 1.6e8 for v in _values(a, "USD")), a["answer"]


def test_a_quoted_household_comparison_is_checked(bot):
    a = bot.ask("Jade Bird equates GPT-3's training power with 3 years of one US home's use. Is that accurate?")
    d = a.to_dict()
    assert d["status"] == "answered" and any(110 < v < 130 for v in _values(d, "household-year")), d["answer"]
    assert any(35 < v < 45 for v in _values(d, "times")), d["answer"]  # how far off the claim is


@pytest.mark.parametrize("question", ["那两篇文章有提到通义千问训练用了多少电吗？",
                                      "Does either article say what Claude 3 cost to train?"])
def test_a_model_no_source_reports_is_not_found(bot, question):
    assert bot.ask(question).to_dict()["status"] == "not_found"


def test_a_forecast_for_the_years_named_leads(bot):
    a = bot.ask("Amodei's estimate for what training a model will cost in 2025-2026?").to_dict()
    assert a["status"] == "answered" and "5" in a["answer"].split("\n")[0], a["answer"]


@pytest.mark.parametrize(("question", "value"), [
    ("Alphabet's quarterly capex was up 91% year on year; what was that quarter a year before?", 12e9 / 1.91),
    ("微软那笔140亿美元的季度资本开支，上年同期是多少？", 14e9 / 1.79),
    ("Meta 資本支出照上限算年增42%，去年大概花多少？", 40e9 / 1.42),
])
def test_a_reported_growth_or_sum_completes_a_year_earlier_amount(bot, question, value):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and any(abs(v - value) < 0.01 * value for v in _values(a, "USD")), a["answer"]


def test_a_price_asked_of_an_article_then_a_count_buys_that_many(bot):
    history = [{"role": "user", "content": "How much is an H100 according to the Tencent article?"},
               {"role": "assistant", "content": "…"}]
    a = bot.ask("and 2,048 of them?", history=history).to_dict()
    assert a["status"] == "answered" and pytest.approx(2048 * 30_000) in _values(a, "USD"), a["answer"]


def test_a_stated_figure_against_the_users_own_baseline(bot):
    a = bot.ask("By Amodei's forecast, the top cost of a 2025-26 model is how many times today's ~$100M?").to_dict()
    assert a["status"] == "answered" and pytest.approx(100) in _values(a, "times"), a["answer"]


@pytest.mark.parametrize("question", ["How many times the Jade Bird engineer pay is Netflix's AI product manager pay?",
                                      "网飞那个AI产品经理的年薪是青鸟文章里顶尖工程师年薪的几倍？"])
def test_pay_in_one_article_against_pay_in_the_other(bot, question):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and pytest.approx(3) in _values(a, "times"), a["answer"]


def test_a_product_only_named_in_an_article_has_no_cost_on_file(bot):
    assert bot.ask("How much did Sora cost to train, per the articles?").to_dict()["status"] == "not_found"


def test_a_year_restated_in_brackets_is_a_date():
    assert "life_years" not in parse("从2020年到今年（2024），数据中心投入涨了多少？", []).given


@pytest.mark.parametrize(("question", "value", "unit"), [
    ("GPT-2 有多少 params？", 1.5e9, "parameter"),
    ("How many params did GPT-2 have?", 1.5e9, "parameter"),
    ("文心一言背后那个 GPU cluster 规模有多大?", 1000, "GPU"),
    ("英伟达说训1.8万亿参数的模型要几块Blackwell", 2000, "GPU"),
    ("Same 1.8T-parameter job on Hopper GPUs: how many would it need?", 8000, "GPU"),
    ("百度23年在大模型上砸了多少钱", 1e9, "CNY"),
    ("DeepSeek-V3 active params per token?", 37e9, "parameter"),
    ("文心一言背后用的那个GPU集群，规模有多大啊", 1000, "GPU"),
    ("同样训一点八万亿参数的模型，要是换成Hopper架构的GPU，得多少块啊", 8000, "GPU"),
    ("the same 1.8 trillion param training job on hopper gpus, how many would that take", 8000, "GPU"),
    ("百度23年那会儿往大模型上一共投了多少钱呐", 1e9, "CNY"),
])
def test_questions_as_others_word_them(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and _near(a, value, unit, 0.05), a["answer"]


def test_two_companies_spending_set_side_by_side_without_an_article(bot):
    a = bot.ask("Latest quarterly capex, Microsoft vs Alphabet: how do they stack up?").to_dict()
    assert {14e9, 12e9} <= set(_values(a, "USD")), a["answer"]


@pytest.mark.parametrize(("question", "value", "unit", "said"), [
    # a quarter's capex over a year, in each script and however the year is said
    ("If Microsoft keeps spending at the quarterly capex rate in the Tencent article, what does that come to over a "
     "full year?", 56e9, "USD", "a full year"),
    ("照微软最近这个季度的资本支出水平，一年四个季度下来大概多少钱？", 56e9, "USD", "全年"),
    ("微軟如果每一季都維持文章裡那個資本支出水準，一整年大概多少？", 56e9, "USD", "全年"),
    # a yearly pay per month: "as much as" stays a ceiling, "more than" a floor
    ("Netflix's AI product manager ad — what does that salary work out to per month?", 75_000, "USD", "at most"),
    ("那篇補習班文章說頂尖AI工程師年薪，一個月大概多少？", 25_000, "USD", "超過"),
    # an hourly rate over the user's own span, and a yearly sum in the money it was stated in
    ("That group of H100s at close to $100 an hour — what would it run me for a 30-day month, non-stop?", 72_000, "USD",
     "30 days"),
    ("百度2023年在大模型上投了10亿人民币，平均每个月多少？", 1e9 / 12, "CNY", "超过"),
])
def test_a_stated_sum_over_another_period(bot, question, value, unit, said):
    a = bot.ask(question).to_dict()
    lead = a["answer"].split("\n")[0]
    assert a["status"] == "answered" and pytest.approx(value) in _values(a, unit) and said in lead, a["answer"]
    assert any(c["source_id"] in ("tencent-tech-2024", "jadebird-2025") for c in a["citations"]), a["citations"]


def test_a_period_named_alone_leaves_the_users_own_run_alone(bot):
    # the user's own rental for a month is their run, not an article's group rate rescaled
    a = bot.ask("rent 8 H100 for a month at $2/GPU-hour").to_dict()
    assert a["status"] == "answered" and pytest.approx(8 * 2 * 24 * 365.25 / 12) in _values(a, "USD"), a["answer"]
    b = bot.ask("What did Microsoft's capex grow by a year earlier, per the Tencent article?").to_dict()
    assert pytest.approx(56e9) not in _values(b, "USD"), b["answer"]


@pytest.mark.parametrize(("question", "value", "unit"), [
    # a stated range's middle, and its two ends set against each other
    ("Meta给的今年资本支出指引，取中间值是多少？", 37.5e9, "USD"),
    ("What's the midpoint of Meta's 2024 capex guidance?", 37.5e9, "USD"),
    ("千億參數模型的訓練成本區間如果取中間值，大概是多少？", 7e6, "USD"),
    ("千亿参数级别的模型，训练成本的上限是下限的几倍？", 6, "times"),
    ("In the Jade Bird cost range for a 100B-class model, the expensive end is how many times the cheap end?", 6,
     "times"),
    # two stated growth rates: their gap, not the gap between the sums that grew
    ("微軟跟 Alphabet 那一季的資本支出年增率，差了幾個百分點？", 12, "percent"),
    # the user's own range, however the dash is written
    ("供应商说集群要110万美元-280万美元，这个区间的中点是多少？", 1.95e6, "USD"),
])
def test_a_range_or_a_pair_of_rates_worked_on(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and pytest.approx(value) in _values(a, unit), a["answer"]


def test_a_stated_range_converted_keeps_both_ends(bot):
    a = bot.ask("That training-school article's cost range for a 100B-parameter model — what's that in yuan?").to_dict()
    cny = [f for f in a["figures"] if f["unit"] == "CNY" and f.get("low")]
    assert cny and cny[0]["low"] < cny[0]["high"], a["answer"]
    b = bot.ask("Netflix's AI product manager salary from that article, converted to yuan?").to_dict()
    assert any(5e6 < v < 8e6 for v in _values(b, "CNY")), b["answer"]  # the pay, not Meta's capex


def test_a_stated_energy_in_the_unit_asked(bot):
    a = bot.ask("GPT-3's training electricity in the Jade Bird article — what's that in gigawatt-hours?").to_dict()
    assert "GWh" in a["answer"].split("\n")[0], a["answer"]
    b = bot.ask("青鸟那篇说GPT-3训练用了多少度电？").to_dict()
    assert pytest.approx(1.287e6) in _values(b, "kWh") and "千瓦时" in b["answer"].split("\n")[0], b["answer"]


@pytest.mark.parametrize(("question", "value"), [
    ("Our cloud bill is $2M a quarter. What's that over a full year?", 8e6),
    ("Our annual compute budget is $12M; how much is that per month?", 1e6),
    ("我们每个季度云账单200万美元，一年下来多少？", 8e6),
    ("我們每個月在雲端GPU上花三點六萬美金，一年下來是多少？", 432_000),
    ("訓練叢集一個月140萬美元，咁成年要幾多？", 16.8e6),
])
def test_the_users_own_sum_over_another_period(bot, question, value):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and pytest.approx(value) in _values(a, "USD"), a["answer"]


@pytest.mark.parametrize(("question", "value", "unit"), [
    ("团队15个人，人均月薪4万块，做了8个月，人力成本多少？", 4.8e6, "CNY"),  # 块 after 月薪 is yuan, no card count
    ("Team of 12, avg comp $220k, project runs 18 months, and we add 1.3x for benefits/overhead. Total people cost?",
     5_148_000, "USD"),  # the multiple on pay is its overhead, used
    ("照騰訊科技文章寫的 H100 單價，1000萬美元大概買得到幾張？", 333, "GPU"),  # a budget, at the article's price
])
def test_sums_read_in_the_role_their_words_give(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and _near(a, value, unit), a["answer"]
    assert not a.get("unused_inputs"), a["unused_inputs"]


@pytest.mark.parametrize("question", ["幫我算這批 H100 每年折舊多少，用五年直線法",
                                      "How much do these H100s depreciate per year over 5 years?"])
def test_a_batch_of_cards_never_counted_is_asked_for(bot, question):
    a = bot.ask(question).to_dict()
    assert a["status"] == "needs_input" and not _values(a, "USD"), a["answer"]


def test_a_runs_stated_total_spread_over_the_time_it_took(bot):
    # "more than three months" to spend USD 63M: a month's share is at most a third of it
    a = bot.ask("GPT-4's reported training bill spread over its training time — how much per month, per Jade Bird?")
    a = a.to_dict()
    lead = a["answer"].split("\n")[0]
    assert any(20e6 < v < 22e6 for v in _values(a, "USD")) and "at most" in lead, a["answer"]


def test_a_sum_of_two_stated_figures_from_a_piece_named_by_its_why(bot):
    a = bot.ask("Add up Microsoft's and Alphabet's latest quarterly capex from the piece on why AI burns money — "
                "what's the combined figure?").to_dict()
    assert pytest.approx(26e9) in _values(a, "USD"), a["answer"]


@pytest.mark.parametrize(("question", "value", "unit"), [
    ("Jade Bird's figure for a top AI engineer's salary — what's that per hour, assuming 2,000 working hours a year?",
     150, "USD"),  # the year's pay over the hours the user counts in it
    ("Netflix 那個 AI 產品經理職缺，年薪換算月薪大概多少美金？", 75_000, "USD"),
    ("月薪3万人民币，年薪多少？", 360_000, "CNY"),
    ("GPT-3 訓練用掉的電，用 GWh 表示是多少？", 1.287, "GWh"),
])
def test_pay_and_energy_in_the_period_or_unit_asked(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and _near(a, value, unit), a["answer"]


def test_a_figure_the_article_never_gives_is_not_rescaled_from_another(bot):
    a = bot.ask("腾讯那篇有没有讲OpenAI一年在算力上要花多少钱？").to_dict()
    assert "period_amount" not in {c.get("tool") for c in a.get("calculations", [])}, a["answer"]


@pytest.mark.parametrize(("question", "value", "unit", "said"), [
    ("How many GPU-hours did Llama 3.2 1B take, and what would that be at $2 per GPU-hour?", 740_000, "USD", ""),
    ("Spent $18.5M on servers. straight line over 3 yrs, salvage value $1.5M at the end. depreciation per year and "
     "per month?", 472_222, "USD", ""),  # the month's write-off beside the year's
    ("512张H100每张3万美元，按5年直线折旧，每年和每月各折旧多少？", 256_000, "USD", ""),
    ("微軟跟 Alphabet 那一季的資本支出年增率，差了幾個百分點？", 12, "percent", "個百分點"),
    ("AWS 上租一組 H100 24 小時不停跑，一天大概多少錢？", 2_400, "USD", "最多"),  # the H100 group, not the CPUs
    ("依北大青鳥那篇，頂尖AI工程師一個月的薪水大概至少多少美元？", 25_000, "USD", "超過"),
])
def test_second_parts_and_the_words_of_the_answer(bot, question, value, unit, said):
    a = bot.ask(question).to_dict()
    assert _near(a, value, unit), a["answer"]
    assert said in a["answer"], a["answer"]


def test_each_source_named_gives_its_own_figure(bot):
    a = bot.ask("Gemini Ultra 訓練成本：AI Index 報告 vs Epoch 攤提法，兩邊估計各多少？").to_dict()
    usd = _values(a, "USD")
    assert any(abs(v - 191.4e6) < 2e6 for v in usd) and any(abs(v - 29.83e6) < 0.5e6 for v in usd), a["answer"]


def test_an_articles_analogy_is_worked_out_not_read_back(bot):
    a = bot.ask("北大青鸟那篇说GPT-3训练的耗电量，实际上够一户美国家庭用多少年？").to_dict()
    assert any(100 < v < 140 for v in _values(a, "household-year")), a["answer"]


@pytest.mark.parametrize(("question", "value"), [
    ("Training from scratch would cost us $10M. If reusing open weights saves 80%, how much do we save?", 8e6),
    ("Training from scratch would cost us $10M. If reusing open weights saves 80%, what's left to spend?", 2e6),
    ("模型訓練的雲端帳單1700萬美金，知識蒸餾把運算成本砍掉三成之後，最後要付多少？", 11.9e6),  # a cut read as a change
    # the share the article states, applied to the user's sum
    ("Say training from scratch would cost us $10M. If reusing open datasets + pretrained weights saves what the "
     "Jade Bird article claims, what's left to spend?", 2e6),
    ("我们原计划花1000万美元从零训模型，要是照那篇文章说的改用开源权重加现成数据集，大概能省下多少钱？", 8e6),
])
def test_a_share_saved_off_a_sum(bot, question, value):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and _near(a, value, "USD"), a["answer"]


@pytest.mark.parametrize(("question", "value", "unit"), [
    # the user's own sum over the user's own span is theirs, whatever a card happens to state near it
    ("The rental came to 4.9M dollars for a 19-day run. How much is that a day?", 4.9e6 / 19, "USD"),
    ("25個人花了184天在資料清理上，大概等於幾個人年？", 25 * 184 / 365.25, "person-year"),
    ("Cloud cost of one NVIDIA H100 for one hour?", 3.29, "USD"),  # one chip, not a group's rate
    ("GPT-4训了三个多月花了6300万美元，平均每个月烧多少钱？", 21e6, "USD"),
    ("What household comparison does the Jade Bird article give for GPT-3's energy?", 3, "household-year"),
])
def test_a_period_or_a_claim_read_only_where_the_question_points(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    assert _near(a, value, unit, 0.02), a["answer"]


@pytest.mark.parametrize(("question", "value", "unit"), [
    # requests written as statements or office mail: what is asked comes before or after the courtesy
    ("同为1.8万亿参数规模的模型训练，若采用Hopper架构GPU，所需卡数请给出。", 8000, "GPU"),
    ("同樣訓練 1.8 兆參數的模型。若改採 Hopper 架構的 GPU，請協助估算需要的張數。", 8000, "GPU"),
    ("Meta计划到24年底采购的H100数量，麻烦查下。", 350_000, "GPU"),
    ("Dear assistant, for a competitor analysis I need the number of H100 chips that Meta planned to purchase until "
     "end of 2024.", 350_000, "GPU"),  # "I need" is the asker's request, not a run of their own
    ("Alphabet对24年剩余几个季度的资本支出预期，每季度至少多少，请提供。", 12e9, "USD"),  # 24年 is 2024
    ("What is the price for rent 100,000 GPU-hours when it is 2 dollars per one GPU hour?", 200_000, "USD"),
    ("For my report I need the figure of electricity which was consumed for training GPT-3. What the articles say?",
     1287, "MWh"),
    ("Suppose Meta spends the upper end of its 2024 range. Kindly calculate by how much its capex would grow.", 42,
     "percent"),
    ("我们考虑直接复用开源数据集+预训练权重。请估一下这样大约能省下多少成本", 80, "percent"),  # a lever's share
])
def test_requests_phrased_as_statements_are_read(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and _near(a, value, unit, 0.02), a["answer"]


def test_a_sum_of_money_is_no_count_of_one_and_a_capex_rise_is_not_set_against_a_chip_order(bot):
    a = bot.ask("据报道OpenAI为使用Axel Springer和BI的新闻内容支付了一笔费用。金额请提供一下").to_dict()
    assert a["status"] == "answered" and "数千万欧元" in a["answer"] and not _values(a, "item"), a["answer"]
    a = bot.ask("if meta spends at the very top of its 2024 range how much does its capex go up?").to_dict()
    assert not _near(a, 39e9, "USD"), a["answer"]  # USD 40B less the "billions" of its H100 order is no rise


def test_an_office_request_without_inputs_asks_for_them_and_an_explain_request_explains(bot):
    assert bot.ask("请估算一下我需要的GPU数量。").to_dict()["status"] == "needs_input"
    a = bot.ask("Please explain how safety alignment, for example RLHF, increases the cost of training.").to_dict()
    assert "RLHF" in a["answer"] and not a["calculations"], a["answer"]
    history = _turn("What were Llama 3.1 405B's location-based emissions?")
    a = bot.ask("Kindly give also the market-based one.", history).to_dict()
    assert a["status"] == "answered" and any(v == 0 for f in a["figures"] if f["unit"] == "tCO2e"
                                             for v in [f.get("value")]), a["answer"]


@pytest.mark.parametrize(("question", "value"), [
    # a share named after its number, through a modifier or two, or by the verb of a cut
    ("We budgeted USD 2,100,000 for GPU hours on the next model. With a 0.2 reserved-capacity discount from the "
     "cloud provider, how much do we still have to pay?", 1.68e6),
    ("What does a $35M model-training compute bill come down to after a 30% saving?", 24.5e6),
    ("Cluster bill for the quarter comes to $2.2M and a committed-use discount of 0.4 applies. How many dollars does "
     "that save us?", 0.88e6),  # a fraction counts no "applies"
    ("If spot instances cut our $2.4M cloud training bill by 70%, what's the bill after the saving?", 0.72e6),
    ("我哋個GPU叢集月費180萬美金，簽長約可以平30%，慳到幾多錢？", 0.54e6),
    ("1400万美元的预训练算力，混合精度训练省0.5，省了多少钱？", 7e6),  # what a sum buys is not asked
])
def test_a_share_off_a_sum_however_it_is_worded(bot, question, value):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and _near(a, value, "USD"), a["answer"]


@pytest.mark.parametrize(("question", "name"), [
    ("What does the Jade Bird article say it cost to train Gemma?", "Gemma"),  # named as a lean model, no figure
    ("青鳥那篇有寫 Mistral 訓練一次花多少錢嗎？", "Mistral"),
    ("OpenAI跟《时代》杂志谈的内容授权，最后多少钱？", "《时代》"),  # talks reported, no sum
    ("How much would Meta have paid to buy Simon & Schuster, according to the Tencent piece?", "Simon & Schuster"),
])
def test_a_figure_of_something_no_source_gives_one_for_is_not_found(bot, question, name):
    a = bot.ask(question).to_dict()
    assert a["status"] == "not_found" and name in a["answer"] and not a["figures"], a["answer"]


@pytest.mark.parametrize("question", [
    "What did Anthropic's CEO say models on the market cost to train in 2024?",  # a role, no subject
    # a place the asker is in, and a name stated in the other article the question sets against this one
    "My manager is presenting to a client in Taipei tomorrow and wants the Reddit data-licensing deal from that "
    "Tencent article in New Taiwan dollars.",
    "Google's Reddit data deal would pay for how many years of a top AI engineer at the Jade Bird salary floor?",
    "LoRA 微調跟從頭預訓練，成本差在哪裡？",  # what a cost differs by, which the sources speak of
    "How could Nvidia's Blackwell chips change training costs?",
    "How does safety alignment like RLHF add to training cost?",  # what drives a cost, which the sources tell
])
def test_a_name_the_sources_speak_of_is_answered(bot, question):
    assert bot.ask(question).to_dict()["status"] == "answered"


def test_a_compared_quantity_a_span_in_hours_and_a_translation_are_read_as_asked(bot):
    a = bot.ask("How much more HBM does an MI300X have than an H100 SXM?").to_dict()
    assert _near(a, 112, "GB"), a["answer"]  # the memory compared, not the compute
    a = bot.ask("Gopher 總共跑了幾個小時？").to_dict()
    assert _near(a, 38.33 * 24, "hour", 0.02) and "小時" in a["answer"], a["answer"]
    assert bot.ask("幫我把這句履歷翻成英文：「在台積電擔任製程工程師三年」").to_dict()["status"] == "out_of_scope"


@pytest.mark.parametrize(("question", "value", "unit"), [
    # an article's rate named as the input to the user's numbers: what they make together is asked
    ("We need eighty thousand labelled examples at the Jade Bird per-item rate for high-quality labels, plus 15% for "
     "QA. What's the range?", 322_000, "USD"),
    # a "why" that names the article asks no reason; a sum stated for "one quarter" is per quarter
    ("Microsoft spent $14B in one quarter according to the article about why AI burns money. Roughly how much is "
     "that per day?", 14e9 / 91.3125, "USD"),
    ("下午要跟老板汇报，急！那篇讲AI为啥这么烧钱的文章里，Meta今年资本支出指引的上限和下限差了多少钱？", 5e9, "USD"),
    # "go up" with no two figures of one measure to subtract: the rise the card states
    ("if meta spends at the very top of its 2024 range how much does its capex go up?", 42, "percent"),
])
def test_an_article_figure_put_to_use(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and _near(a, value, unit, 0.02), a["answer"]


@pytest.mark.parametrize("question", ["Llama 2 70B pretrain 排了多少 CO2？", "Gopher 的訓練排了多少 tCO2e？",
                                      "MSFT 和 Alphabet 最近一季的 capex，幫我比較一下？"])
def test_terms_and_acronyms_in_chinese_are_no_unknown_names(bot, question):
    assert bot.ask(question).to_dict()["status"] == "answered"


def test_a_second_option_asked_after_the_first_and_cards_bought_with_no_count(bot):
    a = bot.ask("訓練總共用了 3,600 MWh，電網係數 0.55 kgCO2e/kWh，碳排幾噸？"
                "如果搬到法國（51 g/kWh）又是多少？").to_dict()
    assert _near(a, 1980, "tCO2e") and _near(a, 183.6, "tCO2e"), a["answer"]
    a = bot.ask("我们准备上H800，帮我算算买卡一共要花多少钱").to_dict()
    assert a["status"] == "needs_input" and "加速卡数量" in a["answer"], a["answer"]
    a = bot.ask("请解释一下Chinchilla最优是什么意思，训练token数和参数量大概按什么比例？").to_dict()
    assert a["status"] == "answered" and "20" in a["answer"], a["answer"]  # the rule's meaning, not a calculation


@pytest.mark.parametrize(("question", "value", "unit"), [
    # a sum the article states, spent on a price it states: how many it buys
    ("If every dollar of the low end of Meta's 2024 capex guidance went on H100s at the Tencent article's price per "
     "chip, how many could it buy?", 35e9 / 30_000, "GPU"),
    ("假設 Meta 把資本支出預估的上限全部拿去買 H100，照騰訊那篇寫的單價，最多買得到幾張？", 40e9 / 30_000, "GPU"),
    # the article's own figures for two runs, not the estimates on file for them
    ("How many times pricier was GPT-4's training than one GPT-3 pretraining run, per the Jade Bird piece?",
     63 / 5, "times"),
    # a yearly figure a card states, asked per month without naming the article
    ("顶尖AI工程师的年薪折合每个月多少？", 25_000, "USD"),
])
def test_two_stated_figures_worked_together(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and _near(a, value, unit, 0.01), a["answer"]


def test_a_follow_up_rescales_or_converts_the_figure_said_before(bot):
    first = "What capex did Meta guide for 2024 in that Tencent article?"
    a = bot.ask("per quarter?", [{"role": "user", "content": first}]).to_dict()
    assert _near(a, 37.5e9 / 4, "USD", 0.01), a["answer"]
    first = "青鳥那篇說 GPT-4 訓練成本大概多少？"
    a = bot.ask("換成新台幣呢？抓 32", [{"role": "user", "content": first}]).to_dict()
    assert _near(a, 63e6 * 32, "TWD", 0.01), a["answer"]


def test_a_run_known_only_through_epoch_is_looked_up_and_worked_with(bot):
    a = bot.ask("How many tokens was Qwen2.5-72B trained on?").to_dict()
    assert _near(a, 18e12, "token"), a["answer"]
    a = bot.ask("How many days would Inflection-2 have taken at 40% MFU?").to_dict()
    assert a["status"] == "answered" and _near(a, 1e25 / (5000 * 989.4e12 * 0.4 * 86400), "day", 0.05), a["answer"]


@pytest.mark.parametrize(("question", "value", "unit"), [
    ("cluster eats ~12 MWh a day, 50 days, grid 580 g/kWh. t CO2?", 348, "tCO2e"),  # a daily draw is a power
    ("集群每天用电12 MWh，跑50天，电网580 g/kWh，排多少吨？", 348, "tCO2e"),
    ("200k labels @ $0.80 + 2 MLEs at 15k/mo for 4 months. total?", 280_000, "USD"),  # people's monthly pay
    ("64x B200 @ $47k ea, straight line over 4 yrs, 10% salvage — depreciation per yr?", 676_800, "USD"),
    ("千億參數模型的訓練成本，最貴大概是最便宜的幾倍？", 6, "times"),  # a range's two ends, not a lever
    ("H20算力是H100的几分之一？", 100 * 148 / 989.4, "percent"),  # one chip's spec as a share of another's
    ("微軟那季資本支出 140 億，去年同一季大概是多少？", 14e9 / 1.79, "USD"),  # no article named, its figures used
])
def test_shorthand_and_fractions_people_type(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and _near(a, value, unit, 0.01), a["answer"]


@pytest.mark.parametrize("question", ["推荐几本机器学习入门书", "推薦一張打機用嘅顯示卡，預算五千蚊"])
def test_recommendations_outside_training_cost_are_declined(bot, question):
    assert bot.ask(question).to_dict()["status"] == "out_of_scope"


def test_renting_one_chip_against_another_compares_their_rents(bot):
    a = bot.ask("租H100比租A100贵几倍？").to_dict()
    assert a["status"] == "answered" and any(f["unit"] == "times" for f in a["figures"]), a["answer"]
    assert not any(f["unit"] == "FLOP/s" for f in a["figures"]), a["answer"]


def test_a_stated_figure_and_what_is_worked_out_of_it_both_answer(bot):
    a = bot.ask("青鳥那篇講 GPT-3 有幾多參數？用 bf16 存權重要幾多 GB？").to_dict()
    assert _near(a, 350, "GB") and any(c["source_id"] == "jadebird-2025" for c in a["citations"]), a["answer"]
    a = bot.ask("How much memory would GPT-3's weights take in fp16?").to_dict()
    assert _near(a, 350, "GB"), a["answer"]  # the model's memory, not the V100's


def test_two_chips_compared_with_no_run_show_what_each_offers_and_costs(bot):
    a = bot.ask("A100和H800训大模型，哪个性价比高？").to_dict()
    assert a["status"] == "answered" and _near(a, 312e12, "FLOP/s") and _near(a, 989e12, "FLOP/s"), a["answer"]
    assert sum(f["unit"] == "USD" for f in a["figures"]) >= 2, a["answer"]


def test_two_asks_split_by_an_enumeration_comma_are_both_answered(bot):
    a = bot.ask("Gemini 1.0 Ultra训练用了多少块TPU、训了多久？").to_dict()
    assert _near(a, 57_000, "GPU") and (_near(a, 100, "day", 0.05) or _near(a, 2400, "hour", 0.05)), a["answer"]


@pytest.mark.parametrize(("question", "value", "unit"), [
    ("Google's Reddit data deal from the Tencent piece — how much is that in RMB at 7.2 yuan to the dollar?",
     60e6 * 7.2, "CNY"),  # a currency asked of an article's sum, nothing else
    ("微軟那季資本支出 140 億，去年同一季大概是多少？", 14e9 / 1.79, "USD"),  # a company's capex, in dollars
    ("顶尖AI工程师年薪30万美元起，按一年2000个工时算，时薪至少多少美元？", 150, "USD"),
    ("I earn $120k a year. At 2,000 working hours a year, what's my hourly pay?", 60, "USD"),
    ("What hardware was Falcon-40B trained on and for how long?", 60.9, "day"),
    ("A100 SXM 80GB — dense BF16 peak and memory bandwidth?", 312e12, "FLOP/s"),  # 80GB names the chip
])
def test_figures_people_ask_for_in_passing(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and _near(a, value, unit, 0.01), a["answer"]


def test_a_new_question_opening_with_per_is_no_follow_up_and_an_endless_sum_is_refused(bot):
    history = [{"role": "user", "content": "How many GPUs did Llama 3 70B use?"}]
    a = bot.ask("Per the Jade Bird article, how many parameters does GPT-3 have?", history).to_dict()
    assert _near(a, 175e9, "parameter"), a["answer"]
    a = bot.ask("BLOOM-176B 的预算 10^308万元 够不够？").to_dict()
    assert a["status"] == "invalid_input" and "too large" in a["error"]["en"], a["answer"]


@pytest.mark.parametrize(("question", "value", "unit"), [
    # any sum a card states is a budget for what it buys at a price another card states
    ("谷歌付给Reddit的那笔数据授权费，照文章里H100的预估售价，能买几块H100？", 2000, "GPU"),
    ("How many H100s could the Reddit licensing deal from the Tencent piece buy at the article's H100 price?",
     2000, "GPU"),
    # the rise in money since a year earlier, from a stated sum and its stated growth
    ("How much more did Microsoft spend on capex in its latest quarter than a year earlier?", 14e9 * 0.79 / 1.79,
     "USD"),
    ("微軟那一季 140 億美元的 capex，比去年同一季多花了多少錢？", 14e9 * 0.79 / 1.79, "USD"),
    # a sum asked in another money at the user's rate, said last; "this year" is the year the article was written
    ("Dell'Oro估的今年数据中心那笔投入，合人民币大概多少万亿？按7.2换", 294e9 * 7.2, "CNY"),
    ("Dell'Oro's estimate for this year's data-centre build-out: what is that in trillions of yuan at 7.2?",
     294e9 * 7.2, "CNY"),
    ("照那篇讲降本的文章说的，用现成的数据集加预训练权重来做，原本1000万美元的训练预算大概能压到多少？", 2e6, "USD"),
    ("青鳥那篇講 GPT-4 訓練超過三個月，換算成小時至少是幾個小時？", 91.3125 * 24, "hour"),
    ("Alphabet说今年剩下几个季度的支出会达到或超过上季度的水平，那它全年capex至少有多少？", 48e9, "USD"),
    ("Meta 今年資本支出財測如果用到頂，平均每一季大概花多少？", 40e9 / 4, "USD"),
    ("文心一言背後那種千卡 GPU 叢集，如果全部換成 H100、用騰訊那篇的估價，光買卡要花多少？", 1000 * 30_000, "USD"),
    # one company's sum against another's, not Microsoft's own +79% on the year before
    ("微軟上一季的資本支出比 Alphabet 多了百分之幾？", 100 * (14 / 12 - 1), "percent"),
])
def test_arithmetic_on_what_the_articles_state(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and _near(a, value, unit), a["answer"]


def test_a_multiple_of_a_stated_range_is_a_range(bot):
    a = bot.ask("How many times today's models' cost does Anthropic's CEO expect 2025-26 models to cost?").to_dict()
    # today's models are those on the market (about USD 100M), not the ones in training (about USD 1B)
    assert _near(a, 50, "times") and _near(a, 100, "times"), a["answer"]


def test_the_increase_is_the_amount_less_what_it_was_before_the_growth():
    r = amount_increase(14e9, 0.79)
    assert r.value == pytest.approx(14e9 - 14e9 / 1.79) and r.unit == "USD"
    with pytest.raises(InputError):
        amount_increase(14e9, -2)


def test_a_family_total_of_two_measures_sums_each(bot):
    a = bot.ask("All the Llama 3 models together (the April 2024 release): total GPU-hours and emissions?").to_dict()
    assert _near(a, 7.7e6, "GPU-hour") and _near(a, 2290, "tCO2e"), a["answer"]


@pytest.mark.parametrize(("question", "value", "unit"), [
    # the user's sum restates one model's figure; it is set against the other model named, not another estimate of
    # the same one
    ("GPT-4 那筆 6300 萬美元的訓練費，大概是 GPT-3 單次預訓練算力租金的幾倍？", 12.6, "times"),
    ("媒體估的 GPT-4 訓練費，跟 Anthropic CEO 說當時市面模型約 1 億美元的訓練成本比，差了多少錢？", 37e6, "USD"),
])
def test_a_restated_figure_is_set_against_the_other_one_named(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and _near(a, value, unit), a["answer"]


@pytest.mark.parametrize(("question", "value", "unit"), [
    ("What's the middle of the price range Jade Bird gives for training a hundred-billion-parameter-class model?",
     7e6, "USD"),
    ("扎克伯格说年底前要买的那批H100，要是全塞进8卡服务器，得多少台？", 43_750, "machine"),  # no model to hold
    ("文心一言背后那个 GPU cluster，scale 多大？", 1000, "GPU"),  # English nouns in a Chinese question
    ("GPT-2 size 多大？我是問 params 數", 1.5e9, "parameter"),
    ("从GPT-2到GPT-4，参数量大概涨了多少倍？", 1200, "times"),  # a multiple, over the range GPT-4's size spans
    ("GPT-3预训练用的卡数，大约是文心一言那个千卡集群的多少倍？", 30, "times"),  # a count the article states, restated
    ("How much a year can a top-tier AI engineer make, going by the Jade Bird write-up?", 300_000, "USD/year"),
    ("想招个顶尖的AI工程师，按那篇讲大模型成本的文章，年薪起步多少？我要人民币，1美元按7.1算", 2.13e6, "CNY"),
    ("照青鳥那篇講的頂尖 AI 工程師年薪，換算成每個月大概多少新台幣？匯率抓 32。", 800_000, "TWD"),
    ("GPT-4 那筆訓練費，是文章裡千億參數模型訓練成本上限的幾倍？", 5.25, "times"),
    ("The GPT-4 training figure in the training-school article is how many times the top of its cost range for "
     "100B-class models?", 5.25, "times"),
    ("How big was the Megatron-Turing NLG 530B training cluster, and how many tokens did it see?", 4480, "GPU"),
    ("千億參數級的模型，訓練費用區間的最高值是最低值的幾倍？", 6, "times"),
    ("训那个1.8万亿参数的模型，用Blackwell比用Hopper能省下多少张GPU？", 6000, "GPU"),
    ("Dell'Oro说今年企业在数据中心上的投入，比2020年涨了百分之几？", 52.3, "percent"),
    ("Across the whole Llama 3.1 family, how many GPU-hours of training did Meta report?", 39.3e6, "GPU-hour"),
    ("microsoft's capex jump vs a year earlier, in percent? (the tencent article)", 79, "percent"),
    ("GPT-3训一次用的电，换成度数是多少万度？", 1.287e6, "kWh"),
    ("Annualise it for me: Microsoft's latest quarterly capex from the Tencent story, times four?", 56e9, "USD"),
    ("Keeping that group of H100s from the AWS example running for a full day — how much at the Tencent article's "
     "hourly figure?", 2400, "USD"),
    ("By how many billion dollars did Dell'Oro's data-centre spending estimate for this year exceed the 2020 level?",
     101e9, "USD"),
    ("What was Alphabet's quarterly capex a year before, working back from the growth rate in the Tencent article?",
     12e9 / 1.91, "USD"),
    # the 42% is stated at the top of the 35-40B range: the year before is 40B / 1.42, not the middle's 37.5B / 1.42
    ("Backing out from Meta's guidance in the piece on why AI burns money: what did Meta spend on capex the year "
     "before?", 40e9 / 1.42, "USD"),
    ("Zuckerberg's H100 shopping list at the Tencent article's per-chip estimate — what's the total bill?", 10.5e9,
     "USD"),
    ("How many weeks did GPT-4's training run, by the Jade Bird article's account?", 91.3125 / 7, "week"),
    ("Cheapest end of the price band for training a 100B-param-class model, per Jade Bird — in RMB at 7.2?", 14.4e6,
     "CNY"),
])
def test_asked_the_way_people_write(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and _near(a, value, unit), a["answer"]


def test_a_day_of_straight_line_depreciation():
    from tools.cost import daily_depreciation

    assert daily_depreciation(gpus=1500, purchase_price=230_000, life_years=3).value == \
        pytest.approx(1500 * 230_000 / 3 / 365.25)


@pytest.mark.parametrize(("question", "value", "unit"), [
    ("bought 1.5k H800s at ¥230k each, straight-line over 3 yrs, no salvage. depreciation per day in RMB?",
     1500 * 230_000 / 3 / 365.25, "CNY"),
    ("採購 16 台 DGX H100（每台 8 卡），一台 US$27萬，四年直線折舊無殘值，每日折舊多少？",
     16 * 270_000 / 4 / 365.25, "USD"),
])
def test_depreciation_asked_per_day(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and _near(a, value, unit), a["answer"]


@pytest.mark.parametrize(("question", "first", "value"), [
    ("Which used more GPU-hours: DeepSeek-V3's whole training or Llama 3.1 70B?", "Llama 3.1 70B", 7e6 / 2.788e6),
    ("Which is cheaper to rent per hour, an H100 or an A100?", "A100", 3.29 / 2.9),
    ("H100和MI300X哪張顯存比較大？", "MI300X", 2.4),
])
def test_which_of_two_names_the_one_ahead_first(bot, question, first, value):
    a = bot.ask(question).to_dict()
    lead = a["answer"].split("\n")[0]
    assert a["status"] == "answered" and first in lead and _near(a, value, "times"), a["answer"]

@pytest.mark.parametrize("question", [
    "训练前沿大模型的钱主要花在哪？硬件、人力、电费大致各占几成？",
    "For frontier models, what share of the cost goes to hardware, staff and energy?",
])
def test_each_part_of_a_breakdown_named_is_answered_in_the_order_named(bot, question):
    a = bot.ask(question).to_dict()
    lines = [line for line in a["answer"].split("\n") if line.strip()]
    assert all(_near(a, v, "percent") for v in (47, 29, 2)) and "47" in lines[0], a["answer"]


def test_a_chip_with_no_rental_price_is_not_given_a_rent_of_zero(bot):
    a = bot.ask("Same job, 8e23 FLOP on 1,024 GPUs at 40% MFU: how many days on H100s vs on MI300Xs?").to_dict()
    assert _near(a, 22.8, "day", 0.01) and _near(a, 17.3, "day", 0.01), a["answer"]
    assert not any(f["unit"] == "USD" and f["value"] == 0 for f in a["figures"]), a["answer"]
    assert sum(f["unit"] == "FLOP/s" for f in a["figures"]) >= 2, a["answer"]  # each chip's peak, cited

def test_each_figure_asked_of_the_article_in_the_order_asked(bot):
    a = bot.ask("一块H100的买价和在AWS上租一组H100一小时的钱，文章里各是多少？").to_dict()
    assert _near(a, 30_000, "USD") and _near(a, 6, "USD/hour"), a["answer"]
    assert "3万美元" in a["answer"].split("\n")[0], a["answer"]  # the price first, as asked
    a = bot.ask("AWS 出租 Intel CPU 叢集同租一組 H100，每個鐘嘅價錢各係幾多？").to_dict()
    assert not any(f["unit"] == "USD/GPU-hour" for f in a["figures"]), a["answer"]  # a group's rate, not one card's


@pytest.mark.parametrize(("question", "value", "unit"), [
    ("按腾讯科技的估价，一块H100合人民币多少钱？汇率按7.2", 216_000, "CNY"),
    ("AI Index 估 PaLM 540B 的訓練成本大概多少美元？", 12_389_056, "USD"),
])
def test_the_money_and_the_source_asked_for(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and _near(a, value, unit), a["answer"]
    assert not any(f["unit"] == unit and f.get("value") and abs(f["value"] - 13.95e6) < 1e5 for f in a["figures"])


@pytest.mark.parametrize("question", [
    "Meta 的 capex 財測如果只做到下限，跟去年比會成長幾 %？",
    "If Meta lands at the bottom of its 2024 capex range, what growth over 2023 would that be?",
    "Meta今年capex要是只花到区间下限，同比增长大概多少？",  # one end of the range asked, not the range
])
def test_growth_at_the_other_end_of_a_range_is_worked_from_the_year_before(bot, question):
    a = bot.ask(question).to_dict()
    # 40B at the top is +42%, so the year before was 40 / 1.42 = 28.17B; 35B on that is +24.25%
    assert _near(a, 24.25, "percent") and _near(a, 40e9 / 1.42, "USD"), a["answer"]

@pytest.mark.parametrize("question", [
    "What's Blackwell expected to sell for, according to the Tencent article?",
    "Blackwell 預計賣多少錢？",
])
def test_a_price_the_source_gives_in_words_is_answered_in_its_words(bot, question):
    a = bot.ask(question).to_dict()
    assert "Hopper" in a["answer"].split("\n")[0], a["answer"]


def test_a_follow_up_price_in_another_money_is_answered_in_that_money(bot):
    first = "1.5 GWh 嘅電，每度 ¥0.55，電費幾多？"
    a = bot.ask("如果喺香港，每度 HK$1.4 呢？", _turn(first)).to_dict()
    assert _near(a, 2.1e6, "HKD"), a["answer"]


def test_a_rate_said_with_dang_is_the_exchange_rate(bot):
    a = bot.ask("Netflix 嗰個 AI 產品經理職位，年薪上限折合港幣係幾多？（1 美金當 7.8 港紙）").to_dict()
    assert _near(a, 900_000 * 7.8, "HKD"), a["answer"]

def test_an_average_over_the_months_is_no_midpoint(bot):
    a = bot.ask("百度2023年砸在大模型上的钱，平均下来每个月至少多少人民币？").to_dict()
    assert _near(a, 1e9 / 12, "CNY"), a["answer"]


def test_a_budget_at_a_stated_range_of_prices_buys_a_range_of_items(bot):
    a = bot.ask("With $1M to spend on annotation, how many high-quality labelled items would that buy at the "
                "per-item price Jade Bird quotes?").to_dict()
    assert _near(a, 200_000, "item") and _near(a, 500_000, "item"), a["answer"]


def test_how_fast_the_memory_asked_of_is_its_bandwidth(bot):
    a = bot.ask("How much HBM does an H200 have and how fast is it?").to_dict()
    assert _near(a, 141, "GB") and _near(a, 4.8, "TB/s"), a["answer"]


def test_a_sum_shared_out_over_accelerators():
    # reference row 42: GPT-3's 1,287 MWh; spread over 30,000 GPUs that is 42.9 kWh each, said in kWh
    energy = unit_share(1287, 30_000, "MWh")
    assert energy.value == pytest.approx(42.9) and energy.unit == "kWh"
    assert unit_share(5e6, 30_000).value == pytest.approx(5e6 / 30_000)
    with pytest.raises(InputError):
        unit_share(5e6, 0)


@pytest.mark.parametrize(("question", "value", "unit"), [
    ("青鸟那篇里GPT-3预训练的算力租金，要是平摊到它用的那些GPU上，每张卡合多少美元？", 5e6 / 30_000, "USD"),
    ("The Jade Bird piece has GPT-3's pretraining renting close to 30k GPUs for over $5M. How much rental is that "
     "per GPU, roughly?", 5e6 / 30_000, "USD"),
    ("青鳥那篇說 GPT-3 預訓練用了快 3 萬張 GPU，總耗電 1287 MWh，平均每張卡分到幾度電？", 42.9, "kWh"),
    ("Baidu's 2023 large-model spend divided across the thousand-GPU cluster behind Ernie Bot: roughly how much "
     "per GPU?", 1e6, "CNY"),
])
def test_a_stated_sum_shared_over_the_stated_accelerators(bot, question, value, unit):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and _near(a, value, unit), a["answer"]
    assert any(c.get("tool") == "unit_share" for c in a.get("calculations", [])), a["answer"]


def test_a_sum_stated_as_a_floor_is_shared_out_as_one(bot):
    a = bot.ask("Meta's H100 spend works out to how much per card?").to_dict()
    assert "more than" in a["answer"].split("\n")[0], a["answer"]  # "billions": at least, never a price


def test_an_article_sum_converted_at_the_users_rate(bot):
    a = bot.ask("The Jade Bird piece puts the compute rental for one GPT-3 pretraining run at over $5M. What's that "
                "in RMB if I use 7.2 yuan to the dollar?").to_dict()
    assert _near(a, 36e6, "CNY"), a["answer"]
    a = bot.ask("Dell'Oro估的今年企业在数据中心上的投入，折合人民币大概多少万亿？按7.2算").to_dict()
    assert _near(a, 294e9 * 7.2, "CNY"), a["answer"]


def test_which_emitted_more_and_by_how_much(bot):
    a = bot.ask("Which emitted more CO2 in training, BLOOM-176B or OPT-175B, and by how much?").to_dict()
    lead = a["answer"].split("\n")[0]
    assert lead.startswith("**OPT-175B") and _near(a, 75 - 24.69, "tCO2e"), a["answer"]


def test_how_long_a_span_the_article_states_in_years_lasted(bot):
    a = bot.ask("how long had the generative AI boom been running when the Tencent article was written?").to_dict()
    assert a["status"] == "answered" and "18 months" in a["answer"].split("\n")[0], a["answer"]


def test_a_count_and_a_price_the_article_states_make_the_purchase(bot):
    a = bot.ask("英伟达说Blackwell定价跟Hopper差不多。要是按文章里H100的估价，训那个1.8万亿参数模型需要的那批"
                "Blackwell，光买卡要多少钱？").to_dict()
    assert _near(a, 2000 * 30_000, "USD"), a["answer"]  # the article's 2,000 Blackwells at its USD 30k


@pytest.mark.parametrize("question", [
    "What size range does the training-school article give for GPT-4, in billions of parameters?",
    "青鸟那篇说GPT-4参数量的范围是多少？",
])
def test_a_range_asked_is_answered_from_the_card_that_states_one(bot, question):
    a = bot.ask(question).to_dict()
    lead = a["answer"].split("\n")[0]
    assert ("1.5" in lead and "1.8" in lead), a["answer"]


@pytest.mark.parametrize("question", [
    "What does the Jade Bird article say data annotators get paid per hour?",
    "青鳥那篇文章說資料標註人員時薪多少？",
])
def test_pay_of_a_role_no_source_reports_is_not_found(bot, question):
    a = bot.ask(question).to_dict()
    assert a["status"] == "not_found", a["answer"]  # the article pays engineers, and prices labels per item


@pytest.mark.parametrize("question", [
    "How wide is Meta's 2024 capex guidance range in the article about why AI burns money, low end to high end?",
    "Meta今年资本支出财测的上下限差多少？",
])
def test_how_wide_a_stated_range_is(bot, question):
    a = bot.ask(question).to_dict()
    assert _near(a, 5e9, "USD"), a["answer"]


def test_which_chip_is_faster_names_the_faster_first(bot):
    a = bot.ask("H100 SXM vs MI300X on dense BF16: numbers for each, and which is faster by how much?").to_dict()
    lead = a["answer"].split("\n")[0]
    assert "MI300X" in lead.split(":")[0] and "318 TFLOP/s more" in lead, a["answer"]


def test_a_release_named_by_its_month_is_no_duration(bot):
    a = bot.ask("Llama 3（就4月那版8B+70B）预训练总共用了多少H100卡时，排放多少吨CO2当量？").to_dict()
    assert _near(a, 7.7e6, "GPU-hour") and _near(a, 2290, "tCO2e"), a["answer"]


def test_compound_annual_growth_of_two_figures():
    r = figure_annual_growth(294e9, 193e9, 4)
    assert r.value == pytest.approx(100 * ((294 / 193) ** 0.25 - 1)) and r.unit == "percent"
    with pytest.raises(InputError):
        figure_annual_growth(294e9, 193e9, 0)


@pytest.mark.parametrize(("question", "value"), [
    ("Dell'Oro那组数字，2020年到今年数据中心投入的年均复合增长率大概多少？", 100 * ((294 / 193) ** 0.25 - 1)),
    ("Spending went from $193B to $294B over 4 years. What's the CAGR?", 100 * ((294 / 193) ** 0.25 - 1)),
    ("What yearly growth rate takes a USD 1,500,000 training bill to USD 4,200,000 over 7 years?",
     100 * ((4.2 / 1.5) ** (1 / 7) - 1)),
])
def test_compound_annual_growth_asked(bot, question, value):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and _near(a, value, "percent"), a["answer"]


def test_a_follow_up_naming_another_run_keeps_the_published_figure_asked(bot):
    first = "What does Epoch estimate GPT-4's amortised hardware and energy cost was?"
    a = bot.ask("and Gemini Ultra?", _turn(first)).to_dict()
    assert "amortised" in a["answer"].split("\n")[0] and _near(a, 29.83e6, "USD"), a["answer"]


def test_water_is_answered_from_the_run_it_is_about_or_not_at_all(bot):
    a = bot.ask("How much water did GPT-3's training consume?").to_dict()
    assert a["status"] == "not_found" and not _values(a, "MWh"), a["answer"]
    a = bot.ask("How much water did the OLMo models use?").to_dict()
    assert _near(a, 2.769e6, "L"), a["answer"]


@pytest.mark.parametrize(("question", "chip"), [
    ("Falcon-40B: what hardware did TII use and how long did the training take?", "A100"),
    ("What GPUs did DeepSeek-V3 train on?", "H800"),
])
def test_the_hardware_a_run_used_is_its_accelerators_on_file(bot, question, chip):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and chip in a["answer"].split("\n")[0], a["answer"]


@pytest.mark.parametrize(("question", "people"), [
    ("A budget of 1 billion yuan would pay how many engineers at USD 300k a year? 7.2 yuan per dollar.", 462),
    # both figures from the article, the yuan at the user's rate
    ("Rough sense of scale: Baidu's 2023 large-model spend in the Jade Bird write-up would pay how many top AI "
     "engineers for a year, at the salary that article quotes? Use 7.2 yuan per dollar.", 462),
])
def test_a_sum_over_a_salary_is_the_people_it_pays(bot, question, people):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and a["figures"][0]["value"] == people and a["figures"][0]["unit"] == "person"


def test_a_published_figure_is_shown_in_the_larger_unit_asked(bot):
    a = bot.ask("GPT-3's training compute expressed in petaflop-days?").to_dict()
    assert any(f["unit"] == "PF-day" and f["value"] == pytest.approx(3.14e23 / 8.64e19) for f in a["figures"])
    assert "8.64e19" in a["answer"]  # the factor, shown in the step


@pytest.mark.parametrize("question", ["幫我用 512 張 Quantum-X1 加速卡估一下 13B、3兆 token 要跑幾日（MFU 40%）。",
                                      "训练一个参数量为0的模型，喂1T token，要多少FLOPs？"])
def test_an_unknown_chip_or_a_zero_size_is_refused_for_what_it_is(bot, question):
    a = bot.ask(question).to_dict()
    assert a["status"] == "invalid_input" and ("Quantum-X1" in a["answer"] or "参数量" in a["answer"])


@pytest.mark.parametrize("question", [
    "How many years of that Netflix AI product manager's pay would the Google–Reddit data deal cover? "
    "Both are in the Tencent article.",
    "Google的Reddit数据授权，相当于Netflix那个AI产品经理多少年的年薪？",  # no article named: whose figures they are
])
def test_a_reported_sum_in_years_of_a_reported_salary(bot, question):
    a = bot.ask(question).to_dict()
    calc = a["calculations"][0]
    assert calc["value"] == pytest.approx(60e6 / 900e3) and calc["unit"] == "year"
    assert {i["origin"] for i in calc["inputs"].values() if i["unit"].startswith("USD")} == {"tencent-tech-2024"}


def test_a_count_from_one_article_priced_from_the_other(bot):
    a = bot.ask("If the GPUs the Jade Bird article says GPT-3 used had been bought at the Tencent piece's H100 "
                "price, what's the bill?").to_dict()
    inputs = a["calculations"][0]["inputs"]
    assert (inputs["gpus"]["value"], inputs["gpus"]["origin"]) == (30_000, "jadebird-2025")
    assert (inputs["purchase_price"]["value"], inputs["purchase_price"]["origin"]) == (30_000, "tencent-tech-2024")


@pytest.mark.parametrize("question", [
    "If you spread GPT-3's training energy from the Jade Bird piece evenly over 30 days, what average power draw is "
    "that in megawatts?",
    "1287 MWh over 30 days: average power?",
])
def test_energy_spread_over_days_is_an_average_power(bot, question):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and a["calculations"][0]["value"] == pytest.approx(1.287e9 / (30 * 24))
    assert "MW" in a["answer"].split("\n")[0]


@pytest.mark.parametrize(("question", "first"), [
    ("8000 GPUs vs 2000 GPUs, how many times?", "8,000 GPUs is 4 times 2,000 GPUs."),
    ("同樣訓練 1.8 兆參數的模型，改用 Blackwell 比用 Hopper 可以少用幾成 GPU？", "2,000張卡比8,000張卡少75%。"),
])
def test_a_comparison_headline_names_both_figures(bot, question, first):
    assert bot.ask(question).answer.split("\n")[0].strip("*") == first


@pytest.mark.parametrize(("question", "value"), [
    # a sum in yuan set against one in dollars, at the user's rate ("convert at 7.2" says whose rate it is)
    ("Baidu's 2023 large-model spend in the Jade Bird write-up — how many times the GPT-4 training cost from the "
     "same article? Convert at 7.2.", 1e9 / 7.2 / 63e6),
    ("青鸟那篇里百度2023年投入大模型的钱，是GPT-4训练成本的几倍？汇率按7.2", 1e9 / 7.2 / 63e6),
    # the subject named has its card, though another source is named for the price
    ("百度 2023 年喺大模型嘅投入，大約夠買幾多張 H100？H100 用騰訊嗰篇嘅估價，人民幣兌美元用 7.2。", 4629),
])
def test_a_sum_in_yuan_is_converted_at_the_users_rate_before_it_is_compared(bot, question, value):
    a = bot.ask(question).to_dict()
    assert a["status"] == "answered" and a["calculations"][-1]["value"] == pytest.approx(value, rel=1e-3)
    assert any(c["tool"] == "convert" for c in a["calculations"])


def test_a_stage_cost_on_file_is_looked_up(bot):
    a = bot.ask("DeepSeek-R1 強化學習那一段，據報導花了多少錢？").to_dict()
    assert a["status"] == "answered" and a["figures"][0]["value"] == 294_000
    assert a["citations"][0]["source_id"] == "deepseek-r1-nature"


def test_a_count_at_a_default_mfu_gives_its_range_rounded_up(bot):
    line = bot.ask("How many H100s to train 70B on 2T tokens in 30 days?").answer.split("\n")[0]
    assert "874 GPUs" in line and "656–1,092 GPUs" in line


def test_about_how_much_in_cantonese_asks_no_difference(bot):
    a = bot.ask("Anthropic 嗰位 CEO 話，而家訓練緊、今年稍後至明年初推出嘅模型，成本去到差唔多幾多？").to_dict()
    assert "difference" not in a["intent"] and "10億" in a["answer"].split("\n")[0]


def test_an_estimate_is_preferred_to_a_bound_of_the_same_measure(bot):
    line = bot.ask("用「兆」來講的話，北大青鳥那篇估的 GPT-4 參數規模是多少？").answer.split("\n")[0]
    assert "1.5兆到1.8兆" in line


def test_a_company_name_holding_a_number_word_is_no_placeholder(bot):
    a = bot.ask("Google's Reddit data deal — how many H100s could that money have bought at the price Tencent Tech "
                "quotes?").to_dict()  # "Tencent" holds "ten cent"
    assert a["status"] == "answered" and a["figures"][0]["value"] == 2000


def test_a_count_of_chips_and_their_price_add_up_to_a_product(bot):
    a = bot.ask("Zuckerberg's 350,000 H100s at roughly $30k apiece — what does that add up to?").to_dict()
    assert a["intent"] == "acquisition_cost" and a["figures"][0]["value"] == pytest.approx(10.5e9)
    bill = [{"role": "user", "content": "Meta's 350,000 H100s at $30k each — what's the bill?"},
            {"role": "assistant", "content": "…"}]
    for follow_up in ("and at double the price?", "What if they'd had to pay double that per chip through resellers?"):
        b = bot.ask(follow_up, history=bill).to_dict()
        assert b["intent"] == "acquisition_cost" and b["figures"][0]["value"] == pytest.approx(21e9)


def test_a_bare_sum_after_a_spending_verb_is_money(bot):
    a = bot.ask("If a frontier model now costs about a billion to train, that's how many H100s at 30k each?").to_dict()
    assert a["figures"][0]["value"] == 33_333 and not a.get("unused_inputs")


@pytest.mark.parametrize(("question", "quoted", "worked"), [
    ("The Jade Bird article says GPT-3's training electricity equals one American household's use for three "
     "years. Is that right? How many household-years is it really?", 3, 1_287_000 / 10_791),
    # the household's own yearly use, given, is no training energy
    ("青鸟文章说GPT-3训练耗电相当于美国一户家庭三年的用电量，这个换算靠谱吗？按美国家庭一年大概一万度电来算应该是多少年？",
     3, 128.7),
])
def test_a_household_claim_is_checked_against_the_runs_energy(bot, question, quoted, worked):
    a = bot.ask(question).to_dict()
    assert a["intent"] == "household_years" and a["figures"][0]["value"] == pytest.approx(worked, rel=1e-3)
    assert f"{quoted} " in a["answer"] or f"{quoted}户" in a["answer"]


def test_the_published_gpu_hours_are_preferred_to_a_third_partys_imputed_ones(bot):
    a = bot.ask("Falcon 180B: how many tokens and how many GPU-hours?").to_dict()
    assert a["figures"][0]["value"] == 7e6 and a["citations"][0]["source_id"] == "falcon-180b-blog"
    assert "17.7 million" in a["answer"]  # Epoch's assumption, named as such


def test_a_range_given_keeps_both_ends_through_the_calculation(bot):
    a = bot.ask("Anthropic 執行長說 2025、2026 年訓練一個模型可能要 50 億到 100 億美元，以 H100 每張 3 萬美元換算，"
                "大約等於幾多張卡？").to_dict()
    first = a["calculations"][0]
    assert (first["low"], first["high"]) == (166_666, 333_333)
    b = bot.ask("Anthropic's CEO went from ~$100M models to predicting $5-10B ones for 2025-26. How big a jump is "
                "that?").to_dict()
    assert (b["calculations"][0]["low"], b["calculations"][0]["high"]) == (pytest.approx(4900), pytest.approx(9900))


def test_a_company_named_in_chinese_finds_its_card_beside_another_article(bot):
    a = bot.ask("谷歌跟Reddit那笔数据授权的钱，要是拿去买人工标注数据（北大青鸟那篇说高质量标注一条2到5美元），"
                "大概能标多少条？").to_dict()
    calc = a["calculations"][0]
    assert calc["inputs"]["budget"]["value"] == 60e6 and (calc["low"], calc["high"]) == (12e6, 30e6)


def test_a_run_bill_in_years_of_pay_takes_no_run_days(bot):
    a = bot.ask("how many years of a top AI engineer's salary would GPT-4's reported training bill pay for? "
                "(using the 北大青鸟 article's numbers)").to_dict()
    assert a["figures"][0]["value"] == pytest.approx(210)


def test_at_least_asks_no_difference(bot):
    a = bot.ask("頂尖 AI 工程師年薪 30 萬美元起跳的話，養一個 20 人的團隊一年至少要多少？").to_dict()
    assert a["intent"] == "staff_cost" and a["figures"][0]["value"] == 6e6


def test_a_reported_figure_beside_the_question_is_a_claim_not_the_answer(bot):
    a = bot.ask("GPT-3 預訓練到底用了幾多張 GPU？有文章話近 3 萬張。").to_dict()
    assert a["intent"] == "gpus" and a["citations"]


def test_the_most_left_to_spend_after_a_saving(bot):
    a = bot.ask("Jade Bird says reusing open datasets + pretrained weights can save 80%+ of the cost. If building "
                "from scratch would run us $5M, what's the most we'd expect to spend going the open route?").to_dict()
    assert a["intent"] == "amount_left" and a["figures"][0]["value"] == pytest.approx(1e6)


def test_two_runs_totals_compared_are_a_multiple_not_a_sum(bot):
    a = bot.ask("DeepSeek-V3 vs Llama 3.1 405B: how do their total GPU-hours compare?").to_dict()
    assert a["intent"] == "multiple" and a["figures"][0]["value"] == pytest.approx(30.84e6 / 2.788e6, rel=1e-3)


def test_a_year_on_year_rise_in_cantonese_works_back_to_a_year_ago(bot):
    a = bot.ask("Alphabet 上一季 capex 120 億美元、按年升 91%，即係一年前嗰季大約幾多？").to_dict()
    assert a["intent"] == "earlier_amount" and a["figures"][0]["value"] == pytest.approx(12e9 / 1.91, rel=1e-3)


@pytest.mark.parametrize("question", ["Meta's 2024 capex guidance works out to how much per quarter?",
                                      "Meta今年的资本开支指引，平均摊到每个季度大概多少？"])
def test_a_yearly_sum_shared_per_quarter_is_a_quarters_amount(bot, question):
    a = bot.ask(question).to_dict()
    calc = a["calculations"][-1]
    assert a["intent"] == "period_amount" and (calc["low"], calc["high"]) == (
        pytest.approx(35e9 / 4, rel=1e-3), pytest.approx(40e9 / 4, rel=1e-3))


@pytest.mark.parametrize(("question", "hours"), [
    ("DeepSeek-V3 的長文本擴展（context extension）階段用了多少 H800 卡時？照他們每卡時 2 美元的假設要多少錢？", 119e3),
    ("How many GPU-hours did DeepSeek-V3's context extension take, and what did it cost at $2/hr?", 119e3),
    ("DeepSeek-V3 pre-training stage alone: GPU-hours and cost at $2 an hour?", 2.664e6),
])
def test_one_stage_of_a_run_is_priced_at_the_runs_own_rate(bot, question, hours):
    a = bot.ask(question).to_dict()
    calc = a["calculations"][-1]
    assert a["intent"] == "rental_cost" and calc["value"] == pytest.approx(hours * 2)
    assert calc["inputs"]["gpu_hours"]["value"] == hours


def test_a_stage_asked_alone_is_looked_up(bot):
    a = bot.ask("DeepSeek-V3的后训练阶段用了多少卡时？").to_dict()
    assert a["figures"][0]["value"] == 5000 and a["citations"][0]["source_id"] == "deepseek-v3-report"


def test_a_runs_hours_asked_with_a_price_are_priced(bot):
    a = bot.ask("Llama 2 13B预训练的卡时数按每卡时1.5美元算，相当于多少钱？").to_dict()
    assert a["intent"] == "rental_cost" and a["calculations"][-1]["value"] == pytest.approx(368_640 * 1.5)


def test_hourly_prices_of_whole_groups_are_per_hour_not_per_gpu_hour(bot):
    a = bot.ask("AWS 出租一組 H100 每小時將近 100 美元，Intel CPU 叢集大約 6 美元一小時，差了幾倍？")
    line = a.answer.split("\n")[0]
    assert "16.7" in line and "卡時" not in line
