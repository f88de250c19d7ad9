// SHA-512 (FIPS 180-4), self-contained: the license code verifies Ed25519
// signatures (RFC 8032), which hash with SHA-512, and the SDK takes no
// crypto library dependency.
#pragma once
#include <cstddef>
#include <cstdint>

namespace edgeav {

// Incremental hashing: update() any number of times with any chunk sizes,
// then finish() once. The object is not reusable after finish().
struct Sha512 {
  Sha512();
  void update(const uint8_t* data, size_t n);
  void finish(uint8_t out[64]);

 private:
  void compress(const uint8_t block[128]);

  uint64_t state_[8];
  uint8_t buffer_[128];
  size_t buffered_;       // bytes waiting in buffer_, always < 128
  uint64_t total_bytes_;  // message length so far (lengths >= 2^64 bytes are not supported)
};

// One-shot convenience.
void sha512(const uint8_t* data, size_t n, uint8_t out[64]);

}  // namespace edgeav
