#!/usr/bin/env python3
"""Training sentences too close to an evaluation sentence.

The offline engine's models learn from src/engine/offline/data/*.tsv; the corpus in
tests/corpus measures them. A training line that says what a corpus text says makes the
measurement flatter the engine, so each training line, whole and sentence by sentence, is
compared with every corpus question, whole and sentence by sentence, and with every sentence
of the corpus drafts (a sentence ends at . ! ? or at a line break, so note bullets count one
each); the close pairs are printed.

Closeness is the Jaccard overlap of the two texts' content words: the words left once the
grammar words, contractions and the frame every question shares ("tell me about a time")
are taken out. "Design a URL shortener." and "How would you design a URL shortener?" score
1.0; two questions that share only the frame score 0. Texts of fewer than 3 content words
("it made a big difference") are compared only for being the same words in the same order,
which scores 1.0 when they say anything beyond the frame ("Why now?", not "What did you do?").

    scripts/corpus-overlap.py                       # report pairs at 0.6 or more
    scripts/corpus-overlap.py --fail-at 0.6         # and exit 1 when there is one (CI)
    scripts/corpus-overlap.py --split test new.tsv  # check new lines against the test split

A training file has one `label<TAB>text` line per example; `#` lines and blank lines are
skipped, and any other line without a tab is an error naming it.
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
    than then that this these those it its is are was were be been being am do did does
    done have has had having i me my mine we us our you your he him his she her they them
    their there here what which who whom whose when where why how all any some no not can
    could would should will shall may might must just also very really too more most much
    many one time tell give example describe walk through talk share like look respond
    happened next""".split()
)
CONTRACTION = re.compile(r"(n't|'s|'m|'ve|'d|'ll|'re)$")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]\u201d\u2019]*\s+|\s*\n+\s*(?:[-*\u2022]\s+)?")
# Texts with fewer content words than this are matched only word for word.
MIN_WORDS = 3


def words(text):
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def content(text):
    stems = (CONTRACTION.sub("", w) for w in words(text))
    return frozenset(w for w in stems if w and w not in FRAME)


def pieces(text):
    """The text whole, and each of its sentences when it has more than one."""
    parts = [p for p in SENTENCE_END.split(text) if p and p.strip()]
    return [text] + (parts if len(parts) > 1 else [])


def corpus_texts(split):
    pattern = "tests/corpus/*.jsonl" if split == "all" else f"tests/corpus/*.{split}.jsonl"
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                case = json.loads(line)
                # A training line is a question or a sentence: questions are compared whole
                # and by sentence, drafts by sentence (a whole draft is never close to one).
                for text in pieces(case.get("question") or ""):
                    yield f"{path}:{number}", text
                draft = pieces(case.get("draft") or "")
                for text in draft[1:] or draft:
                    yield f"{path}:{number}", text


def training_lines(path):
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            if "\t" not in line:
                sys.exit(f"{path}:{number}: expected `label<TAB>text`")
            yield f"{path}:{number}", line.rstrip("\n").split("\t", 1)[1]


class Corpus:
    def __init__(self, texts):
        self.texts = []
        self.exact = {}
        self.by_word = collections.defaultdict(list)
        for place, text in texts:
            words_in_order = " ".join(words(text))
            self.exact.setdefault(words_in_order, (place, text))
            bag = content(text)
            if len(bag) >= MIN_WORDS:
                for w in bag:
                    self.by_word[w].append(len(self.texts))
                self.texts.append((place, text, bag))

    def closest(self, text):
        """The best score of any piece of `text` against any corpus text, and that text."""
        best = (0.0, (None, None))
        for piece in pieces(text):
            bag = content(piece)
            # Word for word, as long as it says anything beyond the frame ("Why now?" does,
            # "What did you do?" does not).
            same = self.exact.get(" ".join(words(piece)))
            if same and bag:
                return 1.0, same
            if len(bag) < MIN_WORDS:
                continue
            shared = collections.Counter(i for w in bag for i in self.by_word.get(w, ()))
            for i, n in shared.items():
                score = n / len(bag | self.texts[i][2])
                if score > best[0]:
                    best = (score, self.texts[i][:2])
        return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="training files (default: the engine's data)")
    parser.add_argument("--split", default="all", choices=["all", "dev", "test"])
    parser.add_argument("--threshold", type=float, default=0.6, help="print pairs this close")
    parser.add_argument("--fail-at", type=float, help="exit 1 when a pair is this close")
    args = parser.parse_args()
    files = args.files or sorted(glob.glob("src/engine/offline/data/*.tsv"))
    if not files:
        sys.exit("no training files: run from the repository root, or name the files")

    corpus = Corpus(corpus_texts(args.split))
    if not corpus.texts:
        sys.exit(f"no corpus texts for split {args.split!r}: run from the repository root")
    shown = min(args.threshold, args.fail_at if args.fail_at is not None else args.threshold)

    checked = close = 0
    worst = 0.0
    for path in files:
        for place, text in training_lines(path):
            checked += 1
            score, (at, like) = corpus.closest(text)
            worst = max(worst, score)
            if score >= shown:
                close += 1
                print(f"{score:.2f} {place}: {text}\n     {at}: {like}")
    if checked == 0:
        sys.exit("no training lines in " + ", ".join(files))
    print(f"{close} of {checked} training lines at {shown} or closer to a {args.split} corpus"
          f" text; the closest at {worst:.2f}", file=sys.stderr)
    if args.fail_at is not None and worst >= args.fail_at:
        sys.exit(1)


if __name__ == "__main__":
    main()
