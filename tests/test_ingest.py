from pathlib import Path

import pytest

from assistant.ingest import chunk_text, ingest, load_chunks, manifest_path

SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_ingest_shared_sources(data_dir: Path):
    report = ingest([SOURCES], data_dir)
    assert report.errors == [] and report.files == 2 and report.chunks > 20
    chunks = load_chunks(data_dir)
    by_source = {c.source_id for c in chunks}
    assert by_source == {"jadebird-2025", "tencent-tech-2024"}  # ids from the folder's README table
    energy = next(c for c in chunks if "1287" in c.text)
    assert energy.source_id == "jadebird-2025" and energy.locator.startswith("§2.2 ¶")
    assert energy.script == "zh-Hant" and "(shù)" not in energy.text
    assert "電力與能耗成本" in energy.heading
    assert {c.script for c in chunks if c.source_id == "tencent-tech-2024"} == {"zh-Hans"}
    assert not any(".png" in c.text or "即將爆滿" in c.text or "免责" in c.text for c in chunks)


def test_reingest_is_idempotent(data_dir: Path):
    first = ingest([SOURCES], data_dir)
    before = manifest_path(data_dir).read_bytes()
    again = ingest([SOURCES, SOURCES / "000_1b58d99d002f80c5.txt"], data_dir)
    assert first.added > 0 and again.added == 0 and again.removed == 0
    assert manifest_path(data_dir).read_bytes() == before
    assert len(load_chunks(data_dir)) == first.chunks


def test_bad_files_give_per_file_errors(tmp_path: Path, data_dir: Path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.md").write_text("# Cost\n\nTraining GPT-3 used 1,287 MWh of electricity, an estimate.\n")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text" * 100)
    (folder / "empty.txt").write_text("")
    (folder / "huge.txt").write_text("x" * 5000)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    report = ingest([folder, tmp_path / "missing.txt"], data_dir, max_bytes=4000)
    errors = {Path(e.path).name: e.message for e in report.errors}
    assert set(errors) == {"binary.txt", "empty.txt", "huge.txt", "broken.pdf", "missing.txt"}
    assert "binary" in errors["binary.txt"] and "empty" in errors["empty.txt"]
    assert "too large" in errors["huge.txt"] and "PDF" in errors["broken.pdf"]
    assert report.files == 1
    [chunk] = load_chunks(data_dir)
    assert chunk.source_id == "good" and chunk.locator == "§1 ¶1" and chunk.script == "en"


def test_metadata_from_sidecar_and_front_matter(tmp_path: Path, data_dir: Path):
    (tmp_path / "a.txt").write_text("正文段落,讲的是训练成本和耗电量的关系,足够长。\n")
    (tmp_path / "a.txt.meta.yaml").write_text("source_id: my-source\ntitle: My title\n")
    (tmp_path / "b.md").write_text("---\nid: other-source\n---\n## Intro\n\nSome English text about GPU costs.\n")
    ingest([tmp_path / "a.txt", tmp_path / "b.md"], data_dir)
    chunks = {c.source_id: c for c in load_chunks(data_dir)}
    assert chunks["my-source"].title == "My title" and chunks["my-source"].script == "zh-Hans"
    assert chunks["other-source"].locator == "§1 ¶1"


def test_html_headings_give_locators(tmp_path: Path, data_dir: Path):
    (tmp_path / "page.html").write_text(
        "<html><head><title>T</title><script>x=1</script></head><body><nav>Home | About | Courses</nav>"
        "<h1>Costs</h1><p>Intro paragraph about what training costs.</p><h2>Energy</h2>"
        "<p>GPT-3 used 1,287 MWh, according to one estimate made in 2021.</p></body></html>")
    ingest([tmp_path / "page.html"], data_dir)
    chunks = load_chunks(data_dir)
    energy = next(c for c in chunks if "1,287" in c.text)
    assert energy.locator == "§1.1 ¶1" and "Energy" in energy.heading
    assert not any("x=1" in c.text or "Courses" in c.text for c in chunks)


def test_changed_file_replaces_its_chunks(tmp_path: Path, data_dir: Path):
    doc = tmp_path / "doc.txt"
    doc.write_text("First version of a paragraph that talks about training cost.\n")
    ingest([doc], data_dir)
    doc.write_text("Second version of a paragraph that talks about electricity.\n")
    report = ingest([doc], data_dir)
    assert report.added == 1 and report.removed == 1
    assert [c.text for c in load_chunks(data_dir)] == ["Second version of a paragraph that talks about electricity."]


def test_chunking_merges_list_items_and_splits_long_paragraphs():
    text = "一、总览\n\n" + "\n\n".join(["项目一:很短;", "项目二:也很短;"]) + "\n\n" + "很长的句子。" * 120
    chunks = chunk_text(text, source_id="s", title="t", language=None, path="p")
    assert chunks[0].locator == "§1 ¶1–2" and "项目二" in chunks[0].text
    assert all(len(c.text) <= 330 for c in chunks) and len(chunks) >= 3
    assert len({c.id for c in chunks}) == len(chunks)
