"""Shares and rates that cannot leave their range, whatever the text.

Every ``*_share`` of the profile and the scorecard is a part of a whole, so within [0, 1]; every
``*_per_1k`` rate is a count per 1,000 words, so at least 0. Both are NaN when the whole is empty
(no sentences, no attributions, no words). A part counted larger than its whole (two overlapping
regions counted twice) or a negative count would be a bug in a detector; it is held to the range
here, where the measure is computed, so no table or figure shows a share above 1.
"""

from __future__ import annotations

import math


def share(part: float, whole: float) -> float:
    """``part / whole`` within [0, 1]; NaN when ``whole`` is 0 (or NaN)."""
    if not whole or math.isnan(whole):
        return float("nan")
    return min(1.0, max(0.0, part / whole))


def per_1k(count: float, words: float) -> float:
    """``count`` per 1,000 ``words``, at least 0; NaN when there are no words."""
    if not words or math.isnan(words):
        return float("nan")
    return max(0.0, 1000.0 * count / words)
