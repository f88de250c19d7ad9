// Scalar pieces of the FFT passes: the C table's kernels are built from them,
// and the SIMD versions use them for the bins their vectors do not cover.
#pragma once

namespace edgeav {
namespace audio {

// One radix-4 butterfly (see fft_dsp.h): inputs a..d, twiddles w1..w3 (re, im),
// outputs y0..y3.
struct Radix4Out {
  float r0, i0, r1, i1, r2, i2, r3, i3;
};
inline Radix4Out radix4_butterfly(float ar, float ai, float br, float bi, float cr, float ci, float dr, float di,
                                  const float w[6]) {
  const float s0r = ar + cr, s0i = ai + ci, d0r = ar - cr, d0i = ai - ci;
  const float s1r = br + dr, s1i = bi + di, d1r = br - dr, d1i = bi - di;
  // y1 = (a - c) - i(b - d), y3 = (a - c) + i(b - d)
  const float y1r = d0r + d1i, y1i = d0i - d1r, y3r = d0r - d1i, y3i = d0i + d1r;
  const float y2r = s0r - s1r, y2i = s0i - s1i;
  Radix4Out o;
  o.r0 = s0r + s1r, o.i0 = s0i + s1i;
  o.r1 = y1r * w[0] - y1i * w[1], o.i1 = y1r * w[1] + y1i * w[0];
  o.r2 = y2r * w[2] - y2i * w[3], o.i2 = y2r * w[3] + y2i * w[2];
  o.r3 = y3r * w[4] - y3i * w[5], o.i3 = y3r * w[5] + y3i * w[4];
  return o;
}

// The twiddles of index p of a pass with quarter length l (six arrays of l).
inline void radix4_twiddles(const float* tw, int l, int p, float w[6]) {
  for (int t = 0; t < 6; t++) w[t] = tw[t * l + p];
}

// Butterflies [p0, p1) of the first radix-4 pass (s = 1, l = m/4).
inline void radix4_first_butterflies(const float* in, float* yr, float* yi, const float* tw, int m, int p0, int p1) {
  const int l = m / 4;
  for (int p = p0; p < p1; p++) {
    float w[6];
    radix4_twiddles(tw, l, p, w);
    const float* a = in + 2 * p;
    const Radix4Out o = radix4_butterfly(a[0], a[1], a[2 * l], a[2 * l + 1], a[4 * l], a[4 * l + 1], a[6 * l],
                                         a[6 * l + 1], w);
    yr[4 * p] = o.r0, yi[4 * p] = o.i0;
    yr[4 * p + 1] = o.r1, yi[4 * p + 1] = o.i1;
    yr[4 * p + 2] = o.r2, yi[4 * p + 2] = o.i2;
    yr[4 * p + 3] = o.r3, yi[4 * p + 3] = o.i3;
  }
}

// Bins k and m-k of the forward real split, for k in [k0, k1) within [0, m/2].
inline void real_split_bins(const float* zr, const float* zi, const float* w, float* out, int m, int k0, int k1) {
  const float* wi = w + m / 2 + 1;
  for (int k = k0; k < k1; k++) {
    const int j = k == 0 ? 0 : m - k;  // Z is periodic: Z[m] = Z[0]
    const float er = 0.5f * (zr[k] + zr[j]), ei = 0.5f * (zi[k] - zi[j]);
    // O = -i (Z[k] - conj Z[j]) / 2
    const float or_ = 0.5f * (zi[k] + zi[j]), oi = -0.5f * (zr[k] - zr[j]);
    const float tr = w[k] * or_ - wi[k] * oi, ti = w[k] * oi + wi[k] * or_;
    out[2 * k] = er + tr, out[2 * k + 1] = ei + ti;
    out[2 * (m - k)] = er - tr, out[2 * (m - k) + 1] = -(ei - ti);
  }
}

// Bins k and m-k of the inverse merge, for k in [k0, k1) within [1, m/2]
// (k = 0 is real_merge_dc).
inline void real_merge_bins(const float* in, const float* w, float* out, int m, float scale, int k0, int k1) {
  const float* wi = w + m / 2 + 1;
  for (int k = k0; k < k1; k++) {
    const int j = m - k;
    const float xr = in[2 * k], xi = in[2 * k + 1], yr = in[2 * j], yi = in[2 * j + 1];
    const float er = scale * (xr + yr), ei = scale * (xi - yi);
    const float pr = scale * (xr - yr), pi = scale * (xi + yi);  // W^k O
    const float or_ = pr * w[k] + pi * wi[k], oi = pi * w[k] - pr * wi[k];
    // Z[k] = E + iO, Z[j] = conj E + i conj O; the output holds i*conj(Z) = (Im Z, Re Z).
    out[2 * k] = ei + or_, out[2 * k + 1] = er - oi;
    out[2 * j] = -ei + or_, out[2 * j + 1] = er + oi;
  }
}

// k = 0 of the merge: X[0] and X[m] are real.
inline void real_merge_dc(const float* in, float* out, int m, float scale) {
  const float x0 = in[0], xm = in[2 * m];
  out[0] = scale * (x0 - xm), out[1] = scale * (x0 + xm);
}

}  // namespace audio
}  // namespace edgeav
