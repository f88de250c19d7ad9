// license_key_test APP_ID TOKEN...: for each token, whether this build accepts
// it now (signature by a trusted key, validity, app id), after a line naming the
// keys the build trusts. tests/test_license_keys.py builds it with a fresh
// EDGEAV_LICENSE_KEYS and feeds it development-key and release-key tokens.
#include <cstdio>
#include <ctime>
#include <string>

#include "license/license.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: license_key_test APP_ID TOKEN...\n");
    return 2;
  }
  std::printf("development build: %s\n", edgeav::license_development_build() ? "yes" : "no");
  for (const std::string& key : edgeav::license_trusted_keys()) std::printf("trusted key: %s\n", key.c_str());
  for (int i = 2; i < argc; i++) {
    edgeav::LicenseInfo info;
    const edgeav::Status s = edgeav::license_activate(argv[i], argv[1], static_cast<int64_t>(std::time(nullptr)), &info);
    if (s.ok())
      std::printf("token %d: accepted (%s)\n", i - 1, info.license_id.c_str());
    else
      std::printf("token %d: rejected (%s)\n", i - 1, s.message().c_str());
  }
  return 0;
}
