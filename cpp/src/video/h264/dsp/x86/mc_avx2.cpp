// AVX2 motion compensation.
//
// hpel_filter runs the two passes of hpel_rows.h, 32 columns a step. The
// pixel taps (1, -5, 20, 20, -5, 1) are pmaddubsw on byte pairs with the
// coefficient pairs (1, -5), (20, 20), (-5, 1): vertically on rows
// interleaved two by two, horizontally on pixels loaded at x - 2 .. x + 3
// (even outputs from the loads at even offsets, odd ones from the others).
// Each pmaddubsw sum is exact (|sum| <= 10200), and every vertical sum t lies
// in [-2550, 10710]. The centre works on t in 16-bit lanes (centre16).
// Rounding shifts are pmulhrsw: (x * 2^k + 2^14) >> 15 = (x + 2^(14 - k)) >>
// (15 - k) exactly for every int16 x, so k = 10 gives the C's (x + 16) >> 5 and
// k = 9 its (x + 32) >> 6.
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
inline __m256i round5(__m256i x) { return _mm256_mulhrs_epi16(x, _mm256_set1_epi16(1 << 10)); }

// hpel_filter's kernel for hpel_rows.h, 32 columns a step.
struct HpelAvx2 {
  static constexpr int kStep = 32;
  struct Out {
    __m256i h, v, c;
  };

  // Vertical sums of 32 columns into t: s is row y - 2. The byte unpack works
  // within 128-bit lanes, so lo holds columns 0-7 and 16-23, hi 8-15 and
  // 24-31; the four quarters are stored in column order.
  static void vertical(const uint8_t* s, ptrdiff_t stride, int16_t* t) {
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

  // clip((tap6(t[x - 2 .. x + 3]) + 512) >> 10) of 16 columns as 16-bit
  // lanes (clipped by the caller's pack), in the shifts of x264's FILT_H
  // instead of 32-bit products. With a = t[x-2] + t[x+3], b = t[x-1] + t[x+2],
  // c = t[x] + t[x+1] (each in [-5100, 21420]) the tap is S = a - 5b + 20c,
  // and since floor(floor(y) / n) = floor(y / n) and an integer added inside
  // a floor comes out of it:
  //   w = floor((floor((a - b) / 4) - b + c) / 4) = floor((a - 5b + 4c) / 16),
  //   w + c = floor(S / 16), floor((w + c + 32) / 64) = floor((S + 512) / 1024).
  // Ranges: a - b in [-26520, 26520], floor((a - b) / 4) - b in [-28050,
  // 11730], w + c in [-13292, 29611] once w is in [-8192, 8191]: all int16.
  // Only adding c can leave int16 ([-33150, 33150]), so that add saturates:
  // past 32767 it needs c >= 21038 and then gives (8191 + c + 32) >> 6 >= 457,
  // past -32768 it needs c <= -4719 and gives a negative value; the exact
  // result lies further out on the same side, so both clip to 255 or to 0.
  static __m256i centre16(const int16_t* t) {
    const __m256i a = _mm256_add_epi16(load32(t - 2), load32(t + 3));
    const __m256i b = _mm256_add_epi16(load32(t - 1), load32(t + 2));
    const __m256i c = _mm256_add_epi16(load32(t), load32(t + 1));
    const __m256i q = _mm256_sub_epi16(_mm256_srai_epi16(_mm256_sub_epi16(a, b), 2), b);
    const __m256i w = _mm256_srai_epi16(_mm256_adds_epi16(q, c), 2);
    return _mm256_mulhrs_epi16(_mm256_add_epi16(w, c), _mm256_set1_epi16(1 << 9));
  }

  // s is the row (readable from -2 to 34), t its vertical sums (same columns,
  // readable from -2 to 34).
  static Out outputs(const uint8_t* s, const int16_t* t) {
    // h: even and odd outputs, packed to [even 8, odd 8] per lane, then interleaved.
    const __m256i k01 = pair_coefs(1, -5), k23 = pair_coefs(20, 20), k45 = pair_coefs(-5, 1);
    auto taps = [&](const uint8_t* p) {
      return round5(_mm256_add_epi16(
          _mm256_add_epi16(_mm256_maddubs_epi16(load32(p - 2), k01), _mm256_maddubs_epi16(load32(p), k23)),
          _mm256_maddubs_epi16(load32(p + 2), k45)));
    };
    const __m256i interleave8 = _mm256_setr_epi8(0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15,  //
                                                 0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);
    // v and c: the byte pack of columns 0-15 and 16-31 interleaves 64-bit quarters.
    auto in_order = [](__m256i packed) { return _mm256_permute4x64_epi64(packed, _MM_SHUFFLE(3, 1, 2, 0)); };
    return {_mm256_shuffle_epi8(_mm256_packus_epi16(taps(s), taps(s + 1)), interleave8),
            in_order(_mm256_packus_epi16(round5(load32(t)), round5(load32(t + 16)))),
            in_order(_mm256_packus_epi16(centre16(t), centre16(t + 16)))};
  }

  static void store(const Out& o, uint8_t* h, uint8_t* v, uint8_t* c) {
    store32(h, o.h);
    store32(v, o.v);
    store32(c, o.c);
  }
};

void hpel_filter_avx2(uint8_t* h, uint8_t* v, uint8_t* c, const uint8_t* src, ptrdiff_t stride, int width,
                      int height, int16_t* scratch) {
  hpel_filter_rows<HpelAvx2>(h, v, c, src, stride, width, height, scratch);
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
