// SSSE3 table lookup; tails go to the C row.
//
// A general 256-entry lookup with pshufb takes 16 shuffles per 16 bytes and
// is slower than scalar code on 128-bit vectors (see adjust_avx2.cpp for the
// scheme, which pays off at 256 bits). The tables this library builds for
// steep contrasts, however, are constant outside a 64-entry window (see
// adjust_window.h): those take 4 shuffles, and any other table a scalar loop.
//
// Window lookup: j = min(x -sat base, 63); idx_k = j - 16k (signed saturating),
// k = 0..3, keeps the low nibble and has its top bit clear (pshufb gives 0
// otherwise) exactly when k <= j >> 4. With the differential tables W_0 = B_0,
// W_k = B_k ^ B_(k-1) (B_k = window[16k .. 16k+15]), the XOR of the four
// lookups is B_(j>>4)[j & 15].
#include <tmmintrin.h>

#include "enhance/adjust_dsp.h"
#include "enhance/adjust_row_c.h"
#include "enhance/x86/adjust_window.h"

namespace edgeav {

namespace {

struct WindowTables {
  __m128i w[4];  // differential 16-entry blocks of the window
  __m128i base, last;
};

// Tables of any other form: scalar, four lookups per step (as fast as the
// plain C loop at its best, and unlike it not at the mercy of code alignment).
void lut_row_scalar4(const uint8_t* src, uint8_t* dst, int width, const uint8_t* lut) {
  int x = 0;
  for (; x + 4 <= width; x += 4) {
    const uint8_t a = lut[src[x]], b = lut[src[x + 1]], c = lut[src[x + 2]], d = lut[src[x + 3]];
    dst[x] = a, dst[x + 1] = b, dst[x + 2] = c, dst[x + 3] = d;
  }
  adjust_lut_row_c(src + x, dst + x, width - x, lut);
}

inline __m128i window_lookup(const WindowTables& t, __m128i x) {
  const __m128i step = _mm_set1_epi8(16);
  const __m128i j0 = _mm_min_epu8(_mm_subs_epu8(x, t.base), t.last);
  const __m128i j1 = _mm_subs_epi8(j0, step), j2 = _mm_subs_epi8(j1, step), j3 = _mm_subs_epi8(j2, step);
  return _mm_xor_si128(_mm_xor_si128(_mm_shuffle_epi8(t.w[0], j0), _mm_shuffle_epi8(t.w[1], j1)),
                       _mm_xor_si128(_mm_shuffle_epi8(t.w[2], j2), _mm_shuffle_epi8(t.w[3], j3)));
}

void adjust_lut_row_ssse3(const uint8_t* src, uint8_t* dst, int width, const uint8_t* lut) {
  uint8_t window[64];
  if (width < 16) return adjust_lut_row_c(src, dst, width, lut);
  const int base = adjust_lut_window64(lut, window);
  if (base < 0) return lut_row_scalar4(src, dst, width, lut);
  WindowTables t;
  for (int k = 0; k < 4; k++) {
    const __m128i cur = _mm_loadu_si128(reinterpret_cast<const __m128i*>(window + 16 * k));
    t.w[k] = k == 0 ? cur : _mm_xor_si128(cur, _mm_loadu_si128(reinterpret_cast<const __m128i*>(window + 16 * k - 16)));
  }
  t.base = _mm_set1_epi8(static_cast<char>(base));
  t.last = _mm_set1_epi8(63);
  int x = 0;
  for (; x + 32 <= width; x += 32) {
    const __m128i a = window_lookup(t, _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + x)));
    const __m128i b = window_lookup(t, _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + x + 16)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x), a);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x + 16), b);
  }
  for (; x + 16 <= width; x += 16)
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x),
                     window_lookup(t, _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + x))));
  adjust_lut_row_c(src + x, dst + x, width - x, lut);
}

}  // namespace

void adjust_dsp_init_ssse3(AdjustDsp* dsp) { dsp->apply_lut = adjust_lut_row_ssse3; }

}  // namespace edgeav
