// Ed25519 signature verification (RFC 8032 section 5.1, PureEdDSA), used to
// check license tokens. Self-contained and portable (no 128-bit integers, no
// crypto library). Verification only: every input is public, so the code is
// written for clarity rather than constant time.
#pragma once
#include <cstddef>
#include <cstdint>

namespace edgeav {

// True iff `signature` (R || S) is a valid RFC 8032 Ed25519 signature of
// `message` under `public_key`. Rejects a non-canonical S (S >= L), public
// keys and R that fail point decoding (RFC 8032 section 5.1.3), and any
// signature for which [S]B != R + [k]A. `message` may be null when
// `message_len` is 0.
bool ed25519_verify(const uint8_t signature[64], const uint8_t* message,
                    size_t message_len, const uint8_t public_key[32]);

}  // namespace edgeav
