#!/usr/bin/env python3
"""Derives static/words-en.txt, the English word list of scenario G (real text), once.

Reproducible from a pinned package: wordfreq 3.1.1 from PyPI is installed into a temporary
directory (pip install --target, nothing touches the system), its English 'large' list is read
through wordfreq's own API, filtered, and written with integer counts. The header of the output
records the package version and the SHA-256 of the data file inside the package, so a rerun can
be checked byte for byte:

    python3 scripts/derive-words.py            # writes static/words-en.txt
    python3 scripts/derive-words.py --check    # fails if the committed file differs

Selection (stated again in the file's header):
  * wordfreq.get_frequency_dict("en", wordlist="large"), in wordfreq's order: most frequent
    first; wordfreq quantizes frequencies to centibels, so runs of words share one frequency and
    wordfreq orders each run alphabetically;
  * keep a word iff it matches ^[a-z]{2,15}$ or is "a" or "i" (ASCII lowercase letters only: no
    apostrophes, digits, hyphens or accents; the other single letters are dropped, being mostly
    tokenizer fragments and initials such as the "s" of "it's");
  * the first K = 25000 words kept;
  * count = round(1e9 * frequency): occurrences per billion tokens (>= 1 by construction here).

Licence: wordfreq's code is Apache-2.0; its data is CC BY-SA 4.0, so the derived list is
CC BY-SA 4.0 too (see static/words-en.LICENSE.txt).
"""

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile

PACKAGE = "wordfreq"
VERSION = "3.1.1"
LANG = "en"
WORDLIST = "large"
K = 25000
WORD = re.compile(r"^[a-z]{2,15}$")
SINGLE = {"a", "i"}
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "static", "words-en.txt")


def install(target):
    subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "--no-input", "--root-user-action=ignore", "--target", target, f"{PACKAGE}=={VERSION}",
        ],
        check=True,
    )


def derive(target):
    sys.path.insert(0, target)
    import importlib.metadata as metadata

    import wordfreq

    version = metadata.version(PACKAGE)
    if version != VERSION:
        raise SystemExit(f"expected {PACKAGE} {VERSION}, imported {version}")
    data_file = os.path.join(os.path.dirname(wordfreq.__file__), "data", f"{WORDLIST}_{LANG}.msgpack.gz")
    with open(data_file, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()

    kept = []
    for word, freq in wordfreq.get_frequency_dict(LANG, wordlist=WORDLIST).items():
        if WORD.match(word) or word in SINGLE:
            kept.append((word, round(freq * 1e9)))
            if len(kept) == K:
                break
    if len(kept) != K:
        raise SystemExit(f"only {len(kept)} words pass the filter")
    if any(c < 1 for _, c in kept):
        raise SystemExit("a count rounds to 0")
    if any(b[1] > a[1] for a, b in zip(kept, kept[1:])):
        raise SystemExit("counts are not in rank order")

    header = [
        f"# words-en.txt: the {K} most frequent English words, for infoloop's scenario G (real text).",
        f"# source: {PACKAGE} {VERSION} (https://pypi.org/project/{PACKAGE}/{VERSION}/), "
        f'get_frequency_dict("{LANG}", wordlist="{WORDLIST}")',
        f"# data file: wordfreq/data/{WORDLIST}_{LANG}.msgpack.gz, sha256 {digest}",
        "# licence: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/), as wordfreq's data;",
        "#   (c) Robyn Speer and the sources wordfreq credits; see words-en.LICENSE.txt next to this file.",
        "# derived by: scripts/derive-words.py (rerun it to reproduce this file byte for byte)",
        "# filter: ^[a-z]{2,15}$ or one of \"a\", \"i\"; the first 25000 in wordfreq's order",
        "#   (most frequent first; equal frequencies, which wordfreq quantizes to centibels, alphabetical)",
        "# count: round(1e9 * frequency), occurrences per billion tokens",
        "# format: lines starting with '#' are comments; then one word per line in rank order.",
        "#   'word<TAB>count' gives the word and its count; a bare 'word' has the count of the line",
        "#   before (the first word has a count). Counts never increase down the list.",
    ]
    lines = []
    previous = None
    for word, count in kept:
        lines.append(word if count == previous else f"{word}\t{count}")
        previous = count
    return "\n".join(header + lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as target:
        install(target)
        text = derive(target)
    if args.check:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                raise SystemExit(f"{OUT} differs from a fresh derivation")
        print(f"{OUT}: up to date")
        return
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {OUT}: {len(text.encode())} bytes")


if __name__ == "__main__":
    main()
