// NEON block comparisons. SAD accumulates absolute differences into 16-bit
// lanes (vabal), SSD squares them (vmull) into 32-bit lanes, SATD runs the
// 4x4 Hadamard in 16 bits (|coefficient| <= 16 * 255) on two blocks side by
// side. 4-wide blocks pack two rows per register and read exactly 4 bytes a row.
// SAD and SATD also price the average of two blocks, formed by vrhadd on load.
#include <arm_neon.h>

#include "base/arm/neon_util.h"
#include "pixel/pixel_dsp.h"

namespace edgeav {

namespace {

// What a block is compared against: a block, or the rounded average of two
// blocks that share a stride (a quarter-sample prediction). vrhadd works
// byte by byte, so it commutes with any gathering of rows into a register:
// load() gathers with `f` at `offset` from the block (or from both, and
// averages).
inline uint8x8_t avg(uint8x8_t a, uint8x8_t b) { return vrhadd_u8(a, b); }
inline uint8x16_t avg(uint8x16_t a, uint8x16_t b) { return vrhaddq_u8(a, b); }
struct Block {
  const uint8_t* p;
  ptrdiff_t stride;
  template <typename Load>
  auto load(ptrdiff_t offset, Load f) const { return f(p + offset); }
};
struct AvgBlock {
  const uint8_t *a, *b;
  ptrdiff_t stride;
  template <typename Load>
  auto load(ptrdiff_t offset, Load f) const { return avg(f(a + offset), f(b + offset)); }
};

inline uint8x16_t load16(const uint8_t* p) { return vld1q_u8(p); }
inline uint8x8_t load8(const uint8_t* p) { return vld1_u8(p); }

// Per-lane sums of |a - b| (at most 2 * 16 * 255 per lane), two accumulators
// to keep the vabal chains short.
template <int W, int H, typename Ref>
uint16x8_t sad_lanes(const uint8_t* a, ptrdiff_t as, const Ref& b) {
  uint16x8_t acc0 = vdupq_n_u16(0), acc1 = vdupq_n_u16(0);
  if (W == 16) {
    for (int y = 0; y < H; y++, a += as) {
      const uint8x16_t va = vld1q_u8(a), vb = b.load(y * b.stride, load16);
      acc0 = vabal_u8(acc0, vget_low_u8(va), vget_low_u8(vb));
      acc1 = vabal_high_u8(acc1, va, vb);
    }
  } else if (W == 8) {
    for (int y = 0; y < H; y += 2, a += 2 * as) {
      acc0 = vabal_u8(acc0, vld1_u8(a), b.load(y * b.stride, load8));
      acc1 = vabal_u8(acc1, vld1_u8(a + as), b.load((y + 1) * b.stride, load8));
    }
  } else {
    const auto rows = [&b](const uint8_t* p) { return load4x2(p, p + b.stride); };
    for (int y = 0; y < H; y += 2, a += 2 * as) acc0 = vabal_u8(acc0, load4x2(a, a + as), b.load(y * b.stride, rows));
  }
  return vaddq_u16(acc0, acc1);
}

template <int W, int H>
int sad_neon(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  return static_cast<int>(vaddlvq_u16(sad_lanes<W, H>(a, as, Block{b, bs})));
}
template <int W, int H>
int sad_avg_neon(const uint8_t* src, ptrdiff_t ss, const uint8_t* a, const uint8_t* b, ptrdiff_t ab_stride) {
  return static_cast<int>(vaddlvq_u16(sad_lanes<W, H>(src, ss, AvgBlock{a, b, ab_stride})));
}

// The four candidates share each load of `a`; the reduction packs the four
// sums with pairwise adds (each stays below 65536 until the final widening).
template <int W, int H>
void sad_x4_neon(const uint8_t* a, ptrdiff_t as, const uint8_t* b0, const uint8_t* b1, const uint8_t* b2,
                 const uint8_t* b3, ptrdiff_t bs, int costs[4]) {
  uint16x8_t s0 = vdupq_n_u16(0), s1 = s0, s2 = s0, s3 = s0;
  for (int y = 0; y < H; y += (W == 4 ? 2 : 1)) {
    const ptrdiff_t ao = y * as, bo = y * bs;
    if (W == 16) {
      const uint8x16_t va = vld1q_u8(a + ao);
      const uint8x16_t v0 = vld1q_u8(b0 + bo), v1 = vld1q_u8(b1 + bo), v2 = vld1q_u8(b2 + bo), v3 = vld1q_u8(b3 + bo);
      s0 = vabal_high_u8(vabal_u8(s0, vget_low_u8(va), vget_low_u8(v0)), va, v0);
      s1 = vabal_high_u8(vabal_u8(s1, vget_low_u8(va), vget_low_u8(v1)), va, v1);
      s2 = vabal_high_u8(vabal_u8(s2, vget_low_u8(va), vget_low_u8(v2)), va, v2);
      s3 = vabal_high_u8(vabal_u8(s3, vget_low_u8(va), vget_low_u8(v3)), va, v3);
    } else if (W == 8) {
      const uint8x8_t va = vld1_u8(a + ao);
      s0 = vabal_u8(s0, va, vld1_u8(b0 + bo));
      s1 = vabal_u8(s1, va, vld1_u8(b1 + bo));
      s2 = vabal_u8(s2, va, vld1_u8(b2 + bo));
      s3 = vabal_u8(s3, va, vld1_u8(b3 + bo));
    } else {
      const uint8x8_t va = load4x2(a + ao, a + ao + as);
      s0 = vabal_u8(s0, va, load4x2(b0 + bo, b0 + bo + bs));
      s1 = vabal_u8(s1, va, load4x2(b1 + bo, b1 + bo + bs));
      s2 = vabal_u8(s2, va, load4x2(b2 + bo, b2 + bo + bs));
      s3 = vabal_u8(s3, va, load4x2(b3 + bo, b3 + bo + bs));
    }
  }
  const uint16x8_t s = vpaddq_u16(vpaddq_u16(s0, s1), vpaddq_u16(s2, s3));
  vst1q_s32(costs, vreinterpretq_s32_u32(vpaddlq_u16(s)));
}

template <int W, int H>
int ssd_neon(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  uint32x4_t acc0 = vdupq_n_u32(0), acc1 = vdupq_n_u32(0);
  if (W == 16) {
    for (int y = 0; y < H; y++, a += as, b += bs) {
      const uint8x16_t d = vabdq_u8(vld1q_u8(a), vld1q_u8(b));
      acc0 = vpadalq_u16(acc0, vmull_u8(vget_low_u8(d), vget_low_u8(d)));
      acc1 = vpadalq_u16(acc1, vmull_high_u8(d, d));
    }
  } else {
    for (int y = 0; y < H; y += 2, a += 2 * as, b += 2 * bs) {
      if (W == 8) {
        const uint8x8_t d0 = vabd_u8(vld1_u8(a), vld1_u8(b)), d1 = vabd_u8(vld1_u8(a + as), vld1_u8(b + bs));
        acc0 = vpadalq_u16(acc0, vmull_u8(d0, d0));
        acc1 = vpadalq_u16(acc1, vmull_u8(d1, d1));
      } else {
        const uint8x8_t d = vabd_u8(load4x2(a, a + as), load4x2(b, b + bs));
        acc0 = vpadalq_u16(acc0, vmull_u8(d, d));
      }
    }
  }
  return static_cast<int>(vaddvq_u32(vaddq_u32(acc0, acc1)));
}

inline uint16x8_t abs_max(int16x8_t a, int16x8_t b) {
  return vmaxq_u16(vreinterpretq_u16_s16(vabsq_s16(a)), vreinterpretq_u16_s16(vabsq_s16(b)));
}
inline uint16x4_t abs_max(int16x4_t a, int16x4_t b) {
  return vmax_u16(vreinterpret_u16_s16(vabs_s16(a)), vreinterpret_u16_s16(vabs_s16(b)));
}

// Half the sum of |Hadamard coefficients| of the blocks whose four rows of
// differences are d0..d3, per lane. The vertical butterflies run lane-wise,
// the horizontal ones on lanes paired by transposes; the last butterfly is
// folded away: |a + b| + |a - b| = 2 max(|a|, |b|), which absorbs the C's
// halving exactly.
template <typename V>
auto hadamard_half_abs(V d0, V d1, V d2, V d3) {
  const V s01 = add(d0, d1), t01 = sub(d0, d1), s23 = add(d2, d3), t23 = sub(d2, d3);
  const V r0 = add(s01, s23), r1 = sub(s01, s23), r2 = sub(t01, t23), r3 = add(t01, t23);
  // Columns 0/1 and 2/3 of each row meet in the same lane.
  const V a0 = trn1_16(r0, r1), a1 = trn2_16(r0, r1), a2 = trn1_16(r2, r3), a3 = trn2_16(r2, r3);
  const V b0 = add(a0, a1), b1 = sub(a0, a1), b2 = add(a2, a3), b3 = sub(a2, a3);
  // Sums over columns 0+1 meet sums over 2+3 (lanes two apart).
  return add(abs_max(trn1_32(b0, b1), trn2_32(b0, b1)), abs_max(trn1_32(b2, b3), trn2_32(b2, b3)));
}

inline int16x8_t diff8(uint8x8_t a, uint8x8_t b) { return vreinterpretq_s16_u16(vsubl_u8(a, b)); }
inline int16x8_t diff8_high(uint8x16_t a, uint8x16_t b) { return vreinterpretq_s16_u16(vsubl_high_u8(a, b)); }

// Two 4x4 blocks side by side (8 x 4 pixels) per hadamard_half_abs; each lane
// stays below 2 * 16 * 255. A 16-wide block's rows are loaded (and averaged)
// whole, then split.
template <int W, int H, typename Ref>
int satd_ref(const uint8_t* a, ptrdiff_t as, const Ref& b) {
  if (W == 4) {
    const auto rows = [&b](const uint8_t* p) { return load4x2(p, p + b.stride); };
    const int16x8_t d01 = diff8(load4x2(a, a + as), b.load(0, rows));
    const int16x8_t d23 = diff8(load4x2(a + 2 * as, a + 3 * as), b.load(2 * b.stride, rows));
    return vaddv_u16(hadamard_half_abs(vget_low_s16(d01), vget_high_s16(d01), vget_low_s16(d23), vget_high_s16(d23)));
  }
  // At most eight 8x4 units (16x16) per lane: 8 * 8160 < 65536.
  uint16x8_t acc = vdupq_n_u16(0);
  for (int y = 0; y < H; y += 4) {
    if (W == 16) {
      uint8x16_t ra[4], rb[4];
      for (int r = 0; r < 4; r++) ra[r] = vld1q_u8(a + (y + r) * as), rb[r] = b.load((y + r) * b.stride, load16);
      const auto low = [&](int r) { return diff8(vget_low_u8(ra[r]), vget_low_u8(rb[r])); };
      const auto high = [&](int r) { return diff8_high(ra[r], rb[r]); };
      acc = vaddq_u16(acc, hadamard_half_abs(low(0), low(1), low(2), low(3)));
      acc = vaddq_u16(acc, hadamard_half_abs(high(0), high(1), high(2), high(3)));
    } else {
      const auto row = [&](int r) { return diff8(vld1_u8(a + (y + r) * as), b.load((y + r) * b.stride, load8)); };
      acc = vaddq_u16(acc, hadamard_half_abs(row(0), row(1), row(2), row(3)));
    }
  }
  return static_cast<int>(vaddlvq_u16(acc));
}
template <int W, int H>
int satd_neon(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  return satd_ref<W, H>(a, as, Block{b, bs});
}
template <int W, int H>
int satd_avg_neon(const uint8_t* src, ptrdiff_t ss, const uint8_t* a, const uint8_t* b, ptrdiff_t ab_stride) {
  return satd_ref<W, H>(src, ss, AvgBlock{a, b, ab_stride});
}

// SA8D (the identities are those of pixel_sse2.cpp): the vertical stages run
// lane-wise between eight row registers, the horizontal ones on lanes paired
// by transposes of 16- and 32-bit units (distances 1 and 2) and by the 64-bit
// halves (distance 4), whose butterfly folds into max(|p|, |q|), with
// |p|, |q| <= 32 * 255. Per 8x8 block a lane gathers four maxima (<= 32640);
// the blocks' sums are widened into 32-bit lanes. S = 2 M, so
// (S + 2) >> 2 = (M + 1) >> 1.
template <int N>
int sa8d_neon(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  uint32x4_t acc = vdupq_n_u32(0);
  for (int y = 0; y < N; y += 8)
    for (int x = 0; x < N; x += 8) {
      int16x8_t r[8];
      for (int i = 0; i < 8; i++) r[i] = diff8(vld1_u8(a + (y + i) * as + x), vld1_u8(b + (y + i) * bs + x));
      for (int half = 4; half > 0; half >>= 1)
        for (int i = 0; i < 8; i++)
          if (!(i & half)) {
            const int16x8_t p = r[i], q = r[i + half];
            r[i] = vaddq_s16(p, q), r[i + half] = vsubq_s16(p, q);
          }
      uint16x8_t m = vdupq_n_u16(0);
      for (int i = 0; i < 8; i += 2) {
        const int16x8_t a0 = trn1_16(r[i], r[i + 1]), a1 = trn2_16(r[i], r[i + 1]);
        const int16x8_t b0 = vaddq_s16(a0, a1), b1 = vsubq_s16(a0, a1);
        const int16x8_t c0 = trn1_32(b0, b1), c1 = trn2_32(b0, b1);
        const int16x8_t e0 = vaddq_s16(c0, c1), e1 = vsubq_s16(c0, c1);
        m = vaddq_u16(m, abs_max(zip1_64(e0, e1), zip2_64(e0, e1)));
      }
      acc = vpadalq_u16(acc, m);
    }
  return (static_cast<int>(vaddvq_u32(acc)) + 1) >> 1;
}

// Batched intra costs (the layout and the identities of pixel_sse2.cpp): after
// the vertical stage, rows v0..v3 hold two 4x4 blocks side by side; zips of
// 16-, 32- and 64-bit units give [block 0 | block 1] registers whose lanes are
// the vertical frequency v, and the horizontal butterflies run between them.

inline void hadamard_vertical(int16x8_t& r0, int16x8_t& r1, int16x8_t& r2, int16x8_t& r3) {
  const int16x8_t s01 = vaddq_s16(r0, r1), d01 = vsubq_s16(r0, r1), s23 = vaddq_s16(r2, r3), d23 = vsubq_s16(r2, r3);
  r0 = vaddq_s16(s01, s23), r1 = vsubq_s16(s01, s23), r2 = vsubq_s16(d01, d23), r3 = vaddq_s16(d01, d23);
}

// The horizontal stage but its last butterfly: [p, q, r, s] with u0 = p + q,
// u1 = r + s, u2 = r - s, u3 = p - q.
inline void hadamard_horizontal_pqrs(int16x8_t v0, int16x8_t v1, int16x8_t v2, int16x8_t v3, int16x8_t pqrs[4]) {
  const int16x8_t a = vzip1q_s16(v0, v1), b = vzip2q_s16(v0, v1), c = vzip1q_s16(v2, v3), d = vzip2q_s16(v2, v3);
  const int16x8_t e = zip1_32(a, c), f = zip2_32(a, c), g = zip1_32(b, d), h = zip2_32(b, d);
  const int16x8_t pq0 = vaddq_s16(e, f), rs0 = vsubq_s16(e, f), pq1 = vaddq_s16(g, h), rs1 = vsubq_s16(g, h);
  pqrs[0] = zip1_64(pq0, pq1), pqrs[1] = zip2_64(pq0, pq1), pqrs[2] = zip1_64(rs0, rs1), pqrs[3] = zip2_64(rs0, rs1);
}

// The 1-D Hadamard of each group of 4 lanes (C's order), times 4.
inline int16x8_t edge_hadamard(uint8x8_t e) {
  const int16x8_t x = vreinterpretq_s16_u16(vshll_n_u8(e, 2));
  const int16x8_t g = vmlaq_s16(vrev32q_s16(x), x, int16x8_t{1, -1, 1, -1, 1, -1, 1, -1});  // [a+b, a-b, c+d, c-d]
  const uint8x16_t g0011 = {0, 1, 0, 1, 2, 3, 2, 3, 8, 9, 8, 9, 10, 11, 10, 11};
  const uint8x16_t g2233 = {4, 5, 4, 5, 6, 7, 6, 7, 12, 13, 12, 13, 14, 15, 14, 15};
  auto pick = [&](uint8x16_t idx) { return vreinterpretq_s16_u8(vqtbl1q_u8(vreinterpretq_u8_s16(g), idx)); };
  return vmlaq_s16(pick(g0011), pick(g2233), int16x8_t{1, -1, -1, 1, 1, -1, -1, 1});
}

// The trick of intra_satd_x3_16x16_sse2: the shared |S| over u = 1..3
// accumulates apart; absolute-difference-accumulate does the rest. A lane
// gathers 8 blocks, each at most 8160: the wrapped 16-bit sums read unsigned.
void intra_satd_x3_16x16_neon(const uint8_t* src, ptrdiff_t stride, const uint8_t top[16], const uint8_t left[16],
                              int dc, int costs[3]) {
  const uint8x16_t t = vld1q_u8(top), l = vld1q_u8(left);
  const int16x8_t top_h[2] = {edge_hadamard(vget_low_u8(t)), edge_hadamard(vget_high_u8(t))};
  const int16x8_t left_h[2] = {edge_hadamard(vget_low_u8(l)), edge_hadamard(vget_high_u8(l))};
  int16x8_t pred_v[2][4];
  for (int h = 0; h < 2; h++) {
    const int64x2_t th = vreinterpretq_s64_s16(top_h[h]);
    pred_v[h][0] = vreinterpretq_s16_u64(vshrq_n_u64(vshlq_n_u64(vreinterpretq_u64_s64(th), 48), 48));
    pred_v[h][1] = vreinterpretq_s16_u64(vshrq_n_u64(vshlq_n_u64(vreinterpretq_u64_s64(th), 32), 48));
    pred_v[h][2] = vreinterpretq_s16_u64(vshrq_n_u64(vshlq_n_u64(vreinterpretq_u64_s64(th), 16), 48));
    pred_v[h][3] = vreinterpretq_s16_u64(vshrq_n_u64(vreinterpretq_u64_s64(th), 48));
  }
  const int16x8_t pred_dc = vreinterpretq_s16_u64(vdupq_n_u64(static_cast<uint64_t>(16 * dc)));
  const int16x8_t zero = vdupq_n_s16(0);
  int16x8_t acc_v = zero, acc_h = zero, acc_dc = zero, acc_shared = zero;
  for (int by = 0; by < 4; by++, src += 4 * stride) {
    const int16x8_t lh = left_h[by >> 1];
    const int16x8_t pred_h = by & 1 ? zip2_64(lh, lh) : zip1_64(lh, lh);
    const uint8x16_t r0 = vld1q_u8(src), r1 = vld1q_u8(src + stride), r2 = vld1q_u8(src + 2 * stride),
                     r3 = vld1q_u8(src + 3 * stride);
    for (int h = 0; h < 2; h++) {
      auto widen = [h](uint8x16_t r) { return vreinterpretq_s16_u16(h ? vmovl_high_u8(r) : vmovl_u8(vget_low_u8(r))); };
      int16x8_t v0 = widen(r0), v1 = widen(r1), v2 = widen(r2), v3 = widen(r3);
      hadamard_vertical(v0, v1, v2, v3);
      int16x8_t pqrs[4];
      hadamard_horizontal_pqrs(v0, v1, v2, v3, pqrs);
      const int16x8_t w0 = vaddq_s16(pqrs[0], pqrs[1]), w3 = vsubq_s16(pqrs[0], pqrs[1]);
      const int16x8_t w1 = vaddq_s16(pqrs[2], pqrs[3]), w2 = vsubq_s16(pqrs[2], pqrs[3]);
      acc_shared = vabaq_s16(vabaq_s16(vabaq_s16(acc_shared, w1, zero), w2, zero), w3, zero);
      acc_v = vabaq_s16(vabaq_s16(acc_v, w0, pred_v[h][0]), w1, pred_v[h][1]);
      acc_v = vabaq_s16(vabaq_s16(acc_v, w2, pred_v[h][2]), w3, pred_v[h][3]);
      acc_h = vabaq_s16(acc_h, w0, pred_h);
      acc_dc = vabaq_s16(acc_dc, w0, pred_dc);
    }
  }
  auto sum = [](int16x8_t a) { return static_cast<int>(vaddlvq_u16(vreinterpretq_u16_s16(a))); };
  const int shared = sum(acc_shared);
  costs[0] = sum(acc_v) >> 1;
  costs[1] = (sum(acc_h) + shared) >> 1;
  costs[2] = (sum(acc_dc) + shared) >> 1;
}

// The transform but its last butterfly of two 4x4 blocks stored row after
// row: widened, a block's registers hold rows [0 | 1] and [2 | 3], so the
// first vertical stage pairs rows 0, 2 and 1, 3; regrouping the halves of the
// two blocks pairs the sums and the differences for the second. Result
// [p, q, r, s], each [block a | block b].
inline void hadamard_pqrs_stored(uint8x16_t a, uint8x16_t b, int16x8_t pqrs[4]) {
  const int16x8_t a01 = vreinterpretq_s16_u16(vmovl_u8(vget_low_u8(a))), a23 = vreinterpretq_s16_u16(vmovl_high_u8(a));
  const int16x8_t b01 = vreinterpretq_s16_u16(vmovl_u8(vget_low_u8(b))), b23 = vreinterpretq_s16_u16(vmovl_high_u8(b));
  const int16x8_t sa = vaddq_s16(a01, a23), da = vsubq_s16(a01, a23);
  const int16x8_t sb = vaddq_s16(b01, b23), db = vsubq_s16(b01, b23);
  const int16x8_t s02 = zip1_64(sa, sb), s13 = zip2_64(sa, sb), d02 = zip1_64(da, db), d13 = zip2_64(da, db);
  hadamard_horizontal_pqrs(vaddq_s16(s02, s13), vaddq_s16(d02, d13), vsubq_s16(d02, d13), vsubq_s16(s02, s13), pqrs);
}

// By linearity, the source's p, q, r, s minus a prediction's are those of
// their difference, whose last butterfly folds into max(|p|, |q|) +
// max(|r|, |s|) (as in hadamard_half_abs): 64-bit halves sum to SATDs, each
// lane at most 2 * 2040.
inline int16x8_t satd_pqrs(const int16x8_t pqrs[4], const int16x8_t src[4]) {
  return vaddq_s16(vmaxq_s16(vabdq_s16(pqrs[0], src[0]), vabdq_s16(pqrs[1], src[1])),
                   vmaxq_s16(vabdq_s16(pqrs[2], src[2]), vabdq_s16(pqrs[3], src[3])));
}

// The source is transformed once, next to the ninth prediction; the other
// eight go two per register.
void satd_x9_4x4_neon(const uint8_t* src, ptrdiff_t stride, const uint8_t pred[9][16], int costs[9]) {
  const uint8x16_t src_rows = vcombine_u8(load4x2(src, src + stride), load4x2(src + 2 * stride, src + 3 * stride));
  int16x8_t src_pqrs[4], last[4];
  hadamard_pqrs_stored(src_rows, vld1q_u8(pred[8]), last);
  for (int i = 0; i < 4; i++) {
    src_pqrs[i] = zip1_64(last[i], last[i]);
    last[i] = zip2_64(last[i], last[i]);
  }
  int16x8_t m[4];
  for (int k = 0; k < 4; k++) {
    int16x8_t pqrs[4];
    hadamard_pqrs_stored(vld1q_u8(pred[2 * k]), vld1q_u8(pred[2 * k + 1]), pqrs);
    m[k] = satd_pqrs(pqrs, src_pqrs);
  }
  // Pairwise sums down to one SATD (at most 8160) per lane, in order.
  const int16x8_t sums = vpaddq_s16(vpaddq_s16(m[0], m[1]), vpaddq_s16(m[2], m[3]));
  vst1q_s32(costs, vmovl_s16(vget_low_s16(sums)));
  vst1q_s32(costs + 4, vmovl_high_s16(sums));
  costs[8] = vaddv_s16(vget_low_s16(satd_pqrs(last, src_pqrs)));
}

}  // namespace

void pixel_dsp_init_neon(PixelDsp* dsp) {
#define EDGEAV_PIXEL_SIZE(i, W, H)        \
  dsp->sad[i] = sad_neon<W, H>;           \
  dsp->satd[i] = satd_neon<W, H>;         \
  dsp->ssd[i] = ssd_neon<W, H>;           \
  dsp->sad_x4[i] = sad_x4_neon<W, H>;     \
  dsp->sad_avg[i] = sad_avg_neon<W, H>;   \
  dsp->satd_avg[i] = satd_avg_neon<W, H>;
  EDGEAV_PIXEL_BLOCK_SIZES(EDGEAV_PIXEL_SIZE)
#undef EDGEAV_PIXEL_SIZE
  dsp->intra_satd_x3_16x16 = intra_satd_x3_16x16_neon;
  dsp->satd_x9_4x4 = satd_x9_4x4_neon;
  dsp->sa8d_8x8 = sa8d_neon<8>;
  dsp->sa8d_16x16 = sa8d_neon<16>;
}

}  // namespace edgeav
