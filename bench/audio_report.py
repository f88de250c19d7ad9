"""Tables and the issue's bars (PASS/FAIL) of the audio benchmark, from its result rows."""

from __future__ import annotations

import math

import numpy as np

ANCHORS = ("speexdsp", "webrtc")


def fmt(v, spec: str = ".2f") -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if isinstance(v, float) and math.isinf(v):
        return "never"
    return format(v, spec)


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    print(f"\n{title}")
    for r in [header, *rows]:
        print("  ".join(str(x).rjust(w) if i else str(x).ljust(w) for i, (x, w) in enumerate(zip(r, widths))))


def _edge_delta(row: dict, key: str, procs: list[str]) -> str:
    """edgeav minus the better of speexdsp and WebRTC on this row (positive: edgeav ahead)."""
    anchors = [row[a][key] for a in ANCHORS if a in procs and not math.isnan(row[a][key])]
    if "edgeav" not in procs or not anchors:
        return "-"
    return fmt(row["edgeav"][key] - max(anchors), "+.2f")


# --- tables --------------------------------------------------------------------
def print_ans(rows: list[dict], procs: list[str], mos: bool) -> None:
    head = ["scene", "input"] + procs + ["edge-best"]
    table("ANS: PESQ-WB of the noisy input, each processor's gain over it, and edgeav's minus the better of "
          "speexdsp/WebRTC (edge-best)",
          head, [[r["scene"], fmt(r["input"]["pesq"])] + [fmt(r[p]["d_pesq"], "+.2f") for p in procs]
                 + [_edge_delta(r, "d_pesq", procs)] for r in rows])
    table("ANS: STOI of the noisy input, and each processor's change",
          head[:-1], [[r["scene"], fmt(r["input"]["stoi"], ".3f")] + [fmt(r[p]["d_stoi"], "+.3f") for p in procs]
                      for r in rows])
    if mos:
        table("ANS: DNSMOS OVRL of the noisy input, and each processor's change",
              head[:-1], [[r["scene"], fmt(r["input"]["dnsmos"]["ovrl_mos"])]
                          + [fmt(r[p]["d_dnsmos_ovrl"], "+.2f") for p in procs] for r in rows])


def print_ai_bars(rows: list[dict], procs: list[str], mos: bool) -> list[dict]:
    """Issue 14's bars for the AI noise reduction (edgeav-ai) on white, pink and
    babble at 0/5/10 dB, scene by scene; returns them (also for the JSON)."""
    if "edgeav-ai" not in procs:
        return []
    rows = [r for r in rows if r["noise"] in ("white", "pink", "babble") and r["snr_db"] in (0, 5, 10)]
    bars = []

    def bar(name: str, fails: list[str], detail: str) -> None:
        bars.append({"bar": name, "ok": not fails, "fails": fails, "detail": detail})

    low = [r for r in rows if r["snr_db"] in (0, 5)]
    if "edgeav" in procs:
        bar("PESQ gain >= classic + 0.1 (0, 5 dB)",
            [r["scene"] for r in low if r["edgeav-ai"]["d_pesq"] < r["edgeav"]["d_pesq"] + 0.1],
            "margin min " + fmt(min(r["edgeav-ai"]["d_pesq"] - r["edgeav"]["d_pesq"] - 0.1 for r in low), "+.2f"))
    if "rnnoise" in procs:
        bar("PESQ gain >= RNNoise (0, 5 dB)",
            [r["scene"] for r in low if r["edgeav-ai"]["d_pesq"] < r["rnnoise"]["d_pesq"]],
            "margin min " + fmt(min(r["edgeav-ai"]["d_pesq"] - r["rnnoise"]["d_pesq"] for r in low), "+.2f"))
    babble = [r for r in rows if r["noise"] == "babble"]
    bar("PESQ gain >= 0 on babble", [r["scene"] for r in babble if r["edgeav-ai"]["d_pesq"] < 0],
        "min " + fmt(min(r["edgeav-ai"]["d_pesq"] for r in babble), "+.2f"))
    bar("STOI >= input - 0.01", [r["scene"] for r in rows if r["edgeav-ai"]["d_stoi"] < -0.01],
        "min " + fmt(min(r["edgeav-ai"]["d_stoi"] for r in rows), "+.3f"))
    if mos and "rnnoise" in procs:
        for noise in ("white", "babble"):
            at5 = [r for r in rows if r["noise"] == noise and r["snr_db"] == 5]
            ai = float(np.mean([r["edgeav-ai"]["dnsmos"]["ovrl_mos"] for r in at5]))
            rn = float(np.mean([r["rnnoise"]["dnsmos"]["ovrl_mos"] for r in at5]))
            bar(f"DNSMOS OVRL at 5 dB {noise} >= RNNoise (mean of talkers)", [] if ai >= rn else [noise],
                f"ai {ai:.2f}, rnnoise {rn:.2f}")
    table("Issue 14 AI noise reduction bars (edgeav-ai; white, pink, babble at 0/5/10 dB)",
          ["bar", "holds", "detail", "fails"],
          [[b["bar"], "yes" if b["ok"] else "NO", b["detail"], ", ".join(b["fails"][:6])
            + (f" (+{len(b['fails']) - 6})" if len(b["fails"]) > 6 else "")] for b in bars])
    return bars


def print_aec(rows: list[dict], procs: list[str], mos: bool) -> None:
    st = [r for r in rows if r["kind"] == "st"]
    dt = [r for r in rows if r["kind"] == "dt"]
    ch = [r for r in rows if r["kind"] == "change"]
    delay = ["edgeav delay est/true ms"] if "edgeav" in procs else []
    table("AEC far-end single talk: ERLE dB (2 s to end, echo-active frames; anchors told the delay;\n"
          "limit = ERLE of removing the echo exactly, capped by the room noise)",
          ["scene", "limit"] + procs + ["edge-best"] + delay,
          [[r["scene"], fmt(r["erle_limit_db"], ".1f")] + [fmt(r[p]["erle_db"], ".1f") for p in procs]
           + [_edge_delta(r, "erle_db", procs)]
           + ([f"{fmt(r['edgeav'].get('delay_est_ms'), '.1f')}/{r['true_delay_ms']:.1f}"] if delay else [])
           for r in st])
    table("AEC double talk: PESQ-WB of the output against the clean near end (from 6 s)",
          ["scene", "input"] + procs + ["edge-speex"],
          [[r["scene"], fmt(r["input"]["pesq"])] + [fmt(r[p]["pesq"]) for p in procs]
           + [fmt(r["edgeav"]["pesq"] - r["speexdsp"]["pesq"], "+.2f") if {"edgeav", "speexdsp"} <= set(procs)
              else "-"] for r in dt])
    table("AEC echo-path change at 10 s: re-convergence s (250 ms ERLE stays > 20 dB) / median ERLE before",
          ["scene"] + procs,
          [[r["scene"]] + [f"{fmt(r[p]['reconverge_s'])} / {fmt(r[p]['erle_before_db'], '.1f')}" for p in procs]
           for r in ch])
    if mos:
        table("AECMOS echo / degradation MOS (speechmos; higher is better)",
              ["scene", "input"] + procs,
              [[r["scene"]] + [f"{fmt(r[p]['aecmos']['echo_mos'])}/{fmt(r[p]['aecmos']['deg_mos'])}"
                               for p in ["input", *procs]] for r in st + dt])


def print_agc(rows: list[dict], procs: list[str]) -> None:
    all_p = ["input", *procs]
    table("AGC: active-speech level error vs -18 dBFS after 2 s (dB; jump scenes: 2 s after the jump)",
          ["scene", "in clipped"] + all_p,
          [[r["scene"], str(r["input_clipped"])] + [fmt(r[p]["level_err_db"], "+.1f") for p in all_p] for r in rows])
    jumps = [r for r in rows if "settle_s" in r[procs[0]]] if procs else []
    table("AGC: settle time after the jump (s, until the gain on 0.5 s windows stays within 2 dB of its final value)",
          ["scene"] + procs, [[r["scene"]] + [fmt(r[p]["settle_s"]) for p in procs] for r in jumps])
    table("AGC: clipped output samples / noise-floor rise in pauses beyond the speech gain (dB)",
          ["scene"] + procs,
          [[r["scene"]] + [f"{r[p]['clipped']} / {fmt(r[p]['noise_rise_db'], '+.1f')}" for p in procs] for r in rows])
    levels = [r for r in rows if r["scene"].startswith("level/")]
    table("AGC: spread of output speech level over the input levels (max - min, dB)",
          ["processor", "spread"],
          [[p, fmt(float(np.ptp([r[p]["level_dbfs"] for r in levels])), ".1f")] for p in all_p])


def print_cpu(summary: dict, isa: dict) -> None:
    ref = summary.get("edgeav", {})
    rows = []
    for name, by_rate in summary.items():
        cells = [name + (f" [{isa[name]}]" if name in isa else "")]
        for rate in (16000, 48000):
            v = by_rate.get(rate)
            ratio = f" ({v / ref[rate]:.1f}x edgeav)" if v and ref.get(rate) and name != "edgeav" else ""
            cells.append(fmt(v, ".5f") + ratio if v is not None else "-")
        rows.append(cells)
    table("CPU seconds per audio second, whole 3A chain, one thread (rnnoise: noise suppression only)",
          ["processor", "16 kHz", "48 kHz"], rows)


# --- bars ----------------------------------------------------------------------
def _line(ok: bool | None, text: str) -> dict:
    tag = "SKIP" if ok is None else ("PASS" if ok else "FAIL")
    print(f"  {tag}  {text}")
    return {"status": tag, "text": text}


def _range(values) -> str:
    v = [x for x in values if not math.isnan(x)]
    return f"{min(v):.2f}..{max(v):.2f}" if v else "-"


def _aec_bars(rows: list[dict], anchors: list[str], have: bool) -> list[dict]:
    st = [r for r in rows if r["kind"] == "st"]
    dt = [r for r in rows if r["kind"] == "dt"]
    ch = [r for r in rows if r["kind"] == "change"]
    ref = "; ".join(f"{a} {_range([r[a]['erle_db'] for r in st])}" for a in anchors)
    if not have:
        return [_line(None, f"1 AEC (edgeav.audio not importable) [ERLE {ref}]")]
    e = [r["edgeav"]["erle_db"] for r in st]
    err = [abs(r["edgeav"].get("delay_err_ms", float("inf"))) for r in st]
    worst = min(r["edgeav"]["pesq"] - r["speexdsp"]["pesq"] for r in dt) if "speexdsp" in anchors else float("nan")
    dt_ref = "; ".join(f"{p} {_range([r[p]['pesq'] for r in dt])}" for p in ["edgeav", *anchors])
    rc = max(r["edgeav"]["reconverge_s"] for r in ch)
    return [
        _line(np.mean(e) >= 30 and min(e) >= 25,
              f"1 AEC ERLE mean {np.mean(e):.1f} dB (>= 30), min {min(e):.1f} dB (>= 25) [{ref}]"),
        _line(max(err) <= 10, f"1 AEC delay estimate worst error {max(err):.1f} ms (<= 10)"),
        _line(worst >= 0, f"1 AEC double-talk PESQ minus speexdsp's, worst scene {worst:+.2f} (>= 0) [{dt_ref}]"),
        _line(rc <= 1.5, f"1 AEC re-convergence after an echo-path change, worst {fmt(rc)} s (<= 1.5)"),
    ]


def _ans_bars(rows: list[dict], anchors: list[str], have: bool) -> list[dict]:
    if not have:
        babble = {a: _range([r[a]["d_pesq"] for r in rows if r["noise"] == "babble"]) for a in anchors}
        return [_line(None, f"2 ANS (edgeav.audio not importable) [babble PESQ gain: {babble}]")]
    # The anchors of the bar are speexdsp and WebRTC: a run without them cannot judge it.
    short = [r["scene"] for r in rows
             if anchors and r["edgeav"]["d_pesq"] < max(r[a]["d_pesq"] for a in anchors) - 1e-9]
    neg = min(r["edgeav"]["d_pesq"] for r in rows)
    ds = min(r["edgeav"]["d_stoi"] for r in rows)
    return [
        _line(not short if anchors else None, f"2 ANS PESQ gain >= the better anchor's on every scene; short on "
                                              f"{len(short)}: {', '.join(short[:6])}"),
        _line(neg >= 0, f"2 ANS PESQ gain never negative: worst {neg:+.2f}"),
        _line(ds >= -0.01, f"2 ANS STOI change worst {ds:+.3f} (>= -0.01)"),
    ]


def _agc_bars(rows: list[dict], have: bool) -> list[dict]:
    if not have:
        return [_line(None, "3 AGC (edgeav.audio not importable)")]
    errs = [abs(r["edgeav"]["level_err_db"]) for r in rows]
    settle = [r["edgeav"]["settle_s"] for r in rows if "settle_s" in r["edgeav"]]
    clip = sum(r["edgeav"]["clipped"] for r in rows)
    rise = max(r["edgeav"]["noise_rise_db"] for r in rows)
    return [
        _line(max(errs) <= 2, f"3 AGC level error worst {max(errs):.1f} dB (<= 2)"),
        _line(max(settle) <= 2, f"3 AGC settle after +/-20 dB worst {fmt(max(settle))} s (<= 2)"),
        _line(clip == 0, f"3 AGC clipped samples {clip} (0)"),
        _line(rise <= 6, f"3 AGC noise-floor rise in pauses worst {rise:+.1f} dB (<= 6)"),
    ]


def _cpu_bars(summary: dict) -> list[dict]:
    cpu = summary.get("edgeav")
    if not cpu:
        return [_line(None, "4 CPU (edgeav.audio not importable)")]
    c_only = summary.get("edgeav C-only", {})
    return [_line(cpu[16000] < 0.01 and cpu[48000] < 0.02,
                  f"4 CPU 3A {cpu[16000]:.4f} (< 0.01) at 16 kHz, {cpu[48000]:.4f} (< 0.02) at 48 kHz; "
                  f"C-only {fmt(c_only.get(16000), '.4f')} / {fmt(c_only.get(48000), '.4f')}")]


def bars(res: dict, procs: list[str]) -> list[dict]:
    print("\nIssue 5 bars (edgeav; anchors measured in this run for reference)")
    have = "edgeav" in procs
    anchors = [a for a in ANCHORS if a in procs]
    out = []
    for n, key, fn in ((1, "aec", lambda: _aec_bars(res["aec"], anchors, have)),
                       (2, "ans", lambda: _ans_bars(res["ans"], anchors, have)),
                       (3, "agc", lambda: _agc_bars(res["agc"], have)),
                       (4, "cpu_summary", lambda: _cpu_bars(res["cpu_summary"]))):
        out += fn() if key in res else [_line(None, f"{n} {key.split('_')[0].upper()} (section not run)")]
    out.append(_line(None, "5 bad input: covered by the test suite, not by this benchmark"))
    return out
