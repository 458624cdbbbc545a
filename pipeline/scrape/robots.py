"""robots.txt, read with protego (RFC 9309) from a response we fetched (and archived).

protego applies the longest matching rule (Allow wins a tie), understands the ``*`` and ``$`` wildcards
and reads ``Crawl-delay`` and ``Sitemap:`` lines; the standard library's parser takes the first matching
rule and knows no wildcards, so it both over- and under-blocks on real portals.
"""

from __future__ import annotations

from dataclasses import dataclass

from protego import Protego


@dataclass
class Robots:
    parser: Protego | None  # None: no robots.txt (4xx) -> everything allowed
    disallow_all: bool = False  # the server failed on robots.txt (5xx, unreachable): fetch nothing
    reason: str = ""

    def allowed(self, user_agent: str, url: str) -> bool:
        if self.disallow_all:
            return False
        return True if self.parser is None else self.parser.can_fetch(url, user_agent)

    def crawl_delay(self, user_agent: str) -> float | None:
        if self.parser is None:
            return None
        value = self.parser.crawl_delay(user_agent)
        return float(value) if value is not None else None

    @property
    def sitemaps(self) -> list[str]:
        """The ``Sitemap:`` lines, in file order."""
        return [] if self.parser is None else list(self.parser.sitemaps)


def from_response(outcome: str, status: int | None, body: bytes) -> Robots:
    """RFC 9309: 4xx means no rules; 5xx or no answer means assume everything is disallowed."""
    if outcome == "ok" and status == 200:
        return Robots(Protego.parse(body.decode("utf-8", errors="replace")))
    if status is not None and 400 <= status < 500:
        return Robots(None)
    return Robots(None, disallow_all=True, reason=f"robots.txt unavailable ({outcome}, status {status})")
