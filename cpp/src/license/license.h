// Signed, edition-based licenses (issue 3). A token is
//   EAV1.<base64url(payload)>.<base64url(Ed25519 signature of the payload bytes)>
// with a JSON payload: license_id, licensee, app_ids (exact ids or
// "*.example.com" suffixes), products {"video"|"audio"|"enhance": edition},
// not_before and expires ("YYYY-MM-DDTHH:MM:SSZ", UTC). Only keys fixed at
// build time are trusted (CMake's EDGEAV_LICENSE_KEYS).
//
// Without a license the SDK is in evaluation mode: every feature is allowed.
// With one, creating a processing object asks license_check for its feature;
// the check is never made per frame, so an expiry never cuts a call.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "license/features.h"

namespace edgeav {

struct LicenseInfo {
  bool licensed = false;  // false: evaluation mode
  std::string license_id, licensee;
  Edition editions[static_cast<size_t>(Product::kCount)] = {};
  int64_t not_before = 0, expires = 0;  // Unix seconds, UTC
  std::vector<std::string> app_ids;
};

// Parses and verifies a token (signature by a trusted key, well-formed payload).
Status parse_license(const std::string& token, LicenseInfo* out);
// parse_license's second half: the JSON payload of a token whose signature verified
// (separate so that cpp/fuzz can reach it without a signing key).
Status parse_license_payload(const std::string& json, LicenseInfo* out);
// license_activate's checks of a parsed license (validity at `now`, the app id), without installing it.
Status check_license_use(const LicenseInfo& info, const std::string& app_id, int64_t now);
// Verifies the token, its validity at `now` and the app id, then installs it.
Status license_activate(const std::string& token, const std::string& app_id, int64_t now, LicenseInfo* out);
LicenseInfo license_status();
void license_deactivate();
// Ok in evaluation mode or when the license grants the feature's edition;
// otherwise EAV_ERR_FEATURE_NOT_LICENSED naming the feature and both editions.
Status license_check(Feature feature);
// The same by the feature's name (features.cpp); an unknown name is InvalidArgument.
Status license_require(const std::string& feature_name);
// Media a processing object may handle in evaluation mode.
constexpr double kEvaluationLimitSeconds = 600.0;

// Counts the media an object processes; in evaluation mode (decided when the
// object is created) it refuses to go past kEvaluationLimitSeconds.
class EvaluationMeter {
 public:
  EvaluationMeter() : evaluation_(!license_status().licensed) {}
  Status add(double seconds) {
    if (!evaluation_) return {};
    if (used_ + seconds > kEvaluationLimitSeconds)
      return Status(EAV_ERR_EVALUATION_LIMIT, "evaluation mode: this object has processed 10 minutes of media; "
                                              "activate a license (edgeav.license.activate) to go on");
    used_ += seconds;
    return {};
  }

 private:
  bool evaluation_;
  double used_ = 0;
};

// Whether the trusted keys include the development key (a source build).
bool license_development_build();
// The Ed25519 public keys this build trusts, as hex (EDGEAV_LICENSE_KEYS at build time).
std::vector<std::string> license_trusted_keys();

bool parse_utc(const std::string& text, int64_t* seconds);

}  // namespace edgeav
