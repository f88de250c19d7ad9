// NEON transforms and quantisation. The 4x4 transforms run on 16-bit lanes,
// two blocks side by side where the block size allows: one butterfly pass
// works lane-wise on rows, one transpose, one more pass, and ld4/st4 turn the
// result to and from the row-major coefficient order (two adjacent blocks are
// 32 contiguous coefficients, which ld4q/st4q split into their halves).
//
// 16 bits are exact where the C's int arithmetic stays within int16: the
// forward transform of pixel differences (|coefficient| <= 36 * 255), and the
// inverse transform of any input a conforming stream can carry (8.5.12.2
// bounds every intermediate to [-2^15, 2^15 - 1]); its final rounding shift
// (vrshr) needs no headroom. The inverse DC Hadamard wraps exactly as the C's
// int16 cast does; the forward one halves 17-bit sums and so runs in 32 bits.
// decimate_score narrows the levels to bytes with saturation, which keeps
// every level's sign, zeroness and |level| > 1, all the score depends on.
#include <arm_neon.h>

#include "base/arm/neon_util.h"
#include "video/h264/dsp/dct_dsp.h"
#include "video/h264/tables.h"

namespace edgeav {
namespace h264 {

namespace {

// The forward core transform of four values (sub4x4_dct's row step).
template <typename V>
inline void fdct4(V& a, V& b, V& c, V& d) {
  const V s03 = add(a, d), d03 = sub(a, d), s12 = add(b, c), d12 = sub(b, c);
  a = add(s03, s12), b = add(shl1(d03), d12), c = sub(s03, s12), d = sub(d03, shl1(d12));
}

// The inverse core transform of four values (add4x4_idct's row step).
template <typename V>
inline void idct4(V& a, V& b, V& c, V& d) {
  const V e = add(a, c), f = sub(a, c), g = sub(shr1(b), d), h = add(b, shr1(d));
  a = add(e, h), b = add(f, g), c = sub(f, g), d = sub(e, h);
}

// Residual rows of 8 pixels: two blocks side by side.
inline int16x8_t diff8(const uint8_t* s, const uint8_t* p) {
  return vreinterpretq_s16_u16(vsubl_u8(vld1_u8(s), vld1_u8(p)));
}

// Transform of rows r0..r3 (vertical pass lane-wise, then across lanes after
// a transpose), stored as the two adjacent blocks at `out`: st4 interleaves
// the column vectors back into rows.
inline void fdct_store2(int16_t* out, int16x8_t r0, int16x8_t r1, int16x8_t r2, int16x8_t r3) {
  fdct4(r0, r1, r2, r3);
  transpose4x4(r0, r1, r2, r3);
  fdct4(r0, r1, r2, r3);
  vst4q_s16(out, (int16x8x4_t{{r0, r1, r2, r3}}));
}

void sub4x4_dct_neon(int16_t dct[16], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  const int16x8_t d01 = vreinterpretq_s16_u16(vsubl_u8(load4x2(src, src + ss), load4x2(pred, pred + ps)));
  const int16x8_t d23 =
      vreinterpretq_s16_u16(vsubl_u8(load4x2(src + 2 * ss, src + 3 * ss), load4x2(pred + 2 * ps, pred + 3 * ps)));
  int16x4_t r0 = vget_low_s16(d01), r1 = vget_high_s16(d01), r2 = vget_low_s16(d23), r3 = vget_high_s16(d23);
  fdct4(r0, r1, r2, r3);
  transpose4x4(r0, r1, r2, r3);
  fdct4(r0, r1, r2, r3);
  vst4_s16(dct, (int16x4x4_t{{r0, r1, r2, r3}}));
}

void sub8x8_dct_neon(int16_t dct[4][16], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  for (int half = 0; half < 2; half++, src += 4 * ss, pred += 4 * ps)
    fdct_store2(dct[2 * half], diff8(src, pred), diff8(src + ss, pred + ps), diff8(src + 2 * ss, pred + 2 * ps),
                diff8(src + 3 * ss, pred + 3 * ps));
}

void sub16x16_dct_neon(int16_t dct[16][16], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  for (int row = 0; row < 4; row++, src += 4 * ss, pred += 4 * ps) {
    int16x8_t l[4], r[4];
    for (int y = 0; y < 4; y++) {
      const uint8x16_t s = vld1q_u8(src + y * ss), p = vld1q_u8(pred + y * ps);
      l[y] = vreinterpretq_s16_u16(vsubl_u8(vget_low_u8(s), vget_low_u8(p)));
      r[y] = vreinterpretq_s16_u16(vsubl_high_u8(s, p));
    }
    fdct_store2(dct[4 * row], l[0], l[1], l[2], l[3]);
    fdct_store2(dct[4 * row + 2], r[0], r[1], r[2], r[3]);
  }
}

// dst = clip(dst + ((x + 32) >> 6)) for one row of residual x.
inline uint8x8_t add_residual(uint8x8_t dst, int16x8_t x) {
  return vqmovun_s16(vreinterpretq_s16_u16(vaddw_u8(vreinterpretq_u16_s16(vrshrq_n_s16(x, 6)), dst)));
}

// Inverse transform of two adjacent blocks: ld4 yields their columns, so the
// horizontal pass runs first, as in the C.
inline void idct2(const int16_t* in, int16x8_t r[4]) {
  const int16x8x4_t c = vld4q_s16(in);
  r[0] = c.val[0], r[1] = c.val[1], r[2] = c.val[2], r[3] = c.val[3];
  idct4(r[0], r[1], r[2], r[3]);
  transpose4x4(r[0], r[1], r[2], r[3]);
  idct4(r[0], r[1], r[2], r[3]);
}

void add4x4_idct_neon(uint8_t* dst, ptrdiff_t stride, const int16_t dct[16]) {
  const int16x4x4_t c = vld4_s16(dct);
  int16x4_t r0 = c.val[0], r1 = c.val[1], r2 = c.val[2], r3 = c.val[3];
  idct4(r0, r1, r2, r3);
  transpose4x4(r0, r1, r2, r3);
  idct4(r0, r1, r2, r3);
  const uint8x8_t top = add_residual(load4x2(dst, dst + stride), vcombine_s16(r0, r1));
  const uint8x8_t bottom = add_residual(load4x2(dst + 2 * stride, dst + 3 * stride), vcombine_s16(r2, r3));
  store4<0>(dst, top);
  store4<1>(dst + stride, top);
  store4<0>(dst + 2 * stride, bottom);
  store4<1>(dst + 3 * stride, bottom);
}

// Two adjacent blocks into the 8 x 4 pixels at dst.
inline void add_idct2(uint8_t* dst, ptrdiff_t stride, const int16_t* in) {
  int16x8_t r[4];
  idct2(in, r);
  for (int y = 0; y < 4; y++, dst += stride) vst1_u8(dst, add_residual(vld1_u8(dst), r[y]));
}

void add8x8_idct_neon(uint8_t* dst, ptrdiff_t stride, const int16_t dct[4][16]) {
  add_idct2(dst, stride, dct[0]);
  add_idct2(dst + 4 * stride, stride, dct[2]);
}

void add16x16_idct_neon(uint8_t* dst, ptrdiff_t stride, const int16_t dct[16][16]) {
  for (int row = 0; row < 4; row++, dst += 4 * stride) {
    int16x8_t l[4], r[4];
    idct2(dct[4 * row], l);
    idct2(dct[4 * row + 2], r);
    for (int y = 0; y < 4; y++) {
      const uint8x16_t d = vld1q_u8(dst + y * stride);
      vst1q_u8(dst + y * stride, vcombine_u8(add_residual(vget_low_u8(d), l[y]), add_residual(vget_high_u8(d), r[y])));
    }
  }
}

// 8x8 transforms: one vector per row of a block, 16 bits exact as for the
// 4x4 (|forward intermediate| <= 14280; 8.5.13.2 bounds the inverse's
// intermediates to 16 bits). Vertical pass lane-wise, then the horizontal
// one on the transpose, as in the C.
inline void transpose8x8(int16x8_t r[8]) {
  const auto trn1_32 = [](int16x8_t a, int16x8_t b) {
    return vreinterpretq_s16_s32(vtrn1q_s32(vreinterpretq_s32_s16(a), vreinterpretq_s32_s16(b)));
  };
  const auto trn2_32 = [](int16x8_t a, int16x8_t b) {
    return vreinterpretq_s16_s32(vtrn2q_s32(vreinterpretq_s32_s16(a), vreinterpretq_s32_s16(b)));
  };
  const auto trn1_64 = [](int16x8_t a, int16x8_t b) {
    return vreinterpretq_s16_s64(vtrn1q_s64(vreinterpretq_s64_s16(a), vreinterpretq_s64_s16(b)));
  };
  const auto trn2_64 = [](int16x8_t a, int16x8_t b) {
    return vreinterpretq_s16_s64(vtrn2q_s64(vreinterpretq_s64_s16(a), vreinterpretq_s64_s16(b)));
  };
  int16x8_t t[8], u[8];
  for (int i = 0; i < 8; i += 2) t[i] = vtrn1q_s16(r[i], r[i + 1]), t[i + 1] = vtrn2q_s16(r[i], r[i + 1]);
  // u[h + k] (h = 0, 4): column k | column k + 4 of rows h..h + 3.
  for (int h = 0; h < 8; h += 4) {
    u[h] = trn1_32(t[h], t[h + 2]), u[h + 2] = trn2_32(t[h], t[h + 2]);
    u[h + 1] = trn1_32(t[h + 1], t[h + 3]), u[h + 3] = trn2_32(t[h + 1], t[h + 3]);
  }
  for (int k = 0; k < 4; k++) r[k] = trn1_64(u[k], u[k + 4]), r[k + 4] = trn2_64(u[k], u[k + 4]);
}

// x + (x >> 1)
inline int16x8_t mul3_2(int16x8_t x) { return vaddq_s16(x, vshrq_n_s16(x, 1)); }

inline void fdct8(int16x8_t v[8]) {
  const int16x8_t s07 = vaddq_s16(v[0], v[7]), s16 = vaddq_s16(v[1], v[6]);
  const int16x8_t s25 = vaddq_s16(v[2], v[5]), s34 = vaddq_s16(v[3], v[4]);
  const int16x8_t d07 = vsubq_s16(v[0], v[7]), d16 = vsubq_s16(v[1], v[6]);
  const int16x8_t d25 = vsubq_s16(v[2], v[5]), d34 = vsubq_s16(v[3], v[4]);
  const int16x8_t a0 = vaddq_s16(s07, s34), a1 = vaddq_s16(s16, s25);
  const int16x8_t a2 = vsubq_s16(s07, s34), a3 = vsubq_s16(s16, s25);
  const int16x8_t a4 = vaddq_s16(vaddq_s16(d16, d25), mul3_2(d07));
  const int16x8_t a5 = vsubq_s16(vsubq_s16(d07, d34), mul3_2(d25));
  const int16x8_t a6 = vsubq_s16(vaddq_s16(d07, d34), mul3_2(d16));
  const int16x8_t a7 = vaddq_s16(vsubq_s16(d16, d25), mul3_2(d34));
  v[0] = vaddq_s16(a0, a1), v[4] = vsubq_s16(a0, a1);
  v[2] = vsraq_n_s16(a2, a3, 1), v[6] = vsubq_s16(vshrq_n_s16(a2, 1), a3);
  v[1] = vsraq_n_s16(a4, a7, 2), v[7] = vsubq_s16(vshrq_n_s16(a4, 2), a7);
  v[3] = vsraq_n_s16(a5, a6, 2), v[5] = vsubq_s16(a6, vshrq_n_s16(a5, 2));
}

// 8.5.13.2's 8-point pass.
inline void idct8(int16x8_t d[8]) {
  const int16x8_t a0 = vaddq_s16(d[0], d[4]), a4 = vsubq_s16(d[0], d[4]);
  const int16x8_t a2 = vsubq_s16(vshrq_n_s16(d[2], 1), d[6]), a6 = vsraq_n_s16(d[2], d[6], 1);
  const int16x8_t b0 = vaddq_s16(a0, a6), b2 = vaddq_s16(a4, a2), b4 = vsubq_s16(a4, a2), b6 = vsubq_s16(a0, a6);
  const int16x8_t a1 = vsubq_s16(vsubq_s16(d[5], d[3]), mul3_2(d[7]));
  const int16x8_t a3 = vsubq_s16(vaddq_s16(d[1], d[7]), mul3_2(d[3]));
  const int16x8_t a5 = vaddq_s16(vsubq_s16(d[7], d[1]), mul3_2(d[5]));
  const int16x8_t a7 = vaddq_s16(vaddq_s16(d[3], d[5]), mul3_2(d[1]));
  const int16x8_t b1 = vsraq_n_s16(a1, a7, 2), b7 = vsubq_s16(a7, vshrq_n_s16(a1, 2));
  const int16x8_t b3 = vsraq_n_s16(a3, a5, 2), b5 = vsubq_s16(vshrq_n_s16(a3, 2), a5);
  d[0] = vaddq_s16(b0, b7), d[1] = vaddq_s16(b2, b5), d[2] = vaddq_s16(b4, b3), d[3] = vaddq_s16(b6, b1);
  d[4] = vsubq_s16(b6, b1), d[5] = vsubq_s16(b4, b3), d[6] = vsubq_s16(b2, b5), d[7] = vsubq_s16(b0, b7);
}

void sub8x8_dct8_neon(int16_t dct[64], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  int16x8_t r[8];
  for (int y = 0; y < 8; y++) r[y] = diff8(src + y * ss, pred + y * ps);
  fdct8(r);
  transpose8x8(r);
  fdct8(r);
  transpose8x8(r);
  for (int y = 0; y < 8; y++) vst1q_s16(dct + 8 * y, r[y]);
}

void sub16x16_dct8_neon(int16_t dct[4][64], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  for (int i = 0; i < 4; i++) {
    const int x = (i & 1) * 8, y = (i >> 1) * 8;
    sub8x8_dct8_neon(dct[i], src + y * ss + x, ss, pred + y * ps + x, ps);
  }
}

// The transpose of the raster coefficients gives columns: the horizontal
// pass first, as 8.5.13.2.
void add8x8_idct8_neon(uint8_t* dst, ptrdiff_t stride, const int16_t dct[64]) {
  int16x8_t r[8];
  for (int y = 0; y < 8; y++) r[y] = vld1q_s16(dct + 8 * y);
  transpose8x8(r);
  idct8(r);
  transpose8x8(r);
  idct8(r);
  for (int y = 0; y < 8; y++, dst += stride) vst1_u8(dst, add_residual(vld1_u8(dst), r[y]));
}

void add16x16_idct8_neon(uint8_t* dst, ptrdiff_t stride, const int16_t dct[4][64]) {
  for (int i = 0; i < 4; i++) add8x8_idct8_neon(dst + (i >> 1) * 8 * stride + (i & 1) * 8, stride, dct[i]);
}

// The DC Hadamard's four-point step in the C's output order.
template <typename V, typename Add, typename Sub>
inline void hadamard4(V& a, V& b, V& c, V& d, Add plus, Sub minus) {
  const V s01 = plus(a, b), d01 = minus(a, b), s23 = plus(c, d), d23 = minus(c, d);
  a = plus(s01, s23), b = minus(s01, s23), c = minus(d01, d23), d = plus(d01, d23);
}

void dct4x4dc_neon(int16_t dc[16]) {
  const auto plus = [](int32x4_t a, int32x4_t b) { return vaddq_s32(a, b); };
  const auto minus = [](int32x4_t a, int32x4_t b) { return vsubq_s32(a, b); };
  const int16x8_t in01 = vld1q_s16(dc), in23 = vld1q_s16(dc + 8);
  int32x4_t r0 = vmovl_s16(vget_low_s16(in01)), r1 = vmovl_high_s16(in01), r2 = vmovl_s16(vget_low_s16(in23)),
            r3 = vmovl_high_s16(in23);
  hadamard4(r0, r1, r2, r3, plus, minus);
  // 4x4 transpose of 32-bit lanes.
  const int32x4_t t0 = vtrn1q_s32(r0, r1), t1 = vtrn2q_s32(r0, r1), t2 = vtrn1q_s32(r2, r3), t3 = vtrn2q_s32(r2, r3);
  const auto lo64 = [](int32x4_t a, int32x4_t b) {
    return vreinterpretq_s32_s64(vtrn1q_s64(vreinterpretq_s64_s32(a), vreinterpretq_s64_s32(b)));
  };
  const auto hi64 = [](int32x4_t a, int32x4_t b) {
    return vreinterpretq_s32_s64(vtrn2q_s64(vreinterpretq_s64_s32(a), vreinterpretq_s64_s32(b)));
  };
  r0 = lo64(t0, t2), r1 = lo64(t1, t3), r2 = hi64(t0, t2), r3 = hi64(t1, t3);
  hadamard4(r0, r1, r2, r3, plus, minus);
  // (x + 1) >> 1, truncated to int16 as the C's cast; st4 turns columns into rows.
  vst4_s16(dc, (int16x4x4_t{{vmovn_s32(vrshrq_n_s32(r0, 1)), vmovn_s32(vrshrq_n_s32(r1, 1)),
                             vmovn_s32(vrshrq_n_s32(r2, 1)), vmovn_s32(vrshrq_n_s32(r3, 1))}}));
}

void idct4x4dc_neon(int16_t dc[16]) {
  // Unsigned lanes: the sums wrap as the C's int16 cast does, which signed
  // vector arithmetic would leave undefined.
  const auto plus = [](uint16x4_t a, uint16x4_t b) { return vadd_u16(a, b); };
  const auto minus = [](uint16x4_t a, uint16x4_t b) { return vsub_u16(a, b); };
  const uint16_t* in = reinterpret_cast<const uint16_t*>(dc);
  uint16x4_t r0 = vld1_u16(in), r1 = vld1_u16(in + 4), r2 = vld1_u16(in + 8), r3 = vld1_u16(in + 12);
  hadamard4(r0, r1, r2, r3, plus, minus);
  transpose4x4(r0, r1, r2, r3);
  hadamard4(r0, r1, r2, r3, plus, minus);
  vst4_u16(reinterpret_cast<uint16_t*>(dc), (uint16x4x4_t{{r0, r1, r2, r3}}));
}

struct QuantParams {
  uint16x8_t mf0, mf1, bias0, bias1;
};

inline QuantParams load_quant(const uint16_t mf[16], const uint16_t bias[16]) {
  return {vld1q_u16(mf), vld1q_u16(mf + 8), vld1q_u16(bias), vld1q_u16(bias + 8)};
}

// sign(c) ((|c| + bias) mf mod 2^32) >> 16 on 8 coefficients, as the C's
// uint32 arithmetic: the product is distributed (|c| mf + bias mf, wrapping
// alike) so that no lane needs |c| + bias in 17 bits. ORs the levels into nz.
inline void quant8(int16_t* dct, uint16x8_t mf, uint16x8_t bias, uint16x8_t& nz) {
  const int16x8_t c = vld1q_s16(dct);
  const uint16x8_t a = vreinterpretq_u16_s16(vabsq_s16(c));  // |-32768| = 32768 as u16
  const uint32x4_t lo = vmlal_u16(vmull_u16(vget_low_u16(a), vget_low_u16(mf)), vget_low_u16(bias), vget_low_u16(mf));
  const uint32x4_t hi = vmlal_high_u16(vmull_high_u16(a, mf), bias, mf);
  const uint16x8_t level = vuzp2q_u16(vreinterpretq_u16_u32(lo), vreinterpretq_u16_u32(hi));
  nz = vorrq_u16(nz, level);
  // (level ^ sign) - sign negates where c < 0, wrapping (in unsigned lanes) as the C's int16 cast.
  const uint16x8_t sign = vreinterpretq_u16_s16(vshrq_n_s16(c, 15));
  vst1q_s16(dct, vreinterpretq_s16_u16(vsubq_u16(veorq_u16(level, sign), sign)));
}

inline uint16x8_t quant_block(int16_t dct[16], const QuantParams& q) {
  uint16x8_t nz = vdupq_n_u16(0);
  quant8(dct, q.mf0, q.bias0, nz);
  quant8(dct + 8, q.mf1, q.bias1, nz);
  return nz;
}

int quant_4x4_neon(int16_t dct[16], const uint16_t mf[16], const uint16_t bias[16]) {
  return vmaxvq_u16(quant_block(dct, load_quant(mf, bias))) != 0;
}

int quant_8x8_neon(int16_t dct[64], const uint16_t mf[64], const uint16_t bias[64]) {
  uint16x8_t nz = vdupq_n_u16(0);
  for (int i = 0; i < 64; i += 8) quant8(dct + i, vld1q_u16(mf + i), vld1q_u16(bias + i), nz);
  return vmaxvq_u16(nz) != 0;
}

int quant_4x4x16_neon(int16_t dct[16][16], const uint16_t mf[16], const uint16_t bias[16]) {
  const QuantParams q = load_quant(mf, bias);
  // Pairwise maxima fold each block's 8 lanes into one lane, in block order:
  // after three rounds, lane i of half[h] stands for block 8h + i.
  uint16x8_t half[2];
  for (int h = 0; h < 2; h++) {
    uint16x8_t quarter[2];
    for (int k = 0; k < 2; k++) {
      uint16x8_t pair[2];
      for (int p = 0; p < 2; p++) {
        const int b = 8 * h + 4 * k + 2 * p;
        pair[p] = vpmaxq_u16(quant_block(dct[b], q), quant_block(dct[b + 1], q));
      }
      quarter[k] = vpmaxq_u16(pair[0], pair[1]);
    }
    half[h] = vpmaxq_u16(quarter[0], quarter[1]);
  }
  static const uint16_t kBit[8] = {1, 2, 4, 8, 16, 32, 64, 128};
  const uint16x8_t bits = vld1q_u16(kBit);
  return vaddvq_u16(vandq_u16(vtstq_u16(half[0], half[0]), bits)) |
         vaddvq_u16(vandq_u16(vtstq_u16(half[1], half[1]), bits)) << 8;
}

void dequant_4x4_neon(int16_t dct[16], const int32_t scale[16]) {
  // The C's int16 cast keeps the low 16 bits of the product, which depend
  // only on the low 16 bits of each factor: an unsigned (wrapping) multiply.
  uint16_t* c = reinterpret_cast<uint16_t*>(dct);
  const uint32_t* sc = reinterpret_cast<const uint32_t*>(scale);
  for (int i = 0; i < 16; i += 8) {
    const uint16x8_t s = vcombine_u16(vmovn_u32(vld1q_u32(sc + i)), vmovn_u32(vld1q_u32(sc + i + 4)));
    vst1q_u16(c + i, vmulq_u16(vld1q_u16(c + i), s));
  }
}

// (c * scale + 2) >> 2 as a rounding narrowing shift of the 32-bit product,
// which keeps the low 16 bits as the C's cast; scales fit int16
// (QuantTables::dequant8 <= 58 << 8).
void dequant_8x8_neon(int16_t dct[64], const int32_t scale[64]) {
  for (int i = 0; i < 64; i += 8) {
    const int16x8_t s = vcombine_s16(vmovn_s32(vld1q_s32(scale + i)), vmovn_s32(vld1q_s32(scale + i + 4)));
    const int16x8_t c = vld1q_s16(dct + i);
    vst1q_s16(dct + i, vcombine_s16(vrshrn_n_s32(vmull_s16(vget_low_s16(c), vget_low_s16(s)), 2),
                                    vrshrn_n_s32(vmull_high_s16(c, s), 2)));
  }
}

// `skip_dc`: 1 for the 15-coefficient score. With the levels in zig-zag
// order, one byte lane per position, the score of a run, 3 2 2 1 1 1 0..., is
// [run < 1] + [run < 3] + [run < 6]: the number of windows of 1, 3 and 6
// positions before a level that hold another level or the start (the
// position before the first coefficient read). Branchless, as the number of
// levels is unpredictable.
inline int decimate_score(const int16_t dct[16], int skip_dc) {
  const int8x16_t raster = vcombine_s8(vqmovn_s16(vld1q_s16(dct)), vqmovn_s16(vld1q_s16(dct + 8)));
  const int8x16_t levels = vqtbl1q_s8(raster, vld1q_u8(kZigzag4x4));
  const uint8x16_t dc = vsetq_lane_u8(skip_dc ? 0xFF : 0, vdupq_n_u8(0), 0);  // lanes not read
  // level + 1 <= 2 as unsigned bytes (wrapping, so 127 + 1 is defined): |level| <= 1.
  const uint8x16_t small = vcleq_u8(vaddq_u8(vreinterpretq_u8_s8(levels), vdupq_n_u8(1)), vdupq_n_u8(2));
  const bool all_small = vminvq_u8(vorrq_u8(small, dc)) != 0;
  const uint8x16_t nonzero = vtstq_s8(levels, levels);
  // Shifting in all-ones marks every position before the first coefficient
  // read as a start; for 15 the DC is the start. A window reaching before the
  // start contains it, so the score is unchanged.
  const uint8x16_t ones = vdupq_n_u8(0xFF);
  const uint8x16_t coded = vbicq_u8(nonzero, dc), starts = vorrq_u8(nonzero, dc);
  const uint8x16_t w1 = vextq_u8(ones, starts, 15);
  const uint8x16_t w3 = vorrq_u8(w1, vorrq_u8(vextq_u8(ones, w1, 15), vextq_u8(ones, w1, 14)));
  const uint8x16_t w6 = vorrq_u8(w3, vextq_u8(ones, w3, 13));
  // Each true lane is -1 as int8; at most 3 per lane and 48 in all.
  const int8x16_t sum = vreinterpretq_s8_u8(
      vaddq_u8(vaddq_u8(vandq_u8(coded, w1), vandq_u8(coded, w3)), vandq_u8(coded, w6)));
  const int score = -vaddlvq_s8(sum);
  return all_small ? score : 9;
}

int decimate_score16_neon(const int16_t dct[16]) { return decimate_score(dct, 0); }
int decimate_score15_neon(const int16_t dct[16]) { return decimate_score(dct, 1); }

}  // namespace

void dct_dsp_init_neon(DctDsp* dsp) {
  dsp->sub4x4_dct = sub4x4_dct_neon;
  dsp->sub8x8_dct = sub8x8_dct_neon;
  dsp->sub16x16_dct = sub16x16_dct_neon;
  dsp->add4x4_idct = add4x4_idct_neon;
  dsp->add8x8_idct = add8x8_idct_neon;
  dsp->add16x16_idct = add16x16_idct_neon;
  dsp->dct4x4dc = dct4x4dc_neon;
  dsp->idct4x4dc = idct4x4dc_neon;
  dsp->quant_4x4 = quant_4x4_neon;
  dsp->quant_4x4x16 = quant_4x4x16_neon;
  dsp->dequant_4x4 = dequant_4x4_neon;
  dsp->decimate_score16 = decimate_score16_neon;
  dsp->decimate_score15 = decimate_score15_neon;
  dsp->sub8x8_dct8 = sub8x8_dct8_neon;
  dsp->sub16x16_dct8 = sub16x16_dct8_neon;
  dsp->add8x8_idct8 = add8x8_idct8_neon;
  dsp->add16x16_idct8 = add16x16_idct8_neon;
  dsp->quant_8x8 = quant_8x8_neon;
  dsp->dequant_8x8 = dequant_8x8_neon;
}

}  // namespace h264
}  // namespace edgeav
