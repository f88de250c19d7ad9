"""`python -m edgeav encode in.y4m -o out.264 --bitrate 800 [--roi x,y,w,h,qp] [--mp4]`."""

from __future__ import annotations

import argparse
import os
import sys
from fractions import Fraction

from . import _core, y4m
from ._progress import progress


def add_parser(sub) -> None:
    p = sub.add_parser("encode", help="H.264 encoding of a .y4m video into an Annex B .264 (or .mp4 with PyAV)")
    p.add_argument("input", help="8-bit 4:2:0 .y4m")
    p.add_argument("-o", "--output", required=True, help=".264 / .h264 (Annex B), or .mp4 with --mp4")
    p.add_argument("--bitrate", type=int, default=1000, help="kbit/s (default %(default)s)")
    p.add_argument("--rc", choices=["cbr", "vbr", "cqp"], default="cbr")
    p.add_argument("--qp", type=int, help="with --rc cqp")
    p.add_argument("--speed", choices=["fastest", "fast", "default", "slow", "best"], default="default")
    p.add_argument("--profile", choices=["baseline", "high"], default="baseline",
                   help="high: Constrained High (CABAC, 8x8 transform), fewer bits; Professional edition")
    p.add_argument("--keyint", type=int, default=0, help="frames between keyframes (0: only the first)")
    p.add_argument("--intra-refresh", action="store_true", help="a moving intra column instead of keyframes")
    p.add_argument("--roi", action="append", default=[], metavar="X,Y,W,H,QP",
                   help="region of interest with its QP offset (negative: better); may repeat")
    p.add_argument("--slice-bytes", type=int, help="RTP: every slice NAL unit within this many bytes (500..65535)")
    p.add_argument("--temporal-layers", type=int, choices=[1, 2, 3], default=1,
                   help="temporal layers (L1T2, L1T3) an SFU can drop; Professional edition")
    p.add_argument("--mp4", action="store_true", help="write MP4 through PyAV (pip install av)")
    p.set_defaults(run=run)


def parse_roi(text: str):
    from .video import Roi

    try:
        x, y, w, h, qp = (int(v) for v in text.split(","))
    except ValueError:
        raise _core.InvalidArgument(f"--roi wants X,Y,W,H,QP, got '{text}'") from None
    return Roi(x, y, w, h, qp)


class Mp4Writer:
    def __init__(self, path: str, width: int, height: int, rate: Fraction) -> None:
        import av

        self.av = av
        self.container = av.open(path, "w", format="mp4")
        self.stream = self.container.add_stream("h264", rate=rate)
        self.stream.width, self.stream.height = width, height
        # Packets count frames; the muxer picks its own stream time base when it writes
        # the header and rescales each packet from this one.
        self.frame_time = Fraction(1) / rate
        self.index = 0

    def write(self, packet) -> None:
        p = self.av.Packet(bytes(packet))
        p.stream, p.pts, p.dts, p.time_base = self.stream, self.index, self.index, self.frame_time
        p.duration = 1
        p.is_keyframe = packet.keyframe
        self.container.mux(p)
        self.index += 1

    def close(self) -> None:
        self.container.close()


def run(args: argparse.Namespace) -> int:
    from .video import Encoder

    rois = [parse_roi(r) for r in args.roi] or None
    with open(args.input, "rb") as src:
        header = y4m.read_header(src)
        rate = y4m.frame_rate(header)
        frame_bytes = header.width * header.height * 3 // 2 + len(b"FRAME\n")
        total = max(1, (os.path.getsize(args.input) - src.tell()) // frame_bytes)
        enc = Encoder(header.width, header.height, fps=float(rate), bitrate_kbps=args.bitrate, rc=args.rc, qp=args.qp,
                      speed=args.speed, keyint=args.keyint, intra_refresh=args.intra_refresh,
                      max_slice_bytes=args.slice_bytes, temporal_layers=args.temporal_layers, profile=args.profile)
        if args.mp4:
            try:
                sink = Mp4Writer(args.output, header.width, header.height, rate)
            except ImportError:
                print("edgeav encode: --mp4 needs PyAV (pip install av)", file=sys.stderr)
                return 2
        else:
            sink = open(args.output, "wb")
        written = 0
        try:
            for i, frame in enumerate(y4m.read_frames(src, header), 1):
                packet = enc.encode(frame, roi=rois)
                sink.write(packet)
                written += packet.size
                progress(i, total, f", {written * 8 * float(rate) / i / 1000:.0f} kbit/s")
        finally:
            sink.close()
    return 0
