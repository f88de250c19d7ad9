"""The vendor's license tool (needs the `cryptography` package):

    python -m edgeav.license_tool keygen --out key.pem            # prints the public key (hex) for EDGEAV_LICENSE_KEYS
    python -m edgeav.license_tool issue --key key.pem --id L-1 --licensee "Example Ltd" \\
        --app-id com.example.player --app-id "*.example.com" --product enhance=standard \\
        --not-before 2026-01-01 --expires 2027-01-01T00:00:00Z > license.txt
    (a plain date means 00:00:00 UTC of that day; the token always carries YYYY-MM-DDTHH:MM:SSZ)
    python -m edgeav.license_tool inspect license.txt              # payload, signature and key, not verified
"""

from __future__ import annotations

import argparse
import base64
import datetime as _dt
import json
import sys

# What the library's token parser accepts (cpp/src/license/): the tool checks before it signs.
PRODUCTS = ("video", "audio", "enhance")
EDITIONS = ("none", "standard", "professional", "premium")
TOKEN_TIME = "%Y-%m-%dT%H:%M:%SZ"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def payload_bytes(payload: dict) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(private_key, payload: dict) -> str:
    data = payload_bytes(payload)
    return f"EAV1.{b64(data)}.{b64(private_key.sign(data))}"


def load_key(path: str):
    from cryptography.hazmat.primitives import serialization

    with open(path, "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def public_hex(private_key) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def utc_time(text: str) -> str:
    """A plain date or a UTC time, as the token's YYYY-MM-DDTHH:MM:SSZ."""
    for layout in (TOKEN_TIME, "%Y-%m-%d"):
        try:
            return _dt.datetime.strptime(text, layout).strftime(TOKEN_TIME)
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"'{text}' is neither YYYY-MM-DD nor YYYY-MM-DDTHH:MM:SSZ (UTC)")


def product_edition(text: str) -> tuple[str, str]:
    line, _, edition = text.partition("=")
    if line not in PRODUCTS or edition not in EDITIONS:
        raise argparse.ArgumentTypeError(f"'{text}' is not LINE=EDITION with LINE in {', '.join(PRODUCTS)} "
                                         f"and EDITION in {', '.join(EDITIONS)}")
    return line, edition


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edgeav.license_tool", description="edgeav license issuing")
    sub = parser.add_subparsers(dest="command", required=True)
    keygen = sub.add_parser("keygen", help="a new Ed25519 private key (PEM)")
    keygen.add_argument("--out", required=True)
    issue = sub.add_parser("issue", help="sign a license")
    issue.add_argument("--key", required=True)
    issue.add_argument("--id", required=True, dest="license_id")
    issue.add_argument("--licensee", required=True)
    issue.add_argument("--app-id", action="append", required=True, dest="app_ids")
    issue.add_argument("--product", action="append", required=True, type=product_edition,
                       help="line=edition, e.g. enhance=standard")
    issue.add_argument("--not-before", required=True, type=utc_time, help="YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
    issue.add_argument("--expires", required=True, type=utc_time, help="YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
    inspect = sub.add_parser("inspect", help="show a token's payload")
    inspect.add_argument("token")
    args = parser.parse_args(argv)
    if args.command == "issue" and args.expires <= args.not_before:  # the layout sorts as it reads
        parser.error(f"--expires {args.expires} is not after --not-before {args.not_before}")

    if args.command == "keygen":
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        key = Ed25519PrivateKey.generate()
        with open(args.out, "wb") as f:
            f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
        print(public_hex(key))
    elif args.command == "issue":
        products = dict(args.product)
        payload = {"license_id": args.license_id, "licensee": args.licensee, "app_ids": args.app_ids,
                   "products": products, "not_before": args.not_before, "expires": args.expires}
        print(sign(load_key(args.key), payload))
    else:
        token = open(args.token).read().strip() if not args.token.startswith("EAV1.") else args.token
        _, payload, signature = token.split(".")
        print(json.dumps(json.loads(unb64(payload)), indent=2))
        print(f"signature: {unb64(signature).hex()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
