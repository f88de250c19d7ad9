// Unaligned loads and stores of 2, 4, 8 and 16 bytes shared by the x86
// kernels, and the rounded 3-tap average of bytes. Narrow ones go through memcpy (no unaligned int dereference); each
// compiles to one movd/movq/movdqu. Internal linkage: every file gets its own
// copy compiled with its own ISA flags, so an AVX2-encoded copy can never be
// picked by the linker for an SSE2 file.
#pragma once
#include <emmintrin.h>

#include <cstdint>
#include <cstring>

namespace edgeav {
namespace {

inline __m128i load16(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }
inline void store16(void* p, __m128i v) { _mm_storeu_si128(static_cast<__m128i*>(p), v); }
inline __m128i load8(const void* p) { return _mm_loadl_epi64(static_cast<const __m128i*>(p)); }
inline void store8(void* p, __m128i v) { _mm_storel_epi64(static_cast<__m128i*>(p), v); }
inline __m128i load4(const void* p) {
  int32_t v;
  std::memcpy(&v, p, 4);
  return _mm_cvtsi32_si128(v);
}
inline void store4(void* p, __m128i v) {
  const int32_t x = _mm_cvtsi128_si32(v);
  std::memcpy(p, &x, 4);
}
inline __m128i load2(const void* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return _mm_cvtsi32_si128(v);
}
inline void store2(void* p, __m128i v) {
  const uint16_t x = static_cast<uint16_t>(_mm_cvtsi128_si32(v));
  std::memcpy(p, &x, 2);
}

// (a + 2b + c + 2) >> 2 per byte: pavgb of b and the floored average of a, c.
inline __m128i avg3(__m128i a, __m128i b, __m128i c) {
  const __m128i floor_ac = _mm_sub_epi8(_mm_avg_epu8(a, c), _mm_and_si128(_mm_xor_si128(a, c), _mm_set1_epi8(1)));
  return _mm_avg_epu8(floor_ac, b);
}

}  // namespace
}  // namespace edgeav
