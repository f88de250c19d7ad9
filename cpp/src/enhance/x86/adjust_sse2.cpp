// SSE2 adjustment rows (the table lookup needs pshufb: adjust_ssse3.cpp);
// tails go to the C rows.
#include <emmintrin.h>

#include "enhance/adjust_dsp.h"
#include "enhance/adjust_row_c.h"

namespace edgeav {

namespace {

// (s * contrast) >> 12 is exactly the high half of (s << 4) * contrast: s << 4
// stays below 2^12, so both factors fit int16, and pmulhw floors like the
// arithmetic shift. The saturating add cannot change the clamped result.
inline __m128i linear_half(__m128i s16, __m128i contrast, __m128i offset) {
  return _mm_adds_epi16(_mm_mulhi_epi16(_mm_slli_epi16(s16, 4), contrast), offset);
}

void adjust_linear_row_sse2(const uint8_t* src, uint8_t* dst, int width, int contrast, int offset) {
  const __m128i c = _mm_set1_epi16(static_cast<int16_t>(contrast));
  const __m128i o = _mm_set1_epi16(static_cast<int16_t>(offset));
  const __m128i zero = _mm_setzero_si128();
  int x = 0;
  for (; x + 32 <= width; x += 32) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + x));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + x + 16));
    const __m128i ra = _mm_packus_epi16(linear_half(_mm_unpacklo_epi8(a, zero), c, o),
                                        linear_half(_mm_unpackhi_epi8(a, zero), c, o));
    const __m128i rb = _mm_packus_epi16(linear_half(_mm_unpacklo_epi8(b, zero), c, o),
                                        linear_half(_mm_unpackhi_epi8(b, zero), c, o));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x), ra);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x + 16), rb);
  }
  for (; x + 16 <= width; x += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + x));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x),
                     _mm_packus_epi16(linear_half(_mm_unpacklo_epi8(a, zero), c, o),
                                      linear_half(_mm_unpackhi_epi8(a, zero), c, o)));
  }
  adjust_linear_row_c(src + x, dst + x, width - x, contrast, offset);
}

}  // namespace

void adjust_dsp_init_sse2(AdjustDsp* dsp) { dsp->linear = adjust_linear_row_sse2; }

}  // namespace edgeav
