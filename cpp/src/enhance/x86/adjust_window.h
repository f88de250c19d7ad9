// The window test shared by the x86 table lookups (SSE2; in an unnamed
// namespace like the C rows, so each translation unit keeps its own copy).
//
// A table that is constant below some `base` and from base + 63 upwards is
// lut[x] = window[clamp(x - base, 0, 63)], with window[j] = lut[min(base + j,
// 255)]. The tables adjust_params() builds for |contrast| >= 7.9 have that
// form: at most 33 entries lie strictly between their clipped ends.
#pragma once
#include <emmintrin.h>

#include <cstdint>
#include <cstring>

namespace edgeav {
namespace {

// Fills `window` and returns base, or returns -1 for a table of any other form.
inline int adjust_lut_window64(const uint8_t* lut, uint8_t* window) {
  const __m128i first = _mm_set1_epi8(static_cast<char>(lut[0]));
  const __m128i last = _mm_set1_epi8(static_cast<char>(lut[255]));
  int lo_end = 256;  // lut[0 .. lo_end) == lut[0]
  for (int k = 0; k < 16; k++) {
    const int m = _mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(lut + 16 * k)), first));
    if (m != 0xFFFF) {
      int n = 0;
      while (m >> n & 1) n++;
      lo_end = 16 * k + n;
      break;
    }
  }
  int hi_start = 0;  // lut[hi_start .. 255] == lut[255]
  for (int k = 15; k >= 0; k--) {
    const int m = _mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(lut + 16 * k)), last));
    if (m != 0xFFFF) {
      int n = 15;
      while (m >> n & 1) n--;
      hi_start = 16 * k + n + 1;
      break;
    }
  }
  const int base = lo_end - 1;
  if (hi_start - base > 63) return -1;
  if (base <= 192) {
    std::memcpy(window, lut + base, 64);
  } else {
    for (int j = 0; j < 64; j++) window[j] = lut[base + j < 255 ? base + j : 255];
  }
  return base;
}

}  // namespace
}  // namespace edgeav
