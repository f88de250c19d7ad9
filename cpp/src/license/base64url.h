// Base64url without padding (RFC 4648 section 5), decoded strictly: the
// token is signed, so exactly one encoding of each payload is accepted.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace edgeav {

bool base64url_decode(const std::string& text, std::vector<uint8_t>* out);

}  // namespace edgeav
