"""Print a varied list of URLs, one a line, for building ``amp_reference.json``.

Run: python tests/data/amp_reference_hosts.py | node tests/data/amp_reference.js > tests/data/amp_reference.json
(with ``npm install @ampproject/toolbox-cache-url@2.10.1`` and NODE_PATH naming its node_modules).
"""

import random

rng = random.Random(20261128)
ASCII = "abcdefghijklmnopqrstuvwxyz0123456789"
WORDS = ["news", "reuters", "bbc", "le-monde", "a", "ab", "x1", "mobile", "amp", "www", "cdn", "m"]
UNICODE = [
    "bücher",
    "müller",
    "пример",
    "例子",
    "مثال",
    "דוגמה",
    "ελληνικά",
    "😀",
    "☃",
    "日本語",
    "ñandú",
    "éa",
]
TLDS = ["com", "de", "org", "co.uk", "рф", "中国", "إختبار", "io", "news"]


def ascii_label() -> str:
    n = rng.choice([1, 2, 3, 5, 8, 20, 40, 60])
    body = "".join(rng.choice(ASCII) for _ in range(n))
    if n > 2 and rng.random() < 0.4:
        i = rng.randrange(1, n - 1)
        body = body[:i] + "-" * rng.choice([1, 2]) + body[i + 1 :]
    return body


def label() -> str:
    r = rng.random()
    if r < 0.35:
        return rng.choice(WORDS)
    if r < 0.7:
        return ascii_label()
    return rng.choice(UNICODE) + rng.choice(["", "-" + rng.choice(WORDS), str(rng.randrange(99))])


def host() -> str:
    labels = [label() for _ in range(rng.choice([1, 1, 2, 2, 3, 4]))] + [rng.choice(TLDS)]
    name = ".".join(labels)
    if rng.random() < 0.2:
        name = "".join(c.upper() if rng.random() < 0.5 else c for c in name)
    if rng.random() < 0.2:
        name = ".".join(
            "xn--" + part.encode("punycode").decode() if not part.isascii() else part
            for part in name.lower().split(".")
        )
    return name


SPECIAL = [
    "ab-c.com",
    "ab--c.com",
    "xn--bcher-kva.de",
    "a.b",
    "a-b.c.com",
    "abc.مثال.com",
    "مثال.إختبار",
    "😀.example.com",
    "Bücher.de",
    "0-ab.com",
    "a" * 58 + ".com",
    "a" * 59 + ".com",
    "ü" * 58 + ".de",
    "ü" * 30 + ".de",
    "😀" * 30 + ".de",
    "😀" * 31 + ".de",
]
# Emoji and other non-ASCII letters beside "-" and "--", where the encoding is easiest to get wrong.
MIXED = [
    "😀-news.com",
    "news-😀.com",
    "😀--x.com",
    "x--😀.com",
    "ab--😀.org",
    "😀😀--😀.com",
    "x-😀-y.com",
    "ü-b--c.de",
    "bü--cher.de",
    "日本-語.jp",
    "日本--語.jp",
    "пример-😀.рф",
    "a-😀.b-😀.com",
    "☃--☃.net",
    "é-é--é.fr",
    "xn--ls8h-news.com",
]
PATHS = [
    "",
    "/",
    "/a/b",
    "/news/2019/story-1",
    "/article/amp/idUSKBN1Y60MN",
    "/x?y=1",
    "/p#top",
    "/a/b?amp=1&x=y",
]

urls = [f"https://{h}/" for h in SPECIAL] + [f"http://{h}/x" for h in SPECIAL[:4]]
urls += [f"https://{h}/a" for h in MIXED]
for _ in range(400):
    urls.append(f"{rng.choice(['https', 'https', 'http'])}://{host()}{rng.choice(PATHS)}")
print("\n".join(urls))
