// SSSE3 colour rows, 16 pixels per step; tails go to the C rows.
//
// Y uses pmaddubsw with the pixels made signed (p ^ 0x80 = p - 128) and the
// unsigned 8-bit weights; the constant 128 * sum(weights) added back makes the
// 16-bit sum exact modulo 2^16, and the true value fits 16 unsigned bits.
#include <tmmintrin.h>

#include "convert/convert_dsp.h"
#include "convert/convert_row_c.h"
#include "convert/x86/rgb24_masks.h"

namespace edgeav {

namespace {

inline __m128i load(const uint8_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
inline __m128i load(const x86::Mask16& m) { return load(m.b); }
inline void store(uint8_t* p, __m128i v) { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v); }

// 16 pixels -> four registers of four 4-byte pixels (bytes 0..2 in layout order).
template <PackedLayout L>
inline void load16_as_4bpp(const uint8_t* src, __m128i px[4]) {
  if (packed_bytes_per_pixel(L) == 4) {
    for (int i = 0; i < 4; i++) px[i] = load(src + 16 * i);
    return;
  }
  const __m128i win = load(x86::kRgb24Window);
  px[0] = _mm_shuffle_epi8(load(src), win);
  px[1] = _mm_shuffle_epi8(load(src + 12), win);
  px[2] = _mm_shuffle_epi8(load(src + 24), win);
  px[3] = _mm_shuffle_epi8(load(src + 32), load(x86::kRgb24WindowSkip4));  // ends at byte 48
}

template <PackedLayout L>
void packed_to_y_ssse3(const uint8_t* src, uint8_t* dst_y, int width, const RgbToYuvCoeffs* k) {
  constexpr int bpp = packed_bytes_per_pixel(L);
  uint8_t w[4];
  x86::place_rgb<uint8_t>(packed_red_index(L), packed_blue_index(L), k->y[0], k->y[1], k->y[2], w);
  const __m128i weights = _mm_set1_epi32(w[0] | w[1] << 8 | w[2] << 16);
  const __m128i bias = _mm_set1_epi16(static_cast<short>(128 * (k->y[0] + k->y[1] + k->y[2]) + 128));
  const __m128i offset = _mm_set1_epi16(k->y_offset), sign = _mm_set1_epi8(-128);
  int x = 0;
  for (; x + 16 <= width; x += 16) {
    __m128i px[4];
    load16_as_4bpp<L>(src + x * bpp, px);
    __m128i m[4];
    for (int i = 0; i < 4; i++) m[i] = _mm_maddubs_epi16(weights, _mm_xor_si128(px[i], sign));
    __m128i lo = _mm_hadd_epi16(m[0], m[1]), hi = _mm_hadd_epi16(m[2], m[3]);
    lo = _mm_add_epi16(_mm_srli_epi16(_mm_add_epi16(lo, bias), 8), offset);
    hi = _mm_add_epi16(_mm_srli_epi16(_mm_add_epi16(hi, bias), 8), offset);
    store(dst_y + x, _mm_packus_epi16(lo, hi));
  }
  packed_to_y_c<L>(src + x * bpp, dst_y + x, width - x, k);
}

// Weighted sums for 8 chroma samples given their 2x2 channel sums s[4] (two
// samples each): one int32 per sample, still to be biased and shifted.
inline void weigh(const __m128i s[4], __m128i weights, __m128i out[2]) {
  out[0] = _mm_hadd_epi32(_mm_madd_epi16(s[0], weights), _mm_madd_epi16(s[1], weights));
  out[1] = _mm_hadd_epi32(_mm_madd_epi16(s[2], weights), _mm_madd_epi16(s[3], weights));
}

template <PackedLayout L>
void packed_to_uv_ssse3(const uint8_t* src0, const uint8_t* src1, uint8_t* dst_u, uint8_t* dst_v, int width,
                        const RgbToYuvCoeffs* k) {
  constexpr int bpp = packed_bytes_per_pixel(L);
  int16_t wu[4], wv[4];
  x86::place_rgb<int16_t>(packed_red_index(L), packed_blue_index(L), k->u[0], k->u[1], k->u[2], wu);
  x86::place_rgb<int16_t>(packed_red_index(L), packed_blue_index(L), k->v[0], k->v[1], k->v[2], wv);
  const __m128i weights_u = _mm_setr_epi16(wu[0], wu[1], wu[2], 0, wu[0], wu[1], wu[2], 0);
  const __m128i weights_v = _mm_setr_epi16(wv[0], wv[1], wv[2], 0, wv[0], wv[1], wv[2], 0);
  const __m128i bias = _mm_set1_epi32((128 << 17) + (1 << 16)), zero = _mm_setzero_si128();
  int x = 0;
  for (; x + 8 <= width; x += 8) {
    __m128i a[4], b[4], s[4];
    load16_as_4bpp<L>(src0 + 2 * x * bpp, a);
    load16_as_4bpp<L>(src1 + 2 * x * bpp, b);
    for (int i = 0; i < 4; i++) {
      // Vertical sums of pixels 0,1 and 2,3, then the horizontal pairs: [P01, P23].
      const __m128i lo = _mm_add_epi16(_mm_unpacklo_epi8(a[i], zero), _mm_unpacklo_epi8(b[i], zero));
      const __m128i hi = _mm_add_epi16(_mm_unpackhi_epi8(a[i], zero), _mm_unpackhi_epi8(b[i], zero));
      s[i] = _mm_add_epi16(_mm_unpacklo_epi64(lo, hi), _mm_unpackhi_epi64(lo, hi));
    }
    __m128i u[2], v[2];
    weigh(s, weights_u, u);
    weigh(s, weights_v, v);
    for (int i = 0; i < 2; i++) {
      u[i] = _mm_srai_epi32(_mm_add_epi32(u[i], bias), 17);
      v[i] = _mm_srai_epi32(_mm_add_epi32(v[i], bias), 17);
    }
    const __m128i uv = _mm_packus_epi16(_mm_packs_epi32(u[0], u[1]), _mm_packs_epi32(v[0], v[1]));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(dst_u + x), uv);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(dst_v + x), _mm_srli_si128(uv, 8));
  }
  packed_to_uv_c<L>(src0 + 2 * x * bpp, src1 + 2 * x * bpp, dst_u + x, dst_v + x, width - x, k);
}

struct YuvToRgbVectors {
  __m128i y_mul, bias, v_to_r, u_to_g, v_to_g, u_to_b, c128;
  explicit YuvToRgbVectors(const YuvToRgbCoeffs* k)
      : y_mul(_mm_set1_epi16(static_cast<short>(k->y_mul))), bias(_mm_set1_epi16(k->bias)),
        v_to_r(_mm_set1_epi16(k->v_to_r)), u_to_g(_mm_set1_epi16(k->u_to_g)), v_to_g(_mm_set1_epi16(k->v_to_g)),
        u_to_b(_mm_set1_epi16(k->u_to_b)), c128(_mm_set1_epi16(128)) {}
};

// Eight pixels: y as Y*257 words, u and v as words; out: R, G, B words >> 6.
// Saturating adds only saturate where the exact value is already above 255.
inline void yuv_to_rgb8(__m128i y257, __m128i u, __m128i v, const YuvToRgbVectors& c, __m128i rgb[3]) {
  const __m128i base = _mm_add_epi16(_mm_mulhi_epu16(y257, c.y_mul), c.bias);
  u = _mm_sub_epi16(u, c.c128);
  v = _mm_sub_epi16(v, c.c128);
  rgb[0] = _mm_srai_epi16(_mm_adds_epi16(base, _mm_mullo_epi16(v, c.v_to_r)), 6);
  rgb[1] = _mm_srai_epi16(
      _mm_subs_epi16(base, _mm_add_epi16(_mm_mullo_epi16(u, c.u_to_g), _mm_mullo_epi16(v, c.v_to_g))), 6);
  rgb[2] = _mm_srai_epi16(_mm_adds_epi16(base, _mm_mullo_epi16(u, c.u_to_b)), 6);
}

template <PackedLayout L>
void yuv_to_packed_ssse3(const uint8_t* y, const uint8_t* u, const uint8_t* v, uint8_t* dst, int width,
                         const YuvToRgbCoeffs* k) {
  constexpr int bpp = packed_bytes_per_pixel(L), ri = packed_red_index(L), bi = packed_blue_index(L);
  const YuvToRgbVectors c(k);
  const __m128i zero = _mm_setzero_si128(), alpha = _mm_set1_epi8(-1);
  int x = 0;
  for (; x + 16 <= width; x += 16) {
    const __m128i yy = load(y + x);
    const __m128i uu = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(u + x / 2));
    const __m128i vv = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(v + x / 2));
    const __m128i u16 = _mm_unpacklo_epi8(uu, zero), v16 = _mm_unpacklo_epi8(vv, zero);
    __m128i lo[3], hi[3], ch[3];  // ch: R, G, B bytes of 16 pixels
    yuv_to_rgb8(_mm_unpacklo_epi8(yy, yy), _mm_unpacklo_epi16(u16, u16), _mm_unpacklo_epi16(v16, v16), c, lo);
    yuv_to_rgb8(_mm_unpackhi_epi8(yy, yy), _mm_unpackhi_epi16(u16, u16), _mm_unpackhi_epi16(v16, v16), c, hi);
    for (int i = 0; i < 3; i++) ch[i] = _mm_packus_epi16(lo[i], hi[i]);
    // Planes in memory order: byte 0 of a pixel is R for RGB layouts, B for BGR ones.
    const __m128i p0 = ch[ri == 0 ? 0 : 2], p1 = ch[1], p2 = ch[bi == 2 ? 2 : 0];
    uint8_t* out = dst + x * bpp;
    if (bpp == 4) {
      const __m128i p01l = _mm_unpacklo_epi8(p0, p1), p01h = _mm_unpackhi_epi8(p0, p1);
      const __m128i p23l = _mm_unpacklo_epi8(p2, alpha), p23h = _mm_unpackhi_epi8(p2, alpha);
      store(out, _mm_unpacklo_epi16(p01l, p23l));
      store(out + 16, _mm_unpackhi_epi16(p01l, p23l));
      store(out + 32, _mm_unpacklo_epi16(p01h, p23h));
      store(out + 48, _mm_unpackhi_epi16(p01h, p23h));
    } else {
      for (int b = 0; b < 3; b++) {
        const __m128i part0 = _mm_shuffle_epi8(p0, load(x86::kInterleave3[b][0]));
        const __m128i part1 = _mm_shuffle_epi8(p1, load(x86::kInterleave3[b][1]));
        const __m128i part2 = _mm_shuffle_epi8(p2, load(x86::kInterleave3[b][2]));
        store(out + 16 * b, _mm_or_si128(_mm_or_si128(part0, part1), part2));
      }
    }
  }
  yuv_to_packed_c<L>(y + x, u + x / 2, v + x / 2, dst + x * bpp, width - x, k);
}

template <PackedLayout L>
void set_layout(ConvertDsp* dsp) {
  dsp->packed_to_y[L] = packed_to_y_ssse3<L>;
  dsp->packed_to_uv[L] = packed_to_uv_ssse3<L>;
  dsp->yuv_to_packed[L] = yuv_to_packed_ssse3<L>;
}

}  // namespace

void convert_dsp_init_ssse3(ConvertDsp* dsp) {
  set_layout<kLayoutRGB24>(dsp);
  set_layout<kLayoutBGR24>(dsp);
  set_layout<kLayoutRGBA>(dsp);
  set_layout<kLayoutBGRA>(dsp);
}

}  // namespace edgeav
