"""The edgeav command line: `python -m edgeav info|bench`."""

from __future__ import annotations

import argparse
import sys

from . import _core


def _info(_: argparse.Namespace) -> int:
    info = _core.build_info()
    print(f"edgeav {info['version']} ({info['build_type']} build, {info['compiler']})")
    print(f"CPU features detected: {', '.join(info['cpu_detected']) or 'none'}")
    print(f"CPU features in use:   {', '.join(info['cpu_in_use']) or 'none (C only)'}")
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="edgeav", description="edgeav on-device media SDK")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("info", help="version, build, CPU features and the ISA of each DSP table").set_defaults(run=_info)
    bench = sub.add_parser("bench", help="device benchmark: speed, CPU share, memory, SIMD speed-up")
    bench.add_argument("--json", default="edgeav-bench.json", help="where to write the results (default %(default)s)")
    bench.add_argument("--quick", action="store_true", help="shorter runs (less precise)")
    bench.set_defaults(run=_bench)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
