"""The H.264 encoder: every stream decodes with FFmpeg's decoder (PyAV) without
a warning, to exactly the encoder's reconstruction; bad input raises."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import edgeav
from edgeav.video import Encoder, Roi

from h264_reference import decode, decode_each, moving_photo

PRESETS = ["fastest", "fast", "default", "slow", "best"]
RATE_CONTROLS = [dict(rc="cbr", bitrate_kbps=600), dict(rc="vbr", bitrate_kbps=600), dict(rc="cqp", qp=30)]


def encode_and_check(enc: Encoder, frames, per_frame=lambda i: {}) -> list:
    stream, recons, packets = bytearray(), [], []
    for i, frame in enumerate(frames):
        pkt = enc.encode(frame, **per_frame(i))
        stream += memoryview(pkt)
        packets.append((pkt.frame_type, pkt.keyframe, pkt.size))
        recons.append(enc.recon())
    decoded, problems = decode(bytes(stream))
    assert not problems, problems
    assert len(decoded) == len(frames)
    for i, (d, r) in enumerate(zip(decoded, recons)):
        assert d.shape == r.shape
        mismatch = np.count_nonzero(d != r)
        assert mismatch == 0, f"frame {i} ({packets[i][0]}): {mismatch} samples differ from the reconstruction"
    return packets


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a.astype(np.float64) - b) ** 2)
    return 10 * np.log10(255**2 / max(mse, 1e-9))


@pytest.mark.parametrize("size", [(176, 144), (642, 362)])
@pytest.mark.parametrize("preset,rate", list(itertools.product(PRESETS, RATE_CONTROLS)))
def test_small_sizes_every_preset_and_rate_control(size, preset, rate):
    w, h = size
    frames = moving_photo(w, h, 6)
    packets = encode_and_check(Encoder(w, h, speed=preset, **rate), frames)
    assert packets[0][:2] == ("I", True) and all(p[0] == "P" for p in packets[1:])


@pytest.mark.parametrize("size", [(640, 272), (1280, 720), (1920, 1080)])
@pytest.mark.parametrize("preset", PRESETS)
def test_large_sizes_every_preset(size, preset):
    w, h = size
    encode_and_check(Encoder(w, h, speed=preset, bitrate_kbps=w * h // 400), moving_photo(w, h, 3))


@pytest.mark.parametrize("rate", RATE_CONTROLS)
def test_large_sizes_every_rate_control(rate):
    encode_and_check(Encoder(1280, 720, **rate), moving_photo(1280, 720, 3))


@pytest.mark.parametrize("size", [(176, 144), (642, 362)])
def test_roi_maps_reconfigure_and_keyframes_mid_stream(size):
    w, h = size
    rng = np.random.default_rng(7)
    mb = ((h + 15) // 16, (w + 15) // 16)

    def per_frame(i):
        args = {"roi": rng.integers(-12, 13, mb).astype(np.int8)} if i % 2 else {}
        if i == 3:
            args["roi"] = [Roi(0, 0, w // 2, h // 2, -8), Roi(w - 20, h - 20, 20, 20, 10)]
        args["force_keyframe"] = i == 5
        return args

    enc = Encoder(w, h, bitrate_kbps=500, speed="default")
    frames = moving_photo(w, h, 9)
    stream = bytearray()
    recons, types = [], []
    for i, f in enumerate(frames):
        if i == 4:
            enc.reconfigure(bitrate_kbps=250, fps=15)
        pkt = enc.encode(f, **per_frame(i))
        stream += bytes(pkt)
        recons.append(enc.recon())
        types.append(pkt.frame_type)
    decoded, problems = decode(bytes(stream))
    assert not problems, problems
    assert types == ["I", "P", "P", "P", "P", "I", "P", "P", "P"]
    for d, r in zip(decoded, recons, strict=True):
        assert np.array_equal(d, r)


def test_intra_refresh_stream_has_one_idr_and_decodes():
    frames = moving_photo(176, 144, 14)
    packets = encode_and_check(Encoder(176, 144, intra_refresh=True, keyint=5), frames)
    assert [p[1] for p in packets].count(True) == 1


def test_keyint_inserts_idrs():
    packets = encode_and_check(Encoder(176, 144, keyint=4), moving_photo(176, 144, 9))
    assert [p[0] for p in packets] == ["I", "P", "P", "P", "I", "P", "P", "P", "I"]


def test_nv12_and_planes_give_the_same_stream_as_i420():
    w, h = 176, 144
    frames = moving_photo(w, h, 3)
    ref = [bytes(p) for p in map(Encoder(w, h).encode, frames)]
    enc_nv12, enc_planes = Encoder(w, h), Encoder(w, h)
    for f, expected in zip(frames, ref):
        nv12 = edgeav.convert(f, "i420", "nv12")
        assert bytes(enc_nv12.encode(nv12, format="nv12")) == expected
        y, u, v = f[:h], f[h:].reshape(-1)[: w * h // 4].reshape(h // 2, w // 2), f[h:].reshape(-1)[w * h // 4 :].reshape(h // 2, w // 2)
        assert bytes(enc_planes.encode((y, u, v))) == expected


def test_quality_follows_the_bitrate():
    w, h = 176, 144
    frames = moving_photo(w, h, 8)
    results = []
    for kbps in (100, 400):
        enc = Encoder(w, h, bitrate_kbps=kbps)
        stream = b"".join(bytes(enc.encode(f)) for f in frames)
        decoded, _ = decode(stream)
        results.append((len(stream), np.mean([psnr(d[:h], f[:h]) for d, f in zip(decoded, frames)])))
    (small, q_low), (large, q_high) = results
    assert large > 2 * small and q_high > q_low + 3


def test_stream_headers_say_size_and_rate():
    import av, io

    enc = Encoder(642, 362, fps=25)
    stream = b"".join(bytes(enc.encode(f)) for f in moving_photo(642, 362, 2))
    container = av.open(io.BytesIO(stream), format="h264")
    codec = container.streams.video[0].codec_context
    assert (codec.width, codec.height) == (642, 362)
    assert codec.profile == "Constrained Baseline"


def test_packet_is_a_buffer_without_copy():
    enc = Encoder(64, 64)
    frame = moving_photo(64, 64, 1)[0]
    pkt = enc.encode(frame)
    view = memoryview(pkt)
    assert view.readonly and view.nbytes == pkt.size == len(pkt) and bytes(view)[:4] == b"\0\0\0\1"
    assert pkt.keyframe and pkt.frame_type == "I" and 10 <= pkt.qp <= 51


def test_bad_input_raises_and_the_encoder_stays_usable():
    w, h = 176, 144
    enc = Encoder(w, h)
    good = moving_photo(w, h, 1)[0]
    bad_inputs = [
        dict(frame=good.astype(np.int16)),
        dict(frame=good[:100]),
        dict(frame=moving_photo(160, 128, 1)[0]),
        dict(frame=good, roi=[Roi(170, 0, 16, 16, -4)]),
        dict(frame=good, roi=[Roi(0, 0, 16, 16, -60)]),
        dict(frame=good, roi=np.zeros((9, 11), np.int16)),
        dict(frame=good, roi=np.zeros((8, 11), np.int8)),
        dict(frame=good, format="rgb24"),
    ]
    for args in bad_inputs:
        frame = args.pop("frame")
        with pytest.raises(edgeav.InvalidArgument):
            enc.encode(frame, **args)
    with pytest.raises(edgeav.InvalidArgument):
        enc.reconfigure(bitrate_kbps=-5)
    with pytest.raises(edgeav.InvalidArgument):
        enc.reconfigure(fps=float("nan"))
    encode_and_check(enc, moving_photo(w, h, 2))


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(width=15, height=16),
        dict(width=17, height=16),
        dict(width=4098, height=16),
        dict(width=64, height=64, bitrate_kbps=-1),
        dict(width=64, height=64, fps=0),
        dict(width=64, height=64, rc="abr"),
        dict(width=64, height=64, rc="cqp"),
        dict(width=64, height=64, qp=20),
        dict(width=64, height=64, speed="turbo"),
        dict(width=64, height=64, vbv_ms=-1),
    ],
)
def test_bad_configuration_raises(kwargs):
    w, h = kwargs.pop("width"), kwargs.pop("height")
    with pytest.raises(edgeav.InvalidArgument):
        Encoder(w, h, **kwargs)


def hostile_frames(kind: str, width: int, height: int, count: int, seed: int = 7) -> list[np.ndarray]:
    """White noise (incompressible: the I_PCM fallback), a photo with a patch of noise
    across macroblock edges (I_PCM beside coded macroblocks: contexts, deblocking),
    flat grey, and a one-sample checkerboard (the most coefficients a transform
    can give), each frame new."""
    rng = np.random.default_rng(seed)
    size = (height * 3 // 2, width)
    if kind == "noise":
        return [rng.integers(0, 256, size, dtype=np.uint8) for _ in range(count)]
    if kind == "noise_patch":
        frames = moving_photo(width, height, count, seed)
        for f in frames:
            f[8:24, 12:36] = rng.integers(0, 256, (16, 24), dtype=np.uint8)
        return frames
    if kind == "flat":
        return [np.full(size, 128 + 3 * i, np.uint8) for i in range(count)]
    board = (np.indices(size).sum(axis=0) % 2 * 255).astype(np.uint8)
    return [board if i % 2 == 0 else 255 - board for i in range(count)]


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("kind", ["noise", "noise_patch", "flat", "checkerboard"])
def test_every_qp_on_hostile_content_decodes_exactly(preset, kind):
    """Every QP 0..51: the encoder never fails on a valid frame, and no macroblock
    costs more than I_PCM's 384 bytes plus its few header bits."""
    width, height = 48, 32
    frames = hostile_frames(kind, width, height, 2)
    for qp in range(52):
        enc = Encoder(width, height, rc="cqp", qp=qp, speed=preset)
        packets = encode_and_check(enc, frames)
        assert max(size for _, _, size in packets) <= 6 * (384 + 8) + 64, (qp, packets)


def test_noise_at_qp0_in_hd_is_sent_as_pcm():
    """The reported failure: white noise, 1280x720, qp 0, fastest raised 'output buffer overflow'."""
    frames = hostile_frames("noise", 1280, 720, 2)
    enc = Encoder(1280, 720, rc="cqp", qp=0, speed="fastest")
    packets = encode_and_check(enc, frames)
    mbs = 80 * 45
    assert all(mbs * 384 <= size <= mbs * (384 + 8) * 3 // 2 + 64 for _, _, size in packets), packets


@pytest.mark.parametrize("kbps", [1000, 2400])
def test_first_and_requested_keyframes_fit_half_the_bucket(kbps):
    """Start-up and after a loss report: a keyframe may take up to half the VBV (1 s by
    default), never more, even on noise; the stream decodes exactly. (Below about
    800 kbit/s a 320x240 noise keyframe outgrows half the bucket even at QP 51,
    about 20 kB: there is no emergency mode that drops its residual yet.)"""
    frames = moving_photo(320, 240, 30)
    frames[20] = hostile_frames("noise", 320, 240, 1)[0]  # the request lands on an incompressible frame
    enc = Encoder(320, 240, fps=30.0, bitrate_kbps=kbps, rc="cbr")
    packets = encode_and_check(enc, frames, lambda i: {"force_keyframe": i in (10, 20)})
    half_bucket = kbps * 1000 / 8 / 2
    keys = [(i, size) for i, (kind, key, size) in enumerate(packets) if key]
    assert [i for i, _ in keys] == [0, 10, 20]
    assert all(size <= half_bucket for _, size in keys), (keys, half_bucket)


@pytest.mark.parametrize("kbps, starved", [(40, True), (200, False)])
def test_a_starved_start_spends_the_initial_buffering_on_its_first_second(kbps, starved):
    """The decoder buffers up to 0.9 of the bucket before playing (x264's vbv-init): a start
    whose keyframe is coarse (QP 36 or more) spends it on the first second's P frames;
    otherwise only the keyframe's half bucket is prebuffered. The next second is on rate."""
    frames = moving_photo(320, 240, 60)
    enc = Encoder(320, 240, fps=30.0, bitrate_kbps=kbps, rc="cbr")
    packets = [enc.encode(f) for f in frames]
    assert (packets[0].qp >= 36) == starved, packets[0].qp
    first, second = (sum(p.size for p in packets[i:i + 30]) * 8 / 1000 for i in (0, 30))
    bucket = kbps  # kbit: the default VBV is one second
    assert packets[0].size * 8 / 1000 <= bucket / 2
    if starved:
        assert kbps + 0.7 * bucket < first <= kbps + bucket, first
    else:
        assert first <= kbps + 0.5 * bucket, first
    assert abs(second - kbps) <= 0.1 * kbps, second


def nal_units(packet) -> list[bytes]:
    """The NAL units of an Annex B access unit, without their start codes."""
    data = bytes(packet)
    starts = [i for i in range(len(data) - 3) if data[i:i + 4] == b"\0\0\0\1"]
    return [data[s + 4:e] for s, e in zip(starts, starts[1:] + [len(data)])]


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("limit", [500, 1200])
def test_slices_stay_within_the_limit_and_decode_exactly(preset, limit):
    """RTP slices: every slice NAL unit within max_slice_bytes, the picture split
    into several slices whose macroblocks never predict across the boundary, on a
    real photo, noise (I_PCM) and with ROI, intra refresh and a requested keyframe."""
    frames = moving_photo(320, 240, 6)
    frames[3] = hostile_frames("noise_patch", 320, 240, 1)[0]
    enc = Encoder(320, 240, bitrate_kbps=3000, speed=preset, max_slice_bytes=limit, intra_refresh=preset == "fast")
    slices = []

    def per_frame(i):
        return {"force_keyframe": i == 4, "roi": [Roi(0, 0, 160, 120, -8)] if i % 2 else None}

    stream, recons = bytearray(), []
    for i, frame in enumerate(frames):
        pkt = enc.encode(frame, **per_frame(i))
        units = [u for u in nal_units(pkt) if u[0] & 0x1F in (1, 5)]
        assert all(len(u) <= limit for u in units), (i, [len(u) for u in units])
        slices.append(len(units))
        stream += memoryview(pkt)
        recons.append(enc.recon())
    assert min(slices) >= 2, slices
    decoded, problems = decode(bytes(stream))
    assert not problems, problems
    for i, (d, r) in enumerate(zip(decoded, recons)):
        assert np.count_nonzero(d != r) == 0, f"frame {i}: decoder differs from the reconstruction"


def test_slice_limit_is_checked():
    for bad in (1, 499, 65536, -1):
        with pytest.raises(edgeav.InvalidArgument, match="max_slice_bytes"):
            Encoder(64, 64, max_slice_bytes=bad)
    assert Encoder(64, 64, max_slice_bytes=0).encode(np.zeros((96, 64), np.uint8)).size > 0


def test_slices_of_keyframes_never_predict_from_the_previous_slice():
    """Many slices starting mid-row in intra pictures: the macroblock below a slice's
    first one has its left and top neighbours but not its top-left one, which
    Intra4x4 block 0 must not predict from (the drift this caught showed on bikes).
    Diagonal stripes (synthetic) draw the diagonal modes that read that sample."""
    y, x = np.indices((240 * 3 // 2, 320))
    for period in (5, 11):
        stripes = (((x - y) // period) % 2 * 160 + 40 + (x * 7 + y * 3) % 13).astype(np.uint8)
        enc = Encoder(320, 240, rc="cqp", qp=20, max_slice_bytes=500)
        stream, recons = bytearray(), []
        for frame in (stripes, np.roll(stripes, 3, axis=1)):
            stream += memoryview(enc.encode(frame, force_keyframe=True))
            recons.append(enc.recon())
        decoded, problems = decode(bytes(stream))
        # FFmpeg notes more than 32 slices in a picture; bit-exactness below is what counts.
        assert not [p for p in problems if "too many slices" not in p], problems
        assert all(np.array_equal(d, r) for d, r in zip(decoded, recons))


def assert_decodes_exactly(packets, recons, keep, check_from=0) -> None:
    """The packets `keep` selects, decoded alone, equal their reconstructions
    from frame check_from on, with no decoder warning from there on (frames
    before it may miss their references)."""
    kept = [i for i in range(len(packets)) if keep(i)]
    for i, (frames, problems) in zip(kept, decode_each([bytes(packets[i]) for i in kept])):
        if i >= check_from:
            assert not problems, (i, problems)
            assert len(frames) == 1 and np.array_equal(frames[0], recons[i]), f"frame {i} differs from the reconstruction"


@pytest.mark.parametrize("layers", [2, 3])
@pytest.mark.parametrize("ltr", [False, True])
@pytest.mark.parametrize("preset", ["fastest", "default", "best"])
def test_every_temporal_sub_stream_decodes_exactly(layers, ltr, preset):
    """What an SFU forwards: the packets of layers <= k alone decode to the
    encoder's reconstructions, with a requested keyframe and LTR marks inside."""
    frames = moving_photo(320, 240, 36)
    enc = Encoder(320, 240, bitrate_kbps=800, speed=preset, temporal_layers=layers, ltr=ltr, ltr_interval=5 if ltr else None)
    packets, recons = [], []
    for i, frame in enumerate(frames):
        packets.append(enc.encode(frame, force_keyframe=i == 21))  # mid-pattern
        recons.append(enc.recon())
    pattern = [0, 1] if layers == 2 else [0, 2, 1, 2]
    assert [p.temporal_id for p in packets[:8]] == (pattern * 4)[:8]
    assert packets[21].keyframe and packets[21].temporal_id == 0 and packets[22].temporal_id == pattern[1]
    assert all(p.reference == (p.temporal_id < layers - 1) for p in packets)
    assert any(p.ltr and not p.keyframe for p in packets) == ltr
    for k in range(layers):
        assert_decodes_exactly(packets, recons, lambda i: packets[i].temporal_id <= k)


@pytest.mark.parametrize("layers", [1, 3])
def test_ltr_recovery_after_lost_frames_decodes_exactly(layers):
    """Three frames' packets lost, the receiver's feedback a few frames late (it
    acknowledges only LTR frames it decoded intact, none from the loss to the
    recovery): the recovery frame is a P frame from the newest acknowledged LTR,
    and it and every frame after it decode exactly without the lost ones."""
    frames = moving_photo(320, 240, 40)
    lost, rtt = {20, 21, 22}, 2
    broken = set(range(20, 23 + rtt))
    acks = []

    def feedback(i, enc):
        for index, due in list(acks):
            if due == i:
                acks.remove((index, due))
                if index not in broken:
                    assert enc.ack_ltr(index)
        if i == max(lost) + 1 + rtt:
            enc.request_recovery()

    enc = Encoder(320, 240, bitrate_kbps=800, temporal_layers=layers, ltr=True, ltr_interval=6)
    packets, recons = [], []
    for i, frame in enumerate(frames):
        feedback(i, enc)
        packets.append(enc.encode(frame))
        recons.append(enc.recon())
        if packets[-1].ltr:
            acks.append((packets[-1].index, i + rtt))
    recovery = max(lost) + 1 + rtt
    assert packets[recovery].recovery and packets[recovery].frame_type == "P"
    assert not any(p.recovery for i, p in enumerate(packets) if i != recovery)
    assert_decodes_exactly(packets, recons, lambda i: i not in lost, check_from=recovery)
    assert not enc.ack_ltr(3), "frame 3 was never an LTR"


def test_recovery_without_an_acknowledged_ltr_is_a_keyframe():
    frames = moving_photo(160, 128, 8)
    for kwargs in (dict(ltr=True), dict()):
        enc = Encoder(160, 128, bitrate_kbps=300, **kwargs)
        packets = []
        for i, frame in enumerate(frames):
            if i == 5:
                enc.request_recovery()
            packets.append(enc.encode(frame))
        assert [p.keyframe for p in packets] == [True] + [False] * 4 + [True] + [False] * 2
        assert not any(p.recovery for p in packets)


def test_temporal_layer_and_ltr_settings_are_checked():
    for bad in (0, 4, -1):
        with pytest.raises(edgeav.InvalidArgument, match="temporal_layers"):
            Encoder(64, 64, temporal_layers=bad)
    with pytest.raises(edgeav.InvalidArgument, match="ltr_interval"):
        Encoder(64, 64, ltr_interval=10)
    with pytest.raises(edgeav.InvalidArgument, match="ltr_interval"):
        Encoder(64, 64, ltr=True, ltr_interval=0)
