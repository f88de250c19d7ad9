// NEON FFT passes: four butterflies (or bins) per vector, split complex;
// vld2/vst2 do the interleaving.
#include <arm_neon.h>

#include "audio/fft/fft_c.h"
#include "audio/fft/fft_dsp.h"

namespace edgeav {
namespace audio {

namespace {

struct Cplx {
  float32x4_t r, i;
};

// No fused multiply-adds: the C reference rounds every product.
inline Cplx cmul(Cplx a, float32x4_t wr, float32x4_t wi) {
  return {vsubq_f32(vmulq_f32(a.r, wr), vmulq_f32(a.i, wi)), vaddq_f32(vmulq_f32(a.r, wi), vmulq_f32(a.i, wr))};
}

inline void butterfly(Cplx a, Cplx b, Cplx c, Cplx d, const float32x4_t w[6], Cplx y[4]) {
  const Cplx s0 = {vaddq_f32(a.r, c.r), vaddq_f32(a.i, c.i)}, d0 = {vsubq_f32(a.r, c.r), vsubq_f32(a.i, c.i)};
  const Cplx s1 = {vaddq_f32(b.r, d.r), vaddq_f32(b.i, d.i)}, d1 = {vsubq_f32(b.r, d.r), vsubq_f32(b.i, d.i)};
  y[0] = {vaddq_f32(s0.r, s1.r), vaddq_f32(s0.i, s1.i)};
  y[1] = cmul({vaddq_f32(d0.r, d1.i), vsubq_f32(d0.i, d1.r)}, w[0], w[1]);
  y[2] = cmul({vsubq_f32(s0.r, s1.r), vsubq_f32(s0.i, s1.i)}, w[2], w[3]);
  y[3] = cmul({vsubq_f32(d0.r, d1.i), vaddq_f32(d0.i, d1.r)}, w[4], w[5]);
}

inline Cplx load_interleaved(const float* p) {
  const float32x4x2_t v = vld2q_f32(p);
  return {v.val[0], v.val[1]};
}

inline void store_interleaved(float* p, float32x4_t re, float32x4_t im) {
  float32x4x2_t v;
  v.val[0] = re, v.val[1] = im;
  vst2q_f32(p, v);
}

inline float32x4_t reverse(float32x4_t v) {
  const float32x4_t r = vrev64q_f32(v);
  return vextq_f32(r, r, 2);
}

inline void transpose_store(float* y, float32x4_t r0, float32x4_t r1, float32x4_t r2, float32x4_t r3) {
  const float32x4x2_t a = vtrnq_f32(r0, r1), b = vtrnq_f32(r2, r3);
  vst1q_f32(y, vcombine_f32(vget_low_f32(a.val[0]), vget_low_f32(b.val[0])));
  vst1q_f32(y + 4, vcombine_f32(vget_low_f32(a.val[1]), vget_low_f32(b.val[1])));
  vst1q_f32(y + 8, vcombine_f32(vget_high_f32(a.val[0]), vget_high_f32(b.val[0])));
  vst1q_f32(y + 12, vcombine_f32(vget_high_f32(a.val[1]), vget_high_f32(b.val[1])));
}

void radix4_first_neon(const float* in, float* yr, float* yi, const float* tw, int m) {
  const int l = m / 4;
  for (int p = 0; p < l; p += 4) {
    float32x4_t w[6];
    for (int t = 0; t < 6; t++) w[t] = vld1q_f32(tw + t * l + p);
    Cplx y[4];
    butterfly(load_interleaved(in + 2 * p), load_interleaved(in + 2 * (p + l)), load_interleaved(in + 2 * (p + 2 * l)),
              load_interleaved(in + 2 * (p + 3 * l)), w, y);
    transpose_store(yr + 4 * p, y[0].r, y[1].r, y[2].r, y[3].r);
    transpose_store(yi + 4 * p, y[0].i, y[1].i, y[2].i, y[3].i);
  }
}

void radix4_neon(const float* xr, const float* xi, float* yr, float* yi, const float* tw, int l, int s) {
  const int quarter = l * s;
  for (int p = 0; p < l; p++) {
    float32x4_t w[6];
    for (int t = 0; t < 6; t++) w[t] = vdupq_n_f32(tw[t * l + p]);
    for (int q = 0; q < s; q += 4) {
      const int j = q + s * p, o = q + 4 * s * p;
      Cplx x[4], y[4];
      for (int r = 0; r < 4; r++) x[r] = {vld1q_f32(xr + j + r * quarter), vld1q_f32(xi + j + r * quarter)};
      butterfly(x[0], x[1], x[2], x[3], w, y);
      for (int k = 0; k < 4; k++) vst1q_f32(yr + o + k * s, y[k].r), vst1q_f32(yi + o + k * s, y[k].i);
    }
  }
}

void radix2_last_neon(const float* xr, const float* xi, float* yr, float* yi, int s) {
  for (int q = 0; q < s; q += 4) {
    const float32x4_t ar = vld1q_f32(xr + q), ai = vld1q_f32(xi + q);
    const float32x4_t br = vld1q_f32(xr + q + s), bi = vld1q_f32(xi + q + s);
    vst1q_f32(yr + q, vaddq_f32(ar, br));
    vst1q_f32(yi + q, vaddq_f32(ai, bi));
    vst1q_f32(yr + q + s, vsubq_f32(ar, br));
    vst1q_f32(yi + q + s, vsubq_f32(ai, bi));
  }
}

void real_split_neon(const float* zr, const float* zi, const float* w, float* out, int m) {
  const float* wi = w + m / 2 + 1;
  int k = 1;
  for (; k + 4 <= m / 2; k += 4) {
    const int j = m - k - 3;
    const float32x4_t ar = vld1q_f32(zr + k), ai = vld1q_f32(zi + k);
    const float32x4_t br = reverse(vld1q_f32(zr + j)), bi = reverse(vld1q_f32(zi + j));
    const float32x4_t er = vmulq_n_f32(vaddq_f32(ar, br), 0.5f), ei = vmulq_n_f32(vsubq_f32(ai, bi), 0.5f);
    const float32x4_t orr = vmulq_n_f32(vaddq_f32(ai, bi), 0.5f), oi = vmulq_n_f32(vsubq_f32(ar, br), -0.5f);
    const float32x4_t wr = vld1q_f32(w + k), wim = vld1q_f32(wi + k);
    const float32x4_t tr = vsubq_f32(vmulq_f32(wr, orr), vmulq_f32(wim, oi));
    const float32x4_t ti = vaddq_f32(vmulq_f32(wr, oi), vmulq_f32(wim, orr));
    store_interleaved(out + 2 * k, vaddq_f32(er, tr), vaddq_f32(ei, ti));
    store_interleaved(out + 2 * j, reverse(vsubq_f32(er, tr)), reverse(vsubq_f32(ti, ei)));
  }
  real_split_bins(zr, zi, w, out, m, 0, 1);
  real_split_bins(zr, zi, w, out, m, k, m / 2 + 1);
}

void real_merge_neon(const float* in, const float* w, float* out, int m, float scale) {
  const float* wi = w + m / 2 + 1;
  int k = 1;
  for (; k + 4 <= m / 2; k += 4) {
    const int j = m - k - 3;
    const Cplx x = load_interleaved(in + 2 * k), yv = load_interleaved(in + 2 * j);
    const float32x4_t yr = reverse(yv.r), yi = reverse(yv.i);
    const float32x4_t er = vmulq_n_f32(vaddq_f32(x.r, yr), scale), ei = vmulq_n_f32(vsubq_f32(x.i, yi), scale);
    const float32x4_t pr = vmulq_n_f32(vsubq_f32(x.r, yr), scale), pi = vmulq_n_f32(vaddq_f32(x.i, yi), scale);
    const float32x4_t wr = vld1q_f32(w + k), wim = vld1q_f32(wi + k);
    const float32x4_t orr = vaddq_f32(vmulq_f32(pr, wr), vmulq_f32(pi, wim));
    const float32x4_t oi = vsubq_f32(vmulq_f32(pi, wr), vmulq_f32(pr, wim));
    store_interleaved(out + 2 * k, vaddq_f32(ei, orr), vsubq_f32(er, oi));
    store_interleaved(out + 2 * j, reverse(vsubq_f32(orr, ei)), reverse(vaddq_f32(er, oi)));
  }
  real_merge_dc(in, out, m, scale);
  real_merge_bins(in, w, out, m, scale, k, m / 2 + 1);
}

void interleave_neon(const float* a, const float* b, float* out, int count) {
  int j = 0;
  for (; j + 4 <= count; j += 4) store_interleaved(out + 2 * j, vld1q_f32(a + j), vld1q_f32(b + j));
  for (; j < count; j++) out[2 * j] = a[j], out[2 * j + 1] = b[j];
}

}  // namespace

void fft_dsp_init_neon(FftDsp* dsp) {
  dsp->radix4_first = radix4_first_neon;
  dsp->radix4 = radix4_neon;
  dsp->radix2_last = radix2_last_neon;
  dsp->real_split = real_split_neon;
  dsp->real_merge = real_merge_neon;
  dsp->interleave = interleave_neon;
}

}  // namespace audio
}  // namespace edgeav
