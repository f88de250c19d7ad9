#include "license/license.h"

#include <cstring>
#include <mutex>

#include "license/base64url.h"
#include "license/ed25519.h"
#include "license/json.h"
#include "license_keys.h"

namespace edgeav {

namespace {

std::mutex state_lock;
LicenseInfo state;  // the active license, or evaluation mode

Status invalid_license(const std::string& why) { return Status(EAV_ERR_LICENSE_INVALID, "invalid license: " + why); }

bool signed_by_trusted_key(const std::vector<uint8_t>& payload, const std::vector<uint8_t>& signature) {
  if (signature.size() != 64) return false;
  for (const auto& key : kLicenseTrustedKeys)
    if (ed25519_verify(signature.data(), payload.data(), payload.size(), key)) return true;
  return false;
}

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool string_field(const JsonValue& o, const char* key, std::string* out) {
  const JsonValue* v = o.get(key);
  if (!v || v->type != JsonValue::Type::kString || v->string.empty()) return false;
  *out = v->string;
  return true;
}

Status read_payload(const JsonValue& p, LicenseInfo* out) {
  if (p.type != JsonValue::Type::kObject) return invalid_license("payload is not an object");
  std::string not_before, expires;
  if (!string_field(p, "license_id", &out->license_id) || !string_field(p, "licensee", &out->licensee))
    return invalid_license("license_id and licensee are required");
  if (!string_field(p, "not_before", &not_before) || !parse_utc(not_before, &out->not_before) ||
      !string_field(p, "expires", &expires) || !parse_utc(expires, &out->expires) ||
      out->expires <= out->not_before)
    return invalid_license("not_before and expires must be UTC times YYYY-MM-DDTHH:MM:SSZ, in order");
  const JsonValue* apps = p.get("app_ids");
  if (!apps || apps->type != JsonValue::Type::kArray || apps->array.empty())
    return invalid_license("app_ids must be a non-empty list");
  for (const JsonValue& a : apps->array) {
    if (a.type != JsonValue::Type::kString || a.string.empty()) return invalid_license("bad app id");
    out->app_ids.push_back(a.string);
  }
  const JsonValue* products = p.get("products");
  if (!products || products->type != JsonValue::Type::kObject || products->object.empty())
    return invalid_license("products must name at least one product line");
  for (const auto& kv : products->object) {
    Product product;
    Edition edition;
    if (!parse_product(kv.first.c_str(), &product)) return invalid_license("unknown product '" + kv.first + "'");
    if (kv.second.type != JsonValue::Type::kString || !parse_edition(kv.second.string.c_str(), &edition))
      return invalid_license("unknown edition for '" + kv.first + "'");
    out->editions[static_cast<size_t>(product)] = edition;
  }
  out->licensed = true;
  return {};
}

bool app_id_matches(const std::string& pattern, const std::string& app_id) {
  if (pattern.rfind("*.", 0) != 0) return pattern == app_id;
  const std::string suffix = pattern.substr(1);  // ".example.com"
  return app_id.size() > suffix.size() && app_id.compare(app_id.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool parse_utc(const std::string& t, int64_t* seconds) {
  // Exactly YYYY-MM-DDTHH:MM:SSZ.
  static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
  if (t.size() != sizeof(shape) - 1) return false;
  for (size_t i = 0; i < t.size(); i++)
    if (shape[i] == 'd' ? !(t[i] >= '0' && t[i] <= '9') : t[i] != shape[i]) return false;
  auto num = [&](size_t pos, size_t n) { return std::stoll(t.substr(pos, n)); };
  const int64_t y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), s = num(17, 2);
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] || h > 23 || mi > 59 || s > 59) return false;
  *seconds = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
  return true;
}

Status parse_license(const std::string& token, LicenseInfo* out) {
  *out = LicenseInfo();
  const size_t dot1 = token.find('.'), dot2 = token.rfind('.');
  if (token.rfind("EAV1.", 0) != 0 || dot2 == dot1) return invalid_license("not an EAV1 token");
  std::vector<uint8_t> payload, signature;
  if (!base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1), &payload) ||
      !base64url_decode(token.substr(dot2 + 1), &signature))
    return invalid_license("bad base64url");
  if (!signed_by_trusted_key(payload, signature))
    return invalid_license("the signature does not verify with any key this build trusts");
  return parse_license_payload(std::string(payload.begin(), payload.end()), out);
}

Status parse_license_payload(const std::string& text, LicenseInfo* out) {
  *out = LicenseInfo();
  JsonValue json;
  std::string error;
  if (!parse_json(text, &json, &error)) return invalid_license(error);
  return read_payload(json, out);
}

Status check_license_use(const LicenseInfo& info, const std::string& app_id, int64_t now) {
  if (now < info.not_before) return Status(EAV_ERR_LICENSE_NOT_YET_VALID, "license " + info.license_id + " is not valid yet");
  if (now >= info.expires) return Status(EAV_ERR_LICENSE_EXPIRED, "license " + info.license_id + " has expired");
  bool matched = false;
  for (const std::string& pattern : info.app_ids) matched |= app_id_matches(pattern, app_id);
  if (!matched) return Status(EAV_ERR_APP_ID_MISMATCH, "license " + info.license_id + " does not cover app id '" + app_id + "'");
  return {};
}

Status license_activate(const std::string& token, const std::string& app_id, int64_t now, LicenseInfo* out) {
  LicenseInfo info;
  EDGEAV_RETURN_IF_ERROR(parse_license(token, &info));
  EDGEAV_RETURN_IF_ERROR(check_license_use(info, app_id, now));
  std::lock_guard<std::mutex> guard(state_lock);
  state = info;
  *out = info;
  return {};
}

LicenseInfo license_status() {
  std::lock_guard<std::mutex> guard(state_lock);
  return state;
}

void license_deactivate() {
  std::lock_guard<std::mutex> guard(state_lock);
  state = LicenseInfo();
}

Status license_check(Feature feature) {
  const FeatureInfo& f = feature_info(feature);
  std::lock_guard<std::mutex> guard(state_lock);
  if (!state.licensed) return {};
  const Edition granted = state.editions[static_cast<size_t>(f.product)];
  if (granted >= f.minimum) return {};
  return Status(EAV_ERR_FEATURE_NOT_LICENSED, std::string(f.name) + " needs the " + edition_name(f.minimum) + " edition of " +
                                                  product_name(f.product) + "; this license grants " +
                                                  edition_name(granted));
}

bool license_development_build() { return kLicenseDevelopmentBuild; }

std::vector<std::string> license_trusted_keys() {
  static const char kHex[] = "0123456789abcdef";
  std::vector<std::string> keys;
  for (const auto& key : kLicenseTrustedKeys) {
    std::string hex;
    for (uint8_t b : key) hex += {kHex[b >> 4], kHex[b & 15]};
    keys.push_back(hex);
  }
  return keys;
}

Status license_require(const std::string& feature_name) {
  const FeatureInfo* f = find_feature(feature_name.c_str());
  if (!f) return Status::invalid("unknown feature '" + feature_name + "'");
  return license_check(f->feature);
}

}  // namespace edgeav
