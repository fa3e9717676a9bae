"""Servers and nodes: machines counted whole, the cards in each, a server's price, power or rate over its cards."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.parse.lexicon import ACCELERATOR, Lexicon, _alternation, _phrases, prepared, words_in
from assistant.parse.mentions import Mention
from assistant.question import (
    CURRENCIES,
    Given,
    Question,
)
from knowledge.loader import default_knowledge

PER_ACCELERATOR_BEFORE_RE = re.compile(r"(?:每|一|单|(?<![\d.])1)(?:张卡|块卡|张|块|卡|颗)\s*(?:gpu|显卡|卡)?\s*"
                                       r"(?:摊下来|摊到|算下来|平均下来|平均|折合)?\s*"
                                       r"(?:(?:每|一)个?(?:小时|钟头|钟))?\s*(?:约|大约|是|为|按|报价|售价|要价|卖|价格|单价|买进|买入)*\s*"
                                       r"(?:us)?\$?\s*$|"
                                       r"(?:per|each|a)\s*(?:gpu|card|chip)\s*$|"
                                       r"(?:gpus|cards|chips|accelerators)\s(?:at|@|drawing|each at)\s*$|"
                                       r"(?:每|一|单|(?<![\d.])1)(?:个)?(?:卡时|卡小时|gpu\s?小时|gpu-?hours?)\s*"
                                       r"(?:约|大约|是|为|按|报价|要价|价格|单价|收)*\s*(?:us)?\$?\s*$")


# "一台 8 卡 H100 伺服器滿載 10.2 kW", "a single 8-GPU server": the one machine is all that runs
ONE_MACHINE_RE = re.compile(r"(?<![\d.])1\s?(?:台|部)|(?:one|a single)\s(?:\d+[- ]?(?:gpus?|cards?)\s)?(?:[hdm]gx\s)?"
                            r"(?:server|node|machine|box)")
CARDS_COUNT_RE = re.compile(r"(\d+)\s?(?:gpus?|cards?|accelerators?|[张块颗]卡?|卡)")
PER_ACCELERATOR_RE = re.compile(r"\s*(?:(?:per|/|an?|each)\s*(?:gpu|card|chip|accelerator)|每(?:张|块|卡|颗)|"
                                r"一?个?卡时)")


def _per_node(q: Question, masked: str, lex: Lexicon) -> None:
    """"10.2 kW per node with 8 GPUs per node": a node's power over its accelerators is the power per accelerator,
    and the 8 is the node's size, not the cluster's. "一台8卡服务器27万美元": the server's price over its cards is
    the price per card, and the 8 cards are what was bought."""
    count = q.given.get("gpus")
    nodes = _phrases(tuple(lex.vocab.node_words.all()))
    if count is None or count.value > 16 or not nodes.search(masked):
        return
    said = re.search(rf"(?<![\d.]){re.escape(count.text)}(?![\d.])", masked)  # "8x H100 node", not the 8 of "89"
    at = said.start() if said else -1
    after = masked[at + len(count.text):].lstrip(" 台个部")
    servers = (nodes.match(after) and not re.search(r"gpu|card|卡", count.text)) or \
        (count.value > 1 and re.search(r"[台部]$", count.text))  # "租 4 台 8 卡 H200": four machines
    if at < 0 or not nodes.search(masked[max(0, at - 16):at + len(count.text) + 20]) or servers:
        return  # "16 servers with 8 H100s each": a count of servers, not the cards in one
    # a sum asked per GPU-hour ("an 8-GPU server costs $270k: per GPU-hour?") is the server's price too
    # "an 8x H100 node at $23.92/hour": the node's rate per hour, over its cards
    rate = q.given.get("price_per_gpu_hour")
    node_rate = ("price_per_gpu_hour",) if rate is not None and not re.search(r"gpu|card|卡|张|chip", rate.text) else ()
    amount = q.given.get("amount")
    # "一台8卡H100服务器27万美金": a sum right after the machine is its price
    priced = amount is not None and re.search(
        rf"(?:{nodes.pattern})\s?(?:要|卖|售价|价格|报价|为|是|约)?\s?(?:us)?\$?$",
        masked[:max(0, masked.find(amount.text))])
    for key in ("power_w", "purchase_price", *node_rate,
                *(("amount",) if (q.hourly or priced) and "purchase_price" not in q.given else ())):
        figure = q.given.get(key)
        where = masked.find(figure.text) if figure is not None else -1
        if figure is None or (where >= 0 and (PER_ACCELERATOR_RE.match(masked, where + len(figure.text))
                                              or PER_ACCELERATOR_BEFORE_RE.search(masked[max(0, where - 12):where]))):
            continue  # "8 H100 per node, 700 W per GPU", "每张3万美元", "攤到每張 GPU 約": already each accelerator's
        if key == "price_per_gpu_hour":  # the count only divides the node's rate, which the calculator shows
            q.given.pop("gpus", None)  # (a node's power read before may have taken the count already)
            del q.given[key]
            q.given["node_rate"] = replace(figure, quantity="node_rate", unit=figure.unit.split("/")[0] + "/hour")
            q.given["node_gpus"] = replace(count, quantity="node_gpus")
            work = q.given.keys() & {"gpu_hours", "days", "params", "flop", "budget"}
            q.asked = [] if work else ["price_per_gpu_hour"]  # "…per GPU-hour?": the node's rate over its cards
            continue
        if key == "amount":
            del q.given[key]
            key, figure = "purchase_price", replace(figure, quantity="purchase_price")
        if key != "power_w" and q.hourly:
            q.given.pop("gpus", None)  # the count only divides the price: a rate per GPU-hour is the same for many
        whole = replace(figure, quantity="node_power" if key == "power_w" else "node_price")  # the machine's own
        q.given[key] = figure.worked_out(figure.value / count.value, f"{figure.text} ÷ {count.text}", whole,
                                         replace(count, quantity="node_gpus"))
        if key == "power_w" and not ONE_MACHINE_RE.search(masked):
            q.given.pop("gpus", None)  # "10.2 kW per node" of a cluster counted elsewhere; "一台…" keeps its cards
        else:  # the server's price is all that was bought: nothing is added for servers or networking
            q.left_out = q.left_out | {"servers", "networking"}
            _cards_wanted(q, count)


def _cards_wanted(q: Question, node: Given) -> None:
    """"$270,480 per 8-GPU box. we want 1,024 GPUs total": the cards bought are the larger count, not one box's."""
    counts = [(t, float(m.group(1))) for t in q.unread if (m := CARDS_COUNT_RE.fullmatch(t))]
    wanted = next(((t, n) for t, n in counts if n > node.value), None)
    if wanted is not None:
        q.given["gpus"] = Given("gpus", wanted[1], "GPU", wanted[0])
        q.unread = [t for t in q.unread if t != wanted[0]]


# "8卡H100伺服器", "an 8-GPU HGX box": the cards before the machine, a chip or a make between
CARDS_OF_NODE = rf"^\s*(?:[x×]\s?)?(?:卡|张|块|-?gpus?|-?cards?)?的?\s*{ACCELERATOR}*\s*(?:(?:hgx|dgx|mgx)\s?)?"


CARD_MACHINE_RE = re.compile(r"\s?机(?!房)")  # "8卡机": the machine named by its cards, 卡 and 机 as one word

# "64 HGX H100 servers": a make between the count and machines counted in the plural ("an 8x H100 node" counts cards)
MAKE_RE = re.compile(rf"^\s*(?:(?:hgx|dgx|mgx)\s*)?{ACCELERATOR}*\s*(?:nvl\d+\s*)?"
                     rf"(?=servers|nodes|machines|boxes|pods|superpods|racks|机柜)")
# "GB200 NVL72": a rack-scale system named by the accelerators in one rack
NVL_RE = re.compile(r"nvl\s?(\d{2,3})(?!\d)")


def _nodes_of(q: Question, found: list[Mention], masked: str, lex: Lexicon) -> None:
    """"64台服务器，每台8张H100", "32 servers with 8 H100s each": the cluster's accelerators are the servers
    times the accelerators in each."""
    words = _phrases(tuple(lex.vocab.node_words.all()))
    counts = [m for m in found if m.dimension in (None, "gpus") and not m.magnitude and float(m.value).is_integer()]
    # "要买64台": machines counted by 台, in a question about servers
    machines = words.search(masked) is not None
    # "an 8-GPU server", "8卡服务器": cards named right before the machine are what each holds, not machines
    node = next((m for m in counts if m.value > 1 and not re.search(r"(?:gpus?|cards?|卡)$", m.text) and (
        words.match(MAKE_RE.sub("", masked[m.end:m.end + 24].lstrip(" 台个部")))
        or (machines and m.text.endswith("台")))), None)
    each = next((m for m in counts if m is not node and 1 < m.value <= 16 and (
        words.search(masked[max(0, m.start - 12):m.start])
        or re.search(r"each|per (node|server|machine|box|rack)|每台|一台|每柜", masked[m.end:m.end + 24])
        # "8卡H100伺服器": the cards of one server, named before it; "96台8卡机": a machine of 8 cards
        or words.match(re.sub(CARDS_OF_NODE, "", masked[m.end:m.end + 24]))
        or (m.text.endswith("卡") and CARD_MACHINE_RE.match(masked, m.end)))), None)
    nvl = NVL_RE.search(q.prepared)
    if node is not None and each is None and nvl is not None:  # "16 NVL72 racks": 72 accelerators in each
        each = next((m for m in counts if m.value == float(nvl.group(1))), None) or \
            Mention(nvl.start(1), nvl.end(1), float(nvl.group(1)), nvl.group(0), "gpus", False)
    for m in counts if node is None else ():  # "64台8卡H100服务器", "64 8-GPU H100 servers": the size inside
        after = masked[m.end:m.end + 30]
        inner = re.match(rf"[ 台个部]*(\d+)\s*(?:卡|张|块|-?gpus?|-?cards?)的?\s*{ACCELERATOR}*\s*", after)
        # ("手头就4台8卡A800": machines counted by 台, each with its cards, need no word for the machine)
        counted = m.text.endswith("台") or re.match(r"\s?台", after) is not None
        if inner and m.value > 1 and (words.match(masked[m.end + inner.end():]) or counted):
            node = m
            each = next((n for n in counts if n.start == m.end + inner.start(1)), None)
            break
    inside = next((m for m in counts if node is not None and m.start > node.end and m.value > node.value and
                   re.fullmatch(r"\s*[a-z\u4e00-\u9fff]{0,8}\s*[(（]\s*", masked[node.end:m.start])), None)
    if inside is not None:  # "256 nodes (2048 H100s)": the machines, and the cards in them said in brackets
        for key in [k for k, g in q.given.items() if g.text in (node.text, inside.text)]:
            del q.given[key]
        q.given["gpus"] = Given("gpus", inside.value, "GPU", inside.text)
        q.unread = [t for t in q.unread if t not in (node.text, inside.text)]
        return
    if node is not None and each is None and not q.accelerators and \
            ("gpus" not in q.given or q.given["gpus"].text == node.text):
        # "买 12 台伺服器", "20 servers at $300k each": machines counted whole, with no cards said to be in them
        for key in [k for k, g in q.given.items() if g.text == node.text]:
            del q.given[key]
        q.given["gpus"] = Given("gpus", node.value, "GPU", node.text)
        q.machines = True
        return
    if node is not None and each is None and q.accelerators and "gpus" in q.given and \
            q.given["gpus"].text == node.text:
        # "two TPU v4 pods", "4 H100 nodes": machines of a chip, with no count of the chips in each, count no chips
        del q.given["gpus"]
        q.unread = [*q.unread, node.text]
        q.nodes_only = True
        return
    if node is None and each is not None and "gpus" in q.given and q.given["gpus"].text != each.text:
        _machine_priced(q, each, masked)  # "2,304 GPUs; HGX boxes (8 GPUs each) at $289k per box"
        return
    if node is None or each is None or ("gpus" in q.given and q.given["gpus"].text not in (node.text, each.text)):
        return
    for key in [k for k, g in q.given.items() if g.text in (node.text, each.text) and k != "node_gpus"]:
        del q.given[key]  # "32 servers" is no count of GPU-hours (the cards a node's rate is shared by stay)
    q.given["gpus"] = Given("gpus", node.value * each.value, "GPU", f"{node.text} × {each.text}",
                            parts=(Given("nodes", node.value, "machine", node.text),
                                   Given("node_gpus", each.value, "GPU", each.text)))
    q.unread = [t for t in q.unread if t not in (node.text, each.text)]
    _machine_priced(q, each, masked)  # "¥1.1 million per 8-card H20 server, 20 servers"
    rate = q.given.get("price_per_gpu_hour")
    at = masked.find(rate.text) if rate is not None else -1
    if rate is not None and at >= 0 and (PER_MACHINE_RE.search(masked[max(0, at - 24):at])
                                         or NODE_HOURS_RE.search(rate.text)):
        # "32台8卡的机器，每台每小时19.6美元": a machine's hourly rate, over the cards in it
        machine = replace(rate, quantity="node_rate", unit=f"{rate.unit.split('/')[0]}/hour")
        q.given["price_per_gpu_hour"] = rate.worked_out(rate.value / each.value, f"{rate.text} ÷ {each.text}",
                                                        machine, Given("node_gpus", each.value, "GPU", each.text))


def _machine_priced(q: Question, each: Mention, masked: str) -> None:
    """A machine's price beside the cards each machine holds: each card's share of it."""
    paid = next((k for k in ("amount", "purchase_price") if k in q.given), None)
    price = q.given[paid] if paid else None
    at = masked.find(price.text) if price is not None else -1
    end = at + len(price.text) if price is not None else -1
    if price is None or at < 0 or PER_ACCELERATOR_RE.match(masked, end) or not (
            PER_MACHINE_RE.search(masked[max(0, at - 24):at]) or PER_MACHINE_AFTER_RE.match(masked, end)):
        return
    del q.given[paid]
    q.given["purchase_price"] = price.worked_out(price.value / each.value, f"{price.text} ÷ {each.text}",
                                                 replace(price, quantity="node_price"),
                                                 Given("node_gpus", each.value, "GPU", each.text))
    q.unread = [t for t in q.unread if t != each.text]
    q.left_out = q.left_out | {"servers", "networking"}


PER_MACHINE_AFTER_RE = re.compile(r"\s?(?:per|each|a|/)\s?(?:\d+\s?-?\s?(?:gpu|card|卡)s?\s?)?(?:[a-z§][a-z0-9§-]*\s)?"
                                  r"(?:node|server|machine|box)s?(?![a-z])|\s?(?:每台|一台)")
PER_MACHINE_RE = re.compile(r"(?:每台|每部|一台|(?:per|each|a) (?:node|server|machine|box|instance))"
                            r"[^,，。;；\d]{0,10}$")


SITE_POWER_W = 1e5  # no one accelerator draws 100 kW: a power that large is a site's or a whole cluster's
CARD_POWER_MAX_W = 5e3  # nor 5 kW: that is a machine of several


def _site_power(q: Question) -> None:
    """"The hall averages 1.1 MW over a 35-day run", "机房 IT 负载 1.8 MW": the draw of a whole site, with no count
    of accelerators; "64 台节点，每台满载 10.2 kW": the nodes' draw together."""
    site = q.given.get("site_power")
    at = q.prepared.find(site.text) if site is not None else -1
    if site is not None and "power_w" not in q.given and site.value <= CARD_POWER_MAX_W and at >= 0 and \
            PER_ACCELERATOR_RE.match(q.prepared, at + len(site.text)):
        q.given["power_w"] = replace(q.given.pop("site_power"), quantity="power_w")  # "capped at 550 W per card"
    power = q.given.get("power_w")
    if power is None or q.given.keys() & {"gpu_hours", "node_gpus"}:
        return
    count = q.given.get("gpus")
    if power.value > CARD_POWER_MAX_W:  # more than any one card draws: a whole machine's ("each NODE ~10.2 kW")
        nodes = next((p for p in count.parts if p.quantity == "nodes"), None) if count is not None else \
            next((Given("nodes", float(m.group(1)), "machine", t) for t in q.unread
                  if (m := re.fullmatch(r"(\d+)\s?(?:台|部|nodes?|servers?|machines?|boxes)", t))), None)
        if nodes is not None:  # "96 nodes of 8x H100", "我們有 32 台": the machines' draw together
            q.given.pop("gpus", None)
            q.unread = [t for t in q.unread if t != nodes.text]
            q.given["site_power"] = power.worked_out(power.value * nodes.value, f"{nodes.text} × {power.text}",
                                                     nodes, quantity="site_power")
            del q.given["power_w"]
            return
    machines = count is not None and (MACHINES_RE.search(count.text) or re.search(  # "we run 64 nodes"
        rf"(?<![\d.]){re.escape(count.text)}\s?(?:dgx\s)?(?:nodes?|servers?|machines?|boxes)(?![a-z])", q.prepared))
    if machines and power.value >= 1e3 and not q.accelerators:
        del q.given["gpus"], q.given["power_w"]  # whole machines, each at that draw
        q.given["site_power"] = replace(power, quantity="site_power", value=power.value * count.value,
                                        text=f"{count.text} × {power.text}")
    elif (count is None or count.value == 1) and power.value < SITE_POWER_W and (site := _site_said(q)) is not None:
        q.given["site_power"] = site  # "each card pulls 800 W; the site is capped at 2 MW": the cards' and the site's
        q.given.pop("gpus", None)
    elif (count is None or count.value == 1) and power.value >= SITE_POWER_W:
        q.given["site_power"] = replace(q.given.pop("power_w"), quantity="site_power")
        if count is not None:
            del q.given["gpus"]  # "H100 一張 700W": the one of "each", beside a site's power
        each = next(((t, m) for t in q.unread if (m := CARD_POWER_RE.fullmatch(t))), None)
        if each is not None:  # "上限 2 MW … H100 一張 700W": the cards' own draw, left unread beside it
            watts = float(each[1].group(1)) * (1000 if each[1].group(2) in KILO else 1)
            q.given["power_w"] = Given("power_w", watts, "W", each[0])
            q.unread = [t for t in q.unread if t != each[0]]


KILO = ("kw", "千瓦", "kilowatt", "kilowatts")


def _site_said(q: Question) -> Given | None:
    """A site's power left unread beside a card's ("800 W per card … capped at 2 MW")."""
    for text in q.unread:
        m = SITE_POWER_RE.fullmatch(text)
        watts = float(m.group(1)) * (1e6 if m.group(2) in ("mw", "兆瓦", "megawatt", "megawatts") else 1e3) if m else 0
        if watts >= SITE_POWER_W:
            q.unread = [t for t in q.unread if t != text]
            return Given("site_power", watts, "W", text)
    return None


CARD_POWER_RE = re.compile(r"(\d+(?:\.\d+)?)\s?(kilowatts?|kw|千瓦|watts?|w|瓦特|瓦)")
SITE_POWER_RE = re.compile(r"(\d+(?:\.\d+)?)\s?(megawatts?|mw|兆瓦|kilowatts?|kw|千瓦)")


MACHINES_RE = re.compile(r"(?:台|部|nodes?|servers?|machines?|boxes)$")


def _rented_nodes(q: Question) -> None:
    """"一部8卡伺服器每個鐘HK$180，租2個星期", "8x H100 node @ $98/hr, 21 days": a node rented by the hour is a
    cluster of its cards; "node 加到 4 台": that many nodes of them."""
    rate, each = q.given.get("node_rate"), q.given.get("node_gpus")
    if rate is None or each is None or "gpu_hours" in q.given:
        return
    count = q.given.get("gpus")
    if count is None:
        q.given["gpus"] = replace(each, quantity="gpus", text=f"1 × {each.text}")
    elif MACHINES_RE.search(count.text) and count.text != each.text:
        q.given["gpus"] = count.worked_out(count.value * each.value, f"{count.text} × {each.text}",
                                           replace(count, quantity="nodes", unit="machine"),
                                           replace(each, quantity="node_gpus"))


NODE_HOURS_RE = re.compile(r"node[- ]?h(?:ou)?rs?|节点小?时")


def _node_hours(q: Question) -> None:
    """"1000 node-hours on 8x H100 nodes", "1000个node-hour，每个节点8张": a node's hours are its cards' hours, so
    the GPU-hours are the node-hours times the cards in one node."""
    hours, cards = q.given.get("days"), q.given.get("gpus") or q.given.get("node_gpus")
    if hours is None or cards is None or cards.value > 16 or "gpu_hours" in q.given or \
            not NODE_HOURS_RE.search(hours.text):
        return
    del q.given["days"]
    q.given.pop("gpus", None)  # the cards in one node, not the cluster (a node's own rate still divides by them)
    q.given["gpu_hours"] = Given("gpu_hours", round(hours.value * 24, 6) * cards.value, "GPU-hour",
                                 f"{hours.text} × {cards.text}")


def _per_server(q: Question, masked: str) -> None:
    """"64台8卡服务器，每台25万美元", "32 servers with 8 H100s each at $300k per server", "每台满载10.2kW": a
    server's price or power over its cards is each card's, and nothing is added for servers."""
    count = q.given.get("gpus")
    if count is None or not (" × " in count.text or q.machines) or not re.match(r"[\d.]+", count.text):
        return
    node = float(re.match(r"[\d.]+", count.text).group(0))  # type: ignore[union-attr]
    paid = "purchase_price" if "purchase_price" in q.given else "amount"
    for key in (paid, "power_w"):
        given = q.given.get(key)
        if given is None or node <= 0 or (key != "power_w" and given.unit not in CURRENCIES):
            continue
        where = masked.find(given.text)
        # "20 servers at $300k each": a price of each machine counted
        each_one = q.machines and re.search(r"(?:each|apiece|a piece|per unit)$", given.text)
        if where < 0 or PER_ACCELERATOR_BEFORE_RE.search(masked[max(0, where - 12):where]) or not (
                each_one or re.search(r"每台|一台|每部|1台", masked[max(0, where - 20):where]) or re.match(
                r"\s*(?:per|a|each|/)\s?(?:\d+[- ]?(?:gpus?|cards?)\s)?(?:[hdm]gx\s)?(?:server|node|machine|box)",
                masked[where + len(given.text):])):
            continue
        each = count.value / node
        del q.given[key]
        shared = "power_w" if key == "power_w" else "purchase_price"
        if q.machines:  # "20 servers at $300k each": each machine's price, as the user said it
            q.given[shared] = replace(given, quantity=shared, value=given.value / each)
        else:
            per_node = next((p for p in count.parts if p.quantity == "node_gpus"), None)
            whole = replace(given, quantity="node_power" if shared == "power_w" else "node_price")
            q.given[shared] = given.worked_out(given.value / each, f"{given.text} ÷ {count.text.split(' × ')[1]}",
                                               whole, *((per_node,) if per_node else ()), quantity=shared)
        if shared == "purchase_price":
            q.left_out = q.left_out | {"servers", "networking"}


# "花960万美元买了320张H100", "spent $9.6M on 320 H100s": a sum paid, then the cards it bought
PAID_BEFORE_RE = re.compile(r"(?:花|花了|用了|砸了?|付了|spent|spend|spending|paid|pay|paying)\s?(?:us)?[$¥€]?\s?$")
BOUGHT_BETWEEN_RE = re.compile(r"\s?(?:(?:买|购买|采购|购入|购置|买入|买下|拿下)了?|(?:on|for|to buy|buying)(?: the)?)"
                               r"\s?$")
# "bought 320 H100s for $9.6M", "320张H100总价960万美元": the cards counted, then the sum paid for all of them
TOTAL_AFTER_RE = re.compile(r"(?:for|for a total of|at a total of|totalling|totaling|total of|in all|"
                            r"总价|总共|一共|合计|共花了?|总计|总额|花了|一共花了|总共花了)\s?(?:us)?[$¥€]?\s?$")


def _total_for_cards(q: Question, masked: str) -> None:
    """"花960万美元买了320张H100", "bought 320 H100s for $9.6M": the sum paid for every card counted, of which each
    card's price is its share."""
    price, count = q.given.get("purchase_price"), q.given.get("gpus")
    if price is None or count is None or count.value <= 0 or price.unit not in CURRENCIES or count.parts:
        return
    at, where = masked.find(price.text), masked.find(count.text)
    end = at + len(price.text)
    if at < 0 or where < 0 or PER_ACCELERATOR_RE.match(masked, end) or \
            PER_ACCELERATOR_BEFORE_RE.search(masked[max(0, at - 12):at]) or \
            re.match(r"\s?(?:each|apiece|a piece|per|a (?:gpu|card|chip)|/)", masked[end:]) or \
            re.search(r"(?:each|apiece|a piece|per unit|/\S*)$", price.text):
        return
    if at < where:
        paid_for = PAID_BEFORE_RE.search(masked[max(0, at - 10):at]) and BOUGHT_BETWEEN_RE.fullmatch(
            masked[end:where])
    else:
        paid_for = TOTAL_AFTER_RE.search(masked[where + len(count.text):at][-24:])
    if not paid_for or price.value / count.value < 1000:  # ("1,000 H100s for $30k": no card costs $30, so each)
        return
    q.given["purchase_price"] = price.worked_out(price.value / count.value, f"{price.text} ÷ {count.text}",
                                                 replace(price, quantity="acquisition_cost"), count)


def _counted_first(chips: list[str], count: Given, masked: str, entities: list) -> list[str]:
    """"How many H20s to match 1,000 H800s?": the chip the count is of first, the one that replaces it second."""
    at = masked.find(count.text)
    after = [e for e in entities if e.kind == "hardware" and at >= 0 and 0 <= e.start - at - len(count.text) <= 6]
    if after and after[0].id == chips[1]:
        return [chips[1], chips[0]]
    return chips


def _time_on_first(chips: list[str], time: Given, masked: str, entities: list, lex: Lexicon) -> list[str]:
    """"A100要跑1000小时，换成B200", "50,000 H100 hours is how many A100 hours": the chip the time was measured
    on first: not the one a switching word names, else the one written nearest the time."""
    makers = _alternation(prepared(tuple(lex.vocab.chip_makers.all()))).pattern
    same = _alternation(prepared(tuple(lex.vocab.same_count.all()))).pattern
    switch = re.compile(rf"(?:{_phrases(tuple(lex.vocab.switch_to.all())).pattern})\s?(?:to\s|the\s)?"
                        rf"(?:(?:{same}|as many)\s?)?(?:(?:{makers})\s?)?$")
    named = {e.id: e for e in entities if e.kind == "hardware" and e.id in chips}
    at = masked.find(time.text)
    end = at + len(time.text)
    # "how many A100 GPU-hours is 4.2M GPU-hours on H800s": a chip naming the hours asked, not the hours given
    hours = re.compile(r"[\s-]?(?:gpu[\s-]?hours?|hours?|卡时|gpu\s?小时|小时)")
    # "H200要跑410万卡时，B200要跑多少卡时": the chip whose hours are asked for, a verb away
    asked = re.compile(r"[^\d,，;；。.?!？！]{0,4}?(?:多少|几多|几|how many)\s?个?" + hours.pattern)
    moved = [c for c, e in named.items() if switch.search(masked[max(0, e.start - 30):e.start].rstrip(" "))
             or ((hours.match(masked, e.end) or asked.match(masked, e.end)) and not at <= e.start < end)]
    if len(moved) == 1:
        return [next(c for c in chips if c not in moved), moved[0]]
    if at < 0 or len(named) < 2:
        return chips
    gap = {c: max(e.start - end, at - e.end) for c, e in named.items()}
    return sorted(chips, key=lambda c: gap.get(c, len(masked)))


MONTH_HOURS = 8766 / 12  # a month of a calendar year's hours, when the user names none
MONTH_HOURS_RE = re.compile(r"(?:1\s?个?月|a month|per month|每月|month)\s?(?:算|按|计|当|=|is|of|as)?\s?"
                            r"(\d{3}(?:\.\d+)?)\s?(?:个)?(?:小时|钟头|钟|hours?|hrs?|h)(?![a-z])")


def _monthly_rent(q: Question, masked: str, lex: Lexicon) -> None:
    """"一台8卡A100服务器月租10万人民币（一个月按30天算）", "an 8x H100 node rents for $45,000 a month": a machine's
    rent per month over the hours of that month is its rate per hour, shared by its cards."""
    count = q.given.get("gpus")
    money = next((k for k in ("purchase_price", "amount", "budget", "rental_cost") if k in q.given), None)
    nodes = _phrases(tuple(lex.vocab.node_words.all()))
    # "16 servers (8x H100 each) at $18,500/month, for 4 months", "租6台用3个月": the machines leased, and the cards
    # in each (one of the two may still be unread)
    machines = cards = None
    if count is not None:
        after = masked[masked.find(count.text) + len(count.text):].lstrip(" 台个部")
        if MACHINES_RE.search(count.text) or nodes.match(after):
            machines = replace(count, quantity="nodes", unit="machine")
        elif 1 < count.value <= 16:
            cards = count
    for t in q.unread:
        said = re.fullmatch(r"(\d+)\s?(台|部|nodes?|servers?|machines?|boxes)?", t)
        at = masked.find(t)
        named = said is not None and (said.group(2) or (at >= 0 and nodes.match(masked[at + len(t):].lstrip(" "))))
        if named and machines is None:  # "6台", "rent 10 nodes of 8 A100s"
            machines = Given("nodes", float(said.group(1)), "machine", t)
        elif said and not said.group(2) and cards is None and 1 < int(said.group(1)) <= 16:
            cards = Given("node_gpus", float(said.group(1)), "GPU", t)
    billed = words_in(masked, [*lex.vocab.cost_words.all(), *lex.vocab.paid_words.all()])
    # (a write-off "每个月折旧多少" is no monthly rent: the machines are leased only where renting is said)
    rented = words_in(masked, lex.vocab.concepts["rent"].all()) and \
        not words_in(masked, [*lex.vocab.depreciation.all(), *lex.vocab.concepts["buy"].all()])
    leased = machines is not None and cards is not None and rented and (billed or "rental_cost" in q.asked)
    if not ("price_per_gpu_hour" in q.asked or leased) or money is None or cards is None or \
            q.given[money].unit not in CURRENCIES or not nodes.search(masked) or not (
            re.search(r"月租|包月|月费|租金每月", masked) or words_in(masked, lex.vocab.per_month.all())):
        return
    rent = q.given.pop(money)
    span = q.given.pop("days", None)
    hours = MONTH_HOURS_RE.search(masked)
    if hours is not None and float(hours.group(1)) <= 31 * 24:  # "一個月算 730 小時": the user's hours in a month
        per_month, said = float(hours.group(1)), hours.group(1)
        q.unread = [t for t in q.unread if not t.startswith(hours.group(1))]
    elif span is not None and span.value <= 31 and not re.match(r"1\s?个?月|a month", span.text):  # "按30天算"
        per_month, said = span.value * 24, f"{span.text} × 24"
        span = None
    else:
        per_month, said = MONTH_HOURS, ""
    if span is not None and leased:
        q.given["days"] = span  # "连续租 4 个月": how long the machines are leased
    # the rate is worked out: the rent over the user's hours in a month, or over a calendar month's
    said = said or f"{per_month:g}"
    q.given["node_rate"] = replace(rent, quantity="node_rate", unit=f"{rent.unit}/hour").worked_out(
        rent.value / per_month, f"{rent.text} ÷ {said}", replace(rent, quantity="monthly_rent"),
        Given("hours_per_month", per_month, "hour", said))
    q.given.pop("gpus", None)
    q.given["node_gpus"] = replace(cards, quantity="node_gpus")
    if leased and machines is not None:  # the machines leased: their bill first, then a card's rate if asked too
        q.unread = [t for t in q.unread if t not in (machines.text, cards.text)]
        q.given["gpus"] = Given("gpus", machines.value * cards.value, "GPU", f"{machines.text} × {cards.text}",
                                parts=(machines, replace(cards, quantity="node_gpus")))
        q.asked = ["rental_cost", *(a for a in q.asked if a != "rental_cost")]
    q.month_hours = per_month


SPECS = {"power_w": "tdp", "gpu_memory": "memory", "peak_flops": "bf16_dense"}  # a given restating a chip's spec
SPEC_ASKED = frozenset({"tdp", "power_w", "gpu_memory", "memory", "peak_flops"})


def _restated_spec(q: Question) -> None:
    """"Nvidia's B100, the 700 W Blackwell part: dense BF16?": a figure naming which chip is meant is no input to a
    spec asked of it. "换成H20（96GB）要几张才放得下": the chip's own memory, not the state to hold."""
    if len(q.accelerators) != 1:
        return
    chip = default_knowledge().hardware[q.accelerators[0]]
    state = q.given.get("model_memory")
    memory = chip.memory.value if chip.memory is not None else None
    if state is not None and memory is not None and abs(state.value - memory) <= 0.01 * memory:
        q.given["gpu_memory"] = replace(q.given.pop("model_memory"), quantity="gpu_memory")
    if not q.asked or not set(q.asked) <= SPEC_ASKED:
        return
    for key, spec in SPECS.items():
        given, figure = q.given.get(key), getattr(chip, spec)
        if given is not None and figure is not None and abs(given.value - figure.value) <= 0.01 * figure.value:
            del q.given[key]


def _form_factor(chips: list[str], prepared: str) -> list[str]:
    """"Some A100 80GB cards, but the PCIe version": one chip named and its board said apart is that board's."""
    if len(chips) != 1 or "pcie" not in prepared or "pcie" in chips[0]:
        return chips
    family = chips[0].split("-")[0]
    return [h for h in default_knowledge().hardware if h.startswith(f"{family}-") and "pcie" in h][:1] or chips


def _run_on_chip(runs: list[str], chips: list[str]) -> list[str]:
    """"OLMo 7B on LUMI's MI250X nodes": a named run trained on another chip than the one named is its variant on
    that chip, when one is on file ("OLMo-7B Twin 2T")."""
    cases = default_knowledge().cases
    return [next((c.id for c in cases.values() if c.id.startswith(f"{r}-") and c.hardware in chips
                  and cases[r].hardware not in chips), r) for r in runs]


MACHINE_WORDS = r"(?:机器|机|服务器|节点|整机|servers?|nodes?|machines?|box(?:es)?)"
MACHINE_SIZE_RE = re.compile(
    rf"(?<![\d.])(\d+)\s?-?\s?(?:卡|张卡|张|块|gpus?|cards?|accelerators?|x)?\s?的?\s?"
    rf"(?:(?:per|in each|in every|each|/|in a|in one)\s?)?{MACHINE_WORDS}"
    r"|(?:每台|一台|每个|per server|per node|per machine|each server|each node|each machine|each box|every server|"
    r"every node|服务器|机器|节点)[^\d，,。;；]{0,10}?(\d+)\s?(?:张|块|卡|gpus?|cards?|accelerators?)")


def _machine_size(q: Question, masked: str) -> None:
    """"一台服务器插8张", "8 卡机", "8-GPU servers": with machines asked, the cards one machine holds."""
    if "machines" not in q.asked and MACHINES_ASKED_RE.search(masked):
        q.asked = ["machines", *q.asked]  # "how many 8-GPU nodes?", "要几台8卡机": the machines, of that size
    if "machines" not in q.asked or "node_gpus" in q.given:
        return
    m = MACHINE_SIZE_RE.search(masked)
    size = float(m.group(1) or m.group(2)) if m else 0
    if not 1 <= size <= 16:
        return
    q.given["node_gpus"] = Given("node_gpus", size, "GPU", m.group(0).strip())
    count = q.given.get("gpus")
    if count is not None and count.value == size and re.search(rf"(?<![\d.]){size:g}(?![\d.])", m.group(0)):
        del q.given["gpus"]  # "8 卡机", "每台8张卡": the machine's size, not the cluster's cards
    if "gpus" not in q.given:  # "256 H100s … 8 GPUs in each server": the cluster's cards, left unread beside it
        for said in q.unread:
            n = UNREAD_CARDS_RE.match(said)
            cards = float(n.group(1)) * {"k": 1e3, "千": 1e3, "万": 1e4}.get(n.group(2) or "", 1) if n else 0
            if cards > size:
                q.given["gpus"] = Given("gpus", cards, "GPU", said)
                q.unread = [t for t in q.unread if t != said]
                return


MACHINES_ASKED_RE = re.compile(r"how many \d+[- ]?(?:gpus?|cards?|way)[- ]?(?:servers|nodes|machines|boxes)|"
                               r"(?:几|多少|几多)台\s?\d+\s?卡")
UNREAD_CARDS_RE = re.compile(r"(\d+(?:\.\d+)?)\s?(k|千|万)?\s?(?:张卡|张|块|gpus?|cards?)?$")
