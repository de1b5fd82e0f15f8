"""bench/server.py's report: the table of figures per server, the ratios, and the targets.

Ratios are chatgui's figure over another server's (miniircd, the floor relay), history over
none (chatgui over chatgui-nohistory) and TLS over plain (chatgui-tls over chatgui: the same
room, joined over TLS), for every row where a ratio means something.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.scenarios import Figures, Settings

RATIOS = (
    ("chatgui", "miniircd"),
    ("chatgui", "miniircd-nodelay"),
    ("chatgui", "floor"),
    ("chatgui", "chatgui-nohistory"),
    ("chatgui-tls", "chatgui"),
)
"""(numerator, denominator) server pairs, each a ratio column when both ran."""


RESULTS = Path(__file__).resolve().parent / "results"
"""Where benchmarks keep what they found (committed, and cited by the closing notes)."""


class Said:
    """A benchmark's output: each line printed as it comes and kept, so the whole can be
    written to bench/results/ at the end. It starts with the script, the time and the label,
    then the Python and the machine's load (figures are read against it), then `notes`."""

    def __init__(self, script: str, label: str, *notes: str) -> None:
        self.label = label
        load = os.getloadavg()[0]
        self.lines = [
            f"{script} {time.strftime('%Y-%m-%d %H:%M:%S %Z')} {label}".rstrip(),
            f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {load:.2f}",
            *notes,
            "",
        ]
        for text in self.lines:
            print(text)

    def __call__(self, text: str) -> None:
        print(text, flush=True)
        self.lines.append(text)

    def keep(self, stem: str) -> None:
        """With a label, write everything said to bench/results/<stem>-<date>-<label>.txt."""
        if not self.label:
            return
        RESULTS.mkdir(exist_ok=True)
        name = f"{stem}-{time.strftime('%Y%m%d')}-{self.label}.txt"
        (RESULTS / name).write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        print(f"written to bench/results/{name}")


@dataclass(frozen=True)
class Row:
    key: str  # "scenario.figure"
    label: str
    fmt: str = "{:.1f}"
    ratio: bool = True


def rows_for(s: Settings, scenarios: list[str]) -> list[Row | str]:
    out: list[Row | str] = []
    if "idle" in scenarios:
        out += [
            f"idle ({s.idle_s:g} s windows; {s.rss_clients} clients, each from its own address)",
            Row("idle.cpu0_ms", "CPU, 0 clients (ms)", "{:.2f}"),
            Row("idle.cpu0_pct", "  = % of a core", "{:.3f}", False),
            Row("idle.cpu30_ms", f"CPU, {s.idle_clients} idle clients (ms)", "{:.2f}"),
            Row("idle.cpu30_pct", "  = % of a core", "{:.3f}", False),
            Row("idle.rss0_kb", "RSS at start (KB)", "{:.0f}"),
            Row("idle.rss_n_kb", f"RSS with {s.rss_clients} clients (KB)", "{:.0f}"),
            Row("idle.rss_per_client_kb", "RSS per idle client, 0->N (KB)", "{:.2f}"),
            Row("idle.rss_marginal_kb", f"RSS per client, {s.idle_clients}->N (KB)", "{:.2f}"),
            Row("idle.cpu_n_ms", f"CPU, {s.rss_clients} idle clients (ms)", "{:.2f}"),
            Row("idle.cpu_n_pct", "  = % of a core", "{:.3f}", False),
            Row("idle.threads_n", "threads with N clients", "{:.0f}", False),
            Row("idle.addresses", "client source addresses", "{:.0f}", False),
            Row("idle.failed", "clients that failed to join", "{:.0f}", False),
        ]
    traffic = [
        Row("{}.sent", "messages sent", "{:.0f}"),
        Row("{}.msgs_per_s", "messages/s sent (all senders)", "{:.1f}"),
        Row("{}.writer_msgs_per_s", "messages/s per writer", "{:.1f}"),
        Row("{}.delivered", "deliveries", "{:.0f}"),
        Row("{}.deliveries_per_s", "deliveries/s", "{:.0f}"),
        Row("{}.lost", "lost", "{:.0f}", False),
        Row("{}.dup", "duplicated", "{:.0f}", False),
        Row("{}.reordered", "reordered", "{:.0f}", False),
        Row("{}.corrupt", "corrupt payloads", "{:.0f}", False),
        Row("{}.p50_ms", "latency p50 (ms)", "{:.3f}"),
        Row("{}.p99_ms", "latency p99 (ms)", "{:.3f}"),
        Row("{}.max_ms", "latency max (ms)", "{:.3f}"),
        Row("{}.cpu_us_per_delivery", "server CPU-us per delivery", "{:.2f}"),
        Row("{}.server_cpu_pct", "server CPU (% of a core)", "{:.0f}"),
        Row("{}.gen_cpu_pct", "generator CPU (% of a core)", "{:.0f}", False),
        Row("{}.failed", "clients that failed to join", "{:.0f}", False),
    ]
    if "classroom" in scenarios:
        out.append(
            f"classroom ({s.classroom_clients} clients x 1 msg/s x {s.classroom_s:g} s, one room)"
        )
        out += [
            Row(r.key.format("classroom"), r.label, r.fmt, r.ratio)
            for r in traffic
            if "writer_msgs" not in r.key
        ]
    if "fanout" in scenarios:
        for n in s.fanout_sizes:
            for w in s.fanout_writers:
                out.append(
                    f"fanout{n}-{w}w ({n} clients, {w} writer(s) as fast as a window of "
                    f"{s.window} lets them, {s.max_per_sender} msgs each or {s.fanout_s:g} s)"
                )
                key = f"fanout{n}-{w}w"
                out += [Row(r.key.format(key), r.label, r.fmt, r.ratio) for r in traffic]
    if "paced" in scenarios:
        n = max(s.fanout_sizes)
        out.append(
            f"paced{n} ({n} clients, {s.fanout_senders} senders x {s.paced_rate:g} msg/s each, "
            f"{s.fanout_s:g} s: the same load on every server)"
        )
        out += [
            Row(r.key.format(f"paced{n}"), r.label, r.fmt, r.ratio)
            for r in traffic
            if "writer_msgs" not in r.key
        ]
    if "storm" in scenarios:
        out += [
            f"storm ({s.storm} connections at once: connect -> 001; seed: -> its join notice)",
            Row("storm.ok", "registered", "{:.0f}", False),
            Row("storm.addresses", "client source addresses", "{:.0f}", False),
            Row("storm.p50_ms", "registration p50 (ms)", "{:.1f}"),
            Row("storm.p99_ms", "registration p99 (ms)", "{:.1f}"),
            Row("storm.max_ms", "registration max (ms)", "{:.1f}"),
            Row("storm.within_150ms", "registered within 150 ms", "{:.0f}", False),
            Row("storm.ListenOverflows", "kernel: accept queue overflows", "{:.0f}", False),
            Row("storm.TCPSynRetrans", "kernel: SYN retransmits", "{:.0f}", False),
        ]
    if "joins" in scenarios:
        for n in s.join_counts:
            out += [
                f"joins{n} ({n} connections at once: connect -> [TLS handshake] -> 001)",
                Row(f"joins{n}.ok", "registered", "{:.0f}", False),
                Row(f"joins{n}.p50_ms", "registration p50 (ms)", "{:.1f}"),
                Row(f"joins{n}.all_ms", "until all registered (ms)", "{:.1f}"),
                Row(f"joins{n}.server_cpu_ms", "server CPU (ms)", "{:.1f}"),
                Row(f"joins{n}.cpu_ms_per_join", "server CPU per join (ms)", "{:.3f}"),
                Row(f"joins{n}.gen_cpu_ms", "generator CPU (ms)", "{:.1f}", False),
                Row(f"joins{n}.ListenOverflows", "kernel: accept queue overflows", "{:.0f}", False),
                Row(f"joins{n}.TCPSynRetrans", "kernel: SYN retransmits", "{:.0f}", False),
            ]
    return out


STORM_P99_MS = 80
"""The issue's storm target for chatgui: 500 registrations at once, p99 at most this."""
RSS_PER_CLIENT_KB = 2
"""The issue's memory target for chatgui: RSS per idle client at most this."""
HISTORY_P99_COST = 0.05
"""The issue's history target: classroom p99 with history at most this much above without."""


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def number(value: object) -> float | None:
    """A figure as a float, or None when it is missing or a "> N ms" string."""
    return float(value) if isinstance(value, int | float) else None


def targets(
    results: dict[str, Figures], s: Settings, scenarios: list[str]
) -> list[tuple[str, str, str]]:
    """(target, chatgui's figure, PASS/MISS/n/a) for the issue's goals, for chatgui and
    chatgui-nohistory each: ratios to miniircd and the floor relay of the same run, and the
    absolute targets for the storm and memory."""
    out: list[tuple[str, str, str]] = []
    mini = results.get("miniircd", {})
    like_for_like = results.get("miniircd-nodelay", {})
    floor = results.get("floor", {})
    traffic = ["classroom"] if "classroom" in scenarios else []
    if "fanout" in scenarios:
        traffic += [f"fanout{n}-{w}w" for n in s.fanout_sizes for w in s.fanout_writers]
    if "paced" in scenarios:
        traffic.append(f"paced{max(s.fanout_sizes)}")
    for name in ("chatgui", "chatgui-nohistory"):
        cg = results.get(name)
        if cg is None:
            continue
        lost_keys = [k for k in cg if k.endswith((".lost", ".failed", ".gen_dropped"))]
        if lost_keys:
            total = sum(int(cg[k] or 0) for k in lost_keys)
            parts = ", ".join(f"{k}={cg[k]}" for k in sorted(lost_keys) if cg[k])
            out.append(
                (f"{name}: 0 lost everywhere", f"{total} ({parts or 'none'})", verdict(total == 0))
            )
        for scen in traffic:
            key = f"{scen}.cpu_us_per_delivery"
            v, m, f = number(cg.get(key)), number(mini.get(key)), number(floor.get(key))
            out.append(
                (
                    f"{name}: {scen} CPU/delivery <= miniircd's ({fmt_value(m, '{:.2f}')} us)",
                    fmt_value(v, "{:.2f} us"),
                    verdict(None if v is None or m is None else v <= m),
                )
            )
            n = number(like_for_like.get(key))
            if v is not None and n:  # not a target: what the same loop costs with NODELAY
                out.append(
                    (
                        f"{name}: {scen} CPU/delivery, beside miniircd-nodelay's"
                        f" ({fmt_value(n, '{:.2f}')} us)",
                        fmt_value(v, "{:.2f} us"),
                        f"{v / n:.2f}x",
                    )
                )
            out.append(
                (
                    f"{name}: {scen} CPU/delivery <= 2x the floor's ({fmt_value(f, '{:.2f}')} us)",
                    fmt_value(v, "{:.2f} us"),
                    verdict(None if v is None or f is None else v <= 2 * f),
                )
            )
        if "classroom" in scenarios:
            v, m = number(cg.get("classroom.p99_ms")), number(mini.get("classroom.p99_ms"))
            out.append(
                (
                    f"{name}: classroom p99 <= miniircd's ({fmt_value(m, '{:.3f}')} ms)",
                    fmt_value(v, "{:.3f} ms"),
                    verdict(None if v is None or m is None else v <= m),
                )
            )
        if "storm" in scenarios:
            raw = cg.get("storm.p99_ms")
            v = number(raw)
            out.append(
                (
                    f"{name}: storm of {s.storm}, p99 <= {STORM_P99_MS} ms",
                    fmt_value(raw, "{:.1f} ms"),
                    verdict(None if raw is None else v is not None and v <= STORM_P99_MS),
                )
            )
        if "idle" in scenarios:
            v = number(cg.get("idle.rss_per_client_kb"))
            out.append(
                (
                    f"{name}: RSS per idle client <= {RSS_PER_CLIENT_KB} KB",
                    fmt_value(v, "{:.2f} KB"),
                    verdict(None if v is None else v <= RSS_PER_CLIENT_KB),
                )
            )
            for key, label in (("idle.cpu0_ms", "0"), ("idle.cpu_n_ms", str(s.rss_clients))):
                v = number(cg.get(key))
                out.append(
                    (
                        f"{name}: idle CPU 0 ({label} clients; < 1 ms in {s.idle_s:g} s)",
                        fmt_value(v, "{:.3f} ms"),
                        verdict(None if v is None else v < 1.0),
                    )
                )
    if "classroom" in scenarios:
        with_h = number(results.get("chatgui", {}).get("classroom.p99_ms"))
        without = number(results.get("chatgui-nohistory", {}).get("classroom.p99_ms"))
        if with_h is not None and without:
            out.append(
                (
                    f"history costs classroom p99 < {HISTORY_P99_COST:.0%} (noisy: history_ab)",
                    f"{with_h / without - 1:+.1%}",
                    verdict(with_h <= without * (1 + HISTORY_P99_COST)),
                )
            )
    return out


def fmt_value(value: object, fmt: str) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    return fmt.format(value)


def table(results: dict[str, Figures], names: list[str], s: Settings, scenarios: list[str]) -> str:
    ratio_cols = [(a, b) for a, b in RATIOS if a in names and b in names]
    header = ["metric", *names, *[f"{a}/{b}" for a, b in ratio_cols]]
    lines: list[list[str]] = []
    for row in rows_for(s, scenarios):
        if isinstance(row, str):
            lines.append([f"== {row}"])
            continue
        cells = [row.label]
        for name in names:
            cells.append(fmt_value(results.get(name, {}).get(row.key), row.fmt))
        for top, bottom in ratio_cols:
            a = results.get(top, {}).get(row.key)
            b = results.get(bottom, {}).get(row.key)
            if row.ratio and isinstance(a, int | float) and isinstance(b, int | float) and b:
                cells.append(f"{a / b:.2f}x")
            else:
                cells.append("")
        lines.append(cells)
    widths = [len(h) for h in header]
    for cells in lines:
        if len(cells) > 1:
            widths = [max(w, len(c)) for w, c in zip(widths, cells, strict=True)]
    out = [
        "  ".join(
            h.rjust(w) if i else h.ljust(w)
            for i, (h, w) in enumerate(zip(header, widths, strict=True))
        )
    ]
    out.append("  ".join("-" * w for w in widths))
    for cells in lines:
        if len(cells) == 1:
            out.append(cells[0])
        else:
            out.append(
                "  ".join(
                    c.rjust(w) if i else c.ljust(w)
                    for i, (c, w) in enumerate(zip(cells, widths, strict=True))
                )
            )
    goals = targets(results, s, scenarios)
    if goals:
        out += ["", "targets for chatgui (from the issue)"]
        width = max(len(g[0]) for g in goals)
        vwidth = max(len(g[1]) for g in goals)
        out += [f"  {g[0].ljust(width)}  {g[1].rjust(vwidth)}  {g[2]}" for g in goals]
    brief = summary(results, names, s, scenarios)
    if brief:
        out += ["", "in the issue's shape (markdown)", "", *brief]
    return "\n".join(out)


def _cell(f: Figures, scen: str, parts: tuple[tuple[str, str], ...]) -> str:
    """The figures `parts` ((key, format), ...) of scenario `scen`, joined, then what went
    wrong (lost, failed) so a figure is never read without it."""
    shown = [fmt_value(f.get(f"{scen}.{key}"), fmt) for key, fmt in parts]
    shown = [f"{x} ms" if x.startswith(">") else x for x in shown]  # "> 30000": timed out
    if all(x == "-" for x in shown):
        return "-"
    text = ", ".join(shown)
    for key, word in (("lost", "lost"), ("failed", "failed")):
        n = number(f.get(f"{scen}.{key}"))
        if n:
            text += f" ({n:,.0f} {word})"
    return text


def summary(
    results: dict[str, Figures], names: list[str], s: Settings, scenarios: list[str]
) -> list[str]:
    """The run as the issue's table has it: a row per case, a column per server."""
    rows: list[tuple[str, str, tuple[tuple[str, str], ...]]] = []
    if "classroom" in scenarios:
        rows.append(
            (
                f"classroom {s.classroom_clients} x 1 msg/s: latency p50, p99",
                "classroom",
                (("p50_ms", "{:.2f}"), ("p99_ms", "{:.2f} ms")),
            )
        )
        rows.append(
            (
                "classroom: server CPU per delivery",
                "classroom",
                (("cpu_us_per_delivery", "{:.1f} us"),),
            )
        )
    if "fanout" in scenarios:
        for n in s.fanout_sizes:
            for w in s.fanout_writers:
                rows.append(
                    (
                        f"fanout {n}, {w} writer(s): deliveries/s, CPU per delivery",
                        f"fanout{n}-{w}w",
                        (("deliveries_per_s", "{:,.0f}/s"), ("cpu_us_per_delivery", "{:.2f} us")),
                    )
                )
    if "paced" in scenarios:
        n = max(s.fanout_sizes)
        rows.append(
            (
                f"paced {n}, {s.fanout_senders} x {s.paced_rate:g} msg/s: CPU per delivery",
                f"paced{n}",
                (("cpu_us_per_delivery", "{:.2f} us"),),
            )
        )
    if "idle" in scenarios:
        rows.append(
            (
                f"{s.rss_clients} idle clients: RSS per client, CPU in {s.idle_s:g} s",
                "idle",
                (("rss_per_client_kb", "{:.1f} KB"), ("cpu_n_ms", "{:.2f} ms")),
            )
        )
    if "storm" in scenarios:
        rows.append((f"storm of {s.storm} registrations: p99", "storm", (("p99_ms", "{:.0f} ms"),)))
    if not rows:
        return []
    lines = ["| case | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for label, scen, parts in rows:
        cells = [_cell(results.get(name, {}), scen, parts) for name in names]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines
