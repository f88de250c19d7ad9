// AVX2 + FMA kernels of nn_dsp.h.
//
// The convolutions vectorise over output channels: each step broadcasts one
// input value and multiply-adds it into the weight vectors of all the output
// channels, for a block of output pixels whose accumulators stay in registers
// (12 for 16 channels: enough to hide the FMA latency on two pipes, with
// fewer loads than FMAs). Four output channels (16 -> 4 layers) vectorise over
// input channels instead, where a ymm register is full. This file is built
// with -ffp-contract=off (see CMakeLists.txt): space_to_depth2 must round its
// multiply before the add, as its C does; the convolutions fuse where they
// say so.
#include <immintrin.h>

#include "base/bits.h"
#include "nn/nn_c.h"
#include "nn/nn_dsp.h"

namespace edgeav {
namespace nn {

namespace {

// Eight output channels per vector, or four (the last four of a layer).
struct Ymm {
  using T = __m256;
  static T load(const float* p) { return _mm256_loadu_ps(p); }
  static T broadcast(const float* p) { return _mm256_broadcast_ss(p); }
  static T fmadd(T a, T b, T c) { return _mm256_fmadd_ps(a, b, c); }
  static void store(float* p, T v) { _mm256_storeu_ps(p, v); }
  // Blends on the sign bit: -0 becomes slope * -0, which equals C's -0.
  static T prelu(T v, T slope) { return _mm256_blendv_ps(v, _mm256_mul_ps(v, slope), v); }
};
struct Xmm {
  using T = __m128;
  static T load(const float* p) { return _mm_loadu_ps(p); }
  static T broadcast(const float* p) { return _mm_broadcast_ss(p); }
  static T fmadd(T a, T b, T c) { return _mm_fmadd_ps(a, b, c); }
  static void store(float* p, T v) { _mm_storeu_ps(p, v); }
  static T prelu(T v, T slope) { return _mm_blendv_ps(v, _mm_mul_ps(v, slope), v); }
};

// A convolution as what an output pixel x reads: `segments` runs of `len`
// contiguous inputs, run s at in[s] + x * stride, its weights (len rows of
// cout) at weights + s * len * cout. conv3x3 has three runs of 3 * cin (one
// per kernel row: three neighbouring HWC pixels are contiguous), conv1x1 one
// of cin.
struct ConvRuns {
  const float* in[3];
  int segments, len, stride;
  const ConvParams* p;
};

// Output pixels x .. x + P - 1, channels o .. o + NV * lanes - 1.
template <class V, int P, int NV>
inline void conv_block(const ConvRuns& r, int x, int o, float* out) {
  constexpr int kLanes = sizeof(typename V::T) / sizeof(float);
  const int cout = r.p->cout;
  typename V::T acc[P][NV];
  EDGEAV_UNROLL for (int v = 0; v < NV; v++) {
    const typename V::T b = V::load(r.p->bias + o + v * kLanes);
    EDGEAV_UNROLL for (int i = 0; i < P; i++) acc[i][v] = b;
  }
  for (int s = 0; s < r.segments; s++) {
    const float* in[P];
    EDGEAV_UNROLL for (int i = 0; i < P; i++) in[i] = r.in[s] + (x + i) * r.stride;
    const float* w = r.p->weights + s * r.len * cout + o;
    for (int j = 0; j < r.len; j++, w += cout) {
      typename V::T wv[NV];
      EDGEAV_UNROLL for (int v = 0; v < NV; v++) wv[v] = V::load(w + v * kLanes);
      EDGEAV_UNROLL for (int i = 0; i < P; i++) {
        const typename V::T a = V::broadcast(in[i] + j);
        EDGEAV_UNROLL for (int v = 0; v < NV; v++) acc[i][v] = V::fmadd(wv[v], a, acc[i][v]);
      }
    }
  }
  EDGEAV_UNROLL for (int v = 0; v < NV; v++) {
    if (r.p->slope) {
      const typename V::T sl = V::load(r.p->slope + o + v * kLanes);
      EDGEAV_UNROLL for (int i = 0; i < P; i++) acc[i][v] = V::prelu(acc[i][v], sl);
    }
    EDGEAV_UNROLL for (int i = 0; i < P; i++) V::store(out + (x + i) * cout + o + v * kLanes, acc[i][v]);
  }
}

// Pixels x .. width - 1 in blocks of P, the rest in halving blocks.
template <class V, int P, int NV>
void conv_pixels(const ConvRuns& r, int x, int width, int o, float* out) {
  for (; x + P <= width; x += P) conv_block<V, P, NV>(r, x, o, out);
  if constexpr (P > 1)
    if (x < width) conv_pixels<V, P / 2, NV>(r, x, width, o, out);
}

// Transposed weights of four output channels: what a stack buffer holds
// (36 * cin floats for a 3x3 layer).
constexpr int kMaxCinCout4 = 64;

// Output pixels x .. x + P - 1 of a 4-channel layer whose run lengths are
// multiples of 8: eight inputs per vector against wt[(s * 4 + o) * len + j],
// the partial sums of each output reduced across lanes at the end.
template <int P>
inline void conv4_block(const ConvRuns& r, const float* wt, int x, float* out) {
  __m256 acc[P][4];
  EDGEAV_UNROLL for (int i = 0; i < P; i++) EDGEAV_UNROLL for (int o = 0; o < 4; o++) acc[i][o] = _mm256_setzero_ps();
  for (int s = 0; s < r.segments; s++) {
    const float* in[P];
    EDGEAV_UNROLL for (int i = 0; i < P; i++) in[i] = r.in[s] + (x + i) * r.stride;
    const float* w = wt + s * 4 * r.len;
    for (int j = 0; j < r.len; j += 8) {
      __m256 wv[4];
      EDGEAV_UNROLL for (int o = 0; o < 4; o++) wv[o] = _mm256_loadu_ps(w + o * r.len + j);
      EDGEAV_UNROLL for (int i = 0; i < P; i++) {
        const __m256 a = _mm256_loadu_ps(in[i] + j);
        EDGEAV_UNROLL for (int o = 0; o < 4; o++) acc[i][o] = _mm256_fmadd_ps(wv[o], a, acc[i][o]);
      }
    }
  }
  const __m128 bias = _mm_loadu_ps(r.p->bias);
  EDGEAV_UNROLL for (int i = 0; i < P; i++) {
    const __m256 h = _mm256_hadd_ps(_mm256_hadd_ps(acc[i][0], acc[i][1]), _mm256_hadd_ps(acc[i][2], acc[i][3]));
    __m128 sum = _mm_add_ps(_mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1)), bias);
    if (r.p->slope) sum = Xmm::prelu(sum, _mm_loadu_ps(r.p->slope));
    _mm_storeu_ps(out + (x + i) * 4, sum);
  }
}

void conv4_rows(const ConvRuns& r, int width, float* out) {
  float wt[3 * 4 * 3 * kMaxCinCout4];
  for (int s = 0; s < r.segments; s++)
    for (int j = 0; j < r.len; j++)
      for (int o = 0; o < 4; o++) wt[(s * 4 + o) * r.len + j] = r.p->weights[(s * r.len + j) * 4 + o];
  int x = 0;
  for (; x + 3 <= width; x += 3) conv4_block<3>(r, wt, x, out);
  for (; x < width; x++) conv4_block<1>(r, wt, x, out);
}

void conv_rows(const ConvRuns& r, int width, float* out) {
  const int cin = r.p->cin, cout = r.p->cout;
  if (cout == 4 && cin % 8 == 0 && cin <= kMaxCinCout4) return conv4_rows(r, width, out);
  int o = 0;
  for (; o + 16 <= cout; o += 16) conv_pixels<Ymm, 6, 2>(r, 0, width, o, out);
  if (o + 8 <= cout) {
    conv_pixels<Ymm, 8, 1>(r, 0, width, o, out);
    o += 8;
  }
  if (o < cout) conv_pixels<Xmm, 8, 1>(r, 0, width, o, out);
}

void conv3x3_avx2(const float* const rows[3], float* out, int width, const ConvParams* p) {
  conv_rows(ConvRuns{{rows[0], rows[1], rows[2]}, 3, 3 * p->cin, p->cin, p}, width, out);
}

void conv1x1_avx2(const float* in, float* out, int width, const ConvParams* p) {
  conv_rows(ConvRuns{{in, nullptr, nullptr}, 1, p->cin, p->cin, p}, width, out);
}

// Channels c .. c + lanes - 1 of every pixel, the nine weights in registers;
// P pixels at once so that their chains of nine multiply-adds overlap.
template <class V, int P>
inline void depthwise_block(const float* const rows[3], float* out, int x, int c, const ConvParams* p,
                            const typename V::T (&w)[9]) {
  const int ch = p->cout;
  typename V::T acc[P];
  EDGEAV_UNROLL for (int i = 0; i < P; i++) acc[i] = V::load(p->bias + c);
  EDGEAV_UNROLL for (int k = 0; k < 9; k++)
    EDGEAV_UNROLL for (int i = 0; i < P; i++)
      acc[i] = V::fmadd(w[k], V::load(rows[k / 3] + (x + i + k % 3) * ch + c), acc[i]);
  EDGEAV_UNROLL for (int i = 0; i < P; i++) {
    if (p->slope) acc[i] = V::prelu(acc[i], V::load(p->slope + c));
    V::store(out + (x + i) * ch + c, acc[i]);
  }
}

template <class V>
void depthwise_channels(const float* const rows[3], float* out, int width, int c, const ConvParams* p) {
  typename V::T w[9];
  EDGEAV_UNROLL for (int k = 0; k < 9; k++) w[k] = V::load(p->weights + k * p->cout + c);
  int x = 0;
  for (; x + 4 <= width; x += 4) depthwise_block<V, 4>(rows, out, x, c, p, w);
  for (; x < width; x++) depthwise_block<V, 1>(rows, out, x, c, p, w);
}

void depthwise3x3_avx2(const float* const rows[3], float* out, int width, const ConvParams* p) {
  int c = 0;
  for (; c + 8 <= p->cout; c += 8) depthwise_channels<Ymm>(rows, out, width, c, p);
  if (c < p->cout) depthwise_channels<Xmm>(rows, out, width, c, p);
}

void space_to_depth2_avx2(const uint8_t* row0, const uint8_t* row1, float* out, int width, float scale,
                          float offset) {
  const __m256 s = _mm256_set1_ps(scale), off = _mm256_set1_ps(offset);
  int x = 0;
  for (; x + 8 <= width; x += 8) {
    const __m128i r0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row0 + 2 * x));
    const __m128i r1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row1 + 2 * x));
    // Pairs of the two rows interleaved: the bytes in output order.
    const __m128i lo = _mm_unpacklo_epi16(r0, r1), hi = _mm_unpackhi_epi16(r0, r1);
    const __m128i quads[4] = {lo, _mm_srli_si128(lo, 8), hi, _mm_srli_si128(hi, 8)};
    for (int k = 0; k < 4; k++) {
      const __m256 v = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(quads[k]));
      _mm256_storeu_ps(out + 4 * x + 8 * k, _mm256_add_ps(_mm256_mul_ps(v, s), off));
    }
  }
  space_to_depth2_c(row0 + 2 * x, row1 + 2 * x, out + 4 * x, width - x, scale, offset);
}

// 8 floats of res (two pixels) scaled and rounded as C's nearbyint does
// (cvtps2dq rounds in the current mode, half to even by default). Clamping at
// 512 first makes anything that C clamps to 255 convert without overflow;
// min(512, v) in this operand order passes NaN on, which converts to INT_MIN
// and so ends at 0, as in C.
inline __m256i residual_avx2(const float* res, __m256 scale) {
  return _mm256_cvtps_epi32(_mm256_min_ps(_mm256_set1_ps(512.0f), _mm256_mul_ps(_mm256_loadu_ps(res), scale)));
}

void depth_to_space2_add_avx2(const float* res, const uint8_t* base0, const uint8_t* base1, uint8_t* dst0,
                              uint8_t* dst1, int width, float scale) {
  const __m256 s = _mm256_set1_ps(scale);
  // Each pixel's four bytes are [dst0 pair, dst1 pair]; after the packs, the
  // dwords are pixels 0 1 4 5 | 2 3 6 7. Split each lane into dst0 and dst1
  // words, then gather each row's dwords in pixel order.
  const __m256i split = _mm256_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15, 0, 1, 4, 5, 8, 9, 12,
                                         13, 2, 3, 6, 7, 10, 11, 14, 15);
  const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  int x = 0;
  for (; x + 8 <= width; x += 8) {
    const float* r = res + 4 * x;
    // packs interleaves lanes: pixels 0 2 | 1 3; the permute restores 0 1 | 2 3.
    const __m256i a = _mm256_permute4x64_epi64(_mm256_packs_epi32(residual_avx2(r, s), residual_avx2(r + 8, s)),
                                               _MM_SHUFFLE(3, 1, 2, 0));
    const __m256i b = _mm256_permute4x64_epi64(_mm256_packs_epi32(residual_avx2(r + 16, s), residual_avx2(r + 24, s)),
                                               _MM_SHUFFLE(3, 1, 2, 0));
    const __m128i b0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base0 + 2 * x));
    const __m128i b1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base1 + 2 * x));
    const __m256i sum_a = _mm256_adds_epi16(a, _mm256_cvtepu8_epi16(_mm_unpacklo_epi16(b0, b1)));
    const __m256i sum_b = _mm256_adds_epi16(b, _mm256_cvtepu8_epi16(_mm_unpackhi_epi16(b0, b1)));
    const __m256i rows = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(_mm256_packus_epi16(sum_a, sum_b), split),
                                                     order);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst0 + 2 * x), _mm256_castsi256_si128(rows));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst1 + 2 * x), _mm256_extracti128_si256(rows, 1));
  }
  depth_to_space2_add_c(res + 4 * x, base0 + 2 * x, base1 + 2 * x, dst0 + 2 * x, dst1 + 2 * x, width - x, scale);
}

// exp(x), x clamped to [-87, 87] so that 2^n stays a normal float and
// sigmoid/tanh of any input (inf, NaN included) stay finite: Cephes' expf
// polynomial on x - n ln2, about one ulp.
inline __m256 exp_avx2(__m256 x) {
  x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.0f)), _mm256_set1_ps(87.0f));
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  // ln 2 in two parts, the first exact in few bits so that n * it is exact.
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.9875691500e-4f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
  // 1 + (r + p r^2): the small part first, so that only the last add rounds at 1.
  p = _mm256_add_ps(_mm256_set1_ps(1.0f), _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), r));
  const __m256i pow2n = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  return _mm256_mul_ps(p, _mm256_castsi256_ps(pow2n));
}

inline __m256 sigmoid_avx2(__m256 v) {
  const __m256 one = _mm256_set1_ps(1.0f);
  return _mm256_div_ps(one, _mm256_add_ps(one, exp_avx2(_mm256_sub_ps(_mm256_setzero_ps(), v))));
}

// (1 - e) / (1 + e), e = exp(-2u): no cancellation worse than an ulp of 1.
inline __m256 tanh_avx2(__m256 u) {
  const __m256 one = _mm256_set1_ps(1.0f), e = exp_avx2(_mm256_mul_ps(u, _mm256_set1_ps(-2.0f)));
  return _mm256_div_ps(_mm256_sub_ps(one, e), _mm256_add_ps(one, e));
}

// Eight units from i on; when kTail, `mask` selects those below n (maskload
// reads, and maskstore writes, nothing in the lanes it leaves out).
template <bool kTail>
inline void gru_units_avx2(const float* gx, const float* gh, const float* h, float* h_out, int n, int i,
                           __m256i mask) {
  auto load = [&](const float* p) { return kTail ? _mm256_maskload_ps(p + i, mask) : _mm256_loadu_ps(p + i); };
  const __m256 r = sigmoid_avx2(_mm256_add_ps(load(gx), load(gh)));
  const __m256 z = sigmoid_avx2(_mm256_add_ps(load(gx + n), load(gh + n)));
  const __m256 c = tanh_avx2(_mm256_fmadd_ps(r, load(gh + 2 * n), load(gx + 2 * n)));
  // (1 - z) c + z h = c + z (h - c)
  const __m256 out = _mm256_fmadd_ps(z, _mm256_sub_ps(load(h), c), c);
  if (kTail) _mm256_maskstore_ps(h_out + i, mask, out);
  else _mm256_storeu_ps(h_out + i, out);
}

void gru_gates_avx2(const float* gx, const float* gh, const float* h, float* h_out, int n) {
  int i = 0;
  for (; i + 8 <= n; i += 8) gru_units_avx2<false>(gx, gh, h, h_out, n, i, _mm256_setzero_si256());
  if (i < n)
    gru_units_avx2<true>(gx, gh, h, h_out, n, i,
                         _mm256_cmpgt_epi32(_mm256_set1_epi32(n - i), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)));
}

}  // namespace

void nn_dsp_init_avx2(NnDsp* dsp) {
  dsp->conv3x3 = conv3x3_avx2;
  dsp->conv1x1 = conv1x1_avx2;
  dsp->depthwise3x3 = depthwise3x3_avx2;
  dsp->space_to_depth2 = space_to_depth2_avx2;
  dsp->depth_to_space2_add = depth_to_space2_add_avx2;
  dsp->gru_gates = gru_gates_avx2;
}

}  // namespace nn
}  // namespace edgeav
