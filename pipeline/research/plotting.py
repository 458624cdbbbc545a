"""Plotly figures in notebooks with nothing fetched from the network.

Plotly's own notebook renderer embeds plotly.js but still loads MathJax from a CDN in every figure, and its
"connected" modes load plotly.js itself from one. ``OfflineFigures.show`` writes each figure as the plotly
JSON mimetype (JupyterLab, VS Code) plus HTML for the classic notebook and static viewers, with plotly.js
embedded in the first figure only (the later ones use it from the page) and no MathJax.
Needs the ``notebooks`` extra (plotly, IPython).
"""

from __future__ import annotations

import json
from typing import Any

PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"


class OfflineFigures:
    """Shows plotly figures offline; one per notebook (it remembers whether plotly.js was embedded)."""

    def __init__(self) -> None:
        self.embedded_ = False

    def bundle(self, fig: Any) -> dict[str, Any]:
        """The output's data: plotly JSON and self-contained HTML."""
        html = fig.to_html(full_html=False, include_plotlyjs=not self.embedded_, include_mathjax=False,
                           default_width="100%", default_height=480, validate=False)
        self.embedded_ = True
        return {PLOTLY_MIMETYPE: json.loads(fig.to_json(validate=False)), "text/html": html}

    def show(self, fig: Any) -> None:
        from IPython.display import display

        display(self.bundle(fig), raw=True)
