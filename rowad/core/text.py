"""Arabic normalization, Latin folding and the script-independent name keys.

One place for all of it: search, duplicate detection and imports must agree on what
"the same name" means. A *name key* is a consonant skeleton that an Arabic spelling and
its usual Maghrebi Latin transliterations share:

    محمد / Mohamed / Mohammed / Mouhamed / Muhammad  ->  "mhmd"
    بن علي / Ben Ali / Benali                         ->  "bn" "l"  (joined: "bnl")
    عبد القادر / Abdelkader / Abd El Kader             ->  "bd" "lkdr" (joined: "bdlkdr")

Vowels (Latin vowels, alif, waw, ya, taa marbuta) and the ain are dropped because
transliterations disagree on them; letter families that Maghrebi French spellings
confuse are merged (q/k/g/gh, t/th/ṭ, d/dh/ḍ, s/sh/ch/ṣ).
"""

from __future__ import annotations

import re
import unicodedata

ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
TATWEEL = "\u0640"
ARABIC_LETTER_FORMS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ک": "ك",
        "ی": "ي",
        "ڤ": "ف",
        "ڨ": "ق",
        "پ": "ب",
        "گ": "ك",
    }
)
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
ARABIC_RANGE = re.compile("[\u0600-\u06ff]")

# Arabic letter -> consonant class ("" = dropped).
ARABIC_TO_KEY = {
    "ا": "",
    "و": "",
    "ي": "",
    "ء": "",
    "ع": "",
    "ه": "h",
    "ح": "h",
    "ب": "b",
    "ت": "t",
    "ث": "t",
    "ط": "t",
    "ج": "j",
    "خ": "k",
    "د": "d",
    "ذ": "d",
    "ض": "d",
    "ظ": "d",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "s",
    "ص": "s",
    "غ": "k",
    "ف": "f",
    "ق": "k",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
}
# Latin digraphs first, then single letters.
LATIN_DIGRAPHS = [
    ("dj", "j"),
    ("tch", "s"),
    ("ch", "s"),
    ("sh", "s"),
    ("kh", "k"),
    ("gh", "k"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("ck", "k"),
    ("ou", ""),
]
LATIN_TO_KEY = {
    "a": "",
    "e": "",
    "i": "",
    "o": "",
    "u": "",
    "y": "",
    "w": "",
    "q": "k",
    "g": "k",
    "k": "k",
    "v": "f",
    "p": "b",
    "x": "ks",
}
SOFT_C = re.compile(r"c(?=[eiy])")
SCRIPT_RUNS = re.compile("[\u0600-\u06ff]+|[^\u0600-\u06ff]+")
TOKEN_SPLIT = re.compile(r"[\s\-_'’.,/]+")


def normalize_arabic(text: str) -> str:
    """Remove diacritics and tatweel and unify letter variants (hamza forms, alif maqsura,
    Persian/Maghrebi letters). Taa marbuta is kept: name keys treat it as a vowel ending,
    which folding it into ha would lose."""
    text = unicodedata.normalize("NFKC", text)
    text = ARABIC_DIACRITICS.sub("", text).replace(TATWEEL, "")
    return text.translate(ARABIC_LETTER_FORMS)


def fold_latin(text: str) -> str:
    """Lower-case, strip accents (é -> e, ï -> i), keep letters, digits and spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")


def normalize_text(text: str) -> str:
    """Normalized form for display-independent comparison and plain substring search."""
    text = normalize_arabic(fold_latin(text or "")).translate(ARABIC_DIGITS)
    return " ".join(TOKEN_SPLIT.split(text)).strip()


def is_arabic(text: str) -> bool:
    return bool(ARABIC_RANGE.search(text or ""))


def _arabic_token_key(token: str) -> str:
    # The article "ال" keeps its l (Abdelkader, Abd El Kader); a leading waw is a consonant.
    out = []
    for index, ch in enumerate(token):
        if ch == "و" and index == 0:
            out.append("")
            continue
        out.append(ARABIC_TO_KEY.get(ch, ""))
    return "".join(out)


def _latin_token_key(token: str) -> str:
    token = SOFT_C.sub("s", token)
    for digraph, replacement in LATIN_DIGRAPHS:
        token = token.replace(digraph, replacement)
    token = token.replace("c", "k")
    return "".join(LATIN_TO_KEY.get(ch, ch) for ch in token if ch.isalpha())


def _squeeze(key: str) -> str:
    return re.sub(r"(.)\1+", r"\1", key)


def token_key(token: str) -> str:
    """Consonant skeleton of one word, the same for its Arabic and Latin spellings."""
    token = normalize_text(_vowel_taa_marbuta(token))
    if not token:
        return ""
    # A token may mix scripts (a typo, "Benعلي"): key each run of one script on its own.
    raw = "".join(
        _arabic_token_key(run) if is_arabic(run) else _latin_token_key(run)
        for run in SCRIPT_RUNS.findall(token)
    )
    return _squeeze(re.sub(r"[^a-z]", "", raw))


def _vowel_taa_marbuta(text: str) -> str:
    # Taa marbuta is a vowel ending (Fatma / فاطمة).
    return text.replace("ة", "ا")


def name_tokens(text: str) -> list[str]:
    return [t for t in TOKEN_SPLIT.split(normalize_text(_vowel_taa_marbuta(text))) if t]


# Words that only make sense joined to the next one: "Ben Ali", "Abd El Kader", "Ould
# Brahim", "Ait Ahmed", "Bou Zid". Written apart or together, they are one name.
PARTICLES = frozenset(
    {
        "ben",
        "bin",
        "ibn",
        "bn",
        "بن",
        "ابن",
        "abd",
        "abdel",
        "abdal",
        "abdul",
        "عبد",
        "el",
        "al",
        "ال",
        "ould",
        "wuld",
        "ولد",
        "ait",
        "ايت",
        "اث",
        "bou",
        "bu",
        "abou",
        "abu",
        "بو",
        "ابو",
        "sidi",
        "سيدي",
        "moulay",
        "مولاي",
    }
)


def _particle_joined_keys(tokens: list[str]) -> list[str]:
    """Key each word, gluing particles to the word they introduce: ["bnl"] for "Ben Ali".
    A particle at the end stays on its own."""
    keys: list[str] = []
    pending = ""
    for token in tokens:
        key = token_key(token)
        if not key:
            continue
        if token in PARTICLES:
            pending += key
            continue
        keys.append(_squeeze(pending + key))
        pending = ""
    if pending:
        keys.append(_squeeze(pending))
    return keys


def name_keys(*names: str) -> set[str]:
    """All search keys of a person's names: one per word, each whole name joined (so
    "Benali" finds "Ben Ali" and "بن علي"), and each particle glued to the word it
    introduces ("Ould Ben Ali" is also found as "Ben Ali")."""
    keys: set[str] = set()
    for name in names:
        tokens = name_tokens(name or "")
        token_keys = [k for k in (token_key(t) for t in tokens) if k]
        keys.update(token_keys)
        if len(token_keys) > 1:
            keys.add(_squeeze("".join(token_keys)))
        for start, token in enumerate(tokens):
            if token in PARTICLES:
                keys.update(_particle_joined_keys(tokens[start:]))
    return keys


def query_keys(query: str) -> list[str]:
    """Keys a search query must all match (by prefix), word by word, particles glued to
    the next word: a lone "ben" or "el" would match a third of the registry."""
    return _particle_joined_keys(name_tokens(query))


def prefix_upper_bound(prefix: str) -> str:
    """Smallest string greater than every string that starts with `prefix` (keys are a-z),
    so a prefix search is an index range scan on any database and collation."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
