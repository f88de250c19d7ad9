"""Trains the AI noise reduction of Processor(ans="ai") from scratch (issue 14):
a small recurrent network that maps the log energies of 32 bands of each 10 ms
frame to 32 band gains, the way cpp/src/audio/ans/ai_suppressor.cpp runs it.

Data (offline; nothing from bench/audio_speech.py, whose CMU ARCTIC, pyannote
and alsa-utils talkers are kept for evaluation):
  speech  real recordings from Debian packages: the spoken stamp descriptions of
          tuxpaint-stamps-default (volunteers in about ten languages) and the
          spoken letters and syllables of klettres-data (about twenty languages),
          the clips with a noise floor less than 30 dB below their speech left
          out; and espeak-ng's English voices and their +m/+f variants reading
          the license texts in /usr/share/common-licenses, at random pitch and speed
  noise   white, pink, brown, randomly coloured, babble of 6-12 streams of the
          speech above (clips kept apart from the target talkers' clips), hum
          with harmonics, fans (modulated low-passed noise), keyboard-like
          clicks, and synthetic music (harmonic notes)
Mixtures: 2 s sequences at SNR -5..20 dB (10% clean, 5% noise alone), speech
at -45..-15 dBFS, half of it through a random room (RT60 0.1-0.6 s; the target
is the reverberant speech), a random spectral tilt, five of six batches at
16 kHz and one at 48 kHz (features in Hz are the same at every rate).

Target: per band sqrt(clean / noisy energy) clipped to 1; loss: squared error
of the gains' square roots, 1 + --over times as heavy where the network
suppresses more than the target (over-suppression costs speech, STOI).

    apt-get install espeak-ng tuxpaint-stamps-default klettres-data
    python -m pip install ".[train]"
    nice -n 10 python tools/train_ns.py    # writes tools/models/audio/ai_ns.npz
        # the shipped model: data 80 s, 4000 steps in 74 min (XLA single-threaded,
        # XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1",
        # on the 2-core machine shared with another training)
    python tools/ns_export.py                           # rewrites cpp/src/audio/ans/ai_ns_weights.cpp
"""

from __future__ import annotations

import argparse
import glob
import os
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy.io import wavfile
from scipy.signal import fftconvolve, lfilter, resample_poly

ROOT = Path(__file__).resolve().parents[1]
CHECKPOINT = ROOT / "tools" / "models" / "audio" / "ai_ns.npz"
BANDS = 32
TOP_HZ = 8000.0
HIDDEN = 96  # the input layer and each GRU (ai_ns_weights.h's kHidden)
EPS = 1e-12  # features: log10(band power / N^2 + EPS)


# --- the features the library computes (ai_suppressor.cpp) ----------------------
def band_centres() -> np.ndarray:
    """32 centres evenly spaced on the mel scale from 0 to 8 kHz."""
    c = 700.0 * np.expm1(np.linspace(0.0, np.log1p(TOP_HZ / 700.0), BANDS))
    c[-1] = TOP_HZ
    return c


def fft_size(hop: int) -> int:
    n = 32
    while n < 2 * hop:
        n *= 2
    return n


def band_weights(rate: int) -> tuple[np.ndarray, np.ndarray]:
    """(W, G): W[b, k] the triangular weight of bin k in band b (bins below
    8 kHz), G[k, b] the interpolation of band gains to bin k (above 8 kHz the
    top band's gain)."""
    hop = rate // 100
    n = fft_size(hop)
    bins = n // 2 + 1
    c = band_centres()
    w = np.zeros((BANDS, bins))
    g = np.zeros((bins, BANDS))
    for k in range(bins):
        f = k * rate / n
        if f >= c[-1]:
            g[k, -1] = 1.0
            continue
        b = int(np.searchsorted(c, f, side="right") - 1)
        frac = (f - c[b]) / (c[b + 1] - c[b])
        w[b, k] += 1 - frac
        w[b + 1, k] += frac
        g[k, b] += 1 - frac
        g[k, b + 1] += frac
    return w, g


def stft_power(x: np.ndarray, rate: int) -> np.ndarray:
    """Power of each frame's spectrum as Stft::analyze computes it: the window
    of the last two hops (sine), zero-padded to fft_size. x: (..., T*hop)."""
    hop = rate // 100
    n = fft_size(hop)
    win = np.sin(np.pi * (np.arange(2 * hop) + 0.5) / (2 * hop))
    frames = x.shape[-1] // hop
    pad = np.concatenate([np.zeros(x.shape[:-1] + (hop,)), x[..., : frames * hop]], axis=-1)
    idx = np.arange(frames)[:, None] * hop + np.arange(2 * hop)[None, :]
    spec = np.fft.rfft(pad[..., idx] * win, n=n, axis=-1)
    return (spec.real**2 + spec.imag**2).astype(np.float32)


def band_energy(power: np.ndarray, rate: int) -> np.ndarray:
    w, _ = band_weights(rate)
    n = 2 * (rate // 100)
    return (power @ (w / w.sum(axis=1, keepdims=True)).T.astype(np.float32)) / float(n * n)


def features(energy: np.ndarray) -> np.ndarray:
    return np.log10(energy + EPS)


# --- speech --------------------------------------------------------------------
def sentences(rng) -> list[str]:
    text = " ".join(p.read_text(errors="ignore") for p in sorted(Path("/usr/share/common-licenses").glob("*"))
                    if p.is_file())
    words = [w for w in text.replace("\n", " ").split() if w.isascii() and any(ch.isalpha() for ch in w)]
    out = []
    i = 0
    while i < len(words) - 20:
        n = int(rng.integers(6, 18))
        out.append(" ".join(words[i: i + n]))
        i += n
    return out


def espeak_voices() -> list[str]:
    base = ["en", "en-us", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp", "en-gb-x-gbcwmd", "en-029"]
    variants = ["", "+m1", "+m2", "+m3", "+m4", "+m5", "+m6", "+m7", "+f1", "+f2", "+f3", "+f4", "+f5"]
    return [b + v for b in base for v in variants]


def make_speech(count: int, rng) -> list[np.ndarray]:
    """`count` espeak-ng utterances at 16 kHz, silence trimmed, float32."""
    texts = sentences(rng)
    voices = espeak_voices()
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        wav = os.path.join(tmp, "u.wav")
        for i in range(count):
            cmd = ["espeak-ng", "-v", voices[int(rng.integers(len(voices)))], "-p", str(int(rng.integers(15, 85))),
                   "-s", str(int(rng.integers(120, 200))), "-w", wav, texts[int(rng.integers(len(texts)))]]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            r, x = wavfile.read(wav)
            x = x.astype(np.float32) / 32768.0
            x = resample_poly(x, 320, 441).astype(np.float32) if r == 22050 else x
            out += trimmed(x)
    return out


PACKAGE_SPEECH = ["/usr/share/tuxpaint/stamps/**/*_desc*.ogg", "/usr/share/klettres/**/*.ogg"]


def quiet_floor_db(x: np.ndarray) -> float:
    """How far a clip's quietest 5% of 10 ms frames lie below its loudest third."""
    e = np.sort(np.mean(x[: len(x) // 160 * 160].reshape(-1, 160) ** 2, axis=1)) + 1e-12
    return float(10 * np.log10(np.mean(e[-len(e) // 3:]) / np.mean(e[: max(3, len(e) // 20)])))


def package_speech() -> list[np.ndarray]:
    """The real recordings of PACKAGE_SPEECH at 16 kHz, silence trimmed, float32,
    in file order; clips with an audible noise floor are left out."""
    import soundfile

    out = []
    for f in sorted({f for pattern in PACKAGE_SPEECH for f in glob.glob(pattern, recursive=True)}):
        x, rate = soundfile.read(f, dtype="float32", always_2d=True)
        x = x.mean(axis=1)
        g = np.gcd(rate, 16000)
        x = resample_poly(x, 16000 // g, rate // g).astype(np.float32) if rate != 16000 else x
        out += trimmed(x) if len(x) >= 1600 and quiet_floor_db(x) >= 30.0 else []
    return out


def trimmed(x: np.ndarray) -> list[np.ndarray]:
    """[x without its leading and trailing silence, at a fixed RMS], or [] when under 0.5 s."""
    # silence: below -60 dBFS, or 50 dB below the peak of a clip recorded hotter than -10 dBFS
    nz = np.flatnonzero(np.abs(x) > 1e-3 * max(1.0, float(np.abs(x).max()) / 0.3))
    if len(nz) == 0 or nz[-1] - nz[0] < 8000:
        return []
    x = x[nz[0]: nz[-1] + 1]
    return [x / (np.sqrt(np.mean(x**2)) + 1e-9) * 0.05]


def speech_stream(utts: list[np.ndarray], seconds: float, rng) -> np.ndarray:
    """Utterances in random order with random pauses, 16 kHz."""
    parts, n = [], 0
    while n < seconds * 16000:
        u = utts[int(rng.integers(len(utts)))] * 10 ** (rng.uniform(-6, 6) / 20)
        gap = np.zeros(int(rng.uniform(0.05, 1.2) * 16000), np.float32)
        parts += [u, gap]
        n += len(u) + len(gap)
    return np.concatenate(parts)


# --- noise ---------------------------------------------------------------------
def coloured(n: int, rng, slope_db_per_oct: float) -> np.ndarray:
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.maximum(np.arange(len(spec)), 1.0)
    spec *= f ** (slope_db_per_oct / 20 / np.log10(2))
    return np.fft.irfft(spec, n)


def random_shape(n: int, rng) -> np.ndarray:
    """White noise under a random smooth spectral envelope."""
    spec = np.fft.rfft(rng.standard_normal(n))
    knots = rng.uniform(-20, 20, 8)
    env = np.interp(np.linspace(0, 7, len(spec)), np.arange(8), knots)
    return np.fft.irfft(spec * 10 ** (env / 20), n)


def hum(n: int, rate: int, rng) -> np.ndarray:
    t = np.arange(n) / rate
    f0 = rng.choice([50.0, 60.0, 100.0, 120.0]) * rng.uniform(0.99, 1.01)
    x = sum(rng.uniform(0.1, 1) / k * np.sin(2 * np.pi * f0 * k * t + rng.uniform(0, 6.3)) for k in range(1, 12))
    return x + 0.05 * coloured(n, rng, -3)


def fan(n: int, rate: int, rng) -> np.ndarray:
    x = lfilter([1.0], [1.0, -rng.uniform(0.8, 0.99)], rng.standard_normal(n))
    t = np.arange(n) / rate
    return x * (1 + 0.3 * np.sin(2 * np.pi * rng.uniform(0.5, 8) * t))


def clicks(n: int, rate: int, rng) -> np.ndarray:
    x = 0.02 * rng.standard_normal(n)
    for pos in np.cumsum(rng.exponential(rate * rng.uniform(0.08, 0.3), 400)).astype(int):
        if pos >= n - rate // 50:
            break
        m = int(rate * rng.uniform(0.003, 0.015))
        burst = rng.standard_normal(m) * np.exp(-np.arange(m) / (m / 4)) * rng.uniform(0.3, 3)
        x[pos: pos + m] += lfilter([1, -rng.uniform(-0.9, 0.9)], [1], burst)
    return x


def music(n: int, rate: int, rng) -> np.ndarray:
    x = np.zeros(n)
    t0 = 0
    while t0 < n:
        dur = int(rate * rng.uniform(0.1, 0.8))
        for _ in range(int(rng.integers(1, 4))):
            f0 = 110 * 2 ** (int(rng.integers(0, 36)) / 12)
            t = np.arange(min(dur * 2, n - t0)) / rate
            note = sum(rng.uniform(0.2, 1) / k * np.sin(2 * np.pi * f0 * k * t) for k in range(1, 8) if f0 * k < rate / 2)
            x[t0: t0 + len(t)] += note * np.exp(-t * rng.uniform(1, 6))
        t0 += dur
    return x


def babble(utts, n: int, rng) -> np.ndarray:
    x = np.zeros(n)
    for _ in range(int(rng.integers(6, 13))):
        x += speech_stream(utts, n / 16000 + 1, rng)[:n] * rng.uniform(0.5, 1.5)
    return x


def noise(kind: str, n: int, rate: int, babble_utts, rng) -> np.ndarray:
    if kind == "white":
        x = rng.standard_normal(n)
    elif kind == "pink":
        x = coloured(n, rng, -3)
    elif kind == "brown":
        x = coloured(n, rng, -6)
    elif kind == "shaped":
        x = random_shape(n, rng)
    elif kind == "babble":
        m = -(-n * 16000 // rate)
        x = babble(babble_utts, m, rng)
        x = resample_poly(x, rate // 16000, 1)[:n] if rate != 16000 else x
    elif kind == "hum":
        x = hum(n, rate, rng)
    elif kind == "fan":
        x = fan(n, rate, rng)
    elif kind == "clicks":
        x = clicks(n, rate, rng)
    else:
        x = music(n, rate, rng)
    return x / (np.sqrt(np.mean(x**2)) + 1e-12)


NOISE_KINDS = ["white", "pink", "brown", "shaped", "shaped", "babble", "hum", "fan", "clicks", "music"]


def room(rate: int, rng) -> np.ndarray:
    """A random room response: a direct path and an exponentially decaying tail
    (RT60 0.1-0.6 s), so reverberant speech is speech too."""
    rt60 = rng.uniform(0.1, 0.6)
    n = int(rt60 * rate)
    t = np.arange(n) / rate
    h = rng.standard_normal(n) * np.exp(-6.9 * t / rt60)
    h[: int(0.002 * rate)] = 0.0
    h *= 10 ** (-rng.uniform(0, 15) / 20) / np.sqrt(np.sum(h**2))  # direct-to-reverberant ratio 0..15 dB
    h[0] = 1.0
    return h


def active_rms(x: np.ndarray, rate: int) -> float:
    hop = rate // 100
    e = np.mean(x[: len(x) // hop * hop].reshape(-1, hop) ** 2, axis=1)
    act = e > 10 ** (-4) * e.max()
    return float(np.sqrt(np.mean(e[act]))) if act.any() else 1e-9


def noise_pool(babble_utts, rate: int, clips: int, seconds: float, rng) -> list[np.ndarray]:
    """`clips` clips of every kind (float32, unit RMS), made once: the batches cut pieces from them."""
    n = int(seconds * rate)
    return [noise(kind, n, rate, babble_utts, rng).astype(np.float32) for kind in NOISE_KINDS for _ in range(clips)]


def pick_noise(pool: list[np.ndarray], n: int, rng) -> np.ndarray:
    clip = pool[int(rng.integers(len(pool)))]
    start = int(rng.integers(0, len(clip) - n + 1))
    x = clip[start: start + n].astype(np.float64)
    return x / (np.sqrt(np.mean(x**2)) + 1e-12)


def make_batch(speech_utts, pool, batch: int, frames: int, rate: int, rng):
    """(noisy features, target gains, mask), each (batch, frames, BANDS), float32;
    pool: noise_pool() at this rate."""
    n = frames * rate // 100
    clean, noisy = np.zeros((batch, n)), np.zeros((batch, n))
    for i in range(batch):
        s = speech_stream(speech_utts, frames / 100 + 0.5, rng)
        start = int(rng.integers(0, len(s) - frames * 160))
        s = s[start: start + frames * 160].astype(np.float64)
        if rate != 16000:
            s = resample_poly(s, rate // 16000, 1)[:n]
        if rng.uniform() < 0.5:
            s = fftconvolve(s, room(rate, rng))[:n]
        roll = rng.uniform()
        level = 10 ** (rng.uniform(-45, -15) / 20)
        s *= level / active_rms(s, rate)
        if roll < 0.05:
            s *= 0.0
            v = pick_noise(pool, n, rng) * level
        elif roll < 0.15:
            v = np.zeros(n)
        else:
            snr = rng.uniform(-5, 20)
            v = pick_noise(pool, n, rng) * level * 10 ** (-snr / 20)
        a = rng.uniform(-0.6, 0.6)  # a microphone's tilt, on speech and noise alike
        s, v = lfilter([1, a], [1], s), lfilter([1, a], [1], v)
        mix = s + v
        peak = np.abs(mix).max()
        if peak > 0.99:
            s, mix = s * 0.99 / peak, mix * 0.99 / peak
        mix = np.round(mix * 32768) / 32768  # the bench feeds int16
        clean[i], noisy[i] = s, mix
    ec = band_energy(stft_power(clean, rate), rate)
    en = band_energy(stft_power(noisy, rate), rate)
    target = np.clip(np.sqrt(ec / np.maximum(en, 1e-20)), 0, 1)
    mask = (en > 1e-13).astype(np.float32)
    target = np.where(mask > 0, target, 1.0)
    return features(en).astype(np.float32), target.astype(np.float32), mask


# --- the network -----------------------------------------------------------------
def init_params(rng, hidden: int):
    def dense(cin, cout):
        return {"w": rng.uniform(-1, 1, (cin, cout)).astype(np.float32) * np.sqrt(3.0 / cin),
                "b": np.zeros(cout, np.float32)}

    def gru(cin, n):
        return {"wx": rng.uniform(-1, 1, (cin, 3 * n)).astype(np.float32) * np.sqrt(3.0 / cin),
                "bx": np.zeros(3 * n, np.float32),
                "wh": rng.uniform(-1, 1, (n, 3 * n)).astype(np.float32) * np.sqrt(3.0 / n),
                "bh": np.zeros(3 * n, np.float32)}

    return {"in": dense(BANDS, hidden), "gru1": gru(hidden, hidden), "gru2": gru(hidden, hidden),
            "out": dense(2 * hidden, BANDS)}


def forward(params, x, mean, std):
    """x: (B, T, BANDS) log energies -> gains (B, T, BANDS)."""
    import jax
    import jax.numpy as jnp

    def cell(p, h, gx):
        gh = h @ p["wh"] + p["bh"]
        n = h.shape[-1]
        r = jax.nn.sigmoid(gx[..., :n] + gh[..., :n])
        z = jax.nn.sigmoid(gx[..., n: 2 * n] + gh[..., n: 2 * n])
        c = jnp.tanh(gx[..., 2 * n:] + r * gh[..., 2 * n:])
        return (1 - z) * c + z * h

    a = jnp.tanh(((x - mean) / std) @ params["in"]["w"] + params["in"]["b"])
    g1x = a @ params["gru1"]["wx"] + params["gru1"]["bx"]

    def step(carry, gx1):
        h1, h2 = carry
        h1 = cell(params["gru1"], h1, gx1)
        h2 = cell(params["gru2"], h2, h1 @ params["gru2"]["wx"] + params["gru2"]["bx"])
        return (h1, h2), jnp.concatenate([h1, h2], axis=-1)

    b = x.shape[0]
    hidden = params["gru1"]["wh"].shape[0]
    h0 = (jnp.zeros((b, hidden)), jnp.zeros((b, hidden)))
    _, hs = jax.lax.scan(step, h0, jnp.swapaxes(g1x, 0, 1))
    hs = jnp.swapaxes(hs, 0, 1)
    return jax.nn.sigmoid(hs @ params["out"]["w"] + params["out"]["b"])


def loss_fn(params, x, t, m, mean, std, over_weight):
    import jax.numpy as jnp

    g = forward(params, x, mean, std)
    d = jnp.sqrt(g + 1e-6) - jnp.sqrt(t + 1e-6)
    over = jnp.minimum(d, 0.0)  # g below the target
    return jnp.sum(m * (d**2 + over_weight * over**2)) / jnp.sum(m)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=4000)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--frames", type=int, default=200)
    ap.add_argument("--utterances", type=int, default=600, help="espeak-ng utterances besides the real speech")
    ap.add_argument("--over", type=float, default=0.5, help="extra weight of over-suppression in the loss")
    ap.add_argument("--minutes", type=float, default=0, help="stop training after this many minutes (0: no limit)")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--out", type=Path, default=CHECKPOINT)
    ap.add_argument("--hidden", type=int, default=HIDDEN, help="GRU width (the library's is HIDDEN)")
    args = ap.parse_args()

    import jax
    import jax.numpy as jnp
    import optax

    t_start = time.time()
    rng = np.random.default_rng(args.seed)
    speech_utts, babble_utts = [], []
    for utts in (package_speech(), make_speech(args.utterances, rng)):
        order = rng.permutation(len(utts))
        cut = len(utts) * 4 // 5  # babble talks other clips than the target
        speech_utts += [utts[i] for i in order[:cut]]
        babble_utts += [utts[i] for i in order[cut:]]
        print(f"speech: {len(utts)} clips, {sum(map(len, utts)) / 16000 / 60:.1f} min, "
              f"{time.time() - t_start:.0f} s", flush=True)

    pools = {16000: noise_pool(babble_utts, 16000, 12, 8.0, rng), 48000: noise_pool(babble_utts, 48000, 4, 6.0, rng)}
    print(f"noise pools: {time.time() - t_start:.0f} s", flush=True)
    # Normalisation constants from a few training batches.
    xs = np.concatenate([make_batch(speech_utts, pools[16000], 16, 300, 16000, rng)[0].reshape(-1, BANDS)
                         for _ in range(4)])
    mean = xs.mean(axis=0).astype(np.float32)
    std = (xs.std(axis=0) + 1e-3).astype(np.float32)

    params = jax.tree_util.tree_map(jnp.asarray, init_params(rng, args.hidden))
    sched = optax.cosine_decay_schedule(2e-3, args.steps, alpha=0.05)
    opt = optax.chain(optax.clip_by_global_norm(1.0), optax.adam(sched))
    state = opt.init(params)

    @jax.jit
    def train_step(params, state, x, t, m):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, t, m, mean, std, args.over)
        updates, state = opt.update(grads, state, params)
        return optax.apply_updates(params, updates), state, loss

    t_train = time.time()
    run = 0.0
    for step in range(args.steps):
        rate = 48000 if step % 6 == 5 else 16000
        x, t, m = make_batch(speech_utts, pools[rate], args.batch, args.frames, rate, rng)
        params, state, loss = train_step(params, state, x, t, m)
        run = 0.98 * run + 0.02 * float(loss) if step else float(loss)
        if step % 50 == 0 or step == args.steps - 1:
            print(f"step {step:5d}  loss {run:.4f}  {time.time() - t_train:.0f} s", flush=True)
        if args.minutes and time.time() - t_train > args.minutes * 60:
            print(f"time limit at step {step}", flush=True)
            break
        if step % 500 == 499:
            save(params, mean, std, args.out)
    save(params, mean, std, args.out)
    print(f"training {time.time() - t_train:.0f} s, total {time.time() - t_start:.0f} s; wrote {args.out}")


def save(params, mean, std, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    flat = {"mean": mean, "std": std}
    for layer, p in params.items():
        for k, v in p.items():
            flat[f"{layer}_{k}"] = np.asarray(v, np.float32)
    np.savez(path, **flat)


if __name__ == "__main__":
    main()
