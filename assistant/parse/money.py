"""Money as people write it: pay per month or year, listed costs added up, prices of each item, currencies."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise

from assistant.parse.asked import _asked, _asked_dimensions, _comparisons
from assistant.parse.lexicon import ACCELERATOR, Lexicon, _alternation, _phrases, lexicon, words_in
from assistant.parse.mentions import Mention
from assistant.parse.roles import _plausible
from assistant.question import (
    CURRENCIES,
    MONEY,
    Given,
    Question,
)
from assistant.textnorm import HAN_RE


def _teams(q: Question, found: list[Mention], text: str, lex: Lexicon) -> bool:
    """"Two research scientists at $320k/yr and three engineers at $210k/yr", "4 個 ML 工程師年薪各 NT$320 萬，2 個資料
    工程師年薪各 NT$210 萬": groups paid differently are one team, at the pay its people average."""
    roles = _phrases(tuple(lex.vocab.staff_roles.all())).pattern
    monthly = _phrases(tuple(lex.vocab.per_month.all())).pattern

    def people(m: Mention) -> bool:
        return m.dimension == "people" or (m.dimension is None and float(m.value).is_integer() and 1 <= m.value <= 1e4
                                           and re.match(rf"\s?(?:个|名|位)?\s?(?:[a-z]{{1,5}}\s)?(?:{roles})",
                                                        text[m.end:m.end + 20]) is not None)

    def pay(m: Mention) -> bool:
        return (m.dimension or "").split("/")[0] in MONEY and (m.dimension or "").partition("/")[2] in ("", "years")

    pairs: list[tuple[Mention, Mention]] = []
    for a, b in pairwise([m for m in found if people(m) or pay(m)]):
        if people(a) and pay(b) and b.start - a.end <= 40:
            pairs.append((a, b))
    if len(pairs) < 2 or len({b.dimension.split("/")[0] for _, b in pairs}) > 1:  # type: ignore[union-attr]
        return False
    currency = pairs[0][1].dimension.split("/")[0].upper()  # type: ignore[union-attr]
    parts, total, head = [], 0.0, 0.0
    for n, s in pairs:
        yearly = 12 if re.match(rf"\s*(?:{monthly})", text[s.end:s.end + 12]) or \
            re.search(rf"(?:{monthly})\S{{0,2}}\s*$", text[max(0, s.start - 8):s.start]) else 1
        parts += [Given("staff", n.value, "person", n.text), Given("salary", s.value * yearly, f"{currency}/year",
                                                                   s.text if yearly == 1 else f"{s.text} × 12")]
        total, head = total + n.value * s.value * yearly, head + n.value
    said = " + ".join(f"{n.text} × {s.text}" for n, s in pairs)
    for key in [k for k, g in q.given.items() if g.text in {m.text for pair in pairs for m in pair}]:
        del q.given[key]
    counts = [g for g in parts if g.quantity == "staff"]
    q.given["staff"] = counts[0].worked_out(head, " + ".join(n.text for n, _ in pairs), *counts)
    q.given["salary"] = parts[1].worked_out(total / head, f"({said}) ÷ {head:g}", *parts)
    q.unread = [u for u in q.unread if u not in {m.text for pair in pairs for m in pair}]
    return True


def _pay(q: Question, found: list[Mention], text: str, lex: Lexicon) -> None:
    """"$15k a month", "月薪1.5万": a salary paid monthly is twelve times that a year; "3个质检", "3 ML engineers":
    beside a salary, a count of people named by their role is the team."""
    if ("salary" not in q.given or not q.given["salary"].parts) and _teams(q, found, text, lex):
        return
    salary = q.given.get("salary")
    monthly = lex.vocab.per_month
    roles = _phrases(tuple(lex.vocab.staff_roles.all())).pattern
    paid = next((k for k in ("staff_cost", "price_per_gpu_hour") if k in q.given), None)
    cost = q.given[paid] if paid else None
    if salary is None and cost is not None and (at := text.find(cost.text)) >= 0 and re.search(
            rf"(?:{roles})\s?(?:at|earning|making|paid|on|@)\s?(?:us)?[$¥€]?\s?$", text[max(0, at - 30):at]) and \
            not words_in(text[at + len(cost.text):at + len(cost.text) + 12], lex.vocab.cost_totals.all()):
        # "4 engineers at $200k": a sum said right after the people, with no total named, is each one's yearly pay
        # ("2 consultants at $150 an hour": each one's pay by the hour)
        salary = q.given["salary"] = replace(q.given.pop(paid), quantity="salary",
                                             unit=f"{cost.unit.split('/')[0]}/year")
    if salary is None:
        # "4 contractors at $15k/month each": a sum a month beside people counted by role is their pay
        paid = next((k for k in ("purchase_price", "amount") if k in q.given), None)
        at = text.find(q.given[paid].text) if paid else -1
        counted = re.search(rf"\d\s?(?:个|名|位)?\s?(?:{roles})", text)
        per = _phrases(tuple([*monthly.all(), *lex.vocab.per_hour_pay.all()])).pattern
        if paid is None or at < 0 or counted is None or not (
                re.match(rf"\s*(?:{per})", text[at + len(q.given[paid].text):]) or
                re.search(rf"(?:{per})\s*$", text[max(0, at - 4):at])):
            return
        price = q.given.pop(paid)
        salary = q.given["salary"] = replace(price, quantity="salary", unit=f"{price.unit}/year")
    at = next((m for m in found if m.text == salary.text), None)
    if at is not None and not salary.text.endswith("× 12"):  # read once, however often the reading is asked
        # "人均月成本（含五险一金）6.5万": what is said of the sum in brackets stands between
        before = re.sub(r"\([^()]*\)\s*$", "", text[max(0, at.start - 24):at.start])[-8:]
        after = text[at.end:at.end + 12]
        if words_in(before, monthly.zh) or re.match(rf"\s*(?:{_phrases(tuple(monthly.all())).pattern})", after):
            q.given["salary"] = salary.worked_out(salary.value * 12, f"{salary.text} × 12",
                                                  replace(salary, quantity="monthly_salary"),
                                                  low=salary.low and salary.low * 12,
                                                  high=salary.high and salary.high * 12)
    _hourly_pay(q, found, text, lex)
    if "staff" in q.given:
        return
    for m in found:
        taken = next((k for k, g in q.given.items() if g.text == m.text), None)
        if taken in ("staff", "salary") or not float(m.value).is_integer() or not 1 <= m.value <= 1e5 or \
                (m.dimension not in (None, "gpus") and taken is not None):
            continue
        if re.match(rf"\s?(?:个|名|位)?\s?(?:[a-z]{{1,5}}\s)?(?:{roles})", text[m.end:m.end + 16]) or \
                re.fullmatch(rf"[\d.]+\s?(?:个|名|位)?\s?(?:{roles})", m.text):
            if taken is not None:
                del q.given[taken]
            q.given["staff"] = Given("staff", m.value, "person", m.text)
            q.unread = [u for u in q.unread if u != m.text]
            return


def _hourly_pay(q: Question, found: list[Mention], text: str, lex: Lexicon) -> None:
    """"5 contractors at $95/hour, 40 hours a week, for 14 weeks", "时薪80元，每周40小时": pay by the hour comes to
    a year's pay as the hours worked a week × the weeks of a year; "…for 300 hours each" counts those hours, a year of
    hours (8,766) being what the project's length is a share of."""
    salary = q.given.get("salary")
    at = next((m for m in found if salary is not None and m.text == salary.text), None)
    if salary is None or at is None or salary.parts:
        return
    hourly = _phrases(tuple(lex.vocab.per_hour_pay.all())).pattern
    if not (re.search(rf"(?:{hourly})", text[at.start:at.end]) or
            re.match(rf"\s*(?:{hourly})", text[at.end:at.end + 12]) or
            re.search(rf"(?:{hourly})\D{{0,4}}$", text[max(0, at.start - 10):at.start])):
        return
    pay = replace(salary, quantity="hourly_pay", unit=f"{salary.unit.split('/')[0]}/hour")
    weekly = _phrases(tuple(lex.vocab.per_week.all())).pattern
    spans = [m for m in found if m.dimension == "duration" and m is not at]
    week = next((m for m in spans if re.match(rf"\s*(?:{weekly})", text[m.end:m.end + 10]) or
                 re.search(rf"(?:{weekly})\S{{0,3}}\s*$", text[max(0, m.start - 8):m.start])), None)
    if week is not None:
        hours = Given("hours_per_week", round(week.value * 24, 6), "hour", week.text)
        # weeks in the 365.25-day year the project's length is counted in, so 10 weeks pay 10 weeks' hours
        weeks = Given("weeks_per_year", 365.25 / 7, "week", "52.18")
        q.given["salary"] = salary.worked_out(pay.value * hours.value * weeks.value,
                                              f"{salary.text} × {week.text} × {weeks.text}", pay, hours, weeks)
        length = next((m for m in spans if m is not week), None)
        if length is None:
            q.given.pop("days", None)
        else:
            q.given["days"] = Given("days", length.value, "day", length.text)
            q.unread = [u for u in q.unread if u != length.text]
        return
    if "days" in q.given and re.search(r"hours?|小时|钟头|个钟", q.given["days"].text):
        year = Given("hours_per_year", 8766, "hour", "8766")  # the 365.25-day year the project's length is counted in
        q.given["salary"] = salary.worked_out(pay.value * 8766, f"{salary.text} × 8766", pay, year)


def _a_year_of_pay(q: Question, text: str, lex: Lexicon) -> None:
    """"What's the annual staff cost?", "每年人力成本多少": with pay per head and no length of project, a yearly
    word at the asking phrase asks for one year of it."""
    # (the pay may be an article's: "10 engineers at the Jade Bird salary: yearly payroll?")
    if "staff_cost" not in q.asked or not ("salary" in q.given or q.article is not None) or \
            q.given.keys() & {"years", "days"}:
        return
    yearly = _phrases(tuple(lex.vocab.per_year.all())).pattern
    asking = _alternation(p for p, qid in lex.asks if qid == "staff_cost").pattern
    # "$200k for a year" read as pay a year leaves the year it is paid for
    said = re.search(rf"(?:{yearly})\s?的?\s?(?:{asking})|(?:{asking})\s?(?:{yearly})|(?<![a-z])for 1 year(?![a-z])",
                     text)
    if said is not None:
        q.given["years"] = Given("years", 1.0, "year", said.group())


PRODUCT_RE = re.compile(r"(?<![a-z])[x×*](?![a-z])|乘")  # "800k docs x 2,000 tokens": multiplied, not listed


def _addends(text: str, found: list[Mention], lex: Lexicon) -> tuple[list[Given], list[Mention]]:
    """"Three runs used 1.3M, 2M and 6.4M GPU-hours: how many in total?": figures in one unit, and words that ask
    for their sum, are added up, not taken as inputs of a calculation."""
    dimension = next((m.dimension for m in reversed(found) if m.dimension is not None), None) or \
        next(iter(_asked_dimensions(text, [(m.start, m.end) for m in found], lex)), None)  # "GPU-hours: 19K, 2.4M"
    if dimension is None:  # "租卡350萬、電費40萬…都是台幣": bare sums in the one currency named beside them
        named = {u.dimension for f, u in lex.units if u.dimension in MONEY and len(f) > 1 and words_in(text, [f])}
        dimension = named.pop() if len(named) == 1 else None
    money_words = [*lex.vocab.cost_sums.all(), *lex.vocab.cost_words.all(), *lex.vocab.by_id["budget"].gives.all()]
    if dimension is None and words_in(text, money_words) and words_in(text, lex.vocab.family_totals.all()) and \
            len(found) >= 2 and all(m.dimension is None and m.magnitude for m in found):
        # "adding up our budget: compute 1.8M, data 350k…": sums of money with no currency, in the asker's
        dimension = "cny" if HAN_RE.search(text) else "usd"
    moe = lex.vocab.moe_parts
    if words_in(text, moe["experts"].all()) and words_in(text, moe["routed"].all()):
        return [], found  # "64个专家每个1.5B，top-4…一共多少": a mixture's parts, added by its own rule
    totals = [*lex.vocab.family_totals.all(), *(lex.vocab.cost_sums.all() if dimension in MONEY else ())]
    if len(found) < 2 or not words_in(text, totals):  # "租卡850万元、标注120万…总成本多少": costs listed, summed
        return [], found
    if set(_asked(text, [(m.start, m.end) for m in found], (), lex)) & _comparisons():
        return [], found  # "2020年1930亿、2024年2940亿，总共涨了百分之几": two figures compared, not summed
    unit = next((u.base for u in lex.vocab.units if u.dimension == dimension), None)
    # "1.3M, 2M and 6.4M GPU-hours": bare sizes in a list take the unit written after the last; "three runs"
    # counts the figures, it is not one of them
    # "總參數2350億、啟用參數380億" beside tokens: bare sizes named as parameters are no tokens to add
    # … nor are bare numbers a worded quantity's word names ("batch size 256, sequence length 2,048")
    named = [w for q in lex.vocab.quantities if q.worded and q.dimension != dimension for w in q.gives.all()
             if len(w) >= 5]  # whole names, not "add" or "up"
    sizes = _phrases(tuple([*(lex.vocab.by_id["params"].gives.all() if dimension != "params" else ()), *named]))
    # … nor is a count of chips a sum ("350,000 H100s at $30k apiece: what does that add up to?" is a product)
    listed = [m for m in found if m.dimension in (dimension, None) and (m.magnitude or m.value >= 10) and
              not _a_year(m) and not (
        m.dimension is None and
        (re.search(rf"(?:{sizes.pattern})\s?(?:是|为|:|：)?\s?$", text[max(0, m.start - 24):m.start]) or
         (dimension in MONEY and text[m.end:].lstrip(" ")[:1] == ACCELERATOR)))]
    between = [text[a.end:b.start] for a, b in pairwise(listed)]
    other_units = [f for f, u in lex.units if u.dimension != dimension and len(f) > 1]
    if all(m.dimension == dimension for m in listed):
        other_units = []  # "compute $2.1M, data $400k, staff $1.5M": each figure has its unit; words between name it
    # a unit right after a figure is that figure's; a word just before the next ("data 350k, staff 900k") names it
    suffix = _phrases(tuple(other_units)) if other_units else None
    if any(len(gap) > 40 or words_in(gap, list(lex.vocab.family_totals.all())) or PRODUCT_RE.search(gap) or
           (suffix is not None and suffix.match(gap.lstrip(" "))) for gap in between):
        # "405B total and 11B active on 9T tokens", "7万亿token，模型是总参数3400亿": different things, no list;
        # "800k docs x 2,000 tokens": a product
        return [], found
    others = [m for m in found if m not in listed]
    if unit is None or len(listed) < 2 or any(m.dimension not in (None, dimension) for m in others):
        return [], found  # "…on 2T tokens, total cost?": numbers of several kinds are a calculation's inputs
    if len(listed) < 3 and not words_in(text, lex.vocab.add_up.all()):
        return [], found  # "$4M final run plus $3M staff: total development cost?" is a calculation's total
    return [Given("figures", m.value, unit, m.text) for m in listed], []


def _a_year(m: Mention) -> bool:
    """"报道那年（2024）": a bare four-digit number of these decades names a year, no sum."""
    return m.dimension is None and not m.magnitude and m.value.is_integer() and 1990 <= m.value <= 2100


@lru_cache(maxsize=1)
def _rate_re() -> re.Pattern[str]:
    """"1 USD = 32.5 TWD", "1美元兑7.2元", "0.92 EUR per USD": a rate between the dollar and another currency; the
    third and fourth groups hold one written the other way round ("1欧元=1.08美元", "1.08 USD per EUR"), the fifth
    one named after the currency asked for ("in yuan at 7.2")."""
    lex = lexicon()
    dollar = _alternation(f for f, u in lex.units if u.dimension == "usd" and u.factor == 1).pattern
    other = _alternation(f for f, u in lex.units if u.dimension in MONEY - {"usd"}).pattern
    number = r"(\d+(?:\.\d+)?)"
    equals = r"\s?(?:=|:|兑|换|算|折|抓|按|当|计|to|≈|is worth|is|buys|gets you|gets|equals)\s?" \
        r"(?:约|大约|about|roughly)?\s?"
    per = r"\s?(?:per|/|a|each|for 1|兑\s?1|换\s?1|to 1|to the)\s?"
    one = r"(?:1|(?<![a-z])a|(?<![a-z])one)"  # "1 USD = 0.92 EUR", "if a dollar is 0.91 EUR"
    pair = r"\s?(?:rate\s|汇率\s?)?(?:is|=|:|at|of|@|用|按|取|抓|是|为)?\s?(?:about|around|roughly|约|大约)?\s?"
    return re.compile(rf"{one}\s?(?:{dollar}){equals}{number}\s?(?:{other})|{number}\s?(?:{other}){per}(?:{dollar})"
                      # "1 歐元兌 1.09": the dollars per unit of the other money, the dollar left unsaid
                      rf"|1\s?(?:{other}){equals}{number}\s?(?:(?:{dollar})|(?=\s*(?:[,，。;；?？!！]|$)))"
                      rf"|{number}\s?(?:{dollar}){per}(?:{other})"
                      # "in yuan at 7.2", "convert that to yuan, use 7.2", "折成台幣，用32", "in euros pls, use 0.93"
                      # ("in USD at 7.1": the dollars asked, at yuan per dollar)
                      rf"|(?:in|into|to|换成|折成|换算成|转成|折合)\s?"
                      # ("折合人民币大概多少万亿？按7.2算": the short question asked between them)
                      rf"(?:(?:thousands|millions|billions|trillions) of\s)?(?:{other}|{dollar})"
                      rf"(?:[^\d,，。;；?？]{{0,10}}?)?\s?[,，?？(（]?\s?"
                      rf"(?:(?:pls|please|plz|thanks|thx|吧|啊|呢)\s?[,，?？]?\s?)?"
                      rf"(?:at|use|using|with|@|汇率按|汇率用|汇率取|汇率|按|用|取|抓)\s?"
                      rf"(?:a rate of\s|rate\s)?{number}"
                      # not the "1" of "at 1 USD = 0.92 EUR", which the first four read
                      rf"(?!\.?\d|%|\s?(?:{dollar}|{other}))"
                      # "用 32 換成美金", "按7.2换成美元": the rate said before the conversion
                      rf"|(?:用|按|以|at|using)\s?{number}(?=\s?(?:的汇率)?\s?(?:换成|换算成|折成|转成|折合|兑换成)\s?"
                      rf"(?:{dollar}|{other}))"
                      # "合人民币多少？按7.2换": the rate said last, with only the verb of converting after it
                      rf"|(?:用|按|以)\s?{number}\s?(?:换|兑)(?=\s*(?:[,，。;；?？!！]|$))"
                      # a currency pair as markets quote it, base/quote: "USD/CNY 7.2" (yuan a dollar), "EUR/USD is
                      # 1.08" (dollars a euro)
                      # ("美元兑人民币7.2": the pair joined by 兑, as people say it)
                      rf"|(?<![a-z])(?:{dollar})\s?(?:/|兑|对)?\s?(?:{other}){pair}{number}(?![\d.])"
                      rf"|(?<![a-z])(?:{other})\s?/?\s?(?:{dollar}){pair}{number}(?![\d.])"
                      # "换成新台币，1美元抓32": the other money is the one asked for
                      rf"|{one}\s?(?:{dollar}){equals}{number}(?=\s*(?:[,，。;；?？!！]|算|计|$))"
                      # "汇率 1:32", "exchange rate 1 to 7.2": so many of the other money to one dollar
                      rf"|(?:汇率|exchange rate|fx rate|fx)\s?(?:是|为|按|用|取|抓|of|at|=|:)?\s?1\s?(?::|比|to|/)\s?"
                      rf"{number}(?![\d.])"
                      # "人民币兑美元用7.2": the pair named as people say it, so much yuan to the dollar
                      rf"|(?<![a-z])(?:{other})\s?(?:兑|对)\s?(?:{dollar}){pair}{number}(?![\d.])")


def bare_rate(q: Question) -> None:
    """"…2.4 million RMB. What's that in dollars at 7.15?", "换成人民币多少" then "按 7.25 算呢": with a conversion
    asked, the one bare number left unread is the exchange rate."""
    if len(q.unread) != 1 or "usd_rate" in q.given or not re.fullmatch(r"\d+(?:\.\d+)?", q.unread[0]) or \
            not 0.01 < float(q.unread[0]) < 200:
        return
    q.given["usd_rate"] = Given("usd_rate", float(q.unread[0]), lexicon().vocab.by_id["usd_rate"].unit, q.unread.pop())


LOOSE_RATE_RE = re.compile(r"(?:convert(?:ed|ing)?\s(?:it\s|that\s|them\s|both\s)?(?:at|using|with)|conversion at|"
                           r"(?:fx|exchange)\s?rate\s?(?:of|at|is|=|:)?|at a rate of|"
                           r"(?:^|[.,;:?!]\s?)rate\s?(?:of|at|is|=|:)?)"
                           r"\s?(\d+(?:\.\d+)?)(?!\.?\d|%|\s?/)")


def _usd_rate(masked: str, lex: Lexicon) -> tuple[Given | None, str]:
    """The exchange rate a question states, read as units of the other currency per dollar, and the text with it
    blanked out, so neither of its amounts is taken for a sum."""
    m = _rate_re().search(masked)
    if m is None:
        # "Baidu's RMB 1B … convert at 7.2", "…in yuan? Rate 7.2": a rate with no currency beside it, when the
        # question names money other than the dollar
        loose = LOOSE_RATE_RE.search(masked)
        if loose is None or not (loose.group(0).lstrip(".,;:?! ").startswith("convert") or
                                 any(base != "USD" for *_, base in _currency_spans(masked, lex))):
            return None, masked
        blank = masked[:loose.start()] + " " * (loose.end() - loose.start()) + masked[loose.end():]
        return Given("usd_rate", float(loose.group(1)), lex.vocab.by_id["usd_rate"].unit, loose.group(1)), blank
    direct = next((m.group(i) for i in (1, 2, 5, 6, 7, 8, 10, 11, 12) if m.group(i)), None)
    blank = masked[:m.start()] + " " * (m.end() - m.start()) + masked[m.end():]
    rate = Given("usd_rate", float(direct or 1), lex.vocab.by_id["usd_rate"].unit, m.group(0).strip())
    if direct:
        return rate, blank
    # "1欧元=1.08美元": dollars per unit of the other money, turned round, with the number as typed shown
    typed = m.group(3) or m.group(4) or m.group(9)
    return rate.worked_out(1 / float(typed), f"1 ÷ {typed}",
                           Given("dollars_per_unit", float(typed), "USD", typed)), blank


CARD_AFTER_RE = re.compile(rf"\s?(?:{ACCELERATOR}|卡|显卡|gpu|芯片|服务器|机器)")


@lru_cache(maxsize=1024)  # asked of the same text for the answer's currency and for those it names
def _currency_spans(text: str, lex: Lexicon) -> tuple[tuple[int, int, str], ...]:
    """Where currencies are named, in order; the longest form first, so 欧元 is not read as 元."""
    found: list[tuple[int, int, str]] = []
    taken = [False] * len(text)
    for form, unit in lex.units:
        if unit.dimension not in MONEY:
            continue
        for m in _phrases((form,)).finditer(text):
            if len(form) == 1 and CARD_AFTER_RE.match(text, m.end()):
                continue  # "一块H100": one card, no yuan
            if not any(taken[m.start():m.end()]):
                taken[m.start():m.end()] = [True] * (m.end() - m.start())
                found.append((m.start(), m.end(), unit.base))
    return tuple(sorted(found))


@lru_cache(maxsize=4)
def _lead_in(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?:{_phrases(words).pattern})\s?$")


def _answer_currency(text: str, lex: Lexicon) -> str | None:
    """The currency the answer is wanted in: one named after "in"/"用" with no number of its own ("Total, in
    euros?", "用人民币回答")."""
    lead = _lead_in(tuple(lex.vocab.answer_in.all()))
    for start, end, base in _currency_spans(text, lex):
        before = lead.search(text[:start])
        if end - start > 1 and before and not re.match(r"\s?\.?\d", text[end:]) \
                and not re.search(r"[\d.]\s?$", text[:before.start()]):
            return base
    return None


def _currencies(text: str, lex: Lexicon) -> list[str]:
    """The currencies named, in order."""
    return list(dict.fromkeys(base for _, _, base in _currency_spans(text, lex)))


# A count the user gives, the price of one of what it counts, that price's unit and dimension, and their product
PRICED_COUNTS = (("label_items", "label_price", "USD/item", "usd/items", "labelling_cost"),
                 ("staff", "salary", "USD/year", "usd/years", "staff_cost"))


def _price_of_each(q: Question, lex: Lexicon) -> None:
    """"20万条，每条3美元", "94,000 items at 5 dollars each", "12 engineers at $320,000 a year": beside a count of
    items to label or of people, and no chip in sight, the one sum of dollars is what each one costs, however its
    words read (a price "each", "per" something, a budget)."""
    for count, price_id, unit, dimension, total in PRICED_COUNTS:
        # the hours' own price is no item's ("300k H100-hours at $2.50 each … 50k items at $2 apiece")
        sums = [k for k in ("amount", "budget", "purchase_price", "price_per_gpu_hour") if k in q.given
                and not (k == "price_per_gpu_hour" and "gpu_hours" in q.given)]
        beside = count in q.given and len(sums) == 1 and 0 <= q.prepared.find(q.given[sums[0]].text) - \
            q.prepared.find(q.given[count].text) - len(q.given[count].text) <= 8  # "50k items at $2 apiece"
        if count not in q.given or price_id in q.given or len(sums) != 1 or (q.accelerators and not beside) or \
                q.given[sums[0]].unit.split("/")[0] not in CURRENCIES or (count == "staff" and total not in q.asked):
            continue
        price = q.given[sums[0]]  # "人均年薪（含社保公积金）60万元": a salary in yuan is converted later
        if _plausible(price_id, Mention(0, 0, price.value, price.text, dimension, False), lex):
            q.given[price_id] = replace(price, quantity=price_id, unit=price.unit.split("/")[0] + unit[3:])
            del q.given[sums[0]]
            q.asked = [a for a in q.asked if a != price_id] or [total]


# "puts an H100 at about $30,000", "一张H100约3万美元": a sum said of one chip is its price
ONE_CHIP_RE = re.compile(rf"(?:(?<![a-z])(?:an?|one|per|each)\s|一张|一块|每张|每块|单张|单卡)\s?{ACCELERATOR}+s?"
                         r"[^.,;，。；\d]{0,24}$")


def _chip_price(q: Question, masked: str) -> None:
    """A sum said of one chip, beside a count of chips, prices each of them."""
    amount = q.given.get("amount")
    if amount is None or "gpus" not in q.given or "purchase_price" in q.given or q.hourly:
        return
    at = masked.find(amount.text)
    if at >= 0 and ONE_CHIP_RE.search(masked[max(0, at - 48):at]):
        q.given["purchase_price"] = replace(q.given.pop("amount"), quantity="purchase_price")


def _hours_priced(q: Question, masked: str, lex: Lexicon) -> None:
    """"And what would those hours cost at $2.50 each?": a price of each of the hours referred back to is a price
    per GPU-hour, not a card's; so is a sum right after a count of GPU-hours ("180,000 GPU-hours at $2.75")."""
    key = next((k for k in ("purchase_price", "budget", "amount") if k in q.given), None)
    price = q.given.get(key or "")
    hours = [w for w in lex.vocab.result_refs.all() if re.search(r"hour|卡时|时数", w)]
    counted = q.given.get("gpu_hours")
    between = "" if counted is None or price is None else \
        masked[masked.find(counted.text) + len(counted.text):masked.find(price.text)]
    after = bool(between) and price.value < 1000 and "price_per_gpu_hour" not in q.given and \
        re.fullmatch(r"\s?(?:at|@|按)\s?(?:us)?\$?\s?", between) is not None  # type: ignore[union-attr]
    if price is not None and ((key == "purchase_price" and "gpus" not in q.given and words_in(masked, hours)) or after):
        q.given["price_per_gpu_hour"] = replace(q.given.pop(key or ""), quantity="price_per_gpu_hour",
                                                unit=price.unit.split("/")[0] + "/GPU-hour")
        if after:  # the price is given, so what is asked of those hours at it is their bill
            q.asked = [a for a in q.asked if a != "price_per_gpu_hour"] or ["rental_cost"]


def _label_passes(q: Question, found: list[Mention], masked: str, lex: Lexicon) -> None:
    """"每条要标两遍做交叉校验", "each labelled by 3 annotators": each item is labelled that many times, so the items
    priced are the items times the passes."""
    items = q.given.get("label_items")
    if items is None or "label_price" not in q.given:
        return
    passes = _phrases(tuple(lex.vocab.label_passes.all()))
    epochs = q.given.get("epochs")
    count = next((m for m in found if not m.magnitude and float(m.value).is_integer() and 1 < m.value <= 10
                  and m.text not in (items.text, q.given["label_price"].text)
                  and passes.search(masked[m.start:m.end + 26])), None)  # "3 independent annotators"
    if epochs is not None and 1 < epochs.value <= 10:  # "标两遍" was read as passes over data
        times, text = epochs.value, epochs.text
        del q.given["epochs"]
    elif count is not None:
        times, text = count.value, count.text
    else:
        return
    q.given = {k: g for k, g in q.given.items() if g.text != text and not g.text.startswith(f"{text} ")}
    q.unread = [t for t in q.unread if not t.startswith(text)]
    q.given["label_items"] = items.worked_out(items.value * times, f"{items.text} × {text}", items,
                                              Given("label_passes", times, "pass", text))


def _chips_multiple(q: Question, masked: str, lex: Lexicon) -> None:
    """"服务器、交换机这些按卡价的1.5倍算", "all-in it's 1.6x the chip price": the purchase as a multiple of the
    chips' price, servers and networking inside it (1.5× is half again on top); "add 1.4x on top": that much more."""
    times, parts = q.given.get("multiplier"), lex.vocab.left_out
    if times is None or "purchase_price" not in q.given or "markup" in q.given or not 1 < times.value <= 4 or \
            not words_in(masked, (*parts["servers"].all(), *parts["networking"].all())):
        return
    on_top = words_in(masked, lex.vocab.by_id["markup"].gives.all()) and not re.search(r"价的|price of", masked)
    del q.given["multiplier"]
    share = times if on_top else replace(times, value=times.value - 1, text=f"{times.text} − 1")
    q.given["markup"] = replace(share, quantity="markup")


def _pay_multiple(q: Question) -> None:
    """"用人成本按薪资的1.4倍算": a team's cost as a multiple of its pay, no development multiplier of a run's cost."""
    times = q.given.get("multiplier")
    if times is None or not {"staff", "salary"} <= q.given.keys() or "staff_overhead" in q.given or \
            not 1 < times.value <= 4 or q.given.keys() & {"final_run_cost", "gpu_hours", "params", "tokens", "flop"}:
        return
    q.given["staff_overhead"] = replace(q.given.pop("multiplier"), quantity="staff_overhead")


def _line_items(q: Question, found: list[Mention], masked: str) -> None:
    """"SFT数据2万条每条3美元，偏好数据5万条每条1.5美元", "10k examples at $4 each and 30k pairs at $1.20 each": lines
    of labelling, each a count and its price, priced line by line (and added up when a total is asked)."""
    lines: list[tuple[Mention, Mention]] = []
    counts = [m for m in found if m.dimension == "items"]
    for n, count in enumerate(counts):
        stop = counts[n + 1].start if n + 1 < len(counts) else len(masked)
        price = next((m for m in found if count.end <= m.start < min(stop, count.end + 24) and
                      (m.dimension or "").split("/")[0] in MONEY), None)
        if price is not None:
            lines.append((count, price))
    if len(lines) < 2 or len(lines) != len(counts):
        return
    texts = {m.text for line in lines for m in line}
    q.given = {k: g for k, g in q.given.items() if g.text not in texts}
    q.unread = [t for t in q.unread if t not in texts]
    unit = f"{(lines[0][1].dimension or '').split('/')[0].upper()}/item"
    q.alternatives = {"label_items": [Given("label_items", c.value, "item", c.text) for c, _ in lines],
                      "label_price": [Given("label_price", p.value, unit, p.text) for _, p in lines]}
    q.given.update(label_items=q.alternatives["label_items"][0], label_price=q.alternatives["label_price"][0])
    q.asked = ["labelling_cost"]


def _discounted(q: Question) -> None:
    """"The provider offered 10% off that rate: how many hours now?", "20% off the unit price" of labelling, a
    volume discount on cards: outside a rental bill (which applies a discount itself), the discount lowers the
    price the rest is worked out from."""
    off = q.given.get("discount")
    key = next((k for k in ("price_per_gpu_hour", "label_price", "purchase_price") if k in q.given), None)
    if off is None or key is None or (key == "price_per_gpu_hour" and "rental_cost" in q.asked) or \
            not 0 < off.value < 1:
        return
    q.given[key] = _less(q.given[key], q.given.pop("discount"))


def _less(price: Given, share: Given) -> Given:
    """A price less a share of it (a discount, what is sold back at the end), with both numbers as typed."""
    return price.worked_out(price.value * (1 - share.value), f"{price.text} × (1 − {share.text})", price, share)


HOURS_A_DAY = 24


def _per_day_price(q: Question) -> None:
    """"一卡天45美元", "$48 per GPU-day": a price per card-day is that price over a day's hours, shown as worked
    out from the price as typed."""
    price = q.given.get("price_per_gpu_hour")
    typed = re.search(r"\d+(?:\.\d+)?", price.text) if price is not None and not price.parts else None
    if price is None or typed is None or \
            not math.isclose(float(typed.group()) / HOURS_A_DAY, price.value, rel_tol=1e-9):
        return
    day = Given("price_per_gpu_day", float(typed.group()), f"{price.unit.split('/')[0]}/GPU-day", price.text)
    q.given["price_per_gpu_hour"] = price.worked_out(price.value, f"{price.text} ÷ {HOURS_A_DAY}", day,
                                                     Given("hours_per_day", HOURS_A_DAY, "hour", str(HOURS_A_DAY)))
