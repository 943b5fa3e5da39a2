#!/usr/bin/env python3
"""Training sentences too close to an evaluation sentence.

The offline engine's models learn from src/engine/offline/data/*.tsv; the corpus in
tests/corpus measures them. A training line that says what a corpus sentence says makes the
measurement flatter the engine, so each line is compared with every corpus sentence (the
questions and each sentence of the drafts) and the close pairs are printed.

Closeness is the Jaccard overlap of the two sentences' content words: the words left once the
grammar words and the frame every question shares ("tell me about a time") are taken out.
"Design a URL shortener." and "How would you design a URL shortener?" score 1.0; two
different questions that share only the frame score 0.

    scripts/corpus-overlap.py                       # report pairs at 0.6 or more
    scripts/corpus-overlap.py --fail-at 0.6         # and exit 1 when there is one (CI)
    scripts/corpus-overlap.py --split test new.tsv  # check new lines against the test split
"""

import argparse
import collections
import glob
import json
import re
import sys

# Grammar words and the frame of interview questions: sharing them says nothing.
FRAME = set(
    """a an the and or but if so of to in on at for from by with about as into over under
    than then that this these those it its it's is are was were be been being am do did does
    done have has had having i me my mine we us our you your he him his she her they them
    their there here what which who whom whose when where why how all any some no not can
    could would should will shall may might must just also very really too more most much
    many one time tell give example describe walk through talk share""".split()
)
# Sentences with fewer content words than this are left out: "it made a big difference"
# is a phrase anyone writes, not a copied sentence.
MIN_WORDS = 3


def content(sentence):
    words = re.findall(r"[a-z0-9']+", sentence.lower().replace("\u2019", "'"))
    return {w for w in words if w not in FRAME}


def corpus_sentences(split):
    pattern = "tests/corpus/*.jsonl" if split == "all" else f"tests/corpus/*.{split}.jsonl"
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                case = json.loads(line)
                for field in ("question", "draft"):
                    for sentence in re.split(r"(?<=[.!?])\s+", case.get(field) or ""):
                        words = content(sentence)
                        if len(words) >= MIN_WORDS:
                            yield f"{path}:{number}", sentence, words


def training_lines(paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if line.startswith("#") or "\t" not in line:
                    continue
                text = line.rstrip("\n").split("\t", 1)[1]
                words = content(text)
                if len(words) >= MIN_WORDS:
                    yield f"{path}:{number}", text, words


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="training files (default: the engine's data)")
    parser.add_argument("--split", default="all", choices=["all", "dev", "test"])
    parser.add_argument("--threshold", type=float, default=0.6, help="print pairs this close")
    parser.add_argument("--fail-at", type=float, help="exit 1 when a pair is this close")
    args = parser.parse_args()
    files = args.files or sorted(glob.glob("src/engine/offline/data/*.tsv"))

    corpus = list(corpus_sentences(args.split))
    if not corpus:
        sys.exit(f"no corpus sentences for split {args.split!r}: run from the repository root")
    by_word = collections.defaultdict(list)
    for i, (_, _, words) in enumerate(corpus):
        for w in words:
            by_word[w].append(i)

    close = 0
    worst = 0.0
    for place, text, words in training_lines(files):
        shared = collections.Counter(i for w in words for i in by_word.get(w, ()))
        best, at = max(
            ((n / len(words | corpus[i][2]), i) for i, n in shared.items()), default=(0.0, None)
        )
        worst = max(worst, best)
        if best >= args.threshold:
            close += 1
            print(f"{best:.2f} {place}: {text}\n     {corpus[at][0]}: {corpus[at][1]}")
    print(f"{close} training lines at {args.threshold} or closer to a {args.split} corpus sentence;"
          f" the closest at {worst:.2f}", file=sys.stderr)
    if args.fail_at is not None and worst >= args.fail_at:
        sys.exit(1)


if __name__ == "__main__":
    main()
