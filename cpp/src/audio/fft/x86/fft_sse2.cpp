// SSE2 FFT passes: four butterflies (or bins) per vector, split complex.
#include <emmintrin.h>

#include "audio/fft/fft_c.h"
#include "audio/fft/fft_dsp.h"

namespace edgeav {
namespace audio {

namespace {

struct Cplx {
  __m128 r, i;
};

inline Cplx cmul(Cplx a, __m128 wr, __m128 wi) {
  return {_mm_sub_ps(_mm_mul_ps(a.r, wr), _mm_mul_ps(a.i, wi)), _mm_add_ps(_mm_mul_ps(a.r, wi), _mm_mul_ps(a.i, wr))};
}

// The butterfly of fft_c.h on four lanes; w holds w1r, w1i, w2r, w2i, w3r, w3i.
inline void butterfly(Cplx a, Cplx b, Cplx c, Cplx d, const __m128 w[6], Cplx y[4]) {
  const Cplx s0 = {_mm_add_ps(a.r, c.r), _mm_add_ps(a.i, c.i)}, d0 = {_mm_sub_ps(a.r, c.r), _mm_sub_ps(a.i, c.i)};
  const Cplx s1 = {_mm_add_ps(b.r, d.r), _mm_add_ps(b.i, d.i)}, d1 = {_mm_sub_ps(b.r, d.r), _mm_sub_ps(b.i, d.i)};
  y[0] = {_mm_add_ps(s0.r, s1.r), _mm_add_ps(s0.i, s1.i)};
  y[1] = cmul({_mm_add_ps(d0.r, d1.i), _mm_sub_ps(d0.i, d1.r)}, w[0], w[1]);
  y[2] = cmul({_mm_sub_ps(s0.r, s1.r), _mm_sub_ps(s0.i, s1.i)}, w[2], w[3]);
  y[3] = cmul({_mm_sub_ps(d0.r, d1.i), _mm_add_ps(d0.i, d1.r)}, w[4], w[5]);
}

// Four interleaved complex values -> split.
inline Cplx load_interleaved(const float* p) {
  const __m128 v0 = _mm_loadu_ps(p), v1 = _mm_loadu_ps(p + 4);
  return {_mm_shuffle_ps(v0, v1, _MM_SHUFFLE(2, 0, 2, 0)), _mm_shuffle_ps(v0, v1, _MM_SHUFFLE(3, 1, 3, 1))};
}

inline void store_interleaved(float* p, __m128 re, __m128 im) {
  _mm_storeu_ps(p, _mm_unpacklo_ps(re, im));
  _mm_storeu_ps(p + 4, _mm_unpackhi_ps(re, im));
}

inline __m128 reverse(__m128 v) { return _mm_shuffle_ps(v, v, _MM_SHUFFLE(0, 1, 2, 3)); }

void radix4_first_sse2(const float* in, float* yr, float* yi, const float* tw, int m) {
  const int l = m / 4;
  for (int p = 0; p < l; p += 4) {
    __m128 w[6];
    for (int t = 0; t < 6; t++) w[t] = _mm_loadu_ps(tw + t * l + p);
    Cplx y[4];
    butterfly(load_interleaved(in + 2 * p), load_interleaved(in + 2 * (p + l)), load_interleaved(in + 2 * (p + 2 * l)),
              load_interleaved(in + 2 * (p + 3 * l)), w, y);
    // y[k] holds output k of butterflies p..p+3, which go to 4p + k: a transpose.
    _MM_TRANSPOSE4_PS(y[0].r, y[1].r, y[2].r, y[3].r);
    _MM_TRANSPOSE4_PS(y[0].i, y[1].i, y[2].i, y[3].i);
    for (int k = 0; k < 4; k++) {
      _mm_storeu_ps(yr + 4 * p + 4 * k, y[k].r);
      _mm_storeu_ps(yi + 4 * p + 4 * k, y[k].i);
    }
  }
}

void radix4_sse2(const float* xr, const float* xi, float* yr, float* yi, const float* tw, int l, int s) {
  const int quarter = l * s;
  for (int p = 0; p < l; p++) {
    __m128 w[6];
    for (int t = 0; t < 6; t++) w[t] = _mm_set1_ps(tw[t * l + p]);
    for (int q = 0; q < s; q += 4) {
      const int j = q + s * p, o = q + 4 * s * p;
      Cplx x[4], y[4];
      for (int r = 0; r < 4; r++) x[r] = {_mm_loadu_ps(xr + j + r * quarter), _mm_loadu_ps(xi + j + r * quarter)};
      butterfly(x[0], x[1], x[2], x[3], w, y);
      for (int k = 0; k < 4; k++) {
        _mm_storeu_ps(yr + o + k * s, y[k].r);
        _mm_storeu_ps(yi + o + k * s, y[k].i);
      }
    }
  }
}

void radix2_last_sse2(const float* xr, const float* xi, float* yr, float* yi, int s) {
  for (int q = 0; q < s; q += 4) {
    const __m128 ar = _mm_loadu_ps(xr + q), ai = _mm_loadu_ps(xi + q);
    const __m128 br = _mm_loadu_ps(xr + q + s), bi = _mm_loadu_ps(xi + q + s);
    _mm_storeu_ps(yr + q, _mm_add_ps(ar, br));
    _mm_storeu_ps(yi + q, _mm_add_ps(ai, bi));
    _mm_storeu_ps(yr + q + s, _mm_sub_ps(ar, br));
    _mm_storeu_ps(yi + q + s, _mm_sub_ps(ai, bi));
  }
}

// Bins k..k+3 ascending and m-k..m-k-3 descending per step.
void real_split_sse2(const float* zr, const float* zi, const float* w, float* out, int m) {
  const float* wi = w + m / 2 + 1;
  const __m128 half = _mm_set1_ps(0.5f);
  int k = 1;
  for (; k + 4 <= m / 2; k += 4) {
    const int j = m - k - 3;
    const __m128 ar = _mm_loadu_ps(zr + k), ai = _mm_loadu_ps(zi + k);
    const __m128 br = reverse(_mm_loadu_ps(zr + j)), bi = reverse(_mm_loadu_ps(zi + j));
    const __m128 er = _mm_mul_ps(half, _mm_add_ps(ar, br)), ei = _mm_mul_ps(half, _mm_sub_ps(ai, bi));
    const __m128 orr = _mm_mul_ps(half, _mm_add_ps(ai, bi)), oi = _mm_mul_ps(_mm_set1_ps(-0.5f), _mm_sub_ps(ar, br));
    const __m128 wr = _mm_loadu_ps(w + k), wim = _mm_loadu_ps(wi + k);
    const __m128 tr = _mm_sub_ps(_mm_mul_ps(wr, orr), _mm_mul_ps(wim, oi));
    const __m128 ti = _mm_add_ps(_mm_mul_ps(wr, oi), _mm_mul_ps(wim, orr));
    store_interleaved(out + 2 * k, _mm_add_ps(er, tr), _mm_add_ps(ei, ti));
    store_interleaved(out + 2 * j, reverse(_mm_sub_ps(er, tr)), reverse(_mm_sub_ps(ti, ei)));
  }
  real_split_bins(zr, zi, w, out, m, 0, 1);
  real_split_bins(zr, zi, w, out, m, k, m / 2 + 1);
}

void real_merge_sse2(const float* in, const float* w, float* out, int m, float scale) {
  const float* wi = w + m / 2 + 1;
  const __m128 sc = _mm_set1_ps(scale);
  int k = 1;
  for (; k + 4 <= m / 2; k += 4) {
    const int j = m - k - 3;
    const Cplx x = load_interleaved(in + 2 * k), yv = load_interleaved(in + 2 * j);
    const __m128 yr = reverse(yv.r), yi = reverse(yv.i);
    const __m128 er = _mm_mul_ps(sc, _mm_add_ps(x.r, yr)), ei = _mm_mul_ps(sc, _mm_sub_ps(x.i, yi));
    const __m128 pr = _mm_mul_ps(sc, _mm_sub_ps(x.r, yr)), pi = _mm_mul_ps(sc, _mm_add_ps(x.i, yi));
    const __m128 wr = _mm_loadu_ps(w + k), wim = _mm_loadu_ps(wi + k);
    const __m128 orr = _mm_add_ps(_mm_mul_ps(pr, wr), _mm_mul_ps(pi, wim));
    const __m128 oi = _mm_sub_ps(_mm_mul_ps(pi, wr), _mm_mul_ps(pr, wim));
    store_interleaved(out + 2 * k, _mm_add_ps(ei, orr), _mm_sub_ps(er, oi));
    store_interleaved(out + 2 * j, reverse(_mm_sub_ps(orr, ei)), reverse(_mm_add_ps(er, oi)));
  }
  real_merge_dc(in, out, m, scale);
  real_merge_bins(in, w, out, m, scale, k, m / 2 + 1);
}

void interleave_sse2(const float* a, const float* b, float* out, int count) {
  int j = 0;
  for (; j + 4 <= count; j += 4) store_interleaved(out + 2 * j, _mm_loadu_ps(a + j), _mm_loadu_ps(b + j));
  for (; j < count; j++) out[2 * j] = a[j], out[2 * j + 1] = b[j];
}

}  // namespace

void fft_dsp_init_sse2(FftDsp* dsp) {
  dsp->radix4_first = radix4_first_sse2;
  dsp->radix4 = radix4_sse2;
  dsp->radix2_last = radix2_last_sse2;
  dsp->real_split = real_split_sse2;
  dsp->real_merge = real_merge_sse2;
  dsp->interleave = interleave_sse2;
}

}  // namespace audio
}  // namespace edgeav
