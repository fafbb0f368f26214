#!/usr/bin/env python3
"""Writes the export bench corpus: N multi-page Markdown documents (default 20) mixing Latin, Cyrillic,
Greek, Chinese, Japanese and Korean text, tables, code, lists and footnotes. Deterministic (fixed seed).
Usage: bench/export-corpus.py [OUT_DIR] [N]"""
import random
import sys
from pathlib import Path

out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/results/export-corpus")
count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
rng = random.Random(20261124)

SENTENCES = [
    "The quarterly review covers revenue, hiring and the infrastructure budget for the next two quarters.",
    "Each team lead confirmed the figures below against the ledger before the board meeting.",
    "Съешь же ещё этих мягких французских булок, да выпей чаю: отчёт готов к проверке.",
    "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία, και ο προϋπολογισμός εγκρίθηκε χωρίς αλλαγές.",
    "本季度的收入增长了百分之十二，团队规模保持稳定，基础设施成本略有下降。",
    "今四半期の売上は前年同期比で増加し、新しいサーバーの導入も予定どおり完了しました。",
    "이번 분기 매출은 전년 대비 증가했으며 인프라 비용은 예산 범위 안에서 관리되었습니다.",
    "Risks are tracked weekly; the two open items are vendor lock-in and the on-call rotation ✓.",
]
CODE = '''```python
def monthly_cost(hours, rate, overhead=0.15):
    """Cost of a workload for one month, overhead included."""
    base = hours * rate
    return round(base * (1 + overhead), 2)

for team, hours in {"search": 310, "billing": 120}.items():
    print(team, monthly_cost(hours, 0.42))
```'''


def paragraph():
    return " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(3, 6)))


def table(rows):
    lines = ["| Team | Region | Headcount | Budget (k€) | Status |", "|---|---|---:|---:|---|"]
    for i in range(rows):
        lines.append(f"| team-{i + 1} | {rng.choice(['EU', 'US', 'APAC', '東京', 'Москва'])} | {rng.randint(3, 60)} "
                     f"| {rng.randint(50, 900)} | {rng.choice(['on track', 'at risk', 'done', '進行中'])} |")
    return "\n".join(lines)


def document(n):
    parts = [f"---\ntitle: Operations report {n:02d}\nauthor: Keel bench\ndate: 2026-11-{(n % 28) + 1:02d}\n---\n",
             f"# Operations report {n:02d}\n", paragraph() + "\n"]
    for s in range(1, 7):
        parts.append(f"## Section {s}: {rng.choice(['Revenue', 'Hiring', 'Infrastructure', 'Риски', 'Σχέδιο', '予算'])}\n")
        for _ in range(rng.randint(2, 4)):
            parts.append(paragraph() + "\n")
        if s % 2 == 0:
            parts.append(table(rng.randint(15, 40)) + "\n")
        if s % 3 == 0:
            parts.append(CODE + "\n")
        parts.append("\n".join(f"- {rng.choice(SENTENCES)[:70]}" for _ in range(4)) + "\n")
        parts.append("### Notes\n\n1. First follow-up for the next review.\n2. Second follow-up[^n" + str(s) + "].\n")
        parts.append(f"[^n{s}]: Footnote for section {s}.\n")
        if s == 3:
            parts.append("<!-- pagebreak -->\n")
    return "\n".join(parts)


out.mkdir(parents=True, exist_ok=True)
for n in range(1, count + 1):
    (out / f"report-{n:02d}.md").write_text(document(n), encoding="utf-8")
print(f"wrote {count} documents to {out}")
