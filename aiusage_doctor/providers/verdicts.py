"""Turning a diagnosis row into an outcome whose inference reads as a cause.

`Diagnosis.outcome(summary)` keeps the whole summary as the inference's "likely" part,
which the reports print as "most likely <likely>, because <because>". The summary often
carries the vendor's words and the verdict together, so for an inference row the likely
part is taken from the row's verdict instead: the text after its "most likely".
"""

from __future__ import annotations

from typing import Any

from aiusage_doctor.core.checks import Diagnosis, Inference, Outcome

_MARKER = "most likely "


def likely_cause(verdict: str) -> str:
    """The cause a verdict names: the text after its last "most likely", else the verdict."""
    low = verdict.lower()
    at = low.rfind(_MARKER)
    cause = verdict[at + len(_MARKER):] if at >= 0 else verdict
    return cause.strip().rstrip(".")


def outcome(row: Diagnosis, summary: str, **kw: Any) -> Outcome:
    """`row.outcome(summary, **kw)`, with an inference row's likely cause taken from its verdict."""
    result = row.outcome(summary, **kw)
    if row.because is not None:
        result.inference = Inference(likely=likely_cause(row.verdict), because=row.because,
                                     alternatives=row.alternatives)
    return result
