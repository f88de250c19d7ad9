// NEON block comparisons. SAD accumulates absolute differences into 16-bit
// lanes (vabal), SSD squares them (vmull) into 32-bit lanes, SATD runs the
// 4x4 Hadamard in 16 bits (|coefficient| <= 16 * 255) on two blocks side by
// side. 4-wide blocks pack two rows per register and read exactly 4 bytes a row.
#include <arm_neon.h>

#include "video/h264/dsp/arm/neon_util.h"
#include "video/h264/dsp/pixel_dsp.h"

namespace edgeav {
namespace h264 {

namespace {

// Per-lane sums of |a - b| (at most 2 * 16 * 255 per lane), two accumulators
// to keep the vabal chains short.
template <int W, int H>
uint16x8_t sad_lanes(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  uint16x8_t acc0 = vdupq_n_u16(0), acc1 = vdupq_n_u16(0);
  if (W == 16) {
    for (int y = 0; y < H; y++, a += as, b += bs) {
      const uint8x16_t va = vld1q_u8(a), vb = vld1q_u8(b);
      acc0 = vabal_u8(acc0, vget_low_u8(va), vget_low_u8(vb));
      acc1 = vabal_high_u8(acc1, va, vb);
    }
  } else if (W == 8) {
    for (int y = 0; y < H; y += 2, a += 2 * as, b += 2 * bs) {
      acc0 = vabal_u8(acc0, vld1_u8(a), vld1_u8(b));
      acc1 = vabal_u8(acc1, vld1_u8(a + as), vld1_u8(b + bs));
    }
  } else {
    for (int y = 0; y < H; y += 2, a += 2 * as, b += 2 * bs)
      acc0 = vabal_u8(acc0, load4x2(a, a + as), load4x2(b, b + bs));
  }
  return vaddq_u16(acc0, acc1);
}

template <int W, int H>
int sad_neon(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  return static_cast<int>(vaddlvq_u16(sad_lanes<W, H>(a, as, b, bs)));
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

inline int16x8_t diff8(const uint8_t* a, const uint8_t* b) {
  return vreinterpretq_s16_u16(vsubl_u8(vld1_u8(a), vld1_u8(b)));
}

// Two 4x4 blocks side by side (8 x 4 pixels); each lane stays below 2 * 16 * 255.
inline uint16x8_t satd_8x4(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  return hadamard_half_abs(diff8(a, b), diff8(a + as, b + bs), diff8(a + 2 * as, b + 2 * bs),
                           diff8(a + 3 * as, b + 3 * bs));
}

template <int W, int H>
int satd_neon(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  if (W == 4) {
    const int16x8_t d01 = vreinterpretq_s16_u16(vsubl_u8(load4x2(a, a + as), load4x2(b, b + bs)));
    const int16x8_t d23 = vreinterpretq_s16_u16(vsubl_u8(load4x2(a + 2 * as, a + 3 * as), load4x2(b + 2 * bs, b + 3 * bs)));
    return vaddv_u16(hadamard_half_abs(vget_low_s16(d01), vget_high_s16(d01), vget_low_s16(d23), vget_high_s16(d23)));
  }
  // At most eight 8x4 units (16x16) per lane: 8 * 8160 < 65536.
  uint16x8_t acc = vdupq_n_u16(0);
  for (int y = 0; y < H; y += 4)
    for (int x = 0; x < W; x += 8) acc = vaddq_u16(acc, satd_8x4(a + y * as + x, as, b + y * bs + x, bs));
  return static_cast<int>(vaddlvq_u16(acc));
}

}  // namespace

void pixel_dsp_init_neon(PixelDsp* dsp) {
#define EDGEAV_PIXEL_SIZE(i, W, H)    \
  dsp->sad[i] = sad_neon<W, H>;       \
  dsp->satd[i] = satd_neon<W, H>;     \
  dsp->ssd[i] = ssd_neon<W, H>;       \
  dsp->sad_x4[i] = sad_x4_neon<W, H>;
  EDGEAV_H264_BLOCK_SIZES(EDGEAV_PIXEL_SIZE)
#undef EDGEAV_PIXEL_SIZE
}

}  // namespace h264
}  // namespace edgeav
