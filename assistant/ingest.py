"""Ingest documents (.txt/.md/.html/.pdf files or folders): read → clean → chunk → store in the data dir.

Chunks are stored as a JSONL manifest (``<data dir>/ingested.jsonl``); each chunk's id is a hash of its source
id, locator and text, so re-ingesting the same content adds nothing, and re-ingesting a changed file replaces
that file's chunks. One bad file is reported and skipped; it never aborts the others.
"""

from __future__ import annotations

import datetime
import fcntl
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from assistant.cleaning import clean_text
from assistant.paths import data_dir as default_data_dir
from assistant.textnorm import detect_script

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".pdf"})
MAX_BYTES = 20 * 1024 * 1024  # a scraped article is KBs; anything this large is almost surely not one
MANIFEST_NAME = "ingested.jsonl"

# Chunk sizing, in characters of cleaned text. Chinese runs ~1 character per word, so ~240 characters is a
# few sentences: long enough to hold a figure and what it refers to, short enough to quote.
SHORT_PARAGRAPH = 80
TARGET_CHARS = 240
MAX_CHARS = 320
HEADING_MAX = 40

_CN_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
# A Chinese numeral from 1 to 99 (一, 十二, 二十, 三十五); "一二、" or "十十、" is text, not a heading number.
_CN_HEADING_RE = re.compile(r"^([二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])[、.]\s*(.+)$")
_NUM_HEADING_RE = re.compile(r"^(\d{1,2})[.、)]\s*(\D.*)$")
_SENTENCE_END = tuple("。！？；.!?;:…”\"")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[。！？；!?;])|(?<=\.)\s+")


# PyYAML raises more than YAMLError on bad input: ValueError for `date: 2024-02-30` or `!!int 0x`, AttributeError
# for `!!timestamp x`, RecursionError for deeply nested flow collections.
_YAML_ERRORS = (yaml.YAMLError, ValueError, TypeError, AttributeError, RecursionError)


class IngestFileError(Exception):
    """A file that cannot be ingested; the message says why in plain words."""


@dataclass(frozen=True)
class Chunk:
    id: str
    source_id: str
    title: str
    language: str
    script: str
    locator: str
    heading: str
    text: str
    path: str

    @classmethod
    def from_dict(cls, data: dict) -> Chunk:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class IngestError:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class IngestReport:
    files: int = 0
    chunks: int = 0
    errors: list[IngestError] = field(default_factory=list)
    seconds: float = 0.0
    added: int = 0  # chunks not in the manifest before (0 on an identical re-run)
    removed: int = 0  # stale chunks of re-ingested files that changed

    def summary(self) -> str:
        return f"{self.files} files, {self.chunks} chunks, {self.seconds:.1f} s"


@dataclass(frozen=True)
class SourceMeta:
    source_id: str | None = None
    title: str | None = None
    language: str | None = None


# ---------------------------------------------------------------------------------------------- discovery


def discover_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[IngestError]]:
    """Expand folders (recursively) to supported files; a named file of another type is an error, while such
    files inside folders, READMEs (they describe the folder) and sidecars are skipped silently."""
    files: list[Path] = []
    errors: list[IngestError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                if sub.is_file() and sub.suffix.lower() in SUPPORTED_SUFFIXES and not _is_folder_doc(sub):
                    files.append(sub)
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                files.append(path)
            else:
                errors.append(IngestError(str(path), f"unsupported file type {path.suffix or '(none)'}; "
                                          f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}"))
        else:
            errors.append(IngestError(str(path), "no such file or folder"))
    seen: set[Path] = set()
    unique = [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]
    return unique, errors


def _is_folder_doc(path: Path) -> bool:
    return path.stem.upper() == "README" or path.name.endswith(".meta.yaml") or path.name.startswith(".")


# ---------------------------------------------------------------------------------------------- metadata


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9.]+", "-", name.casefold()).strip("-.")
    return slug if len(slug) >= 2 else f"doc-{hashlib.sha256(name.encode()).hexdigest()[:8]}"


def _script_label(text: str | None) -> str | None:
    if not text:
        return None
    t = text.casefold()
    if "traditional" in t or "hant" in t or "繁" in t:
        return "zh-Hant"
    if "simplified" in t or "hans" in t or "简" in t:
        return "zh-Hans"
    if "english" in t or t.strip() == "en":
        return "en"
    return None


def read_source_table(folder: Path) -> dict[str, SourceMeta]:
    """File name → metadata from a markdown table in the folder's README (columns 'source id' and 'file')."""
    table: dict[str, SourceMeta] = {}
    for readme in sorted(folder.glob("README*")):
        try:
            lines = readme.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        header: list[str] | None = None
        for line in lines:
            if not line.strip().startswith("|"):
                header = None
                continue
            cells = [c.strip().strip("`").strip() for c in line.strip().strip("|").split("|")]
            if header is None:
                header = [c.casefold() for c in cells]
                continue
            if all(set(c) <= set("-: ") for c in cells):
                continue  # the |---|---| separator row
            row = dict(zip(header, cells, strict=False))
            file_name = row.get("file")
            source_id = row.get("source id") or row.get("id") or row.get("source_id")
            if file_name and source_id:
                table[file_name] = SourceMeta(source_id, row.get("title") or None,
                                              _script_label(row.get("script") or row.get("language")))
    return table


def _sidecar_meta(path: Path) -> SourceMeta | None:
    for sidecar in (path.with_name(path.name + ".meta.yaml"), path.with_suffix(".meta.yaml")):
        if sidecar.is_file():
            try:
                data = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
            except (OSError, *_YAML_ERRORS) as exc:  # UnicodeDecodeError is a ValueError
                raise IngestFileError(f"unreadable sidecar {sidecar.name}: {exc}") from exc
            return _meta_from_mapping(data)
    return None


def _meta_from_mapping(data: object) -> SourceMeta:
    if not isinstance(data, dict):
        return SourceMeta()
    language = _scalar(data.get("language"))
    return SourceMeta(
        source_id=_scalar(data.get("source_id")) or _scalar(data.get("id")),
        title=_scalar(data.get("title")),
        language=_script_label(language or _scalar(data.get("script"))) or language,
    )


def _scalar(value: object) -> str | None:
    """A metadata value as text: YAML reads `2024-01-01` as a date and `42` as an int; lists and maps are ignored,
    and so is text no file can hold (YAML's "\\ud800" escape gives a lone surrogate)."""
    if not isinstance(value, str | int | float | datetime.date) or isinstance(value, bool):
        return None
    text = str(value).strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return text or None


def _split_front_matter(text: str) -> tuple[SourceMeta | None, str]:
    m = re.match(r"^---\s*\n(.*?)\n---\s*\n", text, re.DOTALL)
    if not m:
        return None, text
    try:
        return _meta_from_mapping(yaml.safe_load(m.group(1))), text[m.end():]
    except _YAML_ERRORS:
        return None, text


# ---------------------------------------------------------------------------------------------- reading


def _decode(data: bytes) -> str:
    # Chinese pages come in UTF-8 mostly, GB18030 (mainland) or Big5 (Taiwan/HK) otherwise.
    for encoding in ("utf-8-sig", "gb18030", "big5"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestFileError("not valid UTF-8, GB18030 or Big5 text")


def read_document(path: Path, max_bytes: int = MAX_BYTES) -> tuple[str, list[tuple[str, str]] | None]:
    """Raw text of a file and, for PDFs, its pages as (label, text). Raises IngestFileError with the reason."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestFileError(f"cannot read: {exc.strerror or exc}") from exc
    if size == 0:
        raise IngestFileError("empty file")
    if size > max_bytes:
        raise IngestFileError(f"too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestFileError(f"cannot read: {exc.strerror or exc}") from exc
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return "", _read_pdf(path, data)
    if b"\x00" in data[:8192]:
        raise IngestFileError("binary content, not a text document")
    text = _decode(data)
    if suffix in (".html", ".htm"):
        text = _html_to_text(text)
    return text, None


def _read_pdf(path: Path, data: bytes) -> list[tuple[str, str]]:
    if not data.startswith(b"%PDF"):
        raise IngestFileError("not a PDF file (no %PDF header)")
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [(f"p.{i + 1}", page.extract_text() or "") for i, page in enumerate(reader.pages)]
    except (PyPdfError, ValueError, OSError) as exc:
        raise IngestFileError(f"cannot read PDF: {exc}") from exc
    if not any(t.strip() for _, t in pages):
        raise IngestFileError("PDF has no extractable text (scanned images?)")
    return pages


def _html_to_text(html: str) -> str:
    from bs4 import BeautifulSoup
    from bs4.exceptions import ParserRejectedMarkup

    try:
        soup = BeautifulSoup(html, "html.parser")
    except ParserRejectedMarkup as exc:  # "<![0": markup the HTML parser cannot make sense of
        raise IngestFileError(f"cannot parse HTML: {str(exc).splitlines()[0]}") from exc
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe"]):
        tag.decompose()
    # Keep the heading structure as markdown so the chunker can derive locators from it.
    for level in range(1, 7):
        for h in soup.find_all(f"h{level}"):
            h.replace_with(f"\n\n{'#' * level} {h.get_text(' ', strip=True)}\n\n")
    for block in soup.find_all(["p", "li", "div", "br", "tr"]):
        block.insert_after("\n\n")
    title = soup.title.get_text(strip=True) if soup.title else ""
    if soup.title:
        soup.title.decompose()
    body = soup.get_text()
    return f"{title}\n\n{body}" if title else body


# ---------------------------------------------------------------------------------------------- chunking


@dataclass
class _Section:
    numbers: list[int]
    heading: str
    paragraphs: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return "§" + ".".join(str(n) for n in self.numbers) if self.numbers else ""


def _heading(paragraph: str, seen_body: bool, next_len: int) -> tuple[int, int | None, str] | None:
    """(level, number or None for 'next in sequence', text) if the paragraph is a heading."""
    if m := _MD_HEADING_RE.match(paragraph):
        return len(m.group(1)), None, m.group(2)
    short = len(paragraph) <= HEADING_MAX and not paragraph.endswith(_SENTENCE_END)
    if (m := _CN_HEADING_RE.match(paragraph)) and len(paragraph) <= 60:
        return 1, _cn_number(m.group(1)), paragraph
    if short and (m := _NUM_HEADING_RE.match(paragraph)):
        return 2, int(m.group(1)), paragraph
    # An unnumbered heading: a short line without punctuation, followed by a longer paragraph. Only after the
    # first body paragraph, so that a byline right under the title is not taken for a section.
    if short and seen_body and next_len > len(paragraph) and not re.search(r"[,，:：;；、]", paragraph):
        return 1, None, paragraph
    return None


def _cn_number(numeral: str) -> int:
    if numeral.startswith("十"):
        return 10 + _CN_NUMERALS.get(numeral[1:], 0) if len(numeral) > 1 else 10
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return _CN_NUMERALS[tens] * 10 + _CN_NUMERALS.get(ones, 0)
    return _CN_NUMERALS[numeral]


def _sections(paragraphs: list[str], prefix: str = "") -> list[_Section]:
    sections = [_Section([], "")]
    counters = [0] * 7
    seen_body = False
    for i, para in enumerate(paragraphs):
        next_len = len(paragraphs[i + 1]) if i + 1 < len(paragraphs) else 0
        head = _heading(para, seen_body, next_len)
        if head is None:
            sections[-1].paragraphs.append(para)
            seen_body = seen_body or len(para) >= 40
            continue
        level, number, text = head
        counters[level] = number if number is not None else counters[level] + 1
        for deeper in range(level + 1, 7):
            counters[deeper] = 0
        numbers = [n for n in counters[1 : level + 1]]
        while numbers and numbers[0] == 0:  # e.g. "1." items before any "一、" heading
            numbers.pop(0)
        parent = next((s.heading for s in reversed(sections) if len(s.numbers) < len(numbers) and s.numbers), "")
        heading = f"{parent} / {text}" if parent and level > 1 else text
        sections.append(_Section(numbers, heading))
    for s in sections:
        if prefix:
            s.heading = f"{prefix} {s.heading}".strip()
    return [s for s in sections if s.paragraphs]


def _is_label(paragraph: str) -> bool:
    return len(paragraph) <= HEADING_MAX and not paragraph.endswith(_SENTENCE_END)


def _split_long(paragraph: str) -> list[str]:
    if len(paragraph) <= MAX_CHARS:
        return [paragraph]
    pieces: list[str] = []
    current = ""
    for sentence in (s for s in _SENTENCE_SPLIT_RE.split(paragraph) if s and s.strip()):
        if current and len(current) + len(sentence) > TARGET_CHARS:
            pieces.append(current.strip())
            current = ""
        current += sentence
    if current.strip():
        pieces.append(current.strip())
    return pieces


def _windows(section: _Section) -> Iterable[tuple[str, str]]:
    """(paragraph locator, text): short neighbouring paragraphs (list items) are merged, long ones split."""
    group: list[tuple[int, str]] = []

    def flush() -> Iterable[tuple[str, str]]:
        if group:
            first, last = group[0][0], group[-1][0]
            yield (f"¶{first}" if first == last else f"¶{first}–{last}"), "\n".join(t for _, t in group)
            group.clear()

    for n, para in enumerate(section.paragraphs, start=1):
        if len(para) >= SHORT_PARAGRAPH:
            yield from flush()
            for piece in _split_long(para):
                yield f"¶{n}", piece
            continue
        # A label-like line ("OpenAI: GPT-4 estimate") starts a new group, so one chunk covers one topic.
        if group and (_is_label(para) or sum(len(t) for _, t in group) + len(para) > TARGET_CHARS):
            yield from flush()
        group.append((n, para))
    yield from flush()


def chunk_text(text: str, *, source_id: str, title: str, language: str | None, path: str,
               pages: list[tuple[str, str]] | None = None) -> list[Chunk]:
    """Cleaned text → chunks with "§2.1 ¶3"-style locators (PDF pages prefix "p.4")."""
    units = pages if pages is not None else [("", text)]
    chunks: list[Chunk] = []
    for page_label, page_text in units:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", clean_text(page_text)) if p.strip()]
        for section in _sections(paragraphs):
            for para_locator, passage in _windows(section):
                locator = " ".join(x for x in (page_label, section.label, para_locator) if x)
                script = detect_script(passage)
                # The ordinal keeps ids unique when a passage repeats (pieces of one long paragraph share a
                # locator); ids stay deterministic, so identical content still maps to identical ids.
                seq = len(chunks)
                digest = hashlib.sha256(f"{source_id}\n{locator}\n{seq}\n{passage}".encode()).hexdigest()[:20]
                chunks.append(Chunk(
                    id=f"chunk:{source_id}:{digest}", source_id=source_id, title=title,
                    language=language or ("en" if script == "en" else "zh"), script=script,
                    locator=locator, heading=section.heading, text=passage, path=path,
                ))
    return chunks


def _first_line_title(text: str) -> str | None:
    for line in clean_text(text).splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= 80 else None
    return None


def chunk_file(path: Path, *, table: dict[str, SourceMeta] | None = None, max_bytes: int = MAX_BYTES) -> list[Chunk]:
    """Read, clean and chunk one file; raises IngestFileError."""
    text, pages = read_document(path, max_bytes)
    front, text = _split_front_matter(text)
    meta = _sidecar_meta(path) or front or (table or {}).get(path.name) or SourceMeta()
    full = text if pages is None else "\n\n".join(t for _, t in pages)
    if not clean_text(full).strip():
        raise IngestFileError("no text left after cleaning (empty or only boilerplate)")
    source_id = meta.source_id or _slug(path.stem)
    title = meta.title or _first_line_title(full) or path.stem
    script = detect_script(clean_text(full))
    language = meta.language or script
    chunks = chunk_text(text, source_id=source_id, title=title, language=language, path=str(path.resolve()),
                        pages=pages)
    if not chunks:
        raise IngestFileError("no passages found")
    return chunks


# ---------------------------------------------------------------------------------------------- manifest


def manifest_path(directory: Path | None = None) -> Path:
    return (directory or default_data_dir()) / MANIFEST_NAME


def load_chunks(directory: Path | None = None) -> list[Chunk]:
    """Every chunk ingested so far (empty when nothing was ingested)."""
    path = manifest_path(directory)
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [Chunk.from_dict(json.loads(line)) for line in fh if line.strip()]


def manifest_digest(chunks: Sequence[Chunk]) -> str:
    """Content hash of the ingested set (order-independent); part of the index's cache key."""
    digest = hashlib.sha256()
    for chunk_id in sorted(c.id for c in chunks):
        digest.update(chunk_id.encode())
    return digest.hexdigest()[:16]


def _write_manifest(directory: Path, chunks: Sequence[Chunk]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    # Write to a temp file and rename: a crash never leaves a half-written manifest behind.
    fd, tmp = tempfile.mkstemp(prefix=".ingested-", suffix=".jsonl", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for chunk in chunks:
                fh.write(json.dumps(asdict(chunk), ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())  # the rename must never publish a file whose data is still in the page cache
        os.replace(tmp, manifest_path(directory))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _manifest_lock(directory: Path) -> Iterator[None]:
    """An exclusive advisory lock on ``<data dir>/.ingest.lock``, released when the process ends, even by a kill."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".ingest.lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ingest(paths: Iterable[str | Path], directory: Path | None = None, *, max_bytes: int = MAX_BYTES,
           on_file: Callable[[Path, IngestError | None], None] | None = None) -> IngestReport:
    """Ingest files and folders into the manifest under ``directory`` (default: the data dir)."""
    started = time.perf_counter()
    directory = directory or default_data_dir()
    files, errors = discover_files(paths)
    report = IngestReport(errors=list(errors))
    by_path: dict[str, list[Chunk]] = {}
    tables: dict[Path, dict[str, SourceMeta]] = {}
    for path in files:
        error: IngestError | None = None
        try:
            table = tables.setdefault(path.parent, read_source_table(path.parent))
            by_path[str(path.resolve())] = chunk_file(path, table=table, max_bytes=max_bytes)
            report.files += 1
        except IngestFileError as exc:
            error = IngestError(str(path), str(exc))
            report.errors.append(error)
        if on_file:
            on_file(path, error)

    new = [c for chunks in by_path.values() for c in chunks]
    with _manifest_lock(directory):  # read-merge-write: two ingests at once must not drop each other's chunks
        existing = load_chunks(directory)
        kept = [c for c in existing if c.path not in by_path]
        old_ids = {c.id for c in existing}
        merged: dict[str, Chunk] = {c.id: c for c in [*kept, *new]}
        report.chunks = len(new)
        report.added = sum(c.id not in old_ids for c in merged.values())
        report.removed = len(old_ids - merged.keys())
        if report.added or report.removed or not manifest_path(directory).exists():
            _write_manifest(directory, list(merged.values()))
    report.seconds = time.perf_counter() - started
    return report
