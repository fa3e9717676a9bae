"""Parse: a question (and the conversation before it) → a typed ``Question``.

Every word comes from the vocabulary table (``knowledge/vocabulary.yaml``). A number is read with its magnitude
word and unit in any order (70B / 700亿 / 2兆 / $2.5 per GPU-hour / 每度电7美分 / 400 g/kWh / 40% / 五成); its
role is the quantity whose unit dimension it has and whose giving word stands nearest ("PUE按1.3算", "0.5 MFU",
"MFU of 50%", "13B-parameter"). Asked quantities are scored by the phrases that ask for them, several allowed.

The stages, each a module: ``guard`` (what is refused), ``masks`` (spans hidden before reading), ``mentions``
(numbers with units), ``roles`` (what each number gives), ``asked`` (what is asked), ``machines`` and ``money``
(servers and sums as people write them), ``claims`` (published figures and rules named), ``reading`` (one
message) and ``followup`` (a message applied onto the conversation before it).
"""

from assistant.limits import MAX_QUESTION_CHARS
from assistant.parse.followup import parse
from assistant.parse.lexicon import prepared, words_in
from assistant.parse.reading import parse_one

__all__ = ["MAX_QUESTION_CHARS", "parse", "parse_one", "prepared", "words_in"]
