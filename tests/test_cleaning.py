from pathlib import Path

from assistant.cleaning import clean_text, strip_pinyin
from assistant.textnorm import detect_script, normalize, tokenize

SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"


def test_pinyin_annotations_are_removed():
    assert strip_pinyin("數(shù)據(jù)需要規(guī)模大") == "數據需要規模大"
    assert strip_pinyin("創(chuàng)新與網(wǎng)絡") == "創新與網絡"
    assert clean_text("這項實驗持續(xù)進行了三個月") == "這項實驗持續進行了三個月"


def test_real_brackets_are_kept():
    for text in ("語料總量要(TB級別)才夠", "混合專家模型(MoE)等", "算力成本(Computational Cost)",
                 "GPT-2(15億參數)", "中央处理器(CPU)", "柯伦(Rowan Curran)", "模型(data)", "x(shù)"):
        assert strip_pinyin(text) == text


def test_image_placeholders_and_menus_are_dropped():
    text = ("學AI,好工作 就找某學校\n關注我們 聽課做題\n周一至周日\n4000-1234-56\n\n"
            "標題一\n\n這是正文的第一段,講的是訓練成本。\n\n1749564342263991.png\n\n"
            "這是正文的第二段,講的是電力。\n\n熱門課程\n某某就業班 即將爆滿\n某某線上班 即將爆滿\n報名優惠\n")
    cleaned = clean_text(text)
    assert "正文的第一段" in cleaned and "正文的第二段" in cleaned and "標題一" in cleaned
    for noise in (".png", "爆滿", "報名", "4000-1234", "周一至周日", "好工作"):
        assert noise not in cleaned


def test_trailer_disclaimer_and_related_articles_are_dropped():
    body = "\n\n".join(f"第{i}段正文,内容足够长,讲述人工智能训练成本的构成和变化趋势。" for i in range(10))
    cleaned = clean_text(body + "\n\n风险提示及免责条款\n市场有风险,投资需谨慎。\n相关文章")
    assert "第9段正文" in cleaned
    assert "风险提示" not in cleaned and "投资需谨慎" not in cleaned and "相关文章" not in cleaned


def test_full_width_forms_are_normalised():
    assert clean_text("ＧＰＴ－３用了１２８７ＭＷｈ") == "GPT-3用了1287MWh"


def test_real_articles_are_cleaned():
    jb = clean_text((SOURCES / "000_1b58d99d002f80c5.txt").read_text(encoding="utf-8"))
    assert "(shù)" not in jb and "(jù)" not in jb and ".png" not in jb
    assert "1287兆瓦時" in jb and "(TB級別)" in jb and "(MoE)" in jb  # original script kept for quotes
    assert "即將爆滿" not in jb and "4000-9696-28" not in jb
    tt = clean_text((SOURCES / "001_78161067e45193cd.txt").read_text(encoding="utf-8"))
    assert "免责" not in tt and "相关文章" not in tt and "Sakana AI" in tt


def test_normalize_and_tokenize():
    assert normalize("GPT-3訓練耗電1,287兆瓦時") == "gpt-3训练耗电1287兆瓦时"
    tokens = tokenize("GPT-3訓練耗電多少")
    assert "gpt-3" in tokens and "训练" in tokens and "多少" not in tokens
    assert detect_script("GPT-3訓練耗電多少") == "zh-Hant"
    assert detect_script("GPT-3训练耗电多少") == "zh-Hans"
    assert detect_script("How much power did GPT-3 use?") == "en"
    # many English terms, but Chinese grammar: a Chinese question
    assert detect_script("70B 嘅 model 食 2兆 token，total training compute 大概係幾多 FLOP？") == "zh-Hant"
    assert detect_script("What did the 北大青鸟 article say GPT-3 cost?") == "en"


def test_an_english_question_around_a_pasted_chinese_phrase_is_english():
    from assistant.textnorm import question_language

    assert question_language("Taiwan provider quote: 每小時新台幣72元 per GPU. We need 40,000 GPU-hours. "
                             "What's that in USD at 32 NT$ to the dollar?") == "en"
    assert question_language("If I'm reading the 北大青鳥 article right, a 千亿-parameter model starts at how much?") \
        == "en"
    assert question_language("三百亿 params, i.e. a 30B dense model, on 2.5 trillion tokens, H100 at 每卡时1.9美元, "
                             "and let's say 利用率四成. What's the GPU-hour count and the bill?") == "en"
    assert question_language("我们的 cluster 有 512 张 H100，训练 70B 的 model 用 2T tokens，需要多少天？") == "zh-Hans"
    assert question_language("70B 嘅 model 食 2兆 token，total training compute 大概係幾多 FLOP？") == "zh-Hant"
