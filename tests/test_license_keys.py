"""Release keys: a build given EDGEAV_LICENSE_KEYS trusts only those keys, so a
token signed with the development key (whose private half is in tests/) is
rejected there and a release-key token accepted; a plain source build trusts
the development key and says so."""

import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

import edgeav
from edgeav.license_tool import load_key, sign

from native_build import cmake_build, run

DEV_KEY = load_key(str(Path(__file__).with_name("license_dev_key.pem")))
PAYLOAD = {"license_id": "L-REL", "licensee": "Example Ltd", "app_ids": ["com.example.player"],
           "products": {"video": "standard"}, "not_before": "2026-01-01T00:00:00Z", "expires": "2099-01-01T00:00:00Z"}


def public_hex(key) -> str:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


@pytest.mark.native_build
def test_release_build_trusts_only_its_keys():
    release, second = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    keys = f"{public_hex(release)}, {public_hex(second).upper()}"  # comma-separated, any case, spaces
    build = cmake_build("release-keys", targets=("license_key_test",), env={"EDGEAV_LICENSE_KEYS": keys})
    tokens = [sign(DEV_KEY, PAYLOAD), sign(release, PAYLOAD), sign(second, {**PAYLOAD, "license_id": "L-REL2"})]
    output = run([str(build / "license_key_test"), "com.example.player", *tokens])
    assert "development build: no" in output
    assert re.findall(r"trusted key: (\w+)", output) == [public_hex(release), public_hex(second)]
    assert re.search(r"token 1: rejected \(invalid license: the signature does not verify", output), output
    assert "token 2: accepted (L-REL)" in output and "token 3: accepted (L-REL2)" in output


def test_cibuildwheel_passes_the_release_keys_through():
    import tomllib

    config = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["tool"]["cibuildwheel"]
    assert "EDGEAV_LICENSE_KEYS" in config["environment-pass"]


def test_source_build_says_it_trusts_the_development_key(capsys):
    info = edgeav.license.status()
    assert info.development_build and info.trusted_keys == (public_hex(DEV_KEY),)
    from edgeav.__main__ import main

    assert main(["info"]) == 0
    assert "development build (trusts the development key in tests/)" in capsys.readouterr().out
