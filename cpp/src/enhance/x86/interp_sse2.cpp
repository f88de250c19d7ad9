// SSE2 OBMC kernels (interp_dsp.h), bit-exact with interp_dsp.cpp.
//
// Without pmaddubsw every product is a pmullw on 16-bit lanes, so the
// bilinear sample is taken separably, each pass one multiply:
// h = (8 - fx) a + fx b = 8 a + fx (b - a) on the rows, then
// (8 - fy) h + fy h' = 8 h + fy (h' - h) on two of them, which expands to the
// C's four products exactly; every intermediate stays within 16 bits
// (h <= 2040, the sum <= 16320). The weight
// of the two frames, (64 - w) n + w p = 64 n + w (p - n), and the window,
// (16 - r) a + r b = 16 a + r (b - a), are one multiply each the same way. The
// window's last sum reaches 65280 + 128: it wraps as a signed 16-bit value in
// between but ends within 0..65535, so a logical shift gives the exact result.
//
// The 8x8 kernels hold one row in a register, the 4x4 ones two rows (one in
// each 64-bit half). Loads read exactly the (n + 1) x (n + 1) samples the C
// reads: the right-hand tap comes from a second load one byte further on.
#include <emmintrin.h>

#include "base/x86/sse2_util.h"
#include "enhance/interp_dsp.h"

namespace edgeav {

namespace {

// (2^s - f) a + f b = 2^s a + f (b - a), for s = 3 (taps), 4 (window), 6 (frames).
template <int kShift>
inline __m128i lerp(__m128i a, __m128i b, __m128i f) {
  return _mm_add_epi16(_mm_slli_epi16(a, kShift), _mm_mullo_epi16(_mm_sub_epi16(b, a), f));
}

inline __m128i widen(__m128i bytes) { return _mm_unpacklo_epi8(bytes, _mm_setzero_si128()); }

// The high 8 bytes of v to p (movhps). Not _mm_storeh_pd: GCC's stores
// through a double*, which UBSan rejects at an odd address; _mm_storeh_pi is
// a builtin (GCC) or a may_alias packed store (clang).
inline void store8_high(void* p, __m128i v) { _mm_storeh_pi(static_cast<__m64*>(p), _mm_castsi128_ps(v)); }

// (x + 2^(s-1)) >> s.
template <int kShift>
inline __m128i round_shift(__m128i x) {
  return _mm_srli_epi16(_mm_add_epi16(x, _mm_set1_epi16(1 << (kShift - 1))), kShift);
}

// The per-frame constants of one ObmcSource.
struct Frame {
  const uint8_t* p;
  __m128i fx, fy;
};
struct Source {
  Frame prev, next;
  __m128i weight;  // prev's share, 0..64
};

// v in every 16-bit lane, v = 0..64: a load, where _mm_set1_epi16 takes three
// instructions (movd, pshuflw, pshufd).
struct Splats {
  alignas(16) int16_t v[65][8];
};
constexpr Splats make_splats() {
  Splats t{};
  for (int v = 0; v <= 64; v++)
    for (int i = 0; i < 8; i++) t.v[v][i] = static_cast<int16_t>(v);
  return t;
}
constexpr Splats kSplats = make_splats();
inline __m128i splat(int v) { return _mm_load_si128(reinterpret_cast<const __m128i*>(kSplats.v[v])); }

inline Source source(const ObmcSource& s) {
  return {{s.prev, splat(s.prev_fx), splat(s.prev_fy)}, {s.next, splat(s.next_fx), splat(s.next_fy)},
          splat(s.prev_weight)};
}

// (64 - w) n + w p, rounded, >> 6.
inline __m128i mix_frames(__m128i p, __m128i n, __m128i w) { return round_shift<6>(lerp<6>(n, p, w)); }

// --- 8x8: one row of eight 16-bit lanes per register ---

// Row y's horizontal pass: 8 a + fx (b - a).
inline __m128i hrow8(const uint8_t* p, __m128i fx) { return lerp<3>(widen(load8(p)), widen(load8(p + 1)), fx); }

// The block's prediction, rows 0..7 in out[0..7] (16-bit, 0..255).
inline void predict8x8(const ObmcSource& src, ptrdiff_t stride, __m128i out[8]) {
  const Source s = source(src);
  __m128i hp = hrow8(s.prev.p, s.prev.fx), hn = hrow8(s.next.p, s.next.fx);
  for (int y = 0; y < 8; y++) {
    const ptrdiff_t o = (y + 1) * stride;
    const __m128i hp1 = hrow8(s.prev.p + o, s.prev.fx), hn1 = hrow8(s.next.p + o, s.next.fx);
    const __m128i p = round_shift<6>(lerp<3>(hp, hp1, s.prev.fy));
    const __m128i n = round_shift<6>(lerp<3>(hn, hn1, s.next.fy));
    out[y] = mix_frames(p, n, s.weight);
    hp = hp1, hn = hn1;
  }
}

inline void store8x2(uint8_t* dst, ptrdiff_t dst_stride, __m128i row0, __m128i row1) {
  const __m128i b = _mm_packus_epi16(row0, row1);
  store8(dst, b);
  store8_high(dst + dst_stride, b);
}

void obmc_block_8x8_sse2(uint8_t* dst, ptrdiff_t dst_stride, const ObmcSource* src, ptrdiff_t src_stride) {
  __m128i p[8];
  predict8x8(*src, src_stride, p);
  for (int y = 0; y < 8; y += 2) store8x2(dst + y * dst_stride, dst_stride, p[y], p[y + 1]);
}

void obmc_cell_8x8_sse2(uint8_t* dst, ptrdiff_t dst_stride, const ObmcSource src[4], ptrdiff_t src_stride,
                        const uint8_t* ramp) {
  __m128i p[4][8];
  for (int k = 0; k < 4; k++) predict8x8(src[k], src_stride, p[k]);
  const __m128i rx = widen(load8(ramp));
  __m128i out[2];
  for (int y = 0; y < 8; y++) {
    const __m128i ry = splat(ramp[y]);
    const __m128i top = lerp<4>(p[0][y], p[1][y], rx), bottom = lerp<4>(p[2][y], p[3][y], rx);
    out[y & 1] = round_shift<8>(lerp<4>(top, bottom, ry));
    if (y & 1) store8x2(dst + (y - 1) * dst_stride, dst_stride, out[0], out[1]);
  }
}

// --- 4x4: rows y and y + 1 in the low and high halves of a register ---

// Rows p and p + stride, 4 samples each, as 16-bit lanes.
inline __m128i rows4x2(const uint8_t* p, ptrdiff_t stride) {
  return widen(_mm_unpacklo_epi32(load4(p), load4(p + stride)));
}

// The high half of a, then the low half of b: rows (1, 2) from (0, 1) and (2, 3).
inline __m128i middle(__m128i a, __m128i b) {
  return _mm_castpd_si128(_mm_shuffle_pd(_mm_castsi128_pd(a), _mm_castsi128_pd(b), 1));
}

// One frame's bilinear sample of rows (0, 1) and (2, 3).
inline void bilinear4x4(const Frame& f, ptrdiff_t stride, __m128i out[2]) {
  const uint8_t* p = f.p;
  const __m128i h01 = lerp<3>(rows4x2(p, stride), rows4x2(p + 1, stride), f.fx);
  const __m128i h23 = lerp<3>(rows4x2(p + 2 * stride, stride), rows4x2(p + 2 * stride + 1, stride), f.fx);
  const __m128i h4 = lerp<3>(widen(load4(p + 4 * stride)), widen(load4(p + 4 * stride + 1)), f.fx);
  out[0] = round_shift<6>(lerp<3>(h01, middle(h01, h23), f.fy));
  out[1] = round_shift<6>(lerp<3>(h23, middle(h23, h4), f.fy));
}

inline void predict4x4(const ObmcSource& src, ptrdiff_t stride, __m128i out[2]) {
  const Source s = source(src);
  __m128i p[2], n[2];
  bilinear4x4(s.prev, stride, p);
  bilinear4x4(s.next, stride, n);
  out[0] = mix_frames(p[0], n[0], s.weight);
  out[1] = mix_frames(p[1], n[1], s.weight);
}

inline void store4x4(uint8_t* dst, ptrdiff_t dst_stride, __m128i rows01, __m128i rows23) {
  const __m128i b = _mm_packus_epi16(rows01, rows23);
  store4(dst, b);
  store4(dst + dst_stride, _mm_srli_si128(b, 4));
  store4(dst + 2 * dst_stride, _mm_srli_si128(b, 8));
  store4(dst + 3 * dst_stride, _mm_srli_si128(b, 12));
}

void obmc_block_4x4_sse2(uint8_t* dst, ptrdiff_t dst_stride, const ObmcSource* src, ptrdiff_t src_stride) {
  __m128i p[2];
  predict4x4(*src, src_stride, p);
  store4x4(dst, dst_stride, p[0], p[1]);
}

void obmc_cell_4x4_sse2(uint8_t* dst, ptrdiff_t dst_stride, const ObmcSource src[4], ptrdiff_t src_stride,
                        const uint8_t* ramp) {
  __m128i p[4][2];
  for (int k = 0; k < 4; k++) predict4x4(src[k], src_stride, p[k]);
  const __m128i r = widen(load4(ramp));           // r0 r1 r2 r3
  const __m128i rx = _mm_unpacklo_epi64(r, r);     // r0..r3 r0..r3: the columns of two rows
  const __m128i rr = _mm_unpacklo_epi16(r, r);     // r0 r0 r1 r1 r2 r2 r3 r3
  const __m128i ry[2] = {_mm_unpacklo_epi32(rr, rr), _mm_unpackhi_epi32(rr, rr)};  // r0 x4 r1 x4, r2 x4 r3 x4
  __m128i out[2];
  for (int i = 0; i < 2; i++) {
    const __m128i top = lerp<4>(p[0][i], p[1][i], rx), bottom = lerp<4>(p[2][i], p[3][i], rx);
    out[i] = round_shift<8>(lerp<4>(top, bottom, ry[i]));
  }
  store4x4(dst, dst_stride, out[0], out[1]);
}

}  // namespace

void interp_dsp_init_sse2(InterpDsp* dsp) {
  dsp->obmc_cell_8x8 = obmc_cell_8x8_sse2;
  dsp->obmc_cell_4x4 = obmc_cell_4x4_sse2;
  dsp->obmc_block_8x8 = obmc_block_8x8_sse2;
  dsp->obmc_block_4x4 = obmc_block_4x4_sse2;
}

}  // namespace edgeav
