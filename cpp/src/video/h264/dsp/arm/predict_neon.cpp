// NEON intra prediction. The 4x4 directional modes gather the edge they use
// into one register, compute every 2-tap and 3-tap average along it at once
// and pick the 16 predicted pixels with one table lookup; each reads exactly
// the edge samples its C reference reads. Plane prediction runs in 16 bits
// (|a + b x + c y| < 2^15 for 8-bit edges). The 8x8 luma modes gather their
// averages along the edge line of intra8x8_edge into two registers, in which
// each row is 8 consecutive bytes, and pick two rows per table lookup.
#include <arm_neon.h>

#include "base/arm/neon_util.h"
#include "video/h264/dsp/pred4x4_gather.h"
#include "video/h264/dsp/predict_dsp.h"

namespace edgeav {
namespace h264 {

namespace {

inline void store4x4(uint8_t* dst, ptrdiff_t stride, uint8x16_t rows) {
  store4<0>(dst, rows);
  store4<1>(dst + stride, rows);
  store4<2>(dst + 2 * stride, rows);
  store4<3>(dst + 3 * stride, rows);
}

inline void fill4x4(uint8_t* dst, ptrdiff_t stride, int v) { store4x4(dst, stride, vdupq_n_u8(static_cast<uint8_t>(v))); }

void pred4x4_v(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  store4x4(dst, stride, vreinterpretq_u8_u32(vdupq_n_u32(load_u32(top))));
}

void pred4x4_h(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t* left) {
  static const uint8_t kIdx[16] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3};
  store4x4(dst, stride, vqtbl1q_u8(vcombine_u8(load4(left), vdup_n_u8(0)), vld1q_u8(kIdx)));
}

void pred4x4_dc(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  fill4x4(dst, stride, (vaddlv_u8(load4x2(top, left)) + 4) >> 3);
}
void pred4x4_dc_left(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t* left) {
  fill4x4(dst, stride, (vaddlv_u8(load4(left)) + 2) >> 2);
}
void pred4x4_dc_top(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  fill4x4(dst, stride, (vaddlv_u8(load4(top)) + 2) >> 2);
}
void pred4x4_dc_128(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t*) { fill4x4(dst, stride, 128); }

// Predicts from the table [avg2(e[k], e[k + 1]) for k < 8 | avg3(e[k], e[k + 1], e[k + 2]) for k < 8]
// where e = e0 followed by next (the edge continued), picking pixel i from entry idx[i].
inline void pred_from_averages(uint8_t* dst, ptrdiff_t stride, uint8x8_t e0, uint8x8_t next, const uint8_t idx[16]) {
  const uint8x8_t e1 = vext_u8(e0, next, 1), e2 = vext_u8(e0, next, 2);
  const uint8x16_t table = vcombine_u8(vrhadd_u8(e0, e1), avg3(e0, e1, e2));
  store4x4(dst, stride, vqtbl1q_u8(table, vld1q_u8(idx)));
}

// The edge L3 L2 L1 L0 LT T0 T1 T2 (left column bottom-up, the top-left
// sample, the row above), reading left[0..3] and top[-1..2].
inline uint8x8_t left_corner_top(const uint8_t* top, const uint8_t* left) {
  const uint8x8_t l = vrev32_u8(load4(left));
  return vreinterpret_u8_u32(vset_lane_u32(load_u32(top - 1), vreinterpret_u32_u8(l), 1));
}

// Edge indices below: L3 0, L2 1, L1 2, L0 3, LT 4, T0 5, T1 6, T2 7, T3 8.
// Table entries: avg2 starting at edge k is entry k, avg3 starting at k is 8 + k.
void pred4x4_ddr(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  // Pixel (x, y) is the 3-tap average centred on edge 4 + x - y.
  static const uint8_t kIdx[16] = {11, 12, 13, 14, 10, 11, 12, 13, 9, 10, 11, 12, 8, 9, 10, 11};
  pred_from_averages(dst, stride, left_corner_top(top, left), vdup_n_u8(top[3]), kIdx);
}

void pred4x4_vr(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  static const uint8_t kIdx[16] = {4, 5, 6, 7, 11, 12, 13, 14, 10, 4, 5, 6, 9, 11, 12, 13};
  pred_from_averages(dst, stride, left_corner_top(top, left), vdup_n_u8(top[3]), kIdx);
}

void pred4x4_hd(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  // Never uses T3: the entries that would read it are not picked.
  static const uint8_t kIdx[16] = {3, 11, 12, 13, 2, 10, 3, 11, 1, 9, 2, 10, 0, 8, 1, 9};
  const uint8x8_t e = left_corner_top(top, left);
  pred_from_averages(dst, stride, e, e, kIdx);
}

// Edge T0..T7; entry k as above.
void pred4x4_ddl(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  // Pixel (x, y) is the 3-tap average starting at T(x + y), with T7 repeated past the end.
  static const uint8_t kIdx[16] = {8, 9, 10, 11, 9, 10, 11, 12, 10, 11, 12, 13, 11, 12, 13, 14};
  const uint8x8_t t = vld1_u8(top);
  pred_from_averages(dst, stride, t, vdup_lane_u8(t, 7), kIdx);
}

void pred4x4_vl(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  // Reads T0..T6: T0..T3 and T3..T6, with the duplicate T3 dropped.
  static const uint8_t kEdge[8] = {0, 1, 2, 3, 5, 6, 7, 7};
  static const uint8_t kIdx[16] = {0, 1, 2, 3, 8, 9, 10, 11, 1, 2, 3, 4, 9, 10, 11, 12};
  const uint8x8_t t = vtbl1_u8(load4x2(top, top + 3), vld1_u8(kEdge));
  pred_from_averages(dst, stride, t, t, kIdx);
}

// Edge L0 L1 L2 L3 L3 L3 ...: past the column's end every average is L3.
void pred4x4_hu(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t* left) {
  static const uint8_t kEdge[8] = {0, 1, 2, 3, 3, 3, 3, 3};
  static const uint8_t kIdx[16] = {0, 8, 1, 9, 1, 9, 2, 10, 2, 10, 3, 3, 3, 3, 3, 3};
  const uint8x8_t l = vtbl1_u8(load4(left), vld1_u8(kEdge));
  pred_from_averages(dst, stride, l, l, kIdx);
}

template <int N>
inline void fill_rows(uint8_t* dst, ptrdiff_t stride, uint8x16_t v) {
  for (int y = 0; y < N; y++, dst += stride) {
    if (N == 16)
      vst1q_u8(dst, v);
    else
      vst1_u8(dst, vget_low_u8(v));
  }
}

template <int N>
inline uint8x16_t load_edge(const uint8_t* p) {
  return N == 16 ? vld1q_u8(p) : vcombine_u8(vld1_u8(p), vdup_n_u8(0));
}

template <int N>
inline int edge_sum(const uint8_t* p) {
  return N == 16 ? vaddlvq_u8(vld1q_u8(p)) : vaddlv_u8(vld1_u8(p));
}

template <int N>
void pred_v(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  fill_rows<N>(dst, stride, load_edge<N>(top));
}

template <int N>
void pred_h(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t* left) {
  for (int y = 0; y < N; y++, dst += stride) {
    if (N == 16)
      vst1q_u8(dst, vld1q_dup_u8(left + y));
    else
      vst1_u8(dst, vld1_dup_u8(left + y));
  }
}

template <int N, int Log2>
void pred_dc(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  fill_rows<N>(dst, stride, vdupq_n_u8(static_cast<uint8_t>((edge_sum<N>(top) + edge_sum<N>(left) + N) >> (Log2 + 1))));
}
template <int N, int Log2>
void pred_dc_left(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t* left) {
  fill_rows<N>(dst, stride, vdupq_n_u8(static_cast<uint8_t>((edge_sum<N>(left) + N / 2) >> Log2)));
}
template <int N, int Log2>
void pred_dc_top(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  fill_rows<N>(dst, stride, vdupq_n_u8(static_cast<uint8_t>((edge_sum<N>(top) + N / 2) >> Log2)));
}
template <int N>
void pred_dc_128(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t*) {
  fill_rows<N>(dst, stride, vdupq_n_u8(128));
}

// Plane prediction (8.3.3.4, 8.3.4.4). The gradients H and V weigh the far
// half of each edge against the mirrored near half (whose last sample is the
// top-left one); each sum stays within int16 (36 * 255).
void pred16x16_plane(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  static const int16_t kWeights[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  const int16x8_t w = vld1q_s16(kWeights);
  const uint8x8_t top_near = vrev64_u8(vld1_u8(top - 1));  // T6 .. T0 LT
  const uint8x8_t left_near = vrev64_u8(vext_u8(vld1_dup_u8(top - 1), vld1_u8(left), 7));  // L6 .. L0 LT
  const int16x8_t h = vmulq_s16(vreinterpretq_s16_u16(vsubl_u8(vld1_u8(top + 8), top_near)), w);
  const int16x8_t v = vmulq_s16(vreinterpretq_s16_u16(vsubl_u8(vld1_u8(left + 8), left_near)), w);
  const int b = (5 * vaddvq_s16(h) + 32) >> 6, c = (5 * vaddvq_s16(v) + 32) >> 6;
  const int a = 16 * (left[15] + top[15]);
  // Row y: a + b (x - 7) + c (y - 7), rounded and clipped by vqrshrun.
  static const int16_t kX[16] = {-7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8};
  const int16x8_t bv = vdupq_n_s16(static_cast<int16_t>(b)), cv = vdupq_n_s16(static_cast<int16_t>(c));
  int16x8_t row0 = vmlaq_s16(vdupq_n_s16(static_cast<int16_t>(a - 7 * c)), vld1q_s16(kX), bv);
  int16x8_t row1 = vmlaq_s16(vdupq_n_s16(static_cast<int16_t>(a - 7 * c)), vld1q_s16(kX + 8), bv);
  for (int y = 0; y < 16; y++, dst += stride) {
    vst1q_u8(dst, vcombine_u8(vqrshrun_n_s16(row0, 5), vqrshrun_n_s16(row1, 5)));
    row0 = vaddq_s16(row0, cv), row1 = vaddq_s16(row1, cv);
  }
}

void pred_chroma_plane(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  // Lanes 0-3 weigh the top edge, 4-7 the left one: T4..T7 / L4..L7 against
  // T2 T1 T0 LT / L2 L1 L0 LT.
  static const int16_t kWeights[8] = {1, 2, 3, 4, 1, 2, 3, 4};
  const uint8x8_t far = load4x2(top + 4, left + 4);
  const uint8x8_t left_near = vext_u8(vld1_dup_u8(top - 1), load4(left), 7);  // LT L0 L1 L2
  const uint8x8_t near = vrev32_u8(vreinterpret_u8_u32(
      vset_lane_u32(vget_lane_u32(vreinterpret_u32_u8(left_near), 0), vdup_n_u32(load_u32(top - 1)), 1)));
  const int16x8_t m = vmulq_s16(vreinterpretq_s16_u16(vsubl_u8(far, near)), vld1q_s16(kWeights));
  const int16x4_t hv = vpadd_s16(vget_low_s16(m), vget_high_s16(m));  // H0 H1 V0 V1
  const int b = (34 * (vget_lane_s16(hv, 0) + vget_lane_s16(hv, 1)) + 32) >> 6;
  const int c = (34 * (vget_lane_s16(hv, 2) + vget_lane_s16(hv, 3)) + 32) >> 6;
  const int a = 16 * (left[7] + top[7]);
  static const int16_t kX[8] = {-3, -2, -1, 0, 1, 2, 3, 4};
  int16x8_t row = vmlaq_s16(vdupq_n_s16(static_cast<int16_t>(a - 3 * c)), vld1q_s16(kX), vdupq_n_s16(static_cast<int16_t>(b)));
  const int16x8_t cv = vdupq_n_s16(static_cast<int16_t>(c));
  for (int y = 0; y < 8; y++, dst += stride, row = vaddq_s16(row, cv)) vst1_u8(dst, vqrshrun_n_s16(row, 5));
}

// Chroma DC (8.3.4.1-3): the 4x4 quarters top-left, top-right, bottom-left,
// bottom-right predicted from dc[0..3].
inline void chroma_dc_fill(uint8_t* dst, ptrdiff_t stride, int dc0, int dc1, int dc2, int dc3) {
  const uint8x8_t upper = vreinterpret_u8_u32(vset_lane_u32(dc1 * 0x01010101u, vdup_n_u32(dc0 * 0x01010101u), 1));
  const uint8x8_t lower = vreinterpret_u8_u32(vset_lane_u32(dc3 * 0x01010101u, vdup_n_u32(dc2 * 0x01010101u), 1));
  for (int y = 0; y < 4; y++) vst1_u8(dst + y * stride, upper);
  for (int y = 4; y < 8; y++) vst1_u8(dst + y * stride, lower);
}

// Sums of the edge's two halves: [t0, t1] of 8 samples.
inline uint16x4_t half_sums(const uint8_t* p) {
  const uint16x4_t pairs = vpaddl_u8(vld1_u8(p));
  return vpadd_u16(pairs, pairs);
}

void pred_chroma_dc(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  const uint16x4_t t = half_sums(top), l = half_sums(left);
  const int t0 = vget_lane_u16(t, 0), t1 = vget_lane_u16(t, 1), l0 = vget_lane_u16(l, 0), l1 = vget_lane_u16(l, 1);
  chroma_dc_fill(dst, stride, (t0 + l0 + 4) >> 3, (t1 + 2) >> 2, (l1 + 2) >> 2, (t1 + l1 + 4) >> 3);
}
void pred_chroma_dc_left(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t* left) {
  const uint16x4_t l = vrshr_n_u16(half_sums(left), 2);
  const int l0 = vget_lane_u16(l, 0), l1 = vget_lane_u16(l, 1);
  chroma_dc_fill(dst, stride, l0, l0, l1, l1);
}
void pred_chroma_dc_top(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  const uint16x4_t t = vrshr_n_u16(half_sums(top), 2);
  const int t0 = vget_lane_u16(t, 0), t1 = vget_lane_u16(t, 1);
  chroma_dc_fill(dst, stride, t0, t1, t0, t1);
}

// 8x8 luma prediction on the edge line of intra8x8_edge (e below).
constexpr int kCorner8 = 8, kTop8 = 9;

// Stores the rows of `table` that start at bytes even + step k (rows 2k) and
// odd + step k (rows 2k + 1).
inline void store_rows8x8(uint8_t* dst, ptrdiff_t stride, uint8x16x2_t table, int even, int odd, int step) {
  const uint8x8_t ramp = vcreate_u8(0x0706050403020100ull);
  uint8x16_t idx = vcombine_u8(vadd_u8(ramp, vdup_n_u8(static_cast<uint8_t>(even))),
                               vadd_u8(ramp, vdup_n_u8(static_cast<uint8_t>(odd))));
  const uint8x16_t next = vdupq_n_u8(static_cast<uint8_t>(step));  // modulo 256: negative steps too
  for (int k = 0; k < 4; k++, dst += 2 * stride, idx = vaddq_u8(idx, next)) {
    const uint8x16_t rows = vqtbl2q_u8(table, idx);
    vst1_u8(dst, vget_low_u8(rows));
    vst1_u8(dst + stride, vget_high_u8(rows));
  }
}

void pred8x8_v(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  fill_rows<8>(dst, stride, load_edge<8>(edge + kTop8));
}
void pred8x8_h(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  for (int y = 0; y < 8; y++, dst += stride) vst1_u8(dst, vld1_dup_u8(edge + 7 - y));
}
void pred8x8_dc(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  fill_rows<8>(dst, stride, vdupq_n_u8(static_cast<uint8_t>((edge_sum<8>(edge) + edge_sum<8>(edge + kTop8) + 8) >> 4)));
}
void pred8x8_dc_left(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  fill_rows<8>(dst, stride, vdupq_n_u8(static_cast<uint8_t>((edge_sum<8>(edge) + 4) >> 3)));
}
void pred8x8_dc_top(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  fill_rows<8>(dst, stride, vdupq_n_u8(static_cast<uint8_t>((edge_sum<8>(edge + kTop8) + 4) >> 3)));
}
void pred8x8_dc_128(uint8_t* dst, ptrdiff_t stride, const uint8_t*) { fill_rows<8>(dst, stride, vdupq_n_u8(128)); }

void pred8x8_ddl(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  const uint8x16_t t = vld1q_u8(edge + kTop8), last = vdupq_laneq_u8(t, 15);  // p'[15, -1] past the end
  const uint8x16_t a3 = avg3(t, vextq_u8(t, last, 1), vextq_u8(t, last, 2));  // centred on p'[x + 1, -1]
  store_rows8x8(dst, stride, {{a3, a3}}, 0, 1, 2);
}

// The averages along the edge e[0..17]: a2[k] of e[k], e[k + 1]; a3[k]
// centred on e[k + 1].
struct Edge8Averages {
  uint8x16_t a2, a3;
};
inline Edge8Averages edge8_averages(const uint8_t* edge) {
  const uint8x16_t e0 = vld1q_u8(edge), e1 = vld1q_u8(edge + 1);
  return {vrhaddq_u8(e0, e1), avg3(e0, e1, vld1q_u8(edge + 2))};
}

void pred8x8_ddr(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  const uint8x16_t a3 = edge8_averages(edge).a3;  // pixel (x, y) is a3[7 + x - y]
  store_rows8x8(dst, stride, {{a3, a3}}, kCorner8 - 1, kCorner8 - 2, -2);
}

void pred8x8_vr(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  const Edge8Averages e = edge8_averages(edge);
  // Row y + 2 is row y one sample to the right behind a 3-tap average of the
  // left column, every other one of them: rows 2k are bytes 8 - k.. of the
  // a3 centred on e[3], e[5], e[7] (bytes 5-7) and the a2 from e[8] on;
  // rows 2k + 1 the same of the a3 centred on e[2], e[4], e[6] and from e[8] on.
  const uint8x8_t left = vget_low_u8(e.a3);
  const uint8x8_t odd = vuzp1_u8(left, left), even = vuzp2_u8(left, left);  // centred on e[1], e[3].. / e[2], e[4]..
  const uint8x16_t rows_even = vcombine_u8(vext_u8(odd, odd, 4), vget_high_u8(e.a2));
  const uint8x16_t rows_odd = vcombine_u8(vext_u8(even, even, 3), vext_u8(left, vget_high_u8(e.a3), 7));
  store_rows8x8(dst, stride, {{rows_even, rows_odd}}, 8, 24, -1);
}

void pred8x8_hd(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  const Edge8Averages e = edge8_averages(edge);
  // Pairs (a2[k], a3[k]) going up the left column, then the a3 along the
  // top row: row y starts at pair 7 - y.
  store_rows8x8(dst, stride, {{vzip1q_u8(e.a2, e.a3), vextq_u8(e.a3, e.a3, 8)}}, 14, 12, -4);
}

void pred8x8_vl(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  const uint8x16_t t = vld1q_u8(edge + kTop8), t1 = vextq_u8(t, t, 1);
  store_rows8x8(dst, stride, {{vrhaddq_u8(t, t1), avg3(t, t1, vextq_u8(t, t, 2))}}, 0, 16, 1);
}

void pred8x8_hu(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  // p'[-1, 0..7] top to bottom, then p'[-1, 7] repeated: past the column's
  // end every average is p'[-1, 7] (or the 3:1 one at zHU = 13).
  const uint8x16_t l = vcombine_u8(vrev64_u8(vld1_u8(edge)), vld1_dup_u8(edge)), l1 = vextq_u8(l, l, 1);
  const uint8x16_t a2 = vrhaddq_u8(l, l1), a3 = avg3(l, l1, vextq_u8(l, l, 2));
  // Pairs (a2[j], a3[j]): row y starts at pair y.
  store_rows8x8(dst, stride, {{vzip1q_u8(a2, a3), vzip2q_u8(a2, a3)}}, 0, 2, 4);
}

// The nine modes as gathers from the edge line and its averages
// (pred4x4_gather.h), one table lookup each.
void pred4x4_x9(uint8_t pred[9][16], const uint8_t* top, const uint8_t* left) {
  // L0 L1 L2 L3 LT 0 0 0 T0 .. T7, then the edge line E.
  static const uint8_t kEdge[16] = {3, 3, 2, 1, 0, 4, 8, 9, 10, 11, 12, 13, 14, 15, 15, 15};
  const uint8x16_t x = vcombine_u8(vset_lane_u8(top[-1], load4(left), 4), vld1_u8(top));
  const uint8x16_t e = vqtbl1q_u8(x, vld1q_u8(kEdge)), zero = vdupq_n_u8(0);
  const uint8x16_t prev = vextq_u8(zero, e, 15), next = vextq_u8(e, zero, 1);
  const uint8x16x3_t sources = {{e, vrhaddq_u8(e, next), avg3(prev, e, next)}};
  for (int mode = 0; mode < 9; mode++)
    if (mode != kPred4x4Dc) vst1q_u8(pred[mode], vqtbl3q_u8(sources, vld1q_u8(kPred4x4Gather[mode])));
  vst1q_u8(pred[kPred4x4Dc], vdupq_n_u8(static_cast<uint8_t>((vaddlv_u8(load4x2(top, left)) + 4) >> 3)));
}

// The nine modes, inlined.
void pred8x8_x9(uint8_t pred[9][64], const uint8_t* edge) {
  pred8x8_v(pred[kPred8x8V], 8, edge);
  pred8x8_h(pred[kPred8x8H], 8, edge);
  pred8x8_dc(pred[kPred8x8Dc], 8, edge);
  pred8x8_ddl(pred[kPred8x8Ddl], 8, edge);
  pred8x8_ddr(pred[kPred8x8Ddr], 8, edge);
  pred8x8_vr(pred[kPred8x8Vr], 8, edge);
  pred8x8_hd(pred[kPred8x8Hd], 8, edge);
  pred8x8_vl(pred[kPred8x8Vl], 8, edge);
  pred8x8_hu(pred[kPred8x8Hu], 8, edge);
}

}  // namespace

void predict_dsp_init_neon(PredictDsp* dsp) {
  dsp->pred4x4[kPred4x4V] = pred4x4_v;
  dsp->pred4x4[kPred4x4H] = pred4x4_h;
  dsp->pred4x4[kPred4x4Dc] = pred4x4_dc;
  dsp->pred4x4[kPred4x4Ddl] = pred4x4_ddl;
  dsp->pred4x4[kPred4x4Ddr] = pred4x4_ddr;
  dsp->pred4x4[kPred4x4Vr] = pred4x4_vr;
  dsp->pred4x4[kPred4x4Hd] = pred4x4_hd;
  dsp->pred4x4[kPred4x4Vl] = pred4x4_vl;
  dsp->pred4x4[kPred4x4Hu] = pred4x4_hu;
  dsp->pred4x4[kPred4x4DcLeft] = pred4x4_dc_left;
  dsp->pred4x4[kPred4x4DcTop] = pred4x4_dc_top;
  dsp->pred4x4[kPred4x4Dc128] = pred4x4_dc_128;
  dsp->pred16x16[kPred16V] = pred_v<16>;
  dsp->pred16x16[kPred16H] = pred_h<16>;
  dsp->pred16x16[kPred16Dc] = pred_dc<16, 4>;
  dsp->pred16x16[kPred16Plane] = pred16x16_plane;
  dsp->pred16x16[kPred16DcLeft] = pred_dc_left<16, 4>;
  dsp->pred16x16[kPred16DcTop] = pred_dc_top<16, 4>;
  dsp->pred16x16[kPred16Dc128] = pred_dc_128<16>;
  dsp->pred_chroma[kPredChromaDc] = pred_chroma_dc;
  dsp->pred_chroma[kPredChromaH] = pred_h<8>;
  dsp->pred_chroma[kPredChromaV] = pred_v<8>;
  dsp->pred_chroma[kPredChromaPlane] = pred_chroma_plane;
  dsp->pred_chroma[kPredChromaDcLeft] = pred_chroma_dc_left;
  dsp->pred_chroma[kPredChromaDcTop] = pred_chroma_dc_top;
  dsp->pred_chroma[kPredChromaDc128] = pred_dc_128<8>;
  dsp->pred8x8[kPred8x8V] = pred8x8_v;
  dsp->pred8x8[kPred8x8H] = pred8x8_h;
  dsp->pred8x8[kPred8x8Dc] = pred8x8_dc;
  dsp->pred8x8[kPred8x8Ddl] = pred8x8_ddl;
  dsp->pred8x8[kPred8x8Ddr] = pred8x8_ddr;
  dsp->pred8x8[kPred8x8Vr] = pred8x8_vr;
  dsp->pred8x8[kPred8x8Hd] = pred8x8_hd;
  dsp->pred8x8[kPred8x8Vl] = pred8x8_vl;
  dsp->pred8x8[kPred8x8Hu] = pred8x8_hu;
  dsp->pred8x8[kPred8x8DcLeft] = pred8x8_dc_left;
  dsp->pred8x8[kPred8x8DcTop] = pred8x8_dc_top;
  dsp->pred8x8[kPred8x8Dc128] = pred8x8_dc_128;
  dsp->pred4x4_x9 = pred4x4_x9;
  dsp->pred8x8_x9 = pred8x8_x9;
}

}  // namespace h264
}  // namespace edgeav
