"""bench/server.py's report: the table of figures per server, the ratios, and the targets.

Ratios are chatgui's figure over another server's (miniircd, ngIRCd), and TLS over plain
(chatgui-tls over chatgui: the same room, joined over TLS), for every row where a ratio means
something.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.server import Figures, Settings

RATIOS = (("chatgui", "miniircd"), ("chatgui", "ngircd"), ("chatgui-tls", "chatgui"))
"""(numerator, denominator) server pairs, each a ratio column when both ran."""


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
            f"idle ({s.idle_s:g} s windows; {s.rss_clients} clients for memory)",
            Row("idle.cpu0_ms", "CPU, 0 clients (ms)", "{:.2f}"),
            Row("idle.cpu0_pct", "  = % of a core", "{:.3f}", False),
            Row("idle.cpu30_ms", f"CPU, {s.idle_clients} idle clients (ms)", "{:.2f}"),
            Row("idle.cpu30_pct", "  = % of a core", "{:.3f}", False),
            Row("idle.rss0_kb", "RSS at start (KB)", "{:.0f}"),
            Row("idle.rss_n_kb", f"RSS with {s.rss_clients} clients (KB)", "{:.0f}"),
            Row("idle.rss_per_client_kb", "RSS per idle client, 0->N (KB)", "{:.2f}"),
            Row("idle.rss_marginal_kb", f"RSS per client, {s.idle_clients}->N (KB)", "{:.2f}"),
            Row("idle.threads_n", "threads with N clients", "{:.0f}", False),
            Row("idle.failed", "clients that failed to join", "{:.0f}", False),
        ]
    traffic = [
        Row("{}.sent", "messages sent", "{:.0f}"),
        Row("{}.msgs_per_s", "messages/s sent (all senders)", "{:.1f}"),
        Row("{}.sender_rate_late", "msgs/s per sender, 2nd half", "{:.1f}"),
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
            if "sender_rate" not in r.key
        ]
    if "fanout" in scenarios:
        for n in s.fanout_sizes:
            out.append(
                f"fanout{n} ({n} clients, {s.fanout_senders} senders as fast as delivered, "
                f"window {s.window}, {s.fanout_s:g} s, <= {s.max_per_sender} msgs each)"
            )
            out += [Row(r.key.format(f"fanout{n}"), r.label, r.fmt, r.ratio) for r in traffic]
    if "paced" in scenarios:
        n = max(s.fanout_sizes)
        out.append(
            f"paced{n} ({n} clients, {s.fanout_senders} senders x {s.paced_rate:g} msg/s each, "
            f"{s.fanout_s:g} s: the same load on every server)"
        )
        out += [Row(r.key.format(f"paced{n}"), r.label, r.fmt, r.ratio) for r in traffic]
    if "storm" in scenarios:
        out += [
            f"storm ({s.storm} connections at once: connect -> 001; seed: -> its join notice)",
            Row("storm.ok", "registered", "{:.0f}", False),
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


def targets(
    results: dict[str, Figures], s: Settings, scenarios: list[str]
) -> list[tuple[str, str, str]]:
    """(target, chatgui's figure, PASS/MISS/n/a) for the issue's goals."""
    cg = results.get("chatgui", {})
    mini = results.get("miniircd", {})
    ng = results.get("ngircd", {})
    out: list[tuple[str, str, str]] = []

    def verdict(ok: bool | None) -> str:
        return "n/a" if ok is None else ("PASS" if ok else "MISS")

    lost_keys = [k for k in cg if k.endswith((".lost", ".failed", ".gen_dropped"))]
    if lost_keys:
        total = sum(int(cg[k] or 0) for k in lost_keys)
        parts = ", ".join(f"{k}={cg[k]}" for k in sorted(lost_keys) if cg[k])
        out.append(
            ("0 lost in every scenario", f"{total} ({parts or 'none'})", verdict(total == 0))
        )
    if "idle" in scenarios:
        # "0": under 1 ms of CPU in the whole window (no periodic wake-ups worth counting).
        for key, label in (
            ("idle.cpu0_ms", "0 clients"),
            ("idle.cpu30_ms", f"{s.idle_clients} clients"),
        ):
            v = cg.get(key)
            out.append(
                (
                    f"idle CPU 0 ({label}; < 1 ms in {s.idle_s:g} s)",
                    fmt_value(v, "{:.3f} ms"),
                    verdict(None if v is None else float(v) < 1.0),
                )
            )
        v = cg.get("idle.rss_per_client_kb")
        out.append(
            (
                "RSS per idle client <= 4 KB",
                fmt_value(v, "{:.2f} KB"),
                verdict(None if v is None else float(v) <= 4),
            )
        )
    if "classroom" in scenarios:
        for server, label in (("chatgui", ""), ("chatgui-tls", " (TLS)")):
            if server not in results:
                continue
            v = results[server].get("classroom.p99_ms")
            out.append(
                (
                    f"classroom p99 <= 2 ms{label}",
                    fmt_value(v, "{:.3f} ms"),
                    verdict(None if v is None else float(v) <= 2),
                )
            )
    for scen in [f"fanout{n}" for n in s.fanout_sizes if "fanout" in scenarios] + (
        [f"paced{max(s.fanout_sizes)}"] if "paced" in scenarios else []
    ):
        key = f"{scen}.cpu_us_per_delivery"
        v, m, n = cg.get(key), mini.get(key), ng.get(key)
        ok_m = None if v is None or m is None else float(v) <= float(m)
        ok_n = None if v is None or n is None else float(v) <= 2 * float(n)
        ok = None if ok_m is None and ok_n is None else (ok_m is not False and ok_n is not False)
        out.append(
            (
                f"{scen} CPU-us/delivery <= miniircd ({fmt_value(m, '{:.2f}')})"
                f" and <= 2x ngIRCd ({fmt_value(n, '{:.2f}')})",
                fmt_value(v, "{:.2f} us"),
                verdict(ok),
            )
        )
    if "storm" in scenarios:
        v = cg.get("storm.p99_ms")
        out.append(
            (
                "storm p99 <= 150 ms",
                fmt_value(v, "{:.1f} ms"),
                verdict(None if v is None else isinstance(v, int | float) and v <= 150),
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
    return "\n".join(out)
