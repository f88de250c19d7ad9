// The C plane row kernels: the specification of every SIMD version (see
// convert_row_c.h for why they live in an unnamed namespace).
#pragma once
#include <cstdint>

namespace edgeav {
namespace {

inline void copy_row_c(const uint8_t* src, uint8_t* dst, int width) {
  for (int x = 0; x < width; x++) dst[x] = src[x];
}

inline void merge_uv_row_c(const uint8_t* u, const uint8_t* v, uint8_t* uv, int width) {
  for (int x = 0; x < width; x++) {
    uv[2 * x] = u[x];
    uv[2 * x + 1] = v[x];
  }
}

inline void split_uv_row_c(const uint8_t* uv, uint8_t* u, uint8_t* v, int width) {
  for (int x = 0; x < width; x++) {
    u[x] = uv[2 * x];
    v[x] = uv[2 * x + 1];
  }
}

inline void downscale2_row_c(const uint8_t* src0, const uint8_t* src1, uint8_t* dst, int width) {
  for (int x = 0; x < width; x++)
    dst[x] = static_cast<uint8_t>((src0[2 * x] + src0[2 * x + 1] + src1[2 * x] + src1[2 * x + 1] + 2) >> 2);
}

}  // namespace
}  // namespace edgeav
