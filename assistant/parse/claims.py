"""What a question says about published figures, named runs and rules: quoted claims, estimates, left-out parts."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from assistant.entities import Mention as Named
from assistant.entities import member_of_size, sibling
from assistant.parse.asked import _asked
from assistant.parse.lexicon import ACCELERATOR, Lexicon, _phrases, _unspaced, lexicon, prepared, words_in
from assistant.parse.mentions import Mention
from assistant.question import (
    CURRENCIES,
    Given,
    Question,
    same_dimension,
)
from assistant.textnorm import prepare
from knowledge.schema import Figure
from knowledge.vocabulary import Vocabulary, Words, vocabulary
from tools.cost import DAYS_PER_YEAR
from tools.registry import CALCULATORS


def _left_out(text: str, v: Vocabulary) -> frozenset[str]:
    """The parts a cost leaves out: "servers", "networking" of a purchase ("ignoring networking and servers",
    "服务器和网络另计", "just the GPUs"), "pue" of an energy figure ("ignore PUE", "唔计PUE")."""
    words = v.left_out
    text = _phrases(tuple(words["unsure"].all())).sub(" ", text)
    parts = ("servers", "networking", "pue")
    it_load = {"pue"} if _phrases(tuple(words["it_load"].all())).search(text) else set()
    spans = [re.split(r"[.;?!()。；？！（）]", text[m.end():m.end() + 40])[0]
             for m in _phrases(tuple(words["without"].all())).finditer(text)]
    spans += [re.split(r"[.;?!()。；？！（），,]", text[max(0, m.start() - 24):m.start()])[-1]
              for m in _phrases(tuple(words["after"].all())).finditer(text)]
    named = frozenset(p for p in parts if any(_phrases(tuple(words[p].all())).search(s) for s in spans)) | it_load
    if _phrases(tuple(words["alone"].all())).search(text):  # the chips alone keep their PUE unless their TDP is,
        return frozenset(parts[:2]) | named  # or it is set aside too ("gpu only, no pue")
    return named


def _published_terms(q: Question, text: str, lex: Lexicon) -> list[str]:
    """Glossary terms the question names that the named run publishes a figure for (its MFU, its PUE); a cost
    concept named ("攤銷算法和雲端租用算法") is a cost, answered with the run's every published cost."""
    from knowledge.loader import default_knowledge

    figures = default_knowledge().cases[q.runs[0]].figures
    v = lex.vocab
    return [t.id for t in v.glossary if t.id in v.by_id and (v.by_id[t.id].run_metric or "") in figures
            and not same_dimension(v.by_id[t.id].dimension, "money") and words_in(text, t.terms.all())]


def _named_figures(text: str, lex: Lexicon) -> list[str]:
    """Quantities a run publishes whose unit noun the question names, with no number of its own."""
    out: list[str] = []
    taken = [False] * len(text)
    flat = _unspaced(text)  # a form is in the text as written only if it is in it with no seam spaces
    for form, unit in lex.units:
        if form not in flat:
            continue
        for m in _phrases((form,)).finditer(text):
            if any(taken[m.start():m.end()]) or re.search(r"\d\s?$", text[:m.start()]) or len(form) < 2:
                continue
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
            dimension = unit.dimension
            if dimension == "duration" and text[:m.start()].rstrip(" -").endswith(ACCELERATOR):
                dimension = "gpu_time"  # "how many H800 hours": accelerator-hours, not days
            plain = next((q for q in lex.vocab.quantities if q.dimension == dimension and q.run_metric), None)
            if plain is not None and plain.id not in out:
                out.append(plain.id)
    return out


def _regions(text: str, v: Vocabulary) -> list[str]:
    """Grid regions in the order the question names them ("in France versus the average US grid")."""
    at: list[tuple[int, str]] = []
    for code, words in v.regions.items():
        found = [m.start() for m in _phrases(tuple(words.all())).finditer(text)]
        if found:
            at.append((min(found), code))
    return [code for _, code in sorted(at)]


def _unlisted_grid(text: str, v: Vocabulary) -> tuple[str, str] | None:
    """"用台湾电网": a place whose grid is not on file, so the answer can say what stood in for it."""
    for name, words in v.grids_not_on_file.items():
        found = _phrases(tuple(words.all())).search(text)
        if found:
            return name, found.group(0)
    return None


def _chinchilla_rule(q: Question, named: bool) -> None:
    """"Chinchilla-optimal", "按Chinchilla最优配比", "预算1e24 FLOP照Chinchilla，参数量设多少": the scaling rule,
    not the Chinchilla run's own figures."""
    run = any(r.startswith("chinchilla") for r in q.runs)
    named = named or "tokens_per_param" in q.given  # "at 15 tokens per parameter, how many tokens…"
    if not (named or (run and q.given.keys() & {"flop", "budget", "params", "tokens"})):
        return
    if run:
        q.runs = [r for r in q.runs if not r.startswith("chinchilla")]
        q.scope = "general" if q.scope == "published" else q.scope
    if "optimal_multiple" in q.asked:
        return  # "1.4T tokens for a 72B model: how many times Chinchilla-optimal?": the rule, already asked
    rule_data = {"tokens", "optimal_tokens", "optimal_params", "params", "tokens_per_param"}
    # ("15亿参数，token按每参数20个，A100每卡时9块，大概花多少钱": the bill its price makes is asked)
    priced = "price_per_gpu_hour" in q.given and not set(q.asked) - rule_data and \
        words_in(q.prepared, vocabulary().money_asks.all())
    if "params" in q.given and "tokens" not in q.given and (set(q.asked) - rule_data or priced):
        # "训一个30B的模型按Chinchilla最优，要多少FLOPs", "照最佳 token 數去訓，總 FLOPs": the size's optimal
        # tokens feed what is asked, shown as a step on the way
        q.optimal_data = True
        q.asked = [a for a in q.asked if a not in rule_data] or ["rental_cost"]
        return
    if not run and "tokens" not in q.asked:
        return  # "compute-optimal model size for 1e24 FLOP": the rule's own words ask it already
    # "how many tokens should a 34B model see per Chinchilla": the optimal tokens of that size
    optimal = {"params": "optimal_params", "tokens": "optimal_tokens"}
    asked = [optimal.get(a, a) for a in q.asked]
    size = [] if "params" in q.given else ["optimal_params"]
    q.asked = list(dict.fromkeys([*(a for a in asked if a.startswith("optimal_")), *size, *asked]))


def _sibling_sizes(found: list[Mention], runs: list[str], families: list[Named]) -> tuple[list[Mention], list[str]]:
    """"Llama 2 70B的GPU小时是7B的几倍": a bare size beside one published run names the run of its family of
    that size; "Llama 3.2 的1B和3B" names the family's runs of those sizes."""
    bare = [m for m in found if m.dimension is None and m.magnitude]
    if len(families) == 1 and bare and runs == list(families[0].members):
        sized = {id(m): member_of_size(families[0].members, m.value) for m in bare}
        if any(sized.values()):
            return [m for m in found if not sized.get(id(m))], list(dict.fromkeys(r for r in sized.values() if r))
        # "《The Llama 3 Herd of Models》里最大的405B": a later version of the family has that size
        wider = {id(m): _named_of_size(families[0].text, m.value) for m in bare}
        if any(wider.values()):
            return [m for m in found if not wider.get(id(m))], list(dict.fromkeys(r for r in wider.values() if r))
    if len(runs) != 1:
        return found, runs
    named = {id(m): sibling(runs[0], m.value) for m in found if m.dimension is None and m.magnitude}
    return [m for m in found if not named.get(id(m))], [*runs, *(r for r in named.values() if r)]


def _named_of_size(name: str, params: float, maker: bool = False) -> str | None:
    """The one run on file whose name begins with ``name`` ("llama 3" for Llama 3.1 405B), or whose maker it is
    (``maker``: "meta" for Meta's runs), with about this many parameters; None unless exactly one has."""
    from knowledge.loader import default_knowledge

    def named(c: Any) -> bool:
        if maker:
            return re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", prepare(c.organization or "")) is not None
        return prepare(c.name).startswith(name)

    fits = [c.id for c in default_knowledge().cases.values() if named(c) and (size := c.figures.get("params_total"))
            is not None and size.central is not None and abs(size.central - params) <= 0.02 * params]
    return fits[0] if len(fits) == 1 else None


def _terms_aside(text: str) -> str:
    """``text`` without the glossary's terms that hold a supposing word ("按市场口径" is market-based accounting,
    where "按40%算" supposes a figure)."""
    return _phrases(_supposing_terms()).sub(" ", text)


@lru_cache(maxsize=1)
def _supposing_terms() -> tuple[str, ...]:
    v = vocabulary()
    supposing = prepared(tuple(v.supposing.zh))
    terms = [w for t in v.glossary for w in t.terms.all()]
    return tuple(w for w in terms if any(s in prepare(w) and s != prepare(w) for s in supposing))


def _yes_no(prepared: str, words: Words) -> bool:
    """A question answered yes or no: an English one opens a clause with an auxiliary ("…a lot. Does the article
    think…") or ends in "or not" ("the resellers sell at that price or not?"), a Chinese one carries its particle
    anywhere ("冷却要不要算进去?")."""
    opening = "|".join(re.escape(w) for w in sorted(words.en, key=len, reverse=True))
    return bool(re.search(rf"(?:^|[.?!;:,]\s*|\b(?:so|but|and|ok|okay|well|honestly|seriously)\s+)(?:{opening})\b",
                          prepared) or re.search(r"\bor not\s*[?.!]*\s*$", prepared)) or \
        any(w in prepared for w in words.zh)


def _estimated(text: str, lex: Lexicon) -> list[str]:
    """"預估一下MFU：訓練算力…", "预估卡数：…": a quantity named right after a word that asks for an estimate."""
    verbs = _phrases(tuple(lex.vocab.estimate_words.all()))
    out = []
    for m in verbs.finditer(text):
        after = text[m.end():m.end() + 12]
        # the thing estimated is named before the colon that lists the inputs ("预估卡数：…", not "算一下：…集群")
        near = [(w.start(), q.id) for q in lex.vocab.quantities if q.answer and q.id in lex.give_re
                if (w := lex.give_re[q.id].search(after)) is not None and w.start() <= 3
                and re.match(r"\s*(?:[:：,，?？]|$)", after[w.end():])]
        out += [qid for _, qid in sorted(near)[:1]]
    return out


def _asked_before(text: str, asked: list[str], v: Vocabulary) -> bool:
    """"ok and the emissions if the grid is 0.55 kg per kWh?": a quantity asked before the supposition is asked,
    where "按5年直线折旧算呢?" only supposes."""
    cut = _phrases(tuple(v.supposing.all())).search(f" {text} ")
    head = f" {text} "[:cut.start()] if cut is not None else ""
    return any(_phrases(tuple(v.by_id[a].asks.all())).search(head) for a in asked)


# What a user works out from the rest (never a model size or data, which are what they start from), last step first
RESULTS = ("rental_cost", "amortised_cost", "electricity_cost", "emissions", "energy_kwh", "days", "gpus",
           "gpu_hours", "flop", "model_memory", "mfu")


def _own_result_checked(q: Question) -> None:
    """"13B on 1.3e12 tokens: I got 3.38e22 FLOPs, TA marked it wrong": a result the user worked out, which the
    other numbers given make, is what is asked; it is worked out again, not used as an input. So is a figure the
    user asks about whether it is enough ("1,536 H800s for 40 days… is 40 days enough? how many days?")."""
    v = lexicon().vocab
    mine = words_in(q.prepared, v.check_mine.all())
    enough = not mine and words_in(q.prepared, v.budget_checks.all())
    if not (mine or enough):
        return
    named = set(_asked(q.prepared, [], (), lexicon())) if enough else set(RESULTS)
    for key in [k for k in RESULTS if k in q.given and k in named]:
        rest = set(q.given) - {key} | ({"gpu"} if q.accelerators else set())
        if any(c.output == key and any(set(n) <= rest for n in c.needs) for c in CALCULATORS.values()):
            q.checked = q.given.pop(key)
            q.asked = [key]
            return


def _household_claim_checked(q: Question) -> None:
    """"The article says GPT-3's electricity equals one US household for three years: does that hold up?": the
    household-years quoted are the claim, worked out again from the run's energy, not a span of time given."""
    if "household_years" not in q.asked or not (q.yes_no or words_in(q.prepared, lexicon().vocab.agreement.all())):
        return
    spans = [k for k, g in q.given.items() if g.unit == "year" or (k == "days" and re.search(r"years?|年", g.text))]
    if len(spans) > 1:  # "按美国家庭一年大概一万度电来算": the one year a household's use is counted in is no claim
        for k in [k for k in spans if q.given[k].value == 1]:
            del q.given[k]
        spans = [k for k in spans if k in q.given]
    energy = q.given.get("energy_kwh")
    if q.runs and energy is not None and 2e3 <= energy.value <= 3e4 and "household_kwh" not in q.given:
        # "…按美国家庭一年大概一万度电来算": beside a run whose energy is on file, a household's yearly use
        q.given["household_kwh"] = replace(q.given.pop("energy_kwh"), quantity="household_kwh", unit="kWh/year")
    # ("3 years of one US home's use": the years the asking words hold, left unread)
    unread = [m for t in q.unread if (m := re.fullmatch(r"(\d+(?:\.\d+)?)\s?(?:years?|年)", t))]
    if len(spans) == 1:
        quoted = q.given.pop(spans[0])
        if spans[0] == "days":  # "for three years", read as a span of days
            quoted = replace(quoted, value=quoted.value / DAYS_PER_YEAR)
    elif not spans and len(unread) == 1:
        quoted = Given("household_years", float(unread[0].group(1)), "year", unread[0].group(0))
        q.unread.remove(unread[0].group(0))
    else:
        return
    q.checked = replace(quoted, quantity="household_years", unit="household-year")
    q.asked = ["household_years"]


def _rule_checked(q: Question) -> None:
    """"Meta quotes 3.8e25 FLOPs for Llama 3.1 405B. Does 6ND with 15.6T tokens line up?": the rule worked from the
    run's size and data, set beside the figure quoted; not the published figure looked up again."""
    if not (q.runs and "flop" in q.given and re.search(r"c equals snd", q.prepared) and
            words_in(q.prepared, lexicon().vocab.agreement.all())):
        return
    q.checked, q.asked = q.given.pop("flop"), ["flop"]


def _claim_checked(q: Question) -> None:
    """"Is an H100 really $30k?", "Did Llama 3 use more than 10k GPUs?": a figure put to a yes-or-no question about
    a run or a chip is the claim to check against the figure on file, not an input to a calculation."""
    sourced = words_in(q.prepared, lexicon().vocab.provenance_asked.all())  # "这个数字是哪里来的?"
    # "用了幾多張 GPU？有文章話近 3 萬張": a figure someone reported, beside the same figure asked, is a claim
    reported = words_in(q.prepared, lexicon().vocab.hearsay.all())
    if not ((q.yes_no or sourced or reported) and q.given) or q.supposes or not set(q.asked) <= set(q.given):
        return
    company = not (q.runs or q.accelerators) and _names_company(q.prepared)  # "Meta今年的资本开支会超过300亿美元吗"
    if not (q.runs or q.accelerators or company):
        return
    by_id = lexicon().vocab.by_id
    checked = []
    for key in q.given:
        if key == "amount" and company:
            q.cost = True  # what the sources say the company spent or paid
        elif key == "amount" and q.runs:
            q.cost = True  # each published cost concept of the run, rental first
            checked.append("rental_cost")
        elif key == "amount":
            checked.append("price_per_gpu_hour" if q.hourly else "purchase_price")
        elif key == "multiplier" and len(q.accelerators) >= 2:
            checked.append("multiple")  # "B200比H100快2倍吗?": how many times the one's peak the other's is
        elif key in by_id and (by_id[key].run_metric if q.runs else by_id[key].spec):
            checked.append(key)
        else:
            return
    q.asked, q.given = checked, {}


def _names_company(prepared: str) -> bool:
    """Does the question name a company or person the sources' cards are about ("Meta", "扎克伯格")?"""
    from assistant.topics import names_subject
    from knowledge.loader import default_knowledge

    return any(names_subject(prepared, c.subject) for c in default_knowledge().facts.values()
               if c.subject in lexicon().vocab.subject_names)


def _supposes(prepared: str, lex: Lexicon) -> bool:
    """Does the question suppose another run ("换成H800", "if we used 4096 GPUs")? "换成token数", "换成美元"
    convert into a unit: no other run."""
    units = _phrases(tuple(form for form, _ in lex.units))

    def into_unit(after: str) -> bool:  # "token数", "美元"; not "h100"
        unit = units.match(after)
        return unit is not None and not after[unit.end():unit.end() + 1].isdigit()

    return any(not into_unit(prepared[m.end():].lstrip())
               for m in _phrases(tuple(lex.vocab.hypothetical.all())).finditer(prepared))


def _made_by(prepared: str) -> list[str]:
    """The runs on file whose maker the question names by the first word of their name ("DeepSeek's …")."""
    from knowledge.loader import default_knowledge

    cases = default_knowledge().cases.values()
    makers = {c.id: re.split(r"[\s\-_]+", prepare(c.name))[0] for c in cases}
    return [run for run, maker in makers.items() if len(maker) >= 3 and re.search(
        rf"(?<![a-z0-9]){re.escape(maker)}(?![a-z0-9])", prepared)]


# a run's sizes, schedule and energy settings a user restates to calculate with ("…its A100-hours at 400 W, PUE 1.1,
# 0.385 kg/kWh"), not its costs, which are what is asked about
RESTATED_INPUTS = ("params", "active_params", "tokens", "flop", "gpus", "gpu_hours", "days", "pue", "grid_intensity",
                   "power_w", "mfu", "price_per_gpu_hour")


def _not_quoting(given: dict[str, Given], runs: list[str]) -> dict[str, Given]:
    """Numbers that repeat a named run's published figure ("DeepSeek-V3's $5.576M") quote it; they are not inputs."""
    from knowledge.loader import default_knowledge

    kb = default_knowledge()
    # a zero is quoted too ("why is Llama 3.1's market-based carbon zero?")
    figures = [f for r in runs if r in kb.cases for f in kb.cases[r].figures.values() if f.central is not None]

    def quotes(g: Given, f: Figure) -> bool:  # a round number quotes loosely ("sixty-odd million" for $63M)
        if g.unit != f.unit and g.unit.split("/")[0] not in CURRENCIES and g.value != 0:
            return False  # "at 40% MFU" quotes no grid intensity of 0.429 (a zero quotes a zero, in any unit)
        loose = float(f"{g.value:.1g}") == g.value
        return abs(g.value - f.central) <= (0.1 if loose else 0.03) * abs(f.central)

    def own_choice(key: str, g: Given) -> bool:
        # "2.664M H800-hours of pretraining" beside a run that publishes 2.788M GPU-hours in all: the user picks
        # another of its figures for this input, and that is the input
        metric = vocabulary().by_id[key].run_metric
        mine = [kb.cases[r].figures[metric] for r in runs if r in kb.cases and metric in kb.cases[r].figures]
        return bool(mine) and all(f.central is not None and not quotes(g, f) for f in mine)

    return {k: g for k, g in given.items() if own_choice(k, g) or not any(quotes(g, f) for f in figures)}
