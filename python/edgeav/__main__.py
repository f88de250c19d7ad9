"""The edgeav command line: `python -m edgeav info|bench|upscale|enhance|interpolate|encode|audio`."""

from __future__ import annotations

import argparse
import sys

from . import _core, audio_cli, encode_cli
from ._progress import progress


def _info(_: argparse.Namespace) -> int:
    info = _core.build_info()
    print(f"edgeav {info['version']} ({info['build_type']} build, {info['compiler']})")
    print(f"CPU features detected: {', '.join(info['cpu_detected']) or 'none'}")
    print(f"CPU features in use:   {', '.join(info['cpu_in_use']) or 'none (C only)'}")
    from . import license

    lic = license.status()
    keys = ("development build (trusts the development key in tests/)" if lic.development_build
            else "release keys " + ", ".join(k[:16] + "..." for k in lic.trusted_keys))
    if lic.mode == "evaluation":
        print(f"License: evaluation mode; {keys}")
    else:
        granted = ", ".join(f"{p} {e}" for p, e in lic.editions.items() if e) or "nothing"
        print(f"License: {lic.license_id} for {lic.licensee}: {granted}; expires {lic.expires:%Y-%m-%d}; {keys}")
    for module, entries in info["dsp"].items():
        isas = sorted(set(entries.values()))
        print(f"DSP table {module}: {', '.join(isas)}")
        for name, isa in entries.items():
            print(f"    {name:<16} {isa}")
    return 0


def _bench(args: argparse.Namespace) -> int:
    from .device_bench import run

    run(json_path=args.json, quick=args.quick)
    return 0


def _upscaler(args: argparse.Namespace):
    scale = tuple(int(v) for v in args.size.lower().split("x")) if args.size else args.scale
    return _core.SuperResolution(scale, mode=args.mode, sharpness=args.sharpness, brightness=args.brightness,
                                 contrast=args.contrast, saturation=args.saturation)


def _map_y4m(path: str, output: str, frames_out, header_out=None) -> None:
    """Writes frames_out(frames), the output frames made from an iterator over the
    I420 frames of a .y4m file, with progress counted in input frames; header_out
    maps the input's header to the output's."""
    import os

    from . import y4m

    with open(path, "rb") as src, open(output, "wb") as dst:
        header = y4m.read_header(src)
        frame_bytes = header.width * header.height * 3 // 2 + len(b"FRAME\n")
        total = max(1, (os.path.getsize(path) - src.tell()) // frame_bytes)
        dst.write((header_out(header) if header_out else header).encode())

        def frames():
            for i, frame in enumerate(y4m.read_frames(src, header), 1):
                yield frame
                progress(i, total)

        for frame in frames_out(frames()):
            y4m.write_frame(dst, frame)


def _filter_y4m(path: str, output: str, filt, output_size=None) -> None:
    """Runs filt(frame, out) -> out over every I420 frame of a .y4m file, with progress."""
    from . import y4m

    def frames_out(frames):
        out = None
        for frame in frames:
            out = filt(frame, out)
            yield out

    def header_out(header: y4m.Y4mHeader) -> y4m.Y4mHeader:
        return y4m.Y4mHeader(*output_size(header.width, header.height), header.params) if output_size else header

    _map_y4m(path, output, frames_out, header_out)


def _upscale(args: argparse.Namespace) -> int:
    sr = _upscaler(args)
    if args.input.lower().endswith(".y4m"):
        _filter_y4m(args.input, args.output, lambda frame, out: sr.process(frame, format="i420", out=out),
                    lambda w, h: sr.output_size(w, h, "i420"))
        return 0
    try:
        from PIL import Image
    except ImportError:
        print("edgeav upscale: images need Pillow (pip install pillow); .y4m video works without it", file=sys.stderr)
        return 2
    import numpy as np

    rgb = np.asarray(Image.open(args.input).convert("RGB"))
    Image.fromarray(sr.process(rgb, format="rgb24")).save(args.output)
    return 0


def _enhance(args: argparse.Namespace) -> int:
    if not args.input.lower().endswith(".y4m"):
        print("edgeav enhance: the input must be a .y4m video", file=sys.stderr)
        return 2
    enhancer = _core.QualityEnhancer(strength=args.strength)
    _filter_y4m(args.input, args.output, lambda frame, out: enhancer.process(frame, format="i420", out=out))
    return 0


def _interpolate(args: argparse.Namespace) -> int:
    if not args.input.lower().endswith(".y4m"):
        print("edgeav interpolate: the input must be a .y4m video", file=sys.stderr)
        return 2
    from . import y4m

    factor = args.factor
    interpolator = _core.FrameInterpolator()

    def frames_out(frames):
        # Each input frame, then factor - 1 frames between it and the next; the last one alone.
        prev = out = None
        for frame in frames:
            if prev is not None:
                yield prev
                for k in range(1, factor):
                    out = interpolator.process(prev, frame, k / factor, format="i420", out=out)
                    yield out
            prev = frame
        if prev is not None:
            yield prev

    _map_y4m(args.input, args.output, frames_out, lambda h: y4m.with_frame_rate(h, y4m.frame_rate(h) * factor))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="edgeav", description="edgeav on-device media SDK")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("info", help="version, build, CPU features and the ISA of each DSP table").set_defaults(run=_info)
    bench = sub.add_parser("bench", help="device benchmark: speed, CPU share, memory, SIMD speed-up")
    bench.add_argument("--json", default="edgeav-bench.json", help="where to write the results (default %(default)s)")
    bench.add_argument("--quick", action="store_true", help="shorter runs (less precise)")
    bench.set_defaults(run=_bench)
    up = sub.add_parser("upscale", help="super-resolution of an image (png, jpg: needs Pillow) or a .y4m video")
    up.add_argument("input")
    up.add_argument("-o", "--output", required=True)
    size = up.add_mutually_exclusive_group()
    size.add_argument("--scale", type=float, default=2.0, help="1.0 to 4.0 (default %(default)s)")
    size.add_argument("--size", help="output size as WxH, e.g. 1920x1080")
    up.add_argument("--mode", choices=["standard", "professional"], default="standard",
                    help="professional: AI refinement (Professional enhancement edition)")
    up.add_argument("--sharpness", type=float, default=1.0)
    up.add_argument("--brightness", type=float, default=0.0, help="FFmpeg eq semantics (y4m only)")
    up.add_argument("--contrast", type=float, default=1.0)
    up.add_argument("--saturation", type=float, default=1.0)
    up.set_defaults(run=_upscale)
    enh = sub.add_parser("enhance", help="AI quality enhancement of a decoded .y4m video (H.264 artefacts removed)")
    enh.add_argument("input")
    enh.add_argument("-o", "--output", required=True)
    enh.add_argument("--strength", type=float, default=1.0, help="0..2, 1 = as trained (default %(default)s)")
    enh.set_defaults(run=_enhance)
    interp = sub.add_parser("interpolate", help="frame interpolation of a .y4m video: factor x the frame rate")
    interp.add_argument("input")
    interp.add_argument("-o", "--output", required=True)
    interp.add_argument("--factor", type=int, choices=range(2, 9), default=2, metavar="{2..8}",
                        help="output frames per input frame (default %(default)s)")
    interp.set_defaults(run=_interpolate)
    encode_cli.add_parser(sub)
    audio_cli.add_parser(sub)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except _core.Error as e:
        print(f"edgeav {args.command}: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
