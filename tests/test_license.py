"""Licensing: the core's Ed25519 against `cryptography`, tokens, and gating."""

import os
import random
from pathlib import Path

import numpy as np
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

import edgeav
from edgeav import _core
from edgeav.license_tool import load_key, sign

DEV_KEY = load_key(str(Path(__file__).with_name("license_dev_key.pem")))
L = 2**252 + 27742317777372353535851937790883648493


def raw_public(key) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def flip(data: bytes, bit: int) -> bytes:
    b = bytearray(data)
    b[bit // 8] ^= 1 << (bit % 8)
    return bytes(b)


def test_ed25519_agrees_with_cryptography():
    rng = random.Random(2026)
    for i in range(2000):
        key = Ed25519PrivateKey.generate()
        message = os.urandom(rng.randint(0, 300))
        signature, public = key.sign(message), raw_public(key)
        assert _core._ed25519_verify(signature, message, public), i
        assert not _core._ed25519_verify(flip(signature, rng.randrange(512)), message, public)
        assert not _core._ed25519_verify(signature, message, flip(public, rng.randrange(256)))
        if message:
            assert not _core._ed25519_verify(signature, flip(message, rng.randrange(8 * len(message))), public)


def test_non_canonical_s_is_rejected():
    key = Ed25519PrivateKey.generate()
    signature = key.sign(b"edgeav")
    s = int.from_bytes(signature[32:], "little") + L
    assert s < 2**256
    assert not _core._ed25519_verify(signature[:32] + s.to_bytes(32, "little"), b"edgeav", raw_public(key))


def payload(**changes):
    p = {"license_id": "L-0001", "licensee": "Example Ltd", "app_ids": ["com.example.player", "*.example.com"],
         "products": {"enhance": "standard"}, "not_before": "2026-01-01T00:00:00Z", "expires": "2099-01-01T00:00:00Z"}
    p.update(changes)
    return p


@pytest.fixture(autouse=True)
def evaluation_mode():
    edgeav.license.deactivate()
    yield
    edgeav.license.deactivate()


def test_evaluation_mode_by_default():
    info = edgeav.license.status()
    assert info.mode == "evaluation" and info.development_build
    edgeav.enhance.SuperResolution(2.0)  # every feature works


def test_activate_status_deactivate(tmp_path):
    token = sign(DEV_KEY, payload())
    info = edgeav.license.activate(token, "com.example.player")
    assert info.mode == "licensed" and info.license_id == "L-0001" and info.licensee == "Example Ltd"
    assert info.editions == {"video": None, "audio": None, "enhance": "standard"}
    assert info.expires.year == 2099 and info.days_left > 20000
    assert edgeav.license.status() == info
    (tmp_path / "license.txt").write_text(token + "\n")
    assert edgeav.license.activate(tmp_path / "license.txt", "tv.example.com").mode == "licensed"  # wildcard
    edgeav.license.deactivate()
    assert edgeav.license.status().mode == "evaluation"


@pytest.mark.parametrize("changes,app_id,error,message", [
    ({"expires": "2020-01-01T00:00:00Z", "not_before": "2019-01-01T00:00:00Z"}, "com.example.player",
     edgeav.LicenseExpired, "expired"),
    ({"not_before": "2098-01-01T00:00:00Z"}, "com.example.player", edgeav.LicenseNotYetValid, "not valid yet"),
    ({}, "com.other.app", edgeav.AppIdMismatch, "com.other.app"),
    ({}, "example.com", edgeav.AppIdMismatch, "example.com"),  # a wildcard needs a label before the suffix
    ({"products": {"enhance": "gold"}}, "com.example.player", edgeav.LicenseInvalid, "edition"),
    ({"expires": "2099-13-01T00:00:00Z"}, "com.example.player", edgeav.LicenseInvalid, "UTC"),
    ({"app_ids": []}, "com.example.player", edgeav.LicenseInvalid, "app_ids"),
])
def test_bad_licenses_are_refused(changes, app_id, error, message):
    with pytest.raises(error, match=message):
        edgeav.license.activate(sign(DEV_KEY, payload(**changes)), app_id)
    assert edgeav.license.status().mode == "evaluation"


def test_untrusted_key_and_tampering_are_refused():
    with pytest.raises(edgeav.LicenseInvalid, match="does not verify"):
        edgeav.license.activate(sign(Ed25519PrivateKey.generate(), payload()), "com.example.player")
    token = sign(DEV_KEY, payload())
    head, body, sig = token.split(".")
    tampered = sign(DEV_KEY, payload(products={"enhance": "premium"})).split(".")[1]
    for bad in [f"{head}.{tampered}.{sig}", f"{head}.{body}.{sig[:-2]}AA", "EAV2" + token[4:], token + "=",
                f"{head}.{body}"]:
        with pytest.raises(edgeav.LicenseInvalid):
            edgeav.license.activate(bad, "com.example.player")


def test_duplicate_keys_in_a_signed_payload_are_refused():
    from edgeav.license_tool import b64

    data = b'{"license_id":"a","license_id":"b"}'
    token = f"EAV1.{b64(data)}.{b64(DEV_KEY.sign(data))}"
    with pytest.raises(edgeav.LicenseInvalid, match="duplicate key"):
        edgeav.license.activate(token, "com.example.player")


def test_expiry_within_30_days_warns():
    import datetime as dt

    soon = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with pytest.warns(UserWarning, match="expires in"):
        edgeav.license.activate(sign(DEV_KEY, payload(expires=soon)), "com.example.player")


# The cells of the edition tables in PRODUCT.md that have an object in this
# build: (product line, feature, how to create it, lowest edition).
CELLS = [
    ("video", "video_encoder", lambda: edgeav.video.Encoder(64, 64), "standard"),
    ("video", "video_temporal_layers", lambda: edgeav.video.Encoder(64, 64, temporal_layers=2), "professional"),
    ("video", "video_ltr", lambda: edgeav.video.Encoder(64, 64, ltr=True), "professional"),
    ("video", "video_high_profile", lambda: edgeav.video.Encoder(64, 64, profile="high"), "professional"),
    ("enhance", "super_resolution_standard", lambda: edgeav.enhance.SuperResolution(2.0), "standard"),
    # needs both features, so either may be named first
    ("enhance", "super_resolution_standard|enhancement_parameters",
     lambda: edgeav.enhance.SuperResolution(2.0, contrast=1.2), "standard"),
    ("enhance", "enhancement_parameters", lambda: edgeav.enhance.Adjust(brightness=0.1), "standard"),
    ("enhance", "super_resolution_professional",
     lambda: edgeav.enhance.SuperResolution(2.0, mode="professional"), "professional"),
    ("enhance", "ai_enhancement", lambda: edgeav.enhance.QualityEnhancer(), "professional"),
    ("enhance", "frame_interpolation", lambda: edgeav.enhance.FrameInterpolator(), "premium"),
    ("audio", "volume_equalization", lambda: edgeav.audio.VolumeEqualizer(16000), "professional"),
    # the stages off, so that music mode is the only feature asked for
    ("audio", "aec_music_mode", lambda: edgeav.audio.Processor(16000, aec=False, ans=None, agc=False, aec_mode="music"),
     "professional"),
]
EDITIONS = ["standard", "professional", "premium"]


@pytest.mark.parametrize("granted", [None] + EDITIONS)
@pytest.mark.parametrize("product,feature,create,needed", CELLS)
def test_gating(product, feature, create, needed, granted):
    other = "audio" if product != "audio" else "video"
    products = {product: granted} if granted else {other: "premium"}
    edgeav.license.activate(sign(DEV_KEY, payload(products=products)), "com.example.player")
    if granted and EDITIONS.index(granted) >= EDITIONS.index(needed):
        create()
    else:
        with pytest.raises(edgeav.FeatureNotLicensed) as info:
            create()
        assert any(f in str(info.value) for f in feature.split("|")) and needed in str(info.value)
        assert f"grants {granted or 'none'}" in str(info.value)


# The edition tables of ../shared/PRODUCT.md (and the video line's encoder), as the spec the core's table must match.
PRODUCT_TABLE = {
    "video_encoder": ("video", "standard"),
    "video_temporal_layers": ("video", "professional"),
    "video_ltr": ("video", "professional"),
    "video_high_profile": ("video", "professional"),
    "aec": ("audio", "standard"),
    "agc": ("audio", "standard"),
    "ans": ("audio", "standard"),
    "aec_music_mode": ("audio", "professional"),
    "volume_equalization": ("audio", "professional"),
    "ai_noise_reduction": ("audio", "professional"),
    "audio_encoding": ("audio", "premium"),
    "ai_codec": ("audio", "premium"),
    "super_resolution_standard": ("enhance", "standard"),
    "enhancement_parameters": ("enhance", "standard"),
    "super_resolution_professional": ("enhance", "professional"),
    "ai_enhancement": ("enhance", "professional"),
    "frame_interpolation": ("enhance", "premium"),
}


def test_the_core_table_is_the_product_table():
    assert {name: (product, edition) for name, product, edition in edgeav.license.features()} == PRODUCT_TABLE


@pytest.mark.parametrize("granted", [None] + EDITIONS)
@pytest.mark.parametrize("feature", sorted(PRODUCT_TABLE))
def test_every_cell_of_the_edition_table(feature, granted):
    product, needed = PRODUCT_TABLE[feature]
    other = "audio" if product != "audio" else "video"
    edgeav.license.activate(sign(DEV_KEY, payload(products={product: granted} if granted else {other: "premium"})),
                            "com.example.player")
    if granted and EDITIONS.index(granted) >= EDITIONS.index(needed):
        edgeav.license.require(feature)
    else:
        with pytest.raises(edgeav.FeatureNotLicensed, match=f"{feature}.*{needed}"):
            edgeav.license.require(feature)


def test_unknown_feature_names_are_refused():
    with pytest.raises(edgeav.InvalidArgument):
        edgeav.license.require("teleportation")


def test_gating_is_decided_at_creation_not_per_frame():
    edgeav.license.activate(sign(DEV_KEY, payload()), "com.example.player")
    sr = edgeav.enhance.SuperResolution(2.0)
    edgeav.license.activate(sign(DEV_KEY, payload(products={"audio": "standard"})), "com.example.player")
    assert sr.process(np.zeros((8, 8), np.uint8), format="gray").shape == (16, 16)  # a running stream goes on
    with pytest.raises(edgeav.FeatureNotLicensed):
        edgeav.enhance.SuperResolution(2.0)


def test_license_tool_round_trip(tmp_path, capsys):
    from edgeav.license_tool import main

    assert main(["keygen", "--out", str(tmp_path / "k.pem")]) == 0
    public = capsys.readouterr().out.strip()
    assert len(bytes.fromhex(public)) == 32
    assert main(["issue", "--key", str(Path(__file__).with_name("license_dev_key.pem")), "--id", "L-9",
                 "--licensee", "Tool Test", "--app-id", "com.example.player", "--product", "enhance=premium",
                 "--not-before", "2026-01-01T00:00:00Z", "--expires", "2099-01-01T00:00:00Z"]) == 0
    token = capsys.readouterr().out.strip()
    assert edgeav.license.activate(token, "com.example.player").editions["enhance"] == "premium"
    assert main(["inspect", token]) == 0
    assert '"license_id": "L-9"' in capsys.readouterr().out


def test_license_tool_takes_plain_dates(capsys):
    from edgeav.license_tool import main

    assert main(["issue", "--key", str(Path(__file__).with_name("license_dev_key.pem")), "--id", "L-10",
                 "--licensee", "Tool Test", "--app-id", "com.example.player", "--product", "video=standard",
                 "--not-before", "2026-01-01", "--expires", "2099-01-01"]) == 0
    info = edgeav.license.activate(capsys.readouterr().out.strip(), "com.example.player")
    assert info.not_before.isoformat() == "2026-01-01T00:00:00+00:00" and info.expires.year == 2099


@pytest.mark.parametrize("flag,value,message", [
    ("--not-before", "2026-13-01", "neither YYYY-MM-DD"), ("--expires", "01/01/2099", "neither YYYY-MM-DD"),
    ("--expires", "2025-12-31", "is not after"), ("--product", "enhance=gold", "LINE=EDITION"),
    ("--product", "enhance", "LINE=EDITION")])
def test_license_tool_refuses_what_activate_would_reject(capsys, flag, value, message):
    from edgeav.license_tool import main

    args = {"--not-before": "2026-01-01", "--expires": "2099-01-01", "--product": "video=standard"}
    args[flag] = value
    with pytest.raises(SystemExit) as exit_info:
        main(["issue", "--key", str(Path(__file__).with_name("license_dev_key.pem")), "--id", "L-11",
              "--licensee", "Tool Test", "--app-id", "com.example.player", *[a for kv in args.items() for a in kv]])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert message in captured.err and "EAV1." not in captured.out


def test_evaluation_mode_stops_after_ten_minutes_of_media():
    frame = np.zeros((4, 4), np.uint8)
    sr = edgeav.enhance.SuperResolution(2.0, fps=2.0)  # 2 fps: 1200 frames are 10 minutes
    for _ in range(1200):
        sr.process(frame, format="gray")
    with pytest.raises(edgeav.EvaluationLimitReached, match="10 minutes"):
        sr.process(frame, format="gray")
    edgeav.enhance.SuperResolution(2.0, fps=2.0).process(frame, format="gray")  # a new object starts afresh


def test_evaluation_mode_stops_adjust_after_ten_minutes_of_media():
    frame = np.zeros((4, 4), np.uint8)
    adjust = edgeav.enhance.Adjust(brightness=0.1, fps=2.0)
    for _ in range(1200):
        adjust.process(frame, format="gray")
    with pytest.raises(edgeav.EvaluationLimitReached, match="10 minutes"):
        adjust.process(frame, format="gray")


def test_evaluation_mode_stops_an_encoder_after_ten_minutes_of_media():
    frame = np.zeros((24, 16), np.uint8)
    enc = edgeav.video.Encoder(16, 16, fps=1.0, bitrate_kbps=10)  # 1 fps: 600 frames are 10 minutes
    for _ in range(600):
        enc.encode(frame)
    with pytest.raises(edgeav.EvaluationLimitReached, match="10 minutes"):
        enc.encode(frame)


def test_a_licensed_object_has_no_limit():
    edgeav.license.activate(sign(DEV_KEY, payload()), "com.example.player")
    sr = edgeav.enhance.SuperResolution(2.0, fps=1.0)
    frame = np.zeros((4, 4), np.uint8)
    for _ in range(601):
        sr.process(frame, format="gray")
