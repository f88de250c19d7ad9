// AVX2 FFT passes: eight butterflies (or bins) per vector where a pass has
// them; the stride-4 radix-4 pass runs four at a time.
#include <immintrin.h>

#include "audio/fft/fft_c.h"
#include "audio/fft/fft_dsp.h"

namespace edgeav {
namespace audio {

namespace {

// Split complex vectors of eight and four lanes, with their loads and stores
// (templates take these structs, not the vector types, whose alignment
// attributes a template argument would drop).
struct C8 {
  __m256 r, i;
  static __m256 load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, __m256 v) { _mm256_storeu_ps(p, v); }
  static __m256 set1(float v) { return _mm256_set1_ps(v); }
};
struct C4 {
  __m128 r, i;
  static __m128 load(const float* p) { return _mm_loadu_ps(p); }
  static void store(float* p, __m128 v) { _mm_storeu_ps(p, v); }
  static __m128 set1(float v) { return _mm_set1_ps(v); }
};

inline __m256 add(__m256 a, __m256 b) { return _mm256_add_ps(a, b); }
inline __m256 sub(__m256 a, __m256 b) { return _mm256_sub_ps(a, b); }
inline __m256 mul(__m256 a, __m256 b) { return _mm256_mul_ps(a, b); }
inline __m128 add(__m128 a, __m128 b) { return _mm_add_ps(a, b); }
inline __m128 sub(__m128 a, __m128 b) { return _mm_sub_ps(a, b); }
inline __m128 mul(__m128 a, __m128 b) { return _mm_mul_ps(a, b); }

template <typename C, typename V>
inline C cmul(V ar, V ai, V wr, V wi) {
  return {sub(mul(ar, wr), mul(ai, wi)), add(mul(ar, wi), mul(ai, wr))};
}

// The butterfly of fft_c.h on every lane; w holds w1r, w1i, w2r, w2i, w3r, w3i.
template <typename C, typename V>
inline void butterfly(const C& a, const C& b, const C& c, const C& d, const V w[6], C y[4]) {
  const V s0r = add(a.r, c.r), s0i = add(a.i, c.i), d0r = sub(a.r, c.r), d0i = sub(a.i, c.i);
  const V s1r = add(b.r, d.r), s1i = add(b.i, d.i), d1r = sub(b.r, d.r), d1i = sub(b.i, d.i);
  y[0] = {add(s0r, s1r), add(s0i, s1i)};
  y[1] = cmul<C>(add(d0r, d1i), sub(d0i, d1r), w[0], w[1]);
  y[2] = cmul<C>(sub(s0r, s1r), sub(s0i, s1i), w[2], w[3]);
  y[3] = cmul<C>(sub(d0r, d1i), add(d0i, d1r), w[4], w[5]);
}

// Eight interleaved complex values -> split.
inline C8 load_interleaved(const float* p) {
  const __m256 v0 = _mm256_loadu_ps(p), v1 = _mm256_loadu_ps(p + 8);
  const __m256 re = _mm256_shuffle_ps(v0, v1, _MM_SHUFFLE(2, 0, 2, 0));  // r0 r1 r4 r5 | r2 r3 r6 r7
  const __m256 im = _mm256_shuffle_ps(v0, v1, _MM_SHUFFLE(3, 1, 3, 1));
  return {_mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(re), _MM_SHUFFLE(3, 1, 2, 0))),
          _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(im), _MM_SHUFFLE(3, 1, 2, 0)))};
}

inline void store_interleaved(float* p, __m256 re, __m256 im) {
  const __m256 lo = _mm256_unpacklo_ps(re, im), hi = _mm256_unpackhi_ps(re, im);  // 0 1 4 5 | 2 3 6 7 pairs
  _mm256_storeu_ps(p, _mm256_permute2f128_ps(lo, hi, 0x20));
  _mm256_storeu_ps(p + 8, _mm256_permute2f128_ps(lo, hi, 0x31));
}

inline __m256 reverse(__m256 v) { return _mm256_permutevar8x32_ps(v, _mm256_setr_epi32(7, 6, 5, 4, 3, 2, 1, 0)); }

// In-lane 4x4 transposes, then the lanes put in output order.
inline void transpose_store(float* y, __m256 r0, __m256 r1, __m256 r2, __m256 r3) {
  const __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpacklo_ps(r2, r3);
  const __m256 t2 = _mm256_unpackhi_ps(r0, r1), t3 = _mm256_unpackhi_ps(r2, r3);
  const __m256 c0 = _mm256_shuffle_ps(t0, t1, _MM_SHUFFLE(1, 0, 1, 0));  // butterflies p, p+4
  const __m256 c1 = _mm256_shuffle_ps(t0, t1, _MM_SHUFFLE(3, 2, 3, 2));  // p+1, p+5
  const __m256 c2 = _mm256_shuffle_ps(t2, t3, _MM_SHUFFLE(1, 0, 1, 0));  // p+2, p+6
  const __m256 c3 = _mm256_shuffle_ps(t2, t3, _MM_SHUFFLE(3, 2, 3, 2));  // p+3, p+7
  _mm256_storeu_ps(y, _mm256_permute2f128_ps(c0, c1, 0x20));
  _mm256_storeu_ps(y + 8, _mm256_permute2f128_ps(c2, c3, 0x20));
  _mm256_storeu_ps(y + 16, _mm256_permute2f128_ps(c0, c1, 0x31));
  _mm256_storeu_ps(y + 24, _mm256_permute2f128_ps(c2, c3, 0x31));
}

void radix4_first_avx2(const float* in, float* yr, float* yi, const float* tw, int m) {
  const int l = m / 4;
  int p = 0;
  for (; p + 8 <= l; p += 8) {
    __m256 w[6];
    for (int t = 0; t < 6; t++) w[t] = _mm256_loadu_ps(tw + t * l + p);
    C8 y[4];
    butterfly(load_interleaved(in + 2 * p), load_interleaved(in + 2 * (p + l)), load_interleaved(in + 2 * (p + 2 * l)),
              load_interleaved(in + 2 * (p + 3 * l)), w, y);
    transpose_store(yr + 4 * p, y[0].r, y[1].r, y[2].r, y[3].r);
    transpose_store(yi + 4 * p, y[0].i, y[1].i, y[2].i, y[3].i);
  }
  radix4_first_butterflies(in, yr, yi, tw, m, p, l);  // n = 32: four butterflies
}

template <typename C>
void radix4_pass(const float* xr, const float* xi, float* yr, float* yi, const float* tw, int l, int s) {
  constexpr int kLanes = sizeof(C::r) / sizeof(float);
  const int quarter = l * s;
  for (int p = 0; p < l; p++) {
    decltype(C::r) w[6];
    for (int t = 0; t < 6; t++) w[t] = C::set1(tw[t * l + p]);
    for (int q = 0; q < s; q += kLanes) {
      const int j = q + s * p, o = q + 4 * s * p;
      C x[4], y[4];
      for (int r = 0; r < 4; r++) x[r] = {C::load(xr + j + r * quarter), C::load(xi + j + r * quarter)};
      butterfly(x[0], x[1], x[2], x[3], w, y);
      for (int k = 0; k < 4; k++) C::store(yr + o + k * s, y[k].r), C::store(yi + o + k * s, y[k].i);
    }
  }
}

void radix4_avx2(const float* xr, const float* xi, float* yr, float* yi, const float* tw, int l, int s) {
  if (s % 8 == 0) radix4_pass<C8>(xr, xi, yr, yi, tw, l, s);
  else radix4_pass<C4>(xr, xi, yr, yi, tw, l, s);
}

void radix2_last_avx2(const float* xr, const float* xi, float* yr, float* yi, int s) {
  for (int q = 0; q < s; q += 8) {
    const __m256 ar = _mm256_loadu_ps(xr + q), ai = _mm256_loadu_ps(xi + q);
    const __m256 br = _mm256_loadu_ps(xr + q + s), bi = _mm256_loadu_ps(xi + q + s);
    _mm256_storeu_ps(yr + q, add(ar, br));
    _mm256_storeu_ps(yi + q, add(ai, bi));
    _mm256_storeu_ps(yr + q + s, sub(ar, br));
    _mm256_storeu_ps(yi + q + s, sub(ai, bi));
  }
}

void real_split_avx2(const float* zr, const float* zi, const float* w, float* out, int m) {
  const float* wi = w + m / 2 + 1;
  const __m256 half = _mm256_set1_ps(0.5f), minus_half = _mm256_set1_ps(-0.5f);
  int k = 1;
  for (; k + 8 <= m / 2; k += 8) {
    const int j = m - k - 7;
    const __m256 ar = _mm256_loadu_ps(zr + k), ai = _mm256_loadu_ps(zi + k);
    const __m256 br = reverse(_mm256_loadu_ps(zr + j)), bi = reverse(_mm256_loadu_ps(zi + j));
    const __m256 er = mul(half, add(ar, br)), ei = mul(half, sub(ai, bi));
    const __m256 orr = mul(half, add(ai, bi)), oi = mul(minus_half, sub(ar, br));
    const __m256 wr = _mm256_loadu_ps(w + k), wim = _mm256_loadu_ps(wi + k);
    const __m256 tr = sub(mul(wr, orr), mul(wim, oi)), ti = add(mul(wr, oi), mul(wim, orr));
    store_interleaved(out + 2 * k, add(er, tr), add(ei, ti));
    store_interleaved(out + 2 * j, reverse(sub(er, tr)), reverse(sub(ti, ei)));
  }
  real_split_bins(zr, zi, w, out, m, 0, 1);
  real_split_bins(zr, zi, w, out, m, k, m / 2 + 1);
}

void real_merge_avx2(const float* in, const float* w, float* out, int m, float scale) {
  const float* wi = w + m / 2 + 1;
  const __m256 sc = _mm256_set1_ps(scale);
  int k = 1;
  for (; k + 8 <= m / 2; k += 8) {
    const int j = m - k - 7;
    const C8 x = load_interleaved(in + 2 * k), yv = load_interleaved(in + 2 * j);
    const __m256 yr = reverse(yv.r), yi = reverse(yv.i);
    const __m256 er = mul(sc, add(x.r, yr)), ei = mul(sc, sub(x.i, yi));
    const __m256 pr = mul(sc, sub(x.r, yr)), pi = mul(sc, add(x.i, yi));
    const __m256 wr = _mm256_loadu_ps(w + k), wim = _mm256_loadu_ps(wi + k);
    const __m256 orr = add(mul(pr, wr), mul(pi, wim)), oi = sub(mul(pi, wr), mul(pr, wim));
    store_interleaved(out + 2 * k, add(ei, orr), sub(er, oi));
    store_interleaved(out + 2 * j, reverse(sub(orr, ei)), reverse(add(er, oi)));
  }
  real_merge_dc(in, out, m, scale);
  real_merge_bins(in, w, out, m, scale, k, m / 2 + 1);
}

void interleave_avx2(const float* a, const float* b, float* out, int count) {
  int j = 0;
  for (; j + 8 <= count; j += 8) store_interleaved(out + 2 * j, _mm256_loadu_ps(a + j), _mm256_loadu_ps(b + j));
  for (; j < count; j++) out[2 * j] = a[j], out[2 * j + 1] = b[j];
}

}  // namespace

void fft_dsp_init_avx2(FftDsp* dsp) {
  dsp->radix4_first = radix4_first_avx2;
  dsp->radix4 = radix4_avx2;
  dsp->radix2_last = radix2_last_avx2;
  dsp->real_split = real_split_avx2;
  dsp->real_merge = real_merge_avx2;
  dsp->interleave = interleave_avx2;
}

}  // namespace audio
}  // namespace edgeav
