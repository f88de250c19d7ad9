// SSE2 motion compensation.
//
// hpel_filter works a row at a time in the two passes of hpel_rows.h. The
// first computes the vertical 6-tap sums t of columns -2 .. width + 2 into
// `scratch` (16-bit: -2550 <= t <= 10710); the second makes v = clip((t + 16)
// >> 5), the horizontal h from the pixels, and the centre c = clip((taps of t
// + 512) >> 10) from scratch. The centre taps reach 475320, beyond 16 bits;
// centre8 still gets them exactly in 16-bit lanes, by shifts (x264's FILT_H).
#include <emmintrin.h>

#include <cstring>

#include "video/h264/dsp/mc_dsp.h"
#include "video/h264/dsp/x86/hpel_rows.h"
#include "base/x86/sse2_util.h"

namespace edgeav {
namespace h264 {

namespace {

// a - 5b + 20c + 20d - 5e + f = (a + f) + 5 (4 (c + d) - (b + e)) on 16-bit lanes
// of pixels: every partial result stays within +-10710.
inline __m128i tap6(__m128i a, __m128i b, __m128i c, __m128i d, __m128i e, __m128i f) {
  const __m128i u = _mm_sub_epi16(_mm_slli_epi16(_mm_add_epi16(c, d), 2), _mm_add_epi16(b, e));
  return _mm_add_epi16(_mm_add_epi16(a, f), _mm_add_epi16(u, _mm_slli_epi16(u, 2)));
}

// clip((x + 16) >> 5) of two 8-lane halves, as 16 bytes.
inline __m128i round5(__m128i lo, __m128i hi) {
  const __m128i r = _mm_set1_epi16(16);
  return _mm_packus_epi16(_mm_srai_epi16(_mm_add_epi16(lo, r), 5), _mm_srai_epi16(_mm_add_epi16(hi, r), 5));
}

// hpel_filter's kernel for hpel_rows.h, 16 columns a step.
struct HpelSse2 {
  static constexpr int kStep = 16;
  struct Out {
    __m128i h, v, c;
  };

  // Vertical sums of 16 columns: s is row y - 2.
  static void vertical(const uint8_t* s, ptrdiff_t stride, int16_t* t) {
    const __m128i zero = _mm_setzero_si128();
    __m128i r[6];
    for (int k = 0; k < 6; k++) r[k] = load16(s + k * stride);
    auto half = [&](auto unpack) {
      return tap6(unpack(r[0], zero), unpack(r[1], zero), unpack(r[2], zero), unpack(r[3], zero), unpack(r[4], zero),
                  unpack(r[5], zero));
    };
    store16(t, half([](__m128i x, __m128i z) { return _mm_unpacklo_epi8(x, z); }));
    store16(t + 8, half([](__m128i x, __m128i z) { return _mm_unpackhi_epi8(x, z); }));
  }

  // (tap6(t[x - 2 .. x + 3]) + 512) >> 10 of 8 columns in 16-bit lanes: the
  // shifts and the saturating add of the AVX2 version's centre16 (the proof
  // of exactness is there), with (r + 32) >> 6 done as an add and a shift
  // (r + 32 <= 29643).
  static __m128i centre8(const int16_t* t) {
    const __m128i a = _mm_add_epi16(load16(t - 2), load16(t + 3));
    const __m128i b = _mm_add_epi16(load16(t - 1), load16(t + 2));
    const __m128i c = _mm_add_epi16(load16(t), load16(t + 1));
    const __m128i q = _mm_sub_epi16(_mm_srai_epi16(_mm_sub_epi16(a, b), 2), b);
    const __m128i w = _mm_srai_epi16(_mm_adds_epi16(q, c), 2);
    return _mm_srai_epi16(_mm_add_epi16(_mm_add_epi16(w, c), _mm_set1_epi16(32)), 6);
  }

  // s is the row (readable from -2 to 18), t its vertical sums (same columns,
  // readable from -2 to 18).
  static Out outputs(const uint8_t* s, const int16_t* t) {
    const __m128i zero = _mm_setzero_si128();
    __m128i p[6];
    for (int k = 0; k < 6; k++) p[k] = load16(s + k - 2);
    auto half = [&](auto unpack) {
      return tap6(unpack(p[0], zero), unpack(p[1], zero), unpack(p[2], zero), unpack(p[3], zero), unpack(p[4], zero),
                  unpack(p[5], zero));
    };
    return {round5(half([](__m128i x, __m128i z) { return _mm_unpacklo_epi8(x, z); }),
                   half([](__m128i x, __m128i z) { return _mm_unpackhi_epi8(x, z); })),
            round5(load16(t), load16(t + 8)), _mm_packus_epi16(centre8(t), centre8(t + 8))};
  }

  static void store(const Out& o, uint8_t* h, uint8_t* v, uint8_t* c) {
    store16(h, o.h);
    store16(v, o.v);
    store16(c, o.c);
  }
};

void hpel_filter_sse2(uint8_t* h, uint8_t* v, uint8_t* c, const uint8_t* src, ptrdiff_t stride, int width,
                      int height, int16_t* scratch) {
  hpel_filter_rows<HpelSse2>(h, v, c, src, stride, width, height, scratch);
}

template <int W>
void pixel_avg_rows(uint8_t* dst, ptrdiff_t ds, const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs,
                    int h) {
  for (int y = 0; y < h; y++, dst += ds, a += as, b += bs) {
    if (W == 16) store16(dst, _mm_avg_epu8(load16(a), load16(b)));
    if (W == 8) store8(dst, _mm_avg_epu8(load8(a), load8(b)));
    if (W == 4) store4(dst, _mm_avg_epu8(load4(a), load4(b)));
  }
}

void pixel_avg_sse2(uint8_t* dst, ptrdiff_t ds, const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs,
                    int w, int h) {
  if (w == 16) pixel_avg_rows<16>(dst, ds, a, as, b, bs, h);
  else if (w == 8) pixel_avg_rows<8>(dst, ds, a, as, b, bs, h);
  else pixel_avg_rows<4>(dst, ds, a, as, b, bs, h);
}

// (8 - dx) p[x] + dx p[x + 1] per row (at most 2040), then (8 - dy) and dy
// between rows (at most 16320): the C's four weights, without intermediate
// rounding, in 16-bit lanes.
template <int W>
void mc_chroma_rows(uint8_t* dst, ptrdiff_t ds, const uint8_t* src, ptrdiff_t ss, int dx, int dy, int h) {
  auto load = [](const uint8_t* p) { return W == 8 ? load8(p) : W == 4 ? load4(p) : load2(p); };
  const __m128i zero = _mm_setzero_si128();
  const __m128i wx0 = _mm_set1_epi16(static_cast<int16_t>(8 - dx)), wx1 = _mm_set1_epi16(static_cast<int16_t>(dx));
  const __m128i wy0 = _mm_set1_epi16(static_cast<int16_t>(8 - dy)), wy1 = _mm_set1_epi16(static_cast<int16_t>(dy));
  auto row = [&](const uint8_t* p) {
    return _mm_add_epi16(_mm_mullo_epi16(_mm_unpacklo_epi8(load(p), zero), wx0),
                         _mm_mullo_epi16(_mm_unpacklo_epi8(load(p + 1), zero), wx1));
  };
  __m128i above = row(src);
  for (int y = 0; y < h; y++, dst += ds) {
    src += ss;
    const __m128i below = row(src);
    const __m128i sum = _mm_add_epi16(_mm_add_epi16(_mm_mullo_epi16(above, wy0), _mm_mullo_epi16(below, wy1)),
                                      _mm_set1_epi16(32));
    const __m128i out = _mm_packus_epi16(_mm_srli_epi16(sum, 6), zero);
    if (W == 8) store8(dst, out);
    if (W == 4) store4(dst, out);
    if (W == 2) store2(dst, out);
    above = below;
  }
}

void mc_chroma_sse2(uint8_t* dst, ptrdiff_t ds, const uint8_t* src, ptrdiff_t ss, int dx, int dy, int w, int h) {
  if (w == 8) mc_chroma_rows<8>(dst, ds, src, ss, dx, dy, h);
  else if (w == 4) mc_chroma_rows<4>(dst, ds, src, ss, dx, dy, h);
  else mc_chroma_rows<2>(dst, ds, src, ss, dx, dy, h);
}

template <int W>
void copy_rows(uint8_t* dst, ptrdiff_t ds, const uint8_t* src, ptrdiff_t ss, int h) {
  for (int y = 0; y < h; y++, dst += ds, src += ss) {
    if (W == 16) store16(dst, load16(src));
    if (W == 8) store8(dst, load8(src));
    if (W == 4) store4(dst, load4(src));
  }
}

void copy_sse2(uint8_t* dst, ptrdiff_t ds, const uint8_t* src, ptrdiff_t ss, int w, int h) {
  if (w == 16) copy_rows<16>(dst, ds, src, ss, h);
  else if (w == 8) copy_rows<8>(dst, ds, src, ss, h);
  else copy_rows<4>(dst, ds, src, ss, h);
}

}  // namespace

void mc_dsp_init_sse2(McDsp* dsp) {
  dsp->hpel_filter = hpel_filter_sse2;
  dsp->pixel_avg = pixel_avg_sse2;
  dsp->mc_chroma = mc_chroma_sse2;
  dsp->copy = copy_sse2;
}

}  // namespace h264
}  // namespace edgeav
