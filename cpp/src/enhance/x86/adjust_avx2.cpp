// AVX2 adjustment rows; same arithmetic as adjust_row_c.h, tails in C.
//
// Table lookup (each 16-entry sub-table in both 128-bit lanes): pshufb looks
// up 16 entries by the low nibble of each index byte and gives 0 where the
// index byte has its top bit set. For bytes below 128, idx_k = x - 16k with
// signed saturation, k = 0..7, keeps the low nibble and has its top bit clear
// exactly when k <= x >> 4 (never for a byte >= 128, negative as a signed
// byte). With the differential tables D_0 = T_0, D_k = T_k ^ T_(k-1)
// (T_k = lut[16k .. 16k+15]), the XOR of the eight lookups is
// T_(x>>4)[x & 15]. Bytes >= 128 are the same with x ^ 0x80 and the upper
// eight sub-tables, and contribute 0 for bytes below 128, so all sixteen
// lookups are simply XORed. Tables constant outside a 64-entry window (steep
// contrasts) take the 4-lookup path of adjust_ssse3.cpp instead.
#include <immintrin.h>

#include "enhance/adjust_dsp.h"
#include "enhance/adjust_row_c.h"
#include "enhance/x86/adjust_window.h"

namespace edgeav {

namespace {

inline __m256i load(const uint8_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
inline void store(uint8_t* p, __m256i v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }

// General tables: 16 sub-tables, the scheme of the file comment.
struct LutTables {
  __m256i d[16];  // d[0..7]: lower half, d[8..15]: upper half, differential
};

inline void prepare(const uint8_t* lut, LutTables* t) {
  __m128i prev = _mm_setzero_si128();
  for (int k = 0; k < 16; k++) {
    const __m128i cur = _mm_loadu_si128(reinterpret_cast<const __m128i*>(lut + 16 * k));
    t->d[k] = _mm256_broadcastsi128_si256((k == 0 || k == 8) ? cur : _mm_xor_si128(cur, prev));
    prev = cur;
  }
}

// Lookups of sub-tables k and 8 + k (differential) with the indices of step k.
inline __m256i pair(const LutTables& t, int k, __m256i lo, __m256i hi) {
  return _mm256_xor_si256(_mm256_shuffle_epi8(t.d[k], lo), _mm256_shuffle_epi8(t.d[8 + k], hi));
}

// Written out step by step: compilers do not reliably unroll the loop.
inline __m256i lookup(const LutTables& t, __m256i x) {
  const __m256i step = _mm256_set1_epi8(16);
  const __m256i lo0 = x, hi0 = _mm256_xor_si256(x, _mm256_set1_epi8(static_cast<char>(0x80)));
  const __m256i lo1 = _mm256_subs_epi8(lo0, step), hi1 = _mm256_subs_epi8(hi0, step);
  const __m256i lo2 = _mm256_subs_epi8(lo1, step), hi2 = _mm256_subs_epi8(hi1, step);
  const __m256i lo3 = _mm256_subs_epi8(lo2, step), hi3 = _mm256_subs_epi8(hi2, step);
  const __m256i lo4 = _mm256_subs_epi8(lo3, step), hi4 = _mm256_subs_epi8(hi3, step);
  const __m256i lo5 = _mm256_subs_epi8(lo4, step), hi5 = _mm256_subs_epi8(hi4, step);
  const __m256i lo6 = _mm256_subs_epi8(lo5, step), hi6 = _mm256_subs_epi8(hi5, step);
  const __m256i lo7 = _mm256_subs_epi8(lo6, step), hi7 = _mm256_subs_epi8(hi6, step);
  const __m256i a = _mm256_xor_si256(pair(t, 0, lo0, hi0), pair(t, 1, lo1, hi1));
  const __m256i b = _mm256_xor_si256(pair(t, 2, lo2, hi2), pair(t, 3, lo3, hi3));
  const __m256i c = _mm256_xor_si256(pair(t, 4, lo4, hi4), pair(t, 5, lo5, hi5));
  const __m256i d = _mm256_xor_si256(pair(t, 6, lo6, hi6), pair(t, 7, lo7, hi7));
  return _mm256_xor_si256(_mm256_xor_si256(a, b), _mm256_xor_si256(c, d));
}

// Tables constant outside a 64-entry window: 4 sub-tables (adjust_ssse3.cpp).
struct WindowTables {
  __m256i w[4];
  __m256i base, last;
};

inline __m256i window_lookup(const WindowTables& t, __m256i x) {
  const __m256i step = _mm256_set1_epi8(16);
  const __m256i j0 = _mm256_min_epu8(_mm256_subs_epu8(x, t.base), t.last);
  const __m256i j1 = _mm256_subs_epi8(j0, step), j2 = _mm256_subs_epi8(j1, step), j3 = _mm256_subs_epi8(j2, step);
  return _mm256_xor_si256(_mm256_xor_si256(_mm256_shuffle_epi8(t.w[0], j0), _mm256_shuffle_epi8(t.w[1], j1)),
                          _mm256_xor_si256(_mm256_shuffle_epi8(t.w[2], j2), _mm256_shuffle_epi8(t.w[3], j3)));
}

// The row loop around a 32-byte lookup; the last 16..31 bytes as a half vector.
template <typename Lookup>
void lut_rows(const uint8_t* src, uint8_t* dst, int width, const uint8_t* lut, const Lookup& f) {
  int x = 0;
  for (; x + 64 <= width; x += 64) {
    const __m256i a = f(load(src + x)), b = f(load(src + x + 32));
    store(dst + x, a);
    store(dst + x + 32, b);
  }
  for (; x + 32 <= width; x += 32) store(dst + x, f(load(src + x)));
  if (x + 16 <= width) {
    const __m256i r = f(_mm256_zextsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src + x))));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x), _mm256_castsi256_si128(r));
    x += 16;
  }
  adjust_lut_row_c(src + x, dst + x, width - x, lut);
}

void adjust_lut_row_avx2(const uint8_t* src, uint8_t* dst, int width, const uint8_t* lut) {
  if (width < 16) return adjust_lut_row_c(src, dst, width, lut);
  uint8_t window[64];
  const int base = adjust_lut_window64(lut, window);
  if (base >= 0) {
    WindowTables t;
    for (int k = 0; k < 4; k++) {
      const __m128i cur = _mm_loadu_si128(reinterpret_cast<const __m128i*>(window + 16 * k));
      const __m128i prev = k == 0 ? _mm_setzero_si128()
                                  : _mm_loadu_si128(reinterpret_cast<const __m128i*>(window + 16 * k - 16));
      t.w[k] = _mm256_broadcastsi128_si256(_mm_xor_si128(cur, prev));
    }
    t.base = _mm256_set1_epi8(static_cast<char>(base));
    t.last = _mm256_set1_epi8(63);
    lut_rows(src, dst, width, lut, [&t](__m256i x) { return window_lookup(t, x); });
  } else {
    LutTables t;
    prepare(lut, &t);
    lut_rows(src, dst, width, lut, [&t](__m256i x) { return lookup(t, x); });
  }
}

// See adjust_sse2.cpp: pmulhw of (s << 4) is (s * contrast) >> 12 exactly.
// Unpacks and packs both stay within 128-bit lanes, so the order is kept.
inline __m256i linear_half(__m256i s16, __m256i contrast, __m256i offset) {
  return _mm256_adds_epi16(_mm256_mulhi_epi16(_mm256_slli_epi16(s16, 4), contrast), offset);
}

inline __m256i linear32(__m256i s, __m256i c, __m256i o) {
  const __m256i zero = _mm256_setzero_si256();
  return _mm256_packus_epi16(linear_half(_mm256_unpacklo_epi8(s, zero), c, o),
                             linear_half(_mm256_unpackhi_epi8(s, zero), c, o));
}

void adjust_linear_row_avx2(const uint8_t* src, uint8_t* dst, int width, int contrast, int offset) {
  const __m256i c = _mm256_set1_epi16(static_cast<int16_t>(contrast));
  const __m256i o = _mm256_set1_epi16(static_cast<int16_t>(offset));
  int x = 0;
  for (; x + 64 <= width; x += 64) {
    const __m256i a = linear32(load(src + x), c, o), b = linear32(load(src + x + 32), c, o);
    store(dst + x, a);
    store(dst + x + 32, b);
  }
  for (; x + 32 <= width; x += 32) store(dst + x, linear32(load(src + x), c, o));
  if (x + 16 <= width) {  // one half vector before the C tail
    const __m128i s = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + x));
    const __m256i r = linear32(_mm256_zextsi128_si256(s), c, o);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x), _mm256_castsi256_si128(r));
    x += 16;
  }
  adjust_linear_row_c(src + x, dst + x, width - x, contrast, offset);
}

}  // namespace

void adjust_dsp_init_avx2(AdjustDsp* dsp) {
  dsp->apply_lut = adjust_lut_row_avx2;
  dsp->linear = adjust_linear_row_avx2;
}

}  // namespace edgeav
