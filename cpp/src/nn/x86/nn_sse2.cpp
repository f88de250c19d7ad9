// SSE2 kernels of nn_dsp.h, four output channels per vector, for x86 CPUs
// without AVX2: the convolutions as in nn_avx2.cpp (a block of output pixels
// whose accumulators stay in registers; multiply, then add) and the two
// layout kernels. gru_gates stays C: it runs on a few hundred units a frame.
#include <emmintrin.h>

#include "base/bits.h"
#include "nn/nn_c.h"
#include "nn/nn_dsp.h"

namespace edgeav {
namespace nn {

namespace {

inline __m128 prelu_sse2(__m128 v, __m128 slope) {
  const __m128 neg = _mm_cmplt_ps(v, _mm_setzero_ps());
  return _mm_or_ps(_mm_and_ps(neg, _mm_mul_ps(v, slope)), _mm_andnot_ps(neg, v));
}

// What an output pixel x reads: `segments` runs of `len` contiguous inputs,
// run s at in[s] + x * stride, its weights at weights + s * len * cout
// (three runs of 3 * cin for conv3x3, one of cin for conv1x1).
struct ConvRuns {
  const float* in[3];
  int segments, len, stride;
  const ConvParams* p;
};

// Output pixels x .. x + P - 1, channels o .. o + 4 * NV - 1: P * NV = 8
// accumulators cover the latency of the adds.
template <int P, int NV>
inline void conv_block(const ConvRuns& r, int x, int o, float* out) {
  const int cout = r.p->cout;
  __m128 acc[P][NV];
  EDGEAV_UNROLL for (int v = 0; v < NV; v++) {
    const __m128 b = _mm_loadu_ps(r.p->bias + o + 4 * v);
    EDGEAV_UNROLL for (int i = 0; i < P; i++) acc[i][v] = b;
  }
  for (int s = 0; s < r.segments; s++) {
    const float* in[P];
    EDGEAV_UNROLL for (int i = 0; i < P; i++) in[i] = r.in[s] + (x + i) * r.stride;
    const float* w = r.p->weights + s * r.len * cout + o;
    for (int j = 0; j < r.len; j++, w += cout) {
      __m128 wv[NV];
      EDGEAV_UNROLL for (int v = 0; v < NV; v++) wv[v] = _mm_loadu_ps(w + 4 * v);
      EDGEAV_UNROLL for (int i = 0; i < P; i++) {
        const __m128 a = _mm_set1_ps(in[i][j]);
        EDGEAV_UNROLL for (int v = 0; v < NV; v++) acc[i][v] = _mm_add_ps(acc[i][v], _mm_mul_ps(wv[v], a));
      }
    }
  }
  EDGEAV_UNROLL for (int v = 0; v < NV; v++) {
    if (r.p->slope) {
      const __m128 sl = _mm_loadu_ps(r.p->slope + o + 4 * v);
      EDGEAV_UNROLL for (int i = 0; i < P; i++) acc[i][v] = prelu_sse2(acc[i][v], sl);
    }
    EDGEAV_UNROLL for (int i = 0; i < P; i++) _mm_storeu_ps(out + (x + i) * cout + o + 4 * v, acc[i][v]);
  }
}

// Pixels x .. width - 1 in blocks of P, the rest in halving blocks.
template <int P, int NV>
void conv_pixels(const ConvRuns& r, int x, int width, int o, float* out) {
  for (; x + P <= width; x += P) conv_block<P, NV>(r, x, o, out);
  if constexpr (P > 1)
    if (x < width) conv_pixels<P / 2, NV>(r, x, width, o, out);
}

void conv_rows(const ConvRuns& r, int width, float* out) {
  const int cout = r.p->cout;
  int o = 0;
  for (; o + 16 <= cout; o += 16) conv_pixels<2, 4>(r, 0, width, o, out);
  if (o + 8 <= cout) {
    conv_pixels<4, 2>(r, 0, width, o, out);
    o += 8;
  }
  if (o < cout) conv_pixels<8, 1>(r, 0, width, o, out);
}

void conv3x3_sse2(const float* const rows[3], float* out, int width, const ConvParams* p) {
  conv_rows(ConvRuns{{rows[0], rows[1], rows[2]}, 3, 3 * p->cin, p->cin, p}, width, out);
}

void conv1x1_sse2(const float* in, float* out, int width, const ConvParams* p) {
  conv_rows(ConvRuns{{in, nullptr, nullptr}, 1, p->cin, p->cin, p}, width, out);
}

// Channels c .. c + 3 of pixels x .. x + P - 1, the nine weights in registers.
template <int P>
inline void depthwise_block(const float* const rows[3], float* out, int x, int c, const ConvParams* p,
                            const __m128 (&w)[9]) {
  const int ch = p->cout;
  __m128 acc[P];
  EDGEAV_UNROLL for (int i = 0; i < P; i++) acc[i] = _mm_loadu_ps(p->bias + c);
  EDGEAV_UNROLL for (int k = 0; k < 9; k++)
    EDGEAV_UNROLL for (int i = 0; i < P; i++)
      acc[i] = _mm_add_ps(acc[i], _mm_mul_ps(w[k], _mm_loadu_ps(rows[k / 3] + (x + i + k % 3) * ch + c)));
  EDGEAV_UNROLL for (int i = 0; i < P; i++) {
    if (p->slope) acc[i] = prelu_sse2(acc[i], _mm_loadu_ps(p->slope + c));
    _mm_storeu_ps(out + (x + i) * ch + c, acc[i]);
  }
}

void depthwise3x3_sse2(const float* const rows[3], float* out, int width, const ConvParams* p) {
  for (int c = 0; c < p->cout; c += 4) {
    __m128 w[9];
    EDGEAV_UNROLL for (int k = 0; k < 9; k++) w[k] = _mm_loadu_ps(p->weights + k * p->cout + c);
    int x = 0;
    for (; x + 4 <= width; x += 4) depthwise_block<4>(rows, out, x, c, p, w);
    for (; x < width; x++) depthwise_block<1>(rows, out, x, c, p, w);
  }
}

void space_to_depth2_sse2(const uint8_t* row0, const uint8_t* row1, float* out, int width, float scale,
                          float offset) {
  const __m128 s = _mm_set1_ps(scale), off = _mm_set1_ps(offset);
  const __m128i zero = _mm_setzero_si128();
  int x = 0;
  for (; x + 8 <= width; x += 8) {
    const __m128i r0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row0 + 2 * x));
    const __m128i r1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row1 + 2 * x));
    // Pairs of the two rows interleaved: the bytes in output order.
    const __m128i pairs[2] = {_mm_unpacklo_epi16(r0, r1), _mm_unpackhi_epi16(r0, r1)};
    for (int h = 0; h < 2; h++) {
      const __m128i words[2] = {_mm_unpacklo_epi8(pairs[h], zero), _mm_unpackhi_epi8(pairs[h], zero)};
      for (int k = 0; k < 4; k++) {
        const __m128i px = (k & 1) ? _mm_unpackhi_epi16(words[k / 2], zero) : _mm_unpacklo_epi16(words[k / 2], zero);
        _mm_storeu_ps(out + 4 * (x + 4 * h + k), _mm_add_ps(_mm_mul_ps(_mm_cvtepi32_ps(px), s), off));
      }
    }
  }
  space_to_depth2_c(row0 + 2 * x, row1 + 2 * x, out + 4 * x, width - x, scale, offset);
}

// One pixel's four residuals scaled and rounded as C's nearbyint does
// (cvtps2dq rounds in the current mode, half to even by default). Clamping at
// 512 first makes anything that C clamps to 255 convert without overflow;
// min(512, v) in this operand order passes NaN on, which converts to INT_MIN
// and so ends at 0, as in C.
inline __m128i residual_sse2(const float* res, __m128 scale) {
  return _mm_cvtps_epi32(_mm_min_ps(_mm_set1_ps(512.0f), _mm_mul_ps(_mm_loadu_ps(res), scale)));
}

void depth_to_space2_add_sse2(const float* res, const uint8_t* base0, const uint8_t* base1, uint8_t* dst0,
                              uint8_t* dst1, int width, float scale) {
  const __m128 s = _mm_set1_ps(scale);
  const __m128i zero = _mm_setzero_si128();
  int x = 0;
  for (; x + 4 <= width; x += 4) {
    const float* r = res + 4 * x;
    const __m128i b0 = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(base0 + 2 * x));
    const __m128i b1 = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(base1 + 2 * x));
    const __m128i base = _mm_unpacklo_epi16(b0, b1);  // in res order
    const __m128i lo = _mm_adds_epi16(_mm_packs_epi32(residual_sse2(r, s), residual_sse2(r + 4, s)),
                                      _mm_unpacklo_epi8(base, zero));
    const __m128i hi = _mm_adds_epi16(_mm_packs_epi32(residual_sse2(r + 8, s), residual_sse2(r + 12, s)),
                                      _mm_unpackhi_epi8(base, zero));
    // Each pixel's dword is [dst0 pair, dst1 pair]: gather the dst0 words in
    // the low half, the dst1 words in the high half.
    __m128i px = _mm_packus_epi16(lo, hi);
    px = _mm_shufflehi_epi16(_mm_shufflelo_epi16(px, _MM_SHUFFLE(3, 1, 2, 0)), _MM_SHUFFLE(3, 1, 2, 0));
    px = _mm_shuffle_epi32(px, _MM_SHUFFLE(3, 1, 2, 0));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(dst0 + 2 * x), px);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(dst1 + 2 * x), _mm_unpackhi_epi64(px, px));
  }
  depth_to_space2_add_c(res + 4 * x, base0 + 2 * x, base1 + 2 * x, dst0 + 2 * x, dst1 + 2 * x, width - x, scale);
}

}  // namespace

void nn_dsp_init_sse2(NnDsp* dsp) {
  dsp->conv3x3 = conv3x3_sse2;
  dsp->conv1x1 = conv1x1_sse2;
  dsp->depthwise3x3 = depthwise3x3_sse2;
  dsp->space_to_depth2 = space_to_depth2_sse2;
  dsp->depth_to_space2_add = depth_to_space2_add_sse2;
}

}  // namespace nn
}  // namespace edgeav
