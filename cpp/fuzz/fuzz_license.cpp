// libFuzzer harness: license tokens. The first byte picks what the rest is:
//   'T'  app id '\n' now '\n' token -> eav_license_activate (base64url, Ed25519
//        against the trusted keys, JSON, the payload's fields, validity, app id),
//        then eav_license_status / eav_license_require, then deactivate;
//   'P'  app id '\n' now '\n' JSON  -> parse_license_payload and check_license_use:
//        what a correctly signed token with this payload would reach (a fuzzer
//        cannot forge signatures, so without this the JSON reader stays unreached);
//   else the primitives: base64url_decode (canonical: re-encoding gives the input
//        back), parse_utc, ed25519_verify on arbitrary signature, key and message.
// `now` is decimal Unix seconds (empty: 0, the system clock). The seeds in
// seeds/license hold tokens signed with the development key (tests/license_dev_key.pem).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "edgeav/edgeav.h"
#include "license/base64url.h"
#include "license/ed25519.h"
#include "license/license.h"

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

// Splits "app\nnow\nrest" (missing parts are empty).
void split(const std::string& s, std::string* app, int64_t* now, std::string* rest) {
  const size_t a = s.find('\n');
  *app = s.substr(0, a);
  if (a == std::string::npos) return;
  const size_t b = s.find('\n', a + 1);
  const std::string now_text = s.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
  *now = std::strtoll(now_text.c_str(), nullptr, 10);
  if (b != std::string::npos) *rest = s.substr(b + 1);
}

const char* const kFeatures[] = {"video_encoder", "aec", "agc", "ans", "super_resolution",
                                 "super_resolution_professional", "adjust", "teleportation"};

void check_info(const edgeav::LicenseInfo& info) {
  if (!info.licensed || info.license_id.empty() || info.licensee.empty() || info.app_ids.empty())
    fail("a license was accepted without its required fields");
  if (info.expires <= info.not_before) fail("a license was accepted that expires before it starts");
}

void token(const std::string& app, int64_t now, const std::string& tok) {
  eav_license_info info;
  std::memset(&info, 0x5a, sizeof info);
  const eav_status s = eav_license_activate(tok.c_str(), app.c_str(), now, &info);
  if (s != EAV_OK) {
    if (s < EAV_ERR_INVALID_ARGUMENT || s > EAV_ERR_APP_ID_MISMATCH || s == EAV_ERR_UNSUPPORTED || s == EAV_ERR_INTERNAL)
      fail("activate returned an unexpected status");
    if (!eav_last_error()[0]) fail("an error status without a message");
    eav_license_status(&info);
    if (info.licensed) fail("a refused token left a license installed");
    return;
  }
  if (!info.licensed || info.expires <= info.not_before) fail("activate reported a license without its fields");
  if (!std::memchr(info.license_id, 0, sizeof info.license_id) || !std::memchr(info.licensee, 0, sizeof info.licensee))
    fail("an unterminated string in eav_license_info");
  if (now && (now < info.not_before || now >= info.expires)) fail("a license was accepted outside its validity");
  eav_license_info status;
  eav_license_status(&status);
  if (!status.licensed || std::strcmp(status.license_id, info.license_id) != 0) fail("status differs from activate");
  for (const char* f : kFeatures) {
    const eav_status r = eav_license_require(f);
    if (r != EAV_OK && r != EAV_ERR_FEATURE_NOT_LICENSED && r != EAV_ERR_INVALID_ARGUMENT) fail("require: unexpected status");
  }
  eav_license_deactivate();
}

void payload(const std::string& app, int64_t now, const std::string& json) {
  edgeav::LicenseInfo info;
  if (!edgeav::parse_license_payload(json, &info).ok()) {
    if (info.licensed) fail("a refused payload reported a license");
    return;
  }
  check_info(info);
  const edgeav::Status use = edgeav::check_license_use(info, app, now);
  if (use.ok() && (now < info.not_before || now >= info.expires)) fail("a license was usable outside its validity");
  if (!use.ok() && use.message().empty()) fail("an error status without a message");
}

std::string base64url_encode(const std::vector<uint8_t>& in) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (uint8_t b : in) {
    bits = (bits << 8) | b, count += 8;
    while (count >= 6) out.push_back(kAlphabet[(bits >> (count -= 6)) & 63]);
  }
  if (count) out.push_back(kAlphabet[(bits << (6 - count)) & 63]);
  return out;
}

void primitives(uint8_t selector, const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<uint8_t> decoded;
  if (edgeav::base64url_decode(text, &decoded) && base64url_encode(decoded) != text)
    fail("base64url accepted a non-canonical encoding");
  int64_t seconds = 0;
  if (edgeav::parse_utc(text, &seconds) && text.size() != 20) fail("parse_utc accepted a time of the wrong shape");
  if (selector & 1) {
    // signature (64) || key (32) || message, short inputs padded with zeros.
    uint8_t sig_key[96] = {};
    std::memcpy(sig_key, data, size < 96 ? size : 96);
    const uint8_t* msg = size > 96 ? data + 96 : nullptr;
    edgeav::ed25519_verify(sig_key, msg, size > 96 ? size - 96 : 0, sig_key + 64);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t mode = data[0];
  if (mode == 'T' || mode == 'P') {
    std::string app, rest;
    int64_t now = 0;
    split(std::string(reinterpret_cast<const char*>(data + 1), size - 1), &app, &now, &rest);
    if (mode == 'T') token(app, now, rest);
    else payload(app, now, rest);
  } else {
    primitives(mode, data + 1, size - 1);
  }
  return 0;
}
