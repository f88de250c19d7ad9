// AVX2 motion compensation: hpel_filter in the two passes of mc_sse2.cpp, 32
// columns a step, with the pixel taps done by pmaddubsw on byte pairs with
// the coefficients (1, -5), (20, 20), (-5, 1): vertically on rows interleaved
// two by two, horizontally on pixels loaded at x - 2 .. x + 3 (even outputs
// from the loads at even offsets, odd ones from the others). Each pmaddubsw
// sum is exact (|sum| <= 10200). mc_chroma uses pmaddubsw too.
#include <immintrin.h>

#include <cstring>

#include "video/h264/dsp/mc_dsp.h"
#include "video/h264/dsp/x86/hpel_rows.h"

namespace edgeav {
namespace h264 {

namespace {

inline __m256i load32(const void* p) { return _mm256_loadu_si256(static_cast<const __m256i*>(p)); }
inline void store32(void* p, __m256i v) { _mm256_storeu_si256(static_cast<__m256i*>(p), v); }

inline __m256i pair_coefs(int first, int second) {
  return _mm256_set1_epi16(static_cast<int16_t>((first & 0xff) | (second & 0xff) << 8));
}

// (x + 16) >> 5 on 16-bit lanes (clipped by the caller's pack).
inline __m256i round5(__m256i x) { return _mm256_srai_epi16(_mm256_add_epi16(x, _mm256_set1_epi16(16)), 5); }

constexpr int kStep = 32;

// Vertical sums of 32 columns into t: s is row y - 2. The byte unpack works
// within 128-bit lanes, so lo holds columns 0-7 and 16-23, hi 8-15 and 24-31.
inline void vertical32(const uint8_t* s, ptrdiff_t stride, int16_t* t) {
  const __m256i r0 = load32(s), r1 = load32(s + stride), r2 = load32(s + 2 * stride);
  const __m256i r3 = load32(s + 3 * stride), r4 = load32(s + 4 * stride), r5 = load32(s + 5 * stride);
  const __m256i k01 = pair_coefs(1, -5), k23 = pair_coefs(20, 20), k45 = pair_coefs(-5, 1);
  auto taps = [&](auto unpack) {
    return _mm256_add_epi16(_mm256_add_epi16(_mm256_maddubs_epi16(unpack(r0, r1), k01),
                                             _mm256_maddubs_epi16(unpack(r2, r3), k23)),
                            _mm256_maddubs_epi16(unpack(r4, r5), k45));
  };
  const __m256i lo = taps([](__m256i a, __m256i b) { return _mm256_unpacklo_epi8(a, b); });
  const __m256i hi = taps([](__m256i a, __m256i b) { return _mm256_unpackhi_epi8(a, b); });
  store32(t, _mm256_permute2x128_si256(lo, hi, 0x20));
  store32(t + 16, _mm256_permute2x128_si256(lo, hi, 0x31));
}

// Centre sums of the 8 even outputs among 16 from t at the first one's column,
// rounded and shifted: lane 0 holds outputs 0, 2, 4, 6, lane 1 8, 10, 12, 14.
inline __m256i centre_even(const int16_t* t) {
  const __m256i k01 = _mm256_set1_epi32(static_cast<int>(0xfffb0001u));  // (1, -5)
  const __m256i k23 = _mm256_set1_epi16(20);
  const __m256i k45 = _mm256_set1_epi32(0x0001fffb);  // (-5, 1)
  const __m256i sum = _mm256_add_epi32(
      _mm256_add_epi32(_mm256_madd_epi16(load32(t - 2), k01), _mm256_madd_epi16(load32(t), k23)),
      _mm256_madd_epi16(load32(t + 2), k45));
  return _mm256_srai_epi32(_mm256_add_epi32(sum, _mm256_set1_epi32(512)), 10);
}

// v, h and c of 32 outputs: s is the row (readable from -2 to 34), t its
// vertical sums (same columns).
inline void outputs32(const uint8_t* s, const int16_t* t, uint8_t* h, uint8_t* v, uint8_t* c) {
  // v: the byte pack interleaves 64-bit quarters of the two halves.
  const __m256i vb = _mm256_packus_epi16(round5(load32(t)), round5(load32(t + 16)));
  store32(v, _mm256_permute4x64_epi64(vb, _MM_SHUFFLE(3, 1, 2, 0)));

  // h: even and odd outputs, packed to [even 8, odd 8] per lane, then interleaved.
  const __m256i k01 = pair_coefs(1, -5), k23 = pair_coefs(20, 20), k45 = pair_coefs(-5, 1);
  auto taps = [&](const uint8_t* p) {
    return round5(_mm256_add_epi16(
        _mm256_add_epi16(_mm256_maddubs_epi16(load32(p - 2), k01), _mm256_maddubs_epi16(load32(p), k23)),
        _mm256_maddubs_epi16(load32(p + 2), k45)));
  };
  const __m256i interleave8 = _mm256_setr_epi8(0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15,  //
                                               0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);
  store32(h, _mm256_shuffle_epi8(_mm256_packus_epi16(taps(s), taps(s + 1)), interleave8));

  // c: per 16 outputs [even 4, odd 4] per lane as words; bytes of both halves
  // interleaved within lanes, then the quarters put in order.
  const __m256i w0 = _mm256_packs_epi32(centre_even(t), centre_even(t + 1));
  const __m256i w1 = _mm256_packs_epi32(centre_even(t + 16), centre_even(t + 17));
  const __m256i interleave4 = _mm256_setr_epi8(0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15,  //
                                               0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15);
  const __m256i cb = _mm256_shuffle_epi8(_mm256_packus_epi16(w0, w1), interleave4);
  store32(c, _mm256_permute4x64_epi64(cb, _MM_SHUFFLE(3, 1, 2, 0)));
}

void hpel_filter_avx2(uint8_t* h, uint8_t* v, uint8_t* c, const uint8_t* src, ptrdiff_t stride, int width,
                      int height, int16_t* scratch) {
  hpel_filter_rows<kStep, vertical32, outputs32>(h, v, c, src, stride, width, height, scratch);
}

// The four bilinear weights as two pmaddubsw coefficient pairs on p[x], p[x + 1]
// interleaved: ((8 - dx)(8 - dy), dx (8 - dy)) for the row above and
// ((8 - dx) dy, dx dy) for the row below. Each is at most 64, and each
// pmaddubsw sum at most 64 * 255, so nothing saturates.
template <int W>
void mc_chroma_rows(uint8_t* dst, ptrdiff_t ds, const uint8_t* src, ptrdiff_t ss, int dx, int dy, int h) {
  auto load = [](const uint8_t* p) {
    if (W == 8) return _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
    int32_t v = 0;
    std::memcpy(&v, p, W);
    return _mm_cvtsi32_si128(v);
  };
  auto pairs = [](int a, int b) { return _mm_set1_epi16(static_cast<int16_t>(a | (b << 8))); };
  const __m128i top = pairs((8 - dx) * (8 - dy), dx * (8 - dy)), bottom = pairs((8 - dx) * dy, dx * dy);
  auto row = [&](const uint8_t* p) { return _mm_unpacklo_epi8(load(p), load(p + 1)); };
  __m128i above = row(src);
  for (int y = 0; y < h; y++, dst += ds) {
    src += ss;
    const __m128i below = row(src);
    const __m128i sum = _mm_add_epi16(_mm_maddubs_epi16(above, top), _mm_maddubs_epi16(below, bottom));
    // pmulhrsw by 512: (sum * 512 + 16384) >> 15 = (sum + 32) >> 6.
    const __m128i out = _mm_packus_epi16(_mm_mulhrs_epi16(sum, _mm_set1_epi16(512)), sum);
    if (W == 8) _mm_storel_epi64(reinterpret_cast<__m128i*>(dst), out);
    else {
      const int32_t x = _mm_cvtsi128_si32(out);
      std::memcpy(dst, &x, W);
    }
    above = below;
  }
}

void mc_chroma_avx2(uint8_t* dst, ptrdiff_t ds, const uint8_t* src, ptrdiff_t ss, int dx, int dy, int w, int h) {
  if (w == 8) mc_chroma_rows<8>(dst, ds, src, ss, dx, dy, h);
  else if (w == 4) mc_chroma_rows<4>(dst, ds, src, ss, dx, dy, h);
  else mc_chroma_rows<2>(dst, ds, src, ss, dx, dy, h);
}

}  // namespace

void mc_dsp_init_avx2(McDsp* dsp) {
  dsp->hpel_filter = hpel_filter_avx2;
  dsp->mc_chroma = mc_chroma_avx2;
}

}  // namespace h264
}  // namespace edgeav
