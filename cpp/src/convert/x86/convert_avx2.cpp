// AVX2 colour rows, 32 pixels per step; the arithmetic is that of
// convert_ssse3.cpp. Shuffles, packs and horizontal adds work inside 128-bit
// lanes, so each kernel restores pixel order once at the end; tails go to C.
#include <immintrin.h>

#include "convert/convert_dsp.h"
#include "convert/convert_row_c.h"
#include "convert/x86/rgb24_masks.h"

namespace edgeav {

namespace {

inline __m256i load(const uint8_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
inline __m128i load128(const uint8_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
inline __m256i load2x128(const uint8_t* lo, const uint8_t* hi) {
  return _mm256_inserti128_si256(_mm256_castsi128_si256(load128(lo)), load128(hi), 1);
}
inline __m256i mask(const x86::Mask16& m) { return _mm256_broadcastsi128_si256(load128(m.b)); }
inline void store(uint8_t* p, __m256i v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }

// 32 pixels -> four registers of 4-byte pixels; register i holds pixels
// 8i..8i+3 in its low lane and 8i+4..8i+7 in its high lane.
template <PackedLayout L>
inline void load32_as_4bpp(const uint8_t* src, __m256i px[4]) {
  if (packed_bytes_per_pixel(L) == 4) {
    for (int i = 0; i < 4; i++) px[i] = load(src + 32 * i);
    return;
  }
  const __m256i win = mask(x86::kRgb24Window);
  for (int i = 0; i < 3; i++) px[i] = _mm256_shuffle_epi8(load2x128(src + 24 * i, src + 24 * i + 12), win);
  // The last four pixels are loaded from 4 bytes early so the load ends at byte 96.
  const __m256i last = _mm256_inserti128_si256(mask(x86::kRgb24Window), load128(x86::kRgb24WindowSkip4.b), 1);
  px[3] = _mm256_shuffle_epi8(load2x128(src + 72, src + 80), last);
}

template <PackedLayout L>
void packed_to_y_avx2(const uint8_t* src, uint8_t* dst_y, int width, const RgbToYuvCoeffs* k) {
  constexpr int bpp = packed_bytes_per_pixel(L);
  uint8_t w[4];
  x86::place_rgb<uint8_t>(packed_red_index(L), packed_blue_index(L), k->y[0], k->y[1], k->y[2], w);
  const __m256i weights = _mm256_set1_epi32(w[0] | w[1] << 8 | w[2] << 16);
  const __m256i bias = _mm256_set1_epi16(static_cast<short>(128 * (k->y[0] + k->y[1] + k->y[2]) + 128));
  const __m256i offset = _mm256_set1_epi16(k->y_offset), sign = _mm256_set1_epi8(-128);
  // After the in-lane hadd and pack, 4-pixel groups sit in the order 0,2,4,6,1,3,5,7.
  const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  int x = 0;
  for (; x + 32 <= width; x += 32) {
    __m256i px[4], m[4];
    load32_as_4bpp<L>(src + x * bpp, px);
    for (int i = 0; i < 4; i++) m[i] = _mm256_maddubs_epi16(weights, _mm256_xor_si256(px[i], sign));
    __m256i lo = _mm256_hadd_epi16(m[0], m[1]), hi = _mm256_hadd_epi16(m[2], m[3]);
    lo = _mm256_add_epi16(_mm256_srli_epi16(_mm256_add_epi16(lo, bias), 8), offset);
    hi = _mm256_add_epi16(_mm256_srli_epi16(_mm256_add_epi16(hi, bias), 8), offset);
    store(dst_y + x, _mm256_permutevar8x32_epi32(_mm256_packus_epi16(lo, hi), order));
  }
  packed_to_y_c<L>(src + x * bpp, dst_y + x, width - x, k);
}

template <PackedLayout L>
void packed_to_uv_avx2(const uint8_t* src0, const uint8_t* src1, uint8_t* dst_u, uint8_t* dst_v, int width,
                       const RgbToYuvCoeffs* k) {
  constexpr int bpp = packed_bytes_per_pixel(L);
  int16_t wu[4], wv[4];
  x86::place_rgb<int16_t>(packed_red_index(L), packed_blue_index(L), k->u[0], k->u[1], k->u[2], wu);
  x86::place_rgb<int16_t>(packed_red_index(L), packed_blue_index(L), k->v[0], k->v[1], k->v[2], wv);
  const __m256i weights_u = _mm256_setr_epi16(wu[0], wu[1], wu[2], 0, wu[0], wu[1], wu[2], 0, wu[0], wu[1], wu[2],
                                              0, wu[0], wu[1], wu[2], 0);
  const __m256i weights_v = _mm256_setr_epi16(wv[0], wv[1], wv[2], 0, wv[0], wv[1], wv[2], 0, wv[0], wv[1], wv[2],
                                              0, wv[0], wv[1], wv[2], 0);
  const __m256i bias = _mm256_set1_epi32((128 << 17) + (1 << 16)), zero = _mm256_setzero_si256();
  int x = 0;
  for (; x + 16 <= width; x += 16) {
    __m256i a[4], b[4], s[4];
    load32_as_4bpp<L>(src0 + 2 * x * bpp, a);
    load32_as_4bpp<L>(src1 + 2 * x * bpp, b);
    for (int i = 0; i < 4; i++) {
      const __m256i lo = _mm256_add_epi16(_mm256_unpacklo_epi8(a[i], zero), _mm256_unpacklo_epi8(b[i], zero));
      const __m256i hi = _mm256_add_epi16(_mm256_unpackhi_epi8(a[i], zero), _mm256_unpackhi_epi8(b[i], zero));
      s[i] = _mm256_add_epi16(_mm256_unpacklo_epi64(lo, hi), _mm256_unpackhi_epi64(lo, hi));
    }
    __m256i u[2], v[2];
    for (int h = 0; h < 2; h++) {
      u[h] = _mm256_hadd_epi32(_mm256_madd_epi16(s[2 * h], weights_u), _mm256_madd_epi16(s[2 * h + 1], weights_u));
      v[h] = _mm256_hadd_epi32(_mm256_madd_epi16(s[2 * h], weights_v), _mm256_madd_epi16(s[2 * h + 1], weights_v));
      u[h] = _mm256_srai_epi32(_mm256_add_epi32(u[h], bias), 17);
      v[h] = _mm256_srai_epi32(_mm256_add_epi32(v[h], bias), 17);
    }
    // Lane 0 now holds U/V pairs (0,1),(4,5),(8,9),(12,13), lane 1 the pairs
    // (2,3),(6,7),(10,11),(14,15): interleaving the lanes by 16 bits restores order.
    const __m256i uv = _mm256_packus_epi16(_mm256_packs_epi32(u[0], u[1]), _mm256_packs_epi32(v[0], v[1]));
    const __m128i lane0 = _mm256_castsi256_si128(uv), lane1 = _mm256_extracti128_si256(uv, 1);
    const __m128i us = _mm_unpacklo_epi16(lane0, lane1), vs = _mm_unpackhi_epi16(lane0, lane1);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst_u + x), us);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst_v + x), vs);
  }
  packed_to_uv_c<L>(src0 + 2 * x * bpp, src1 + 2 * x * bpp, dst_u + x, dst_v + x, width - x, k);
}

struct YuvToRgbVectors {
  __m256i y_mul, bias, v_to_r, u_to_g, v_to_g, u_to_b, c128;
  explicit YuvToRgbVectors(const YuvToRgbCoeffs* k)
      : y_mul(_mm256_set1_epi16(static_cast<short>(k->y_mul))), bias(_mm256_set1_epi16(k->bias)),
        v_to_r(_mm256_set1_epi16(k->v_to_r)), u_to_g(_mm256_set1_epi16(k->u_to_g)),
        v_to_g(_mm256_set1_epi16(k->v_to_g)), u_to_b(_mm256_set1_epi16(k->u_to_b)), c128(_mm256_set1_epi16(128)) {}
};

inline void yuv_to_rgb16(__m256i y257, __m256i u, __m256i v, const YuvToRgbVectors& c, __m256i rgb[3]) {
  const __m256i base = _mm256_add_epi16(_mm256_mulhi_epu16(y257, c.y_mul), c.bias);
  u = _mm256_sub_epi16(u, c.c128);
  v = _mm256_sub_epi16(v, c.c128);
  rgb[0] = _mm256_srai_epi16(_mm256_adds_epi16(base, _mm256_mullo_epi16(v, c.v_to_r)), 6);
  rgb[1] = _mm256_srai_epi16(
      _mm256_subs_epi16(base, _mm256_add_epi16(_mm256_mullo_epi16(u, c.u_to_g), _mm256_mullo_epi16(v, c.v_to_g))), 6);
  rgb[2] = _mm256_srai_epi16(_mm256_adds_epi16(base, _mm256_mullo_epi16(u, c.u_to_b)), 6);
}

template <PackedLayout L>
void yuv_to_packed_avx2(const uint8_t* y, const uint8_t* u, const uint8_t* v, uint8_t* dst, int width,
                        const YuvToRgbCoeffs* k) {
  constexpr int bpp = packed_bytes_per_pixel(L), ri = packed_red_index(L), bi = packed_blue_index(L);
  const YuvToRgbVectors c(k);
  const __m256i alpha = _mm256_set1_epi8(-1);
  int x = 0;
  for (; x + 32 <= width; x += 32) {
    // In-lane unpacks of Y give pixels 0-7|16-23 and 8-15|24-31; the widened
    // chroma, duplicated in-lane, lines up with exactly those pixels.
    const __m256i yy = load(y + x);
    const __m256i u16 = _mm256_cvtepu8_epi16(load128(u + x / 2)), v16 = _mm256_cvtepu8_epi16(load128(v + x / 2));
    __m256i lo[3], hi[3], ch[3];
    yuv_to_rgb16(_mm256_unpacklo_epi8(yy, yy), _mm256_unpacklo_epi16(u16, u16), _mm256_unpacklo_epi16(v16, v16), c,
                 lo);
    yuv_to_rgb16(_mm256_unpackhi_epi8(yy, yy), _mm256_unpackhi_epi16(u16, u16), _mm256_unpackhi_epi16(v16, v16), c,
                 hi);
    for (int i = 0; i < 3; i++) ch[i] = _mm256_packus_epi16(lo[i], hi[i]);  // pixels in order
    const __m256i p0 = ch[ri == 0 ? 0 : 2], p1 = ch[1], p2 = ch[bi == 2 ? 2 : 0];
    uint8_t* out = dst + x * bpp;
    if (bpp == 4) {
      const __m256i p01l = _mm256_unpacklo_epi8(p0, p1), p01h = _mm256_unpackhi_epi8(p0, p1);
      const __m256i p23l = _mm256_unpacklo_epi8(p2, alpha), p23h = _mm256_unpackhi_epi8(p2, alpha);
      const __m256i q0 = _mm256_unpacklo_epi16(p01l, p23l), q1 = _mm256_unpackhi_epi16(p01l, p23l);  // 0-3|16-19, 4-7|20-23
      const __m256i q2 = _mm256_unpacklo_epi16(p01h, p23h), q3 = _mm256_unpackhi_epi16(p01h, p23h);  // 8-11|24-27, 12-15|28-31
      store(out, _mm256_permute2x128_si256(q0, q1, 0x20));
      store(out + 32, _mm256_permute2x128_si256(q2, q3, 0x20));
      store(out + 64, _mm256_permute2x128_si256(q0, q1, 0x31));
      store(out + 96, _mm256_permute2x128_si256(q2, q3, 0x31));
    } else {
      __m256i o[3];  // o[b]: bytes 16b.. of pixels 0-15 in lane 0, of pixels 16-31 in lane 1
      for (int b = 0; b < 3; b++) {
        const __m256i part0 = _mm256_shuffle_epi8(p0, mask(x86::kInterleave3[b][0]));
        const __m256i part1 = _mm256_shuffle_epi8(p1, mask(x86::kInterleave3[b][1]));
        const __m256i part2 = _mm256_shuffle_epi8(p2, mask(x86::kInterleave3[b][2]));
        o[b] = _mm256_or_si256(_mm256_or_si256(part0, part1), part2);
      }
      store(out, _mm256_permute2x128_si256(o[0], o[1], 0x20));
      store(out + 32, _mm256_permute2x128_si256(o[2], o[0], 0x30));
      store(out + 64, _mm256_permute2x128_si256(o[1], o[2], 0x31));
    }
  }
  yuv_to_packed_c<L>(y + x, u + x / 2, v + x / 2, dst + x * bpp, width - x, k);
}

template <PackedLayout L>
void set_layout(ConvertDsp* dsp) {
  dsp->packed_to_y[L] = packed_to_y_avx2<L>;
  dsp->packed_to_uv[L] = packed_to_uv_avx2<L>;
  dsp->yuv_to_packed[L] = yuv_to_packed_avx2<L>;
}

}  // namespace

void convert_dsp_init_avx2(ConvertDsp* dsp) {
  set_layout<kLayoutRGB24>(dsp);
  set_layout<kLayoutBGR24>(dsp);
  set_layout<kLayoutRGBA>(dsp);
  set_layout<kLayoutBGRA>(dsp);
}

}  // namespace edgeav
