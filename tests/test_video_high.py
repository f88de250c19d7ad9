"""H.264 Constrained High profile (CABAC): every stream decodes, by FFmpeg through
PyAV, bit-exactly to the encoder's reconstruction, whatever the content, QP,
preset and real-call tool; and the stream says what it is."""
from __future__ import annotations

import io

import numpy as np
import pytest

import edgeav
from edgeav.video import Encoder, Roi
from h264_reference import decode, moving_photo
from test_video import PRESETS, encode_and_check, hostile_frames, nal_units


@pytest.mark.parametrize("preset", ["fastest", "default", "best"])
@pytest.mark.parametrize("kind", ["noise", "noise_patch", "flat", "checkerboard"])
def test_every_qp_on_hostile_content_decodes_exactly(preset, kind):
    """QP 0..51 on noise (I_PCM inside CABAC: flush, samples, restart), flat frames
    (P_Skip runs), a checkerboard (levels past the unary prefix) and a photo."""
    frames = hostile_frames(kind, 48, 32, 2)
    for qp in range(0, 52, 3):
        enc = Encoder(48, 32, rc="cqp", qp=qp, speed=preset, profile="high")
        packets, recons = [], []
        for frame in frames:
            packets.append(bytes(enc.encode(frame)))
            recons.append(enc.recon())
        decoded, problems = decode(b"".join(packets))
        assert not problems and len(decoded) == len(frames), problems
        assert all(np.array_equal(d, r) for d, r in zip(decoded, recons)), qp
        sizes = [len(p) - cabac_zero_word_bytes(p) for p in packets]  # they are not macroblock data
        assert max(sizes) <= 6 * (384 + 8) + 64, (qp, sizes)


def cabac_zero_word_bytes(packet: bytes) -> int:
    """The bytes of the cabac_zero_words (00 00 03 each, escaped) ending an access unit."""
    end = len(packet)
    while packet[end - 3 : end] == b"\0\0\3":
        end -= 3
    return len(packet) - end


@pytest.mark.parametrize("preset", PRESETS)
def test_real_video_with_roi_keyframes_and_reconfigure_decodes_exactly(preset):
    enc = Encoder(176, 144, bitrate_kbps=300, speed=preset, profile="high")
    frames = moving_photo(176, 144, 12)

    def per_frame(i):
        if i == 5:
            enc.reconfigure(bitrate_kbps=120)
        return {"force_keyframe": i == 7, "roi": [Roi(16, 16, 64, 64, -6)] if i % 3 == 1 else None}

    packets = encode_and_check(enc, frames, per_frame)
    assert [k for _, k, _ in packets] == [True] + [False] * 6 + [True] + [False] * 4


@pytest.mark.parametrize("preset", ["fast", "best"])
def test_slices_stay_within_the_limit_and_decode_exactly(preset):
    """RTP slices in CABAC: each slice restarts the contexts and the arithmetic coder."""
    frames = moving_photo(320, 240, 5)
    frames[2] = hostile_frames("noise_patch", 320, 240, 1)[0]
    enc = Encoder(320, 240, bitrate_kbps=3000, speed=preset, max_slice_bytes=800, profile="high")
    stream, recons, counts = bytearray(), [], []
    for frame in frames:
        pkt = enc.encode(frame)
        units = [u for u in nal_units(pkt) if u[0] & 0x1F in (1, 5)]
        assert all(len(u) <= 800 for u in units), [len(u) for u in units]
        counts.append(len(units))
        stream += memoryview(pkt)
        recons.append(enc.recon())
    assert min(counts) >= 2, counts
    decoded, problems = decode(bytes(stream))
    assert not problems, problems
    assert all(np.array_equal(d, r) for d, r in zip(decoded, recons))


def test_temporal_layers_ltr_and_intra_refresh_decode_exactly():
    frames = moving_photo(176, 144, 16)
    encode_and_check(Encoder(176, 144, temporal_layers=3, ltr=True, profile="high"), frames)
    encode_and_check(Encoder(176, 144, intra_refresh=True, speed="fast", profile="high"), frames)


def test_stream_says_constrained_high():
    import av

    pkt = Encoder(64, 64, profile="high").encode(np.zeros((96, 64), np.uint8))
    sps = next(u for u in nal_units(pkt) if u[0] & 0x1F == 7)
    assert sps[1] == 100 and sps[2] & 0x0C == 0x0C  # profile_idc High, constraint_set4 and 5
    pps = next(u for u in nal_units(pkt) if u[0] & 0x1F == 8)
    assert pps[1] & 0x20, "entropy_coding_mode_flag (CABAC) is set"
    with av.open(io.BytesIO(bytes(pkt)), format="h264") as c:
        assert c.streams.video[0].codec_context.profile in ("High", "Constrained High")


def test_high_profile_saves_bits_at_the_same_qp():
    """CABAC codes the same decisions in fewer bits than CAVLC: the fast preset
    (no RD) at a fixed QP makes the same choices in both profiles."""
    frames = moving_photo(320, 240, 8)
    sizes = {}
    for profile in ("baseline", "high"):
        enc = Encoder(320, 240, rc="cqp", qp=30, speed="fast", profile=profile)
        sizes[profile] = sum(enc.encode(f).size for f in frames)
    assert sizes["high"] < 0.97 * sizes["baseline"], sizes


def test_bad_profile_raises():
    with pytest.raises(edgeav.InvalidArgument, match="profile"):
        Encoder(64, 64, profile="main")


def lcg_pattern_frames(count: int, width: int = 128, height: int = 96) -> list[np.ndarray]:
    """cpp/tests/stream_hash.c's sequence: a moving xor pattern with 4 bits of noise."""
    frames = []
    for n in range(count):
        seed, noise = 12345 + n, np.empty(width * height, np.int64)
        for i in range(width * height):
            seed = (seed * 1103515245 + 12345) & 0xFFFFFFFF
            noise[i] = (seed >> 24) & 15
        row, col = np.indices((height, width))
        y = ((((col + 2 * n) * 7) ^ ((row + n) * 5)) + noise.reshape(height, width)) & 0xFF
        r, c = np.indices((height // 2, width // 2))
        u, v = (128 + c - r + n) & 0xFF, (100 + r + n) & 0xFF
        frames.append(np.concatenate([y.ravel(), u.ravel(), v.ravel()]).astype(np.uint8).reshape(-1, width))
    return frames


def test_a_picture_with_more_bins_than_its_bytes_allow_gets_cabac_zero_words():
    """7.4.2.10: at most 32/3 bins per byte plus 96 per macroblock. The first keyframe
    of this noisy pattern at 150 kbit/s has large levels whose long unary prefixes cost
    little, so it needs cabac_zero_words; its NAL unit then ends in 00 00 03 (7.4.1.1)."""
    enc = Encoder(128, 96, bitrate_kbps=150, profile="high")
    packets, recons = [], []
    for frame in lcg_pattern_frames(2):
        packets.append(bytes(enc.encode(frame)))
        recons.append(enc.recon())
    assert packets[0].endswith(b"\0\0\3\0\0\3"), packets[0][-12:].hex()
    decoded, problems = decode(b"".join(packets))
    assert not problems, problems
    assert all(np.array_equal(d, r) for d, r in zip(decoded, recons))
