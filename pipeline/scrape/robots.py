"""robots.txt, read with the standard library's parser from a response we fetched (and archived)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.robotparser import RobotFileParser


@dataclass
class Robots:
    parser: RobotFileParser | None  # None: no robots.txt (4xx) -> everything allowed
    disallow_all: bool = False  # the server failed on robots.txt (5xx, unreachable): fetch nothing
    reason: str = ""

    def allowed(self, user_agent: str, url: str) -> bool:
        if self.disallow_all:
            return False
        return True if self.parser is None else self.parser.can_fetch(user_agent, url)

    def crawl_delay(self, user_agent: str) -> float | None:
        if self.parser is None:
            return None
        value = self.parser.crawl_delay(user_agent)
        return float(value) if value is not None else None


def from_response(outcome: str, status: int | None, body: bytes) -> Robots:
    """RFC 9309: 4xx means no rules; 5xx or no answer means assume everything is disallowed."""
    if outcome == "ok" and status == 200:
        parser = RobotFileParser()
        parser.parse(body.decode("utf-8", errors="replace").splitlines())
        return Robots(parser)
    if status is not None and 400 <= status < 500:
        return Robots(None)
    return Robots(None, disallow_all=True, reason=f"robots.txt unavailable ({outcome}, status {status})")
