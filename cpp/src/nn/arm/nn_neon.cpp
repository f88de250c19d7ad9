// NEON neural kernels. Convolutions vectorise over output channels (HWIO
// weights, four channels a vector) and block several output pixels, so each
// weight vector loaded feeds one fused multiply-add per pixel and each input
// vector one per output-channel vector; sums run in the C order (bias, then
// taps, then input channels), fused. The layout kernels are bit-exact with C;
// gru_gates uses a polynomial exp.
#include <arm_neon.h>

#include "base/bits.h"
#include "nn/nn_c.h"
#include "nn/nn_dsp.h"

namespace edgeav {
namespace nn {

namespace {

inline float32x4_t prelu(float32x4_t v, const float* slope) {
  return slope ? vbslq_f32(vcltzq_f32(v), vmulq_f32(v, vld1q_f32(slope)), v) : v;
}

// P output pixels x V vectors of output channels over `taps` kernel taps: tap
// t reads pixel p's cin inputs at src[t] + p * cin and its weights at
// w + t * cin * cout (w points at the block's first output channel). CIN and
// COUT are the shapes compiled for, or 0 for any.
template <int P, int V, int CIN, int COUT>
inline void conv_block(const float* const* src, int taps, const float* w, float* out, const ConvParams* prm, int o) {
  const int cin = CIN ? CIN : prm->cin, cout = COUT ? COUT : prm->cout;
  float32x4_t acc[P][V];
  EDGEAV_UNROLL for (int v = 0; v < V; v++) {
    const float32x4_t b = vld1q_f32(prm->bias + o + 4 * v);
    EDGEAV_UNROLL for (int p = 0; p < P; p++) acc[p][v] = b;
  }
  for (int t = 0; t < taps; t++, w += cin * cout) {
    const float* in = src[t];
    int i = 0;
    for (; i + 4 <= cin; i += 4) {
      float32x4_t x[P];
      EDGEAV_UNROLL for (int p = 0; p < P; p++) x[p] = vld1q_f32(in + p * cin + i);
      EDGEAV_UNROLL for (int v = 0; v < V; v++) {
        const float* wi = w + i * cout + 4 * v;
        const float32x4_t w0 = vld1q_f32(wi), w1 = vld1q_f32(wi + cout);
        const float32x4_t w2 = vld1q_f32(wi + 2 * cout), w3 = vld1q_f32(wi + 3 * cout);
        EDGEAV_UNROLL for (int p = 0; p < P; p++) {
          acc[p][v] = vfmaq_laneq_f32(acc[p][v], w0, x[p], 0);
          acc[p][v] = vfmaq_laneq_f32(acc[p][v], w1, x[p], 1);
          acc[p][v] = vfmaq_laneq_f32(acc[p][v], w2, x[p], 2);
          acc[p][v] = vfmaq_laneq_f32(acc[p][v], w3, x[p], 3);
        }
      }
    }
    for (; i < cin; i++)
      EDGEAV_UNROLL for (int v = 0; v < V; v++) {
        const float32x4_t wv = vld1q_f32(w + i * cout + 4 * v);
        EDGEAV_UNROLL for (int p = 0; p < P; p++) acc[p][v] = vfmaq_n_f32(acc[p][v], wv, in[p * cin + i]);
      }
  }
  const float* slope = prm->slope ? prm->slope + o : nullptr;
  EDGEAV_UNROLL for (int p = 0; p < P; p++)
    EDGEAV_UNROLL for (int v = 0; v < V; v++)
      vst1q_f32(out + p * cout + 4 * v, prelu(acc[p][v], slope ? slope + 4 * v : nullptr));
}

// One block of P pixels x V channel vectors from a row's input (the three rows
// of a 3x3 layer, or the row of a 1x1 layer), at output pixel x and channel o.
struct Conv3x3 {
  template <int P, int V, int CIN, int COUT>
  static void block(const float* const* rows, float* out, int x, int o, const ConvParams* prm) {
    const int cin = CIN ? CIN : prm->cin, cout = COUT ? COUT : prm->cout;
    const float* src[9];
    for (int t = 0; t < 9; t++) src[t] = rows[t / 3] + (x + t % 3) * cin;
    conv_block<P, V, CIN, COUT>(src, 9, prm->weights + o, out + x * cout + o, prm, o);
  }
};

struct Conv1x1 {
  template <int P, int V, int CIN, int COUT>
  static void block(const float* in, float* out, int x, int o, const ConvParams* prm) {
    const int cin = CIN ? CIN : prm->cin, cout = COUT ? COUT : prm->cout;
    const float* src = in + x * cin;
    conv_block<P, V, CIN, COUT>(&src, 1, prm->weights + o, out + x * cout + o, prm, o);
  }
};

// Output channels o..o+4V-1 of a row: P pixels at a time (16 accumulators with
// 16 channels, 8 with fewer), then four, then one.
template <typename Kernel, int V, int CIN, int COUT, typename In>
inline void conv_columns(In in, float* out, int width, int o, const ConvParams* prm) {
  constexpr int P = V == 4 ? 4 : 8;
  int x = 0;
  for (; x + P <= width; x += P) Kernel::template block<P, V, CIN, COUT>(in, out, x, o, prm);
  if (P > 4 && x + 4 <= width) {
    Kernel::template block<4, V, CIN, COUT>(in, out, x, o, prm);
    x += 4;
  }
  for (; x < width; x++) Kernel::template block<1, V, CIN, COUT>(in, out, x, o, prm);
}

// Output channels in blocks of 16, then 8, then 4 (cout is a multiple of 4).
template <typename Kernel, int CIN, int COUT, typename In>
inline void conv_row(In in, float* out, int width, const ConvParams* prm) {
  const int cout = COUT ? COUT : prm->cout;
  int o = 0;
  for (; o + 16 <= cout; o += 16) conv_columns<Kernel, 4, CIN, COUT>(in, out, width, o, prm);
  if (o + 8 <= cout) {
    conv_columns<Kernel, 2, CIN, COUT>(in, out, width, o, prm);
    o += 8;
  }
  if (o < cout) conv_columns<Kernel, 1, CIN, COUT>(in, out, width, o, prm);
}

void conv3x3_neon(const float* const rows[3], float* out, int width, const ConvParams* p) {
  using In = const float* const*;
  if (p->cin == 4 && p->cout == 16)
    conv_row<Conv3x3, 4, 16, In>(rows, out, width, p);
  else if (p->cin == 16 && p->cout == 4)
    conv_row<Conv3x3, 16, 4, In>(rows, out, width, p);
  else if (p->cin == 16 && p->cout == 16)
    conv_row<Conv3x3, 16, 16, In>(rows, out, width, p);
  else
    conv_row<Conv3x3, 0, 0, In>(rows, out, width, p);
}

void conv1x1_neon(const float* in, float* out, int width, const ConvParams* p) {
  if (p->cin == 16 && p->cout == 16)
    conv_row<Conv1x1, 16, 16, const float*>(in, out, width, p);
  else
    conv_row<Conv1x1, 0, 0, const float*>(in, out, width, p);
}

// Channels c..c+3 of P output pixels. The nine weights stay in registers, and
// each input vector is loaded once for the up to three taps that read it.
template <int P>
inline void depthwise_block(const float* const rows[3], float* out, int x, int c, int ch, const float32x4_t (&w)[9],
                            float32x4_t bias, const float* slope) {
  float32x4_t acc[P];
  EDGEAV_UNROLL for (int p = 0; p < P; p++) acc[p] = bias;
  for (int ky = 0; ky < 3; ky++) {
    float32x4_t in[P + 2];
    EDGEAV_UNROLL for (int j = 0; j < P + 2; j++) in[j] = vld1q_f32(rows[ky] + (x + j) * ch + c);
    for (int kx = 0; kx < 3; kx++)
      EDGEAV_UNROLL for (int p = 0; p < P; p++) acc[p] = vfmaq_f32(acc[p], w[ky * 3 + kx], in[p + kx]);
  }
  EDGEAV_UNROLL for (int p = 0; p < P; p++) vst1q_f32(out + (x + p) * ch + c, prelu(acc[p], slope));
}

template <int C>
void depthwise_row(const float* const rows[3], float* out, int width, const ConvParams* p) {
  const int ch = C ? C : p->cout;
  for (int c = 0; c < ch; c += 4) {
    float32x4_t w[9];
    for (int t = 0; t < 9; t++) w[t] = vld1q_f32(p->weights + t * ch + c);
    const float32x4_t bias = vld1q_f32(p->bias + c);
    const float* slope = p->slope ? p->slope + c : nullptr;
    int x = 0;
    for (; x + 4 <= width; x += 4) depthwise_block<4>(rows, out, x, c, ch, w, bias, slope);
    for (; x < width; x++) depthwise_block<1>(rows, out, x, c, ch, w, bias, slope);
  }
}

void depthwise3x3_neon(const float* const rows[3], float* out, int width, const ConvParams* p) {
  if (p->cout == 16)
    depthwise_row<16>(rows, out, width, p);
  else
    depthwise_row<0>(rows, out, width, p);
}

// v * scale + offset with the product rounded first, as in C. The file is
// built with -ffp-contract=off, so GCC does not fuse the two into fmla.
inline void store_scaled(float* out, uint16x8_t v, float32x4_t scale, float32x4_t offset) {
  vst1q_f32(out, vaddq_f32(vmulq_f32(vcvtq_f32_u32(vmovl_u16(vget_low_u16(v))), scale), offset));
  vst1q_f32(out + 4, vaddq_f32(vmulq_f32(vcvtq_f32_u32(vmovl_high_u16(v)), scale), offset));
}

void space_to_depth2_neon(const uint8_t* row0, const uint8_t* row1, float* out, int width, float scale,
                          float offset) {
  const float32x4_t s = vdupq_n_f32(scale), off = vdupq_n_f32(offset);
  int x = 0;
  for (; x + 8 <= width; x += 8) {
    // Byte pairs of the two rows interleaved: r0[2x], r0[2x+1], r1[2x], r1[2x+1], ...
    const uint16x8_t a = vreinterpretq_u16_u8(vld1q_u8(row0 + 2 * x));
    const uint16x8_t b = vreinterpretq_u16_u8(vld1q_u8(row1 + 2 * x));
    const uint8x16_t lo = vreinterpretq_u8_u16(vzip1q_u16(a, b)), hi = vreinterpretq_u8_u16(vzip2q_u16(a, b));
    store_scaled(out + 4 * x, vmovl_u8(vget_low_u8(lo)), s, off);
    store_scaled(out + 4 * x + 8, vmovl_high_u8(lo), s, off);
    store_scaled(out + 4 * x + 16, vmovl_u8(vget_low_u8(hi)), s, off);
    store_scaled(out + 4 * x + 24, vmovl_high_u8(hi), s, off);
  }
  space_to_depth2_c(row0 + 2 * x, row1 + 2 * x, out + 4 * x, width - x, scale, offset);
}

// nearbyint(res * scale) of one row's 8 outputs of four pixels (a holds the
// pairs of the first two, b of the last two), saturated to int16. fcvtns rounds
// half to even like nearbyint and saturates; a NaN product becomes -256, which
// clamps to 0 as C's max(0, NaN) does, as every product below -256 does.
inline int16x8_t rounded_residual(float32x4_t a, float32x4_t b, float32x4_t scale) {
  const float32x4_t lowest = vdupq_n_f32(-256.0f);
  const int32x4_t ra = vcvtnq_s32_f32(vmaxnmq_f32(vmulq_f32(a, scale), lowest));
  const int32x4_t rb = vcvtnq_s32_f32(vmaxnmq_f32(vmulq_f32(b, scale), lowest));
  return vqmovn_high_s32(vqmovn_s32(ra), rb);
}

// The first (row 0) or second (row 1) pair of floats of pixels x and x + 1.
inline float32x4_t row_pairs(float32x4_t px0, float32x4_t px1, bool second) {
  const float64x2_t a = vreinterpretq_f64_f32(px0), b = vreinterpretq_f64_f32(px1);
  return vreinterpretq_f32_f64(second ? vtrn2q_f64(a, b) : vtrn1q_f64(a, b));
}

// base + residual saturated to 0..255: exact for any residual, since the
// int16 saturation keeps every out-of-range sum out of range.
inline uint8x16_t add_residuals(const uint8_t* base, int16x8_t lo, int16x8_t hi) {
  const uint8x16_t b = vld1q_u8(base);
  const int16x8_t s0 = vqaddq_s16(vreinterpretq_s16_u16(vmovl_u8(vget_low_u8(b))), lo);
  const int16x8_t s1 = vqaddq_s16(vreinterpretq_s16_u16(vmovl_high_u8(b)), hi);
  return vqmovun_high_s16(vqmovun_s16(s0), s1);
}

void depth_to_space2_add_neon(const float* res, const uint8_t* base0, const uint8_t* base1, uint8_t* dst0,
                              uint8_t* dst1, int width, float scale) {
  const float32x4_t s = vdupq_n_f32(scale);
  int x = 0;
  for (; x + 8 <= width; x += 8) {
    float32x4_t px[8];
    for (int j = 0; j < 8; j++) px[j] = vld1q_f32(res + 4 * (x + j));
    int16x8_t r[2][2];  // [row][half]
    for (int row = 0; row < 2; row++)
      for (int h = 0; h < 2; h++)
        r[row][h] = rounded_residual(row_pairs(px[4 * h], px[4 * h + 1], row),
                                     row_pairs(px[4 * h + 2], px[4 * h + 3], row), s);
    vst1q_u8(dst0 + 2 * x, add_residuals(base0 + 2 * x, r[0][0], r[0][1]));
    vst1q_u8(dst1 + 2 * x, add_residuals(base1 + 2 * x, r[1][0], r[1][1]));
  }
  depth_to_space2_add_c(res + 4 * x, base0 + 2 * x, base1 + 2 * x, dst0 + 2 * x, dst1 + 2 * x, width - x, scale);
}

// exp(x) for x clamped to [-87.3, 88.3], where 2^n and the result stay normal
// floats: x = n ln2 + r with |r| <= ln2 / 2 (ln2 in two parts, the first exact
// in n * ln2_hi), exp(r) by Cephes' degree-7 polynomial (about 1 ulp).
inline float32x4_t exp_ps(float32x4_t x) {
  x = vminq_f32(vmaxq_f32(x, vdupq_n_f32(-87.3f)), vdupq_n_f32(88.3f));
  const float32x4_t n = vrndnq_f32(vmulq_f32(x, vdupq_n_f32(1.44269504088896341f)));
  float32x4_t r = vfmsq_f32(x, n, vdupq_n_f32(0.693359375f));
  r = vfmsq_f32(r, n, vdupq_n_f32(-2.12194440e-4f));
  float32x4_t y = vfmaq_f32(vdupq_n_f32(1.3981999507e-3f), r, vdupq_n_f32(1.9875691500e-4f));
  y = vfmaq_f32(vdupq_n_f32(8.3334519073e-3f), r, y);
  y = vfmaq_f32(vdupq_n_f32(4.1665795894e-2f), r, y);
  y = vfmaq_f32(vdupq_n_f32(1.6666665459e-1f), r, y);
  y = vfmaq_f32(vdupq_n_f32(5.0000001201e-1f), r, y);
  y = vfmaq_f32(vaddq_f32(r, vdupq_n_f32(1.0f)), vmulq_f32(r, r), y);
  const int32x4_t e = vshlq_n_s32(vaddq_s32(vcvtq_s32_f32(n), vdupq_n_s32(127)), 23);
  return vmulq_f32(y, vreinterpretq_f32_s32(e));
}

// 1 / (1 + exp(-v)): exp's clamp keeps it finite for any v, 0 < result <= 1.
inline float32x4_t sigmoid_ps(float32x4_t v) {
  const float32x4_t one = vdupq_n_f32(1.0f);
  return vdivq_f32(one, vaddq_f32(one, exp_ps(vnegq_f32(v))));
}

// 1 - 2 / (1 + exp(2v)): its error is absolute, a few 2^-24 near 0 as at +-1.
inline float32x4_t tanh_ps(float32x4_t v) {
  const float32x4_t one = vdupq_n_f32(1.0f);
  return vsubq_f32(one, vdivq_f32(vdupq_n_f32(2.0f), vaddq_f32(one, exp_ps(vaddq_f32(v, v)))));
}

inline float32x4_t gru_cell(const float* gx, const float* gh, const float* h, int n) {
  const float32x4_t r = sigmoid_ps(vaddq_f32(vld1q_f32(gx), vld1q_f32(gh)));
  const float32x4_t z = sigmoid_ps(vaddq_f32(vld1q_f32(gx + n), vld1q_f32(gh + n)));
  const float32x4_t c = tanh_ps(vfmaq_f32(vld1q_f32(gx + 2 * n), r, vld1q_f32(gh + 2 * n)));
  return vfmaq_f32(vmulq_f32(vsubq_f32(vdupq_n_f32(1.0f), z), c), z, vld1q_f32(h));
}

void gru_gates_neon(const float* gx, const float* gh, const float* h, float* h_out, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) vst1q_f32(h_out + i, gru_cell(gx + i, gh + i, h + i, n));
  if (i == n) return;
  // The last n % 4 gates through the same polynomials: each of the r, z and n
  // parts and h copied into a padded vector (stride 4).
  float x[12] = {}, g[12] = {}, hv[4] = {}, o[4];
  for (int k = 0; i + k < n; k++) {
    for (int part = 0; part < 3; part++) {
      x[4 * part + k] = gx[part * n + i + k];
      g[4 * part + k] = gh[part * n + i + k];
    }
    hv[k] = h[i + k];
  }
  vst1q_f32(o, gru_cell(x, g, hv, 4));
  for (int k = 0; i + k < n; k++) h_out[i + k] = o[k];
}

}  // namespace

void nn_dsp_init_neon(NnDsp* dsp) {
  dsp->conv3x3 = conv3x3_neon;
  dsp->conv1x1 = conv1x1_neon;
  dsp->depthwise3x3 = depthwise3x3_neon;
  dsp->space_to_depth2 = space_to_depth2_neon;
  dsp->depth_to_space2_add = depth_to_space2_add_neon;
  dsp->gru_gates = gru_gates_neon;
}

}  // namespace nn
}  // namespace edgeav
