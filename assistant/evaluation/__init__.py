"""Evaluation of the assistant against the golden set (design §7): load, ask, score, aggregate, report, gate.

    from assistant.evaluation import dataset, runner
    result = runner.run(dataset.load(), answerer=my_callable, report_dir="eval-report")
"""

from assistant.evaluation.dataset import DatasetError, Expected, GoldenCase, load
from assistant.evaluation.runner import RunResult, run
from assistant.evaluation.scoring import CaseResult, score

__all__ = ["CaseResult", "DatasetError", "Expected", "GoldenCase", "RunResult", "load", "run", "score"]
