"""``Assistant().ask(question, history)``: understand → plan/run → compose → provenance check → Answer."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant import respond
from assistant.answer import Answer, Language
from assistant.draft import Draft
from assistant.provenance import unsupported_numbers
from assistant.render import in_script
from assistant.understand import MAX_QUESTION_CHARS, Understanding, understand
from knowledge.loader import KnowledgeBase, default_knowledge
from tools.errors import InputError, MissingInputError

log = logging.getLogger(__name__)

SUGGESTIONS = {
    "en": ["How many H100 GPU-hours to train a 70B model on 2T tokens?", "Why is training large models so expensive?",
           "How much electricity did GPT-3's training use?"],
    "zh": ["用1024张H100训练700亿参数模型需要多少天?", "为什么训练大模型这么贵?", "GPT-3训练耗电多少?"],
}


@dataclass
class Settings:
    knowledge: KnowledgeBase | None = None
    retrieval_mode: str = "hybrid"
    llm: Any = None  # a LangChain chat model; None reads ASSISTANT_LLM (unset: answers are deterministic)
    background_index: bool = False  # serve an out-of-date index while the new one builds (servers want this)


class Assistant:
    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.kb = self.settings.knowledge or default_knowledge()
        self._retriever: Any = None
        self._retriever_lock = threading.Lock()  # a web server asks from many threads; build the index once
        self._agent: Any = None
        model = self.settings.llm
        if model is None and os.environ.get("ASSISTANT_LLM", "").strip():
            from assistant.llm import model_from_env  # LangChain loads only when a model is configured (~0.8 s)

            model = model_from_env()
        if model is not None:
            from assistant.llm import AgentAnswerer

            self._agent = AgentAnswerer(model, self._search)
        names = {n for c in self.kb.cases.values() for n in (c.name, *c.aliases)}
        names |= {n for h in self.kb.hardware.values() for n in (h.name, *h.aliases)}
        self._names = sorted(names, key=len, reverse=True)

    def _search(self, query: str, k: int) -> list[Any]:
        if self._retriever is None:
            with self._retriever_lock:
                if self._retriever is None:
                    from assistant.retrieval import Retriever

                    self._retriever = Retriever(background_rebuild=self.settings.background_index)
        return self._retriever.search(query, k=k, mode=self.settings.retrieval_mode)  # type: ignore[arg-type]

    def warm_up(self) -> None:
        """Load the search index and the embedding model now, not on the first question that needs them."""
        self._search("GPU", 1)

    def ask(self, question: str, history: Sequence[dict[str, Any]] = (), language: Language | None = None) -> Answer:
        """Answer ``question``; ``language`` forces the answer's language and script instead of detecting it."""
        start = time.perf_counter()
        u = understand(question, history)
        if language is not None:
            u.language = language
        lang = "zh" if u.language.startswith("zh") else "en"
        d = Draft(lang, self.kb)
        status = self._run(u, d)
        if not d.lines:  # a handler that found nothing ("$01" matches no card) must still say so
            status = self._nothing_to_say(d)
        text, citations = d.finish()
        answer = Answer(in_script(text, u.language), u.language, status, u.intent or "none", d.figures,  # type: ignore[arg-type]
                        d.calculations, citations, [in_script(f, u.language) for f in d.follow_ups[:3]],
                        error=d.error)
        cited = [in_script(t, u.language) for t in d.cited_texts]
        if status == "answered":
            stray = unsupported_numbers(answer, question, history, cited, self._names)
            if stray:
                # Never print a number we cannot trace: say so rather than answer with it.
                log.warning("unsupported numbers %s in answer to %r", stray, question)
                answer.status = "not_found"
        if self._agent is not None and answer.status == "answered":
            answer = self._agent_or(answer, question, history, cited)
        answer.latency_ms = (time.perf_counter() - start) * 1000
        return answer

    def _agent_or(self, deterministic: Answer, question: str, history: Sequence[dict[str, Any]],
                  cited: list[str]) -> Answer:
        """The LLM agent's answer if every number in it is traceable, else the deterministic one."""
        try:
            candidate = self._agent.answer(question, history, deterministic)
        except Exception:
            log.exception("LLM agent failed; answering deterministically")
            return deterministic
        stray = unsupported_numbers(candidate, question, history, cited, self._names)
        if stray or not candidate.answer.strip():
            log.warning("LLM answer rejected by the provenance guard: %s", stray)
            return deterministic
        return candidate

    def _run(self, u: Understanding, d: Draft) -> str:
        if u.problem:
            return self._problem(u, d)
        try:
            respond.validate(u)
            name = respond.unpublished_model(u)
            if name:
                return respond.not_published(d, name)
            if respond.can_calculate(u):
                return respond.calculate(u, d)
            if u.models:
                return respond.lookup_case(u, d)
            if u.intent is None and u.metric is None and not u.slots and not u.hardware:
                return self._lookup_or_out_of_scope(u, d)
            if u.intent == "training_cost" and not (u.slots or u.hardware or respond._article(u)) \
                    and any(w in u.prepared for w in ("a model", "一个模型", "模型要", "train a", "训练模型")):
                return self._needs_input(u, d)
            if u.intent in respond.CALC_INTENTS - {"training_cost", "compare"} and u.intent != "flop" and not u.models \
                    and respond._article(u) is None:
                # Nothing to calculate with: a published figure may still answer it ("How many H100s did Meta buy?"),
                # unless the user asks about their own run ("How many GPUs do I need?").
                if not self._own_run(u) and self._on_file(u):
                    return respond.explain(u, d, self._search)
                return self._needs_input(u, d)
            return respond.explain(u, d, self._search)
        except MissingInputError as err:
            if not self._own_run(u) and self._on_file(u):
                # Not enough to calculate, but a published figure answers it ("Blackwell GPUs for 1.8T params?")
                d.reset()
                return respond.explain(u, d, self._search)
            d.reset()
            d.say(f"To answer I need more: {err.message_en}", f"还需要更多信息:{err.message_zh}")
            return "needs_input"
        except InputError as err:
            return respond.invalid(d, err)
        except Exception:  # a bug must cost one answer, never the conversation or the server
            log.exception("failed to answer %r", u.question)
            d.lines.clear()
            d.figures.clear()
            d.calculations.clear()
            d.say("Something went wrong while answering this; the error was logged. Please rephrase or try "
                  "another question.", "回答这个问题时出错了,错误已记录。请换个说法或问其他问题。")
            return "not_found"

    def _problem(self, u: Understanding, d: Draft) -> str:
        messages = {
            "empty": ("The question is empty. Ask about training cost, GPU-hours, energy or carbon.",
                      "问题为空。请询问训练成本、GPU卡时、能耗或碳排放。"),
            "too_long": (f"The question is too long (over {MAX_QUESTION_CHARS:,} characters). Please shorten it.",
                         f"问题过长(超过{MAX_QUESTION_CHARS}个字符),请精简后再问。"),
            "markup_only": ("The question contains only markup and no words I can read.",
                            "问题中只有标记代码,没有可读的文字。"),
        }
        d.say(*messages[u.problem or "empty"])
        return "invalid_input"

    def _out_of_scope(self, u: Understanding, d: Draft) -> str:
        d.say("I answer questions about what it costs to train AI models (compute, GPU-hours, cloud and hardware "
              "cost, energy, carbon). That question is outside what I can answer.",
              "我只回答训练AI模型的成本问题(算力、GPU卡时、云与硬件成本、能耗、碳排放),这个问题不在范围内。")
        d.follow_ups.extend(SUGGESTIONS[d.lang])
        return "out_of_scope"

    @staticmethod
    def _own_run(u: Understanding) -> bool:
        return any(w in f" {u.prepared} " for w in (" i ", " we ", " my ", " our ", "我", "咱"))

    def _on_file(self, u: Understanding) -> bool:
        """Does a card on file clearly speak to the question (a capex figure, a data licence)?"""
        hits = [h for h in self._search(u.question, 5) if h.doc_id.startswith("fact:")]
        cards = [self.kb.facts[h.doc_id[5:]] for h in hits if h.doc_id[5:] in self.kb.facts]
        return bool(cards) and respond.relevant(u.question, cards[0])

    def _lookup_or_out_of_scope(self, u: Understanding, d: Draft) -> str:
        """No cost words: answer from a card only if one clearly fits, else say it is out of scope."""
        if self._on_file(u):
            return respond.explain(u, d, self._search)
        return self._out_of_scope(u, d)

    def _nothing_to_say(self, d: Draft) -> str:
        d.say("I could not find an answer to that in my sources or calculators.",
              "在我的资料和计算工具中找不到这个问题的答案。")
        return "not_found"

    def _needs_input(self, u: Understanding, d: Draft) -> str:
        d.say("To calculate this I need the model size (parameters) and training tokens, or the GPU-hours, and "
              "ideally the accelerator type.",
              "要计算这个,我需要模型参数量和训练token数(或GPU卡时),最好还有加速卡型号。")
        return "needs_input"
