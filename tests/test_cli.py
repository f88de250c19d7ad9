"""The command line: `python -m edgeav info` and `python -m edgeav bench`."""

import json
import subprocess
import sys

import numpy as np
import pytest

import edgeav
from edgeav.__main__ import main

pytestmark = pytest.mark.subprocess


def test_info_names_every_dsp_table(capsys):
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert f"edgeav {edgeav.__version__}" in out
    for module, entries in edgeav.build_info()["dsp"].items():
        assert f"DSP table {module}:" in out
        for name, isa in entries.items():
            assert name in out and isa in out


def test_bench_writes_a_table_and_json(tmp_path):
    path = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, "-m", "edgeav", "bench", "--quick", "--json", str(path)],
                            capture_output=True, text=True, check=True)
    assert "fps/core" in result.stdout
    report = json.loads(path.read_text())
    assert report["rows"] and {"fps_per_core", "cpu_share_percent", "peak_memory_mb", "simd_speedup"} <= set(report["rows"][0])
    assert all(r["fps_per_core"] > 0 and r["peak_memory_mb"] > 0 for r in report["rows"])


def test_console_script_is_declared():
    from importlib.metadata import entry_points

    scripts = {e.name: e.value for e in entry_points(group="console_scripts")}
    assert scripts.get("edgeav") == "edgeav.__main__:main"


def test_upscale_y4m_video(tmp_path):
    from edgeav import y4m

    frames = [np.random.default_rng(i).integers(0, 256, (36, 32), dtype=np.uint8) for i in range(3)]
    src = tmp_path / "in.y4m"
    with open(src, "wb") as f:
        f.write(y4m.Y4mHeader(32, 24, ["F30:1", "Ip", "C420jpeg"]).encode())
        for fr in frames:
            y4m.write_frame(f, fr)
    out = tmp_path / "out.y4m"
    result = subprocess.run([sys.executable, "-m", "edgeav", "upscale", str(src), "-o", str(out), "--scale", "1.5"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "3/3 frames" in result.stderr
    with open(out, "rb") as f:
        header = y4m.read_header(f)
        assert (header.width, header.height, header.params) == (48, 36, ["F30:1", "Ip", "C420jpeg"])
        got = list(y4m.read_frames(f, header))
    sr = edgeav.enhance.SuperResolution(1.5)
    assert len(got) == 3 and all(np.array_equal(g, sr.process(fr, format="i420")) for g, fr in zip(got, frames))


def test_upscale_professional_and_enhance_y4m(tmp_path):
    from edgeav import y4m

    frames = [np.random.default_rng(i).integers(0, 256, (36, 32), dtype=np.uint8) for i in range(2)]
    write_y4m(tmp_path / "in.y4m", frames, 32, 24)
    assert main(["upscale", str(tmp_path / "in.y4m"), "-o", str(tmp_path / "up.y4m"), "--mode", "professional"]) == 0
    assert main(["enhance", str(tmp_path / "in.y4m"), "-o", str(tmp_path / "enh.y4m"), "--strength", "0.5"]) == 0
    sr = edgeav.enhance.SuperResolution(2.0, mode="professional")
    enhancer = edgeav.enhance.QualityEnhancer(strength=0.5)
    for path, want in (("up.y4m", [sr.process(f, format="i420") for f in frames]),
                       ("enh.y4m", [enhancer.process(f, format="i420") for f in frames])):
        with open(tmp_path / path, "rb") as f:
            got = list(y4m.read_frames(f, y4m.read_header(f)))
        assert len(got) == 2 and all(np.array_equal(g, w) for g, w in zip(got, want))


def test_enhance_refuses_other_files(tmp_path, capsys):
    assert main(["enhance", str(tmp_path / "in.png"), "-o", str(tmp_path / "out.png")]) == 2
    assert "must be a .y4m video" in capsys.readouterr().err


def read_y4m(path):
    from edgeav import y4m

    with open(path, "rb") as f:
        header = y4m.read_header(f)
        return header, list(y4m.read_frames(f, header))


@pytest.mark.parametrize("factor", [2, 3])
def test_interpolate_y4m(tmp_path, factor):
    """Each input frame, then factor - 1 frames at t = k/factor; the last frame once; factor x the rate."""
    from edgeav import y4m

    frames = [np.random.default_rng(i).integers(0, 256, (36, 32), dtype=np.uint8) for i in range(3)]
    src = tmp_path / "in.y4m"
    with open(src, "wb") as f:
        f.write(y4m.Y4mHeader(32, 24, ["F30000:1001", "Ip", "A1:1", "C420jpeg"]).encode())
        for fr in frames:
            y4m.write_frame(f, fr)
    out = tmp_path / "out.y4m"
    result = subprocess.run([sys.executable, "-m", "edgeav", "interpolate", str(src), "-o", str(out), "--factor",
                             str(factor)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "3/3 frames" in result.stderr
    header, got = read_y4m(out)
    assert (header.width, header.height) == (32, 24)
    assert header.params == [f"F{30000 * factor}:1001", "Ip", "A1:1", "C420jpeg"]
    interpolator = edgeav.enhance.FrameInterpolator()
    want = []
    for prev, next_ in zip(frames, frames[1:]):
        want += [prev] + [interpolator.process(prev, next_, k / factor, format="i420") for k in range(1, factor)]
    want.append(frames[-1])
    assert len(got) == 2 * factor + 1 and all(np.array_equal(g, w) for g, w in zip(got, want))


def test_interpolate_one_frame_and_a_rate_that_reduces(tmp_path):
    frame = np.random.default_rng(5).integers(0, 256, (36, 32), dtype=np.uint8)
    with open(tmp_path / "in.y4m", "wb") as f:
        from edgeav import y4m

        f.write(y4m.Y4mHeader(32, 24, ["F25:2", "C420jpeg"]).encode())
        y4m.write_frame(f, frame)
    assert main(["interpolate", str(tmp_path / "in.y4m"), "-o", str(tmp_path / "out.y4m"), "--factor", "4"]) == 0
    header, got = read_y4m(tmp_path / "out.y4m")
    assert header.params == ["F50:1", "C420jpeg"]  # 12.5 fps x 4
    assert len(got) == 1 and np.array_equal(got[0], frame)


def test_interpolate_a_header_without_a_rate(tmp_path):
    write_y4m(tmp_path / "in.y4m", [np.zeros((36, 32), np.uint8)] * 2, 32, 24)
    (tmp_path / "in.y4m").write_bytes((tmp_path / "in.y4m").read_bytes().replace(b" F25:1", b"", 1))
    assert main(["interpolate", str(tmp_path / "in.y4m"), "-o", str(tmp_path / "out.y4m")]) == 0
    header, got = read_y4m(tmp_path / "out.y4m")
    assert header.params[0] == "F60:1" and len(got) == 3  # no F token: 30 fps, as `encode` assumes


@pytest.mark.parametrize("factor", ["1", "9", "2.5"])
def test_interpolate_refuses_a_factor_outside_2_8(tmp_path, capsys, factor):
    write_y4m(tmp_path / "in.y4m", [np.zeros((36, 32), np.uint8)] * 2, 32, 24)
    with pytest.raises(SystemExit) as info:
        main(["interpolate", str(tmp_path / "in.y4m"), "-o", str(tmp_path / "out.y4m"), "--factor", factor])
    assert info.value.code == 2 and "--factor" in capsys.readouterr().err
    assert not (tmp_path / "out.y4m").exists()


def test_interpolate_refuses_other_files_and_reports_errors(tmp_path, capsys):
    assert main(["interpolate", str(tmp_path / "in.png"), "-o", str(tmp_path / "out.png")]) == 2
    assert "must be a .y4m video" in capsys.readouterr().err
    (tmp_path / "bad.y4m").write_bytes(b"not a y4m\n")
    assert main(["interpolate", str(tmp_path / "bad.y4m"), "-o", str(tmp_path / "o.y4m")]) == 2
    assert "not a YUV4MPEG2 file" in capsys.readouterr().err
    (tmp_path / "bad.y4m").write_bytes(b"YUV4MPEG2 W32 H24 F30:0 C420jpeg\n")
    assert main(["interpolate", str(tmp_path / "bad.y4m"), "-o", str(tmp_path / "o.y4m")]) == 2
    assert "bad .y4m frame rate F30:0" in capsys.readouterr().err


def test_upscale_png(tmp_path):
    from PIL import Image
    from skimage import data

    Image.fromarray(data.chelsea()[:100, :150]).save(tmp_path / "in.png")
    assert main(["upscale", str(tmp_path / "in.png"), "-o", str(tmp_path / "out.png"), "--size", "300x200"]) == 0
    assert np.asarray(Image.open(tmp_path / "out.png")).shape == (200, 300, 3)


def test_upscale_reports_errors(tmp_path, capsys):
    (tmp_path / "bad.y4m").write_bytes(b"not a y4m\n")
    assert main(["upscale", str(tmp_path / "bad.y4m"), "-o", str(tmp_path / "o.y4m")]) == 2
    assert "not a YUV4MPEG2 file" in capsys.readouterr().err


def write_y4m(path, frames, width, height):
    from edgeav import y4m

    with open(path, "wb") as f:
        f.write(y4m.Y4mHeader(width, height, ["F25:1", "Ip", "C420jpeg"]).encode())
        for fr in frames:
            y4m.write_frame(f, fr)


@pytest.mark.parametrize("mp4", [False, True])
def test_encode_y4m(tmp_path, mp4):
    import av

    from h264_reference import moving_photo

    frames = moving_photo(96, 64, 5)
    write_y4m(tmp_path / "in.y4m", frames, 96, 64)
    out = tmp_path / ("out.mp4" if mp4 else "out.264")
    args = [sys.executable, "-m", "edgeav", "encode", str(tmp_path / "in.y4m"), "-o", str(out), "--bitrate", "300",
            "--roi", "0,0,32,32,-6"] + (["--mp4"] if mp4 else [])
    result = subprocess.run(args, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "5/5 frames" in result.stderr
    with av.open(str(out)) as container:
        decoded = [f.to_ndarray(format="yuv420p") for f in container.decode(video=0)]
    assert len(decoded) == 5 and decoded[0].shape == (64 * 3 // 2, 96)


def test_encode_mp4_timing(tmp_path):
    """A 50-frame 25 fps source lasts 2 s at 25 fps in the MP4, frame by frame."""
    import av

    frames = [np.full((48 * 3 // 2, 64), 16 + 4 * i, np.uint8) for i in range(50)]
    write_y4m(tmp_path / "in.y4m", frames, 64, 48)
    out = tmp_path / "out.mp4"
    assert main(["encode", str(tmp_path / "in.y4m"), "-o", str(out), "--mp4"]) == 0
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert stream.average_rate == 25 and stream.frames == 50
        assert abs(float(stream.duration * stream.time_base) - 2.0) < 1e-6
        assert abs(container.duration / av.time_base - 2.0) < 0.05
        times = [float(f.pts * f.time_base) for f in container.decode(stream)]
    assert times == [pytest.approx(i / 25) for i in range(50)]


def test_encode_with_slices_and_temporal_layers(tmp_path):
    from h264_reference import decode, moving_photo

    write_y4m(tmp_path / "in.y4m", moving_photo(320, 240, 8), 320, 240)
    out = tmp_path / "out.264"
    assert main(["encode", str(tmp_path / "in.y4m"), "-o", str(out), "--bitrate", "2000", "--slice-bytes", "800",
                 "--temporal-layers", "3"]) == 0
    stream = out.read_bytes()
    decoded, problems = decode(stream)
    assert len(decoded) == 8 and not problems
    nal_headers = [stream[i + 4] for i in range(len(stream) - 4) if stream[i:i + 4] == b"\0\0\0\1"]
    assert sum(h & 0x1F in (1, 5) for h in nal_headers) > 8, "several slices per frame"
    assert any(h & 0x60 == 0 for h in nal_headers), "the top layer's frames are not references"


def test_encode_high_profile(tmp_path):
    from h264_reference import decode, moving_photo

    write_y4m(tmp_path / "in.y4m", moving_photo(176, 144, 4), 176, 144)
    out = tmp_path / "out.264"
    assert main(["encode", str(tmp_path / "in.y4m"), "-o", str(out), "--profile", "high"]) == 0
    stream = out.read_bytes()
    decoded, problems = decode(stream)
    assert len(decoded) == 4 and not problems
    sps = stream.index(b"\0\0\0\1\x67") + 5
    assert stream[sps] == 100, "profile_idc High"


def test_encode_reports_bad_roi(tmp_path, capsys):
    write_y4m(tmp_path / "in.y4m", [np.zeros((48, 32), np.uint8)], 32, 32)
    assert main(["encode", str(tmp_path / "in.y4m"), "-o", str(tmp_path / "o.264"), "--roi", "1,2,3"]) == 2
    assert "X,Y,W,H,QP" in capsys.readouterr().err
