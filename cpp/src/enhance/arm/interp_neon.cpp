// NEON OBMC kernels (interp_dsp.h), bit-exact with interp_dsp.cpp.
//
// Every weighted sum is a widening multiply-accumulate of bytes by byte
// weights, as in the H.264 chroma MC: the four bilinear taps (their weights
// sum to 64, so at most 16320), the two frames (w and 64 - w) and the
// window's horizontal step (16 - ramp[x] and ramp[x], at most 4080); the
// window's vertical step multiplies those 16-bit sums by 16 - ramp[y] and
// ramp[y] (at most 65280, exact in unsigned 16-bit lanes). vrshrn's rounding
// narrowing shifts are the C's (x + 32) >> 6 and (x + 128) >> 8.
//
// 8x8 kernels take a row per 64-bit register, 4x4 ones two rows; the right-
// hand taps come from a second load one byte further on, so every load reads
// only samples of the (n + 1) x (n + 1) area the C reads.
#include <arm_neon.h>

#include "base/arm/neon_util.h"
#include "enhance/interp_dsp.h"

namespace edgeav {

namespace {

struct Frame {
  const uint8_t* p;
  uint8x8_t a, b, c, d;  // (8 - fx)(8 - fy), fx (8 - fy), (8 - fx) fy, fx fy
};
struct Source {
  Frame prev, next;
  uint8x8_t weight, next_weight;  // w, 64 - w
};

inline Frame frame(const uint8_t* p, int fx, int fy) {
  return {p, vdup_n_u8(static_cast<uint8_t>((8 - fx) * (8 - fy))), vdup_n_u8(static_cast<uint8_t>(fx * (8 - fy))),
          vdup_n_u8(static_cast<uint8_t>((8 - fx) * fy)), vdup_n_u8(static_cast<uint8_t>(fx * fy))};
}

inline Source source(const ObmcSource& s) {
  return {frame(s.prev, s.prev_fx, s.prev_fy), frame(s.next, s.next_fx, s.next_fy), vdup_n_u8(s.prev_weight),
          vdup_n_u8(static_cast<uint8_t>(64 - s.prev_weight))};
}

// The bilinear sample from the samples t (upper row), t1 (their right-hand
// neighbours), u and u1 (the same one row below).
inline uint8x8_t taps(const Frame& f, uint8x8_t t, uint8x8_t t1, uint8x8_t u, uint8x8_t u1) {
  uint16x8_t s = vmull_u8(t, f.a);
  s = vmlal_u8(s, t1, f.b);
  s = vmlal_u8(s, u, f.c);
  s = vmlal_u8(s, u1, f.d);
  return vrshrn_n_u16(s, 6);
}

inline uint8x8_t mix_frames(uint8x8_t p, uint8x8_t n, const Source& s) {
  return vrshrn_n_u16(vmlal_u8(vmull_u8(p, s.weight), n, s.next_weight), 6);
}

// The window on the four predictions of the same pixels: rx = ramp[x],
// ry = ramp[y] for each lane's column and row.
inline uint8x8_t window(uint8x8_t p0, uint8x8_t p1, uint8x8_t p2, uint8x8_t p3, uint8x8_t rx, uint16x8_t ry) {
  const uint8x8_t nrx = vsub_u8(vdup_n_u8(16), rx);
  const uint16x8_t top = vmlal_u8(vmull_u8(p0, nrx), p1, rx);
  const uint16x8_t bottom = vmlal_u8(vmull_u8(p2, nrx), p3, rx);
  const uint16x8_t nry = vsubq_u16(vdupq_n_u16(16), ry);
  return vrshrn_n_u16(vmlaq_u16(vmulq_u16(top, nry), bottom, ry), 8);
}

// --- 8x8: one row per register ---

inline void bilinear8x8(const Frame& f, ptrdiff_t stride, uint8x8_t out[8]) {
  uint8x8_t t = vld1_u8(f.p), t1 = vld1_u8(f.p + 1);
  for (int y = 0; y < 8; y++) {
    const uint8_t* row = f.p + (y + 1) * stride;
    const uint8x8_t u = vld1_u8(row), u1 = vld1_u8(row + 1);
    out[y] = taps(f, t, t1, u, u1);
    t = u, t1 = u1;
  }
}

inline void predict8x8(const ObmcSource& src, ptrdiff_t stride, uint8x8_t out[8]) {
  const Source s = source(src);
  uint8x8_t p[8], n[8];
  bilinear8x8(s.prev, stride, p);
  bilinear8x8(s.next, stride, n);
  for (int y = 0; y < 8; y++) out[y] = mix_frames(p[y], n[y], s);
}

void obmc_block_8x8_neon(uint8_t* dst, ptrdiff_t dst_stride, const ObmcSource* src, ptrdiff_t src_stride) {
  uint8x8_t p[8];
  predict8x8(*src, src_stride, p);
  for (int y = 0; y < 8; y++) vst1_u8(dst + y * dst_stride, p[y]);
}

void obmc_cell_8x8_neon(uint8_t* dst, ptrdiff_t dst_stride, const ObmcSource src[4], ptrdiff_t src_stride,
                        const uint8_t* ramp) {
  uint8x8_t p[4][8];
  for (int k = 0; k < 4; k++) predict8x8(src[k], src_stride, p[k]);
  const uint8x8_t rx = vld1_u8(ramp);
  for (int y = 0; y < 8; y++)
    vst1_u8(dst + y * dst_stride, window(p[0][y], p[1][y], p[2][y], p[3][y], rx, vdupq_n_u16(ramp[y])));
}

// --- 4x4: rows y and y + 1 in lanes 0-3 and 4-7 ---

inline void bilinear4x4(const Frame& f, ptrdiff_t stride, uint8x8_t out[2]) {
  const uint8_t* p = f.p;
  const uint8x8_t t01 = load4x2(p, p + stride), t23 = load4x2(p + 2 * stride, p + 3 * stride);
  const uint8x8_t r01 = load4x2(p + 1, p + stride + 1), r23 = load4x2(p + 2 * stride + 1, p + 3 * stride + 1);
  const uint8x8_t t4 = load4(p + 4 * stride), r4 = load4(p + 4 * stride + 1);
  // Rows (1, 2) and (3, 4): the upper half of one pair, the lower half of the next.
  const uint8x8_t t12 = vext_u8(t01, t23, 4), t34 = vext_u8(t23, t4, 4);
  const uint8x8_t r12 = vext_u8(r01, r23, 4), r34 = vext_u8(r23, r4, 4);
  out[0] = taps(f, t01, r01, t12, r12);
  out[1] = taps(f, t23, r23, t34, r34);
}

inline void predict4x4(const ObmcSource& src, ptrdiff_t stride, uint8x8_t out[2]) {
  const Source s = source(src);
  uint8x8_t p[2], n[2];
  bilinear4x4(s.prev, stride, p);
  bilinear4x4(s.next, stride, n);
  out[0] = mix_frames(p[0], n[0], s);
  out[1] = mix_frames(p[1], n[1], s);
}

inline void store4x4(uint8_t* dst, ptrdiff_t dst_stride, uint8x8_t rows01, uint8x8_t rows23) {
  store4<0>(dst, rows01);
  store4<1>(dst + dst_stride, rows01);
  store4<0>(dst + 2 * dst_stride, rows23);
  store4<1>(dst + 3 * dst_stride, rows23);
}

void obmc_block_4x4_neon(uint8_t* dst, ptrdiff_t dst_stride, const ObmcSource* src, ptrdiff_t src_stride) {
  uint8x8_t p[2];
  predict4x4(*src, src_stride, p);
  store4x4(dst, dst_stride, p[0], p[1]);
}

void obmc_cell_4x4_neon(uint8_t* dst, ptrdiff_t dst_stride, const ObmcSource src[4], ptrdiff_t src_stride,
                        const uint8_t* ramp) {
  uint8x8_t p[4][2];
  for (int k = 0; k < 4; k++) predict4x4(src[k], src_stride, p[k]);
  const uint8x8_t rx = load4x2(ramp, ramp);
  uint8x8_t out[2];
  for (int i = 0; i < 2; i++) {
    const uint16x8_t ry = vcombine_u16(vdup_n_u16(ramp[2 * i]), vdup_n_u16(ramp[2 * i + 1]));
    out[i] = window(p[0][i], p[1][i], p[2][i], p[3][i], rx, ry);
  }
  store4x4(dst, dst_stride, out[0], out[1]);
}

}  // namespace

void interp_dsp_init_neon(InterpDsp* dsp) {
  dsp->obmc_cell_8x8 = obmc_cell_8x8_neon;
  dsp->obmc_cell_4x4 = obmc_cell_4x4_neon;
  dsp->obmc_block_8x8 = obmc_block_8x8_neon;
  dsp->obmc_block_4x4 = obmc_block_4x4_neon;
}

}  // namespace edgeav
