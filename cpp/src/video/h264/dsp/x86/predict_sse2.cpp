// SSE2 intra prediction. The 4x4 directional modes compute every average
// they need along the edge at once (x264's layout: L3 L2 L1 L0 LT T0..T7)
// and pick each row out of it; the plane modes step one int16 row vector by
// c per row, which stays within int16 for any neighbours (|value| < 2^15).
// The 8x8 luma modes do the same along the edge line of intra8x8_edge, where
// each row is an 8-byte window of the averages.
#include <emmintrin.h>

#include <cstring>

#include "video/h264/dsp/predict_dsp.h"
#include "base/x86/sse2_util.h"

namespace edgeav {
namespace h264 {

namespace {

inline void store4(uint8_t* p, uint32_t v) { std::memcpy(p, &v, 4); }
inline __m128i words(__m128i bytes) { return _mm_unpacklo_epi8(bytes, _mm_setzero_si128()); }

template <int Shift>
inline uint32_t bytes_at(__m128i v) {
  return static_cast<uint32_t>(_mm_cvtsi128_si32(_mm_srli_si128(v, Shift)));
}

inline __m128i sum_bytes(__m128i v) {  // two 64-bit halves summed into the low word
  const __m128i s = _mm_sad_epu8(v, _mm_setzero_si128());
  return _mm_add_epi32(s, _mm_srli_si128(s, 8));
}

void fill4(uint8_t* dst, ptrdiff_t stride, uint32_t v) {
  for (int y = 0; y < 4; y++) store4(dst + y * stride, v);
}
// The low byte of `v` in every byte.
inline __m128i broadcast_byte(__m128i v) {
  const __m128i w = _mm_shufflelo_epi16(_mm_unpacklo_epi8(v, v), 0);
  return _mm_unpacklo_epi64(w, w);
}
// N = 16 or 8 rows of as many bytes of `v`.
template <int N>
void fill_rows(uint8_t* dst, ptrdiff_t stride, __m128i v) {
  for (int y = 0; y < N; y++) {
    if (N == 16)
      store16(dst + y * stride, v);
    else
      store8(dst + y * stride, v);
  }
}

void pred4x4_v_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  fill4(dst, stride, static_cast<uint32_t>(_mm_cvtsi128_si32(load4(top))));
}

void pred4x4_h_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t* left) {
  __m128i l = load4(left);
  l = _mm_unpacklo_epi8(l, l);
  l = _mm_unpacklo_epi16(l, l);  // L0 x4, L1 x4, L2 x4, L3 x4
  store4(dst, bytes_at<0>(l)), store4(dst + stride, bytes_at<4>(l));
  store4(dst + 2 * stride, bytes_at<8>(l)), store4(dst + 3 * stride, bytes_at<12>(l));
}

// Average of `sum` over 2^log2 samples, rounded, as bytes.
inline __m128i dc_of(__m128i sum, int log2) {
  return broadcast_byte(_mm_srli_epi32(_mm_add_epi32(sum, _mm_set1_epi32(1 << (log2 - 1))), log2));
}
// The same for a 4x4 block (up to 8 samples, in the low half of `v`), as 4 bytes.
inline uint32_t dc4_of(__m128i v, int log2) {
  const int sum = _mm_cvtsi128_si32(_mm_sad_epu8(v, _mm_setzero_si128()));
  return static_cast<uint32_t>((sum + (1 << (log2 - 1))) >> log2) * 0x01010101u;
}

void pred4x4_dc_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  fill4(dst, stride, dc4_of(_mm_unpacklo_epi32(load4(top), load4(left)), 3));
}
void pred4x4_dc_left_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t* left) {
  fill4(dst, stride, dc4_of(load4(left), 2));
}
void pred4x4_dc_top_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  fill4(dst, stride, dc4_of(load4(top), 2));
}
void pred4x4_dc_128_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t*) {
  fill4(dst, stride, 0x80808080u);
}

void pred4x4_ddl_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  const __m128i t = _mm_insert_epi16(load8(top), top[7], 4);  // T0..T7, T7
  const __m128i r = avg3(t, _mm_srli_si128(t, 1), _mm_srli_si128(t, 2));
  store4(dst, bytes_at<0>(r)), store4(dst + stride, bytes_at<1>(r));
  store4(dst + 2 * stride, bytes_at<2>(r)), store4(dst + 3 * stride, bytes_at<3>(r));
}

void pred4x4_vl_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  const __m128i t = load8(top), t1 = _mm_srli_si128(t, 1);
  const __m128i a2 = _mm_avg_epu8(t, t1), a3 = avg3(t, t1, _mm_srli_si128(t, 2));
  store4(dst, bytes_at<0>(a2)), store4(dst + stride, bytes_at<0>(a3));
  store4(dst + 2 * stride, bytes_at<1>(a2)), store4(dst + 3 * stride, bytes_at<1>(a3));
}

// Edge bytes L3 L2 L1 L0 LT T0 T1 ... T6 and its averages: a2[k] of E[k],
// E[k + 1]; a3[k] centred on E[k].
struct EdgeAverages {
  __m128i a2, a3;
};
inline EdgeAverages edge_averages(const uint8_t* top, const uint8_t* left) {
  const __m128i l = _mm_shufflelo_epi16(words(load4(left)), 0x1B);  // L3 L2 L1 L0
  const __m128i e = _mm_or_si128(_mm_packus_epi16(l, _mm_setzero_si128()), _mm_slli_si128(load8(top - 1), 4));
  const __m128i next = _mm_srli_si128(e, 1);
  return {_mm_avg_epu8(e, next), avg3(_mm_slli_si128(e, 1), e, next)};
}

void pred4x4_ddr_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  const __m128i a3 = edge_averages(top, left).a3;  // pixel (x, y) is a3[4 + x - y]
  store4(dst, bytes_at<4>(a3)), store4(dst + stride, bytes_at<3>(a3));
  store4(dst + 2 * stride, bytes_at<2>(a3)), store4(dst + 3 * stride, bytes_at<1>(a3));
}

void pred4x4_vr_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  const EdgeAverages e = edge_averages(top, left);
  // Rows 2 and 3 repeat rows 0 and 1 one sample to the right, with a
  // left-edge average in front.
  store4(dst, bytes_at<4>(e.a2));
  store4(dst + stride, bytes_at<4>(e.a3));
  store4(dst + 2 * stride, (bytes_at<3>(e.a2) & ~0xFFu) | (bytes_at<3>(e.a3) & 0xFFu));
  store4(dst + 3 * stride, (bytes_at<3>(e.a3) & ~0xFFu) | (bytes_at<2>(e.a3) & 0xFFu));
}

void pred4x4_hd_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  const EdgeAverages e = edge_averages(top, left);
  // Pairs (a2[k], a3[k + 1]) going up the left edge; row 0 ends on the top edge.
  const __m128i z = _mm_unpacklo_epi8(e.a2, _mm_srli_si128(e.a3, 1));
  store4(dst, (bytes_at<6>(z) & 0xFFFFu) | (bytes_at<5>(e.a3) << 16));
  store4(dst + stride, bytes_at<4>(z));
  store4(dst + 2 * stride, bytes_at<2>(z));
  store4(dst + 3 * stride, bytes_at<0>(z));
}

void pred4x4_hu_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t* left) {
  const __m128i l4 = load4(left);
  const __m128i l = _mm_unpacklo_epi32(l4, _mm_shufflelo_epi16(_mm_unpacklo_epi8(l4, l4), 0xFF));  // L0..L3, L3 x4
  const __m128i l1 = _mm_srli_si128(l, 1);
  const __m128i z = _mm_unpacklo_epi8(_mm_avg_epu8(l, l1), avg3(l, l1, _mm_srli_si128(l, 2)));
  store4(dst, bytes_at<0>(z)), store4(dst + stride, bytes_at<2>(z));
  store4(dst + 2 * stride, bytes_at<4>(z)), store4(dst + 3 * stride, bytes_at<6>(z));
}

void pred16x16_v_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  fill_rows<16>(dst, stride, load16(top));
}

template <int N>
void pred_h_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t* left) {
  for (int y = 0; y < N; y++) {
    const __m128i v = _mm_set1_epi8(static_cast<char>(left[y]));
    if (N == 16)
      store16(dst + y * stride, v);
    else
      store8(dst + y * stride, v);
  }
}

void pred16x16_dc_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  fill_rows<16>(dst, stride, dc_of(_mm_add_epi32(sum_bytes(load16(top)), sum_bytes(load16(left))), 5));
}
void pred16x16_dc_left_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t* left) {
  fill_rows<16>(dst, stride, dc_of(sum_bytes(load16(left)), 4));
}
void pred16x16_dc_top_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  fill_rows<16>(dst, stride, dc_of(sum_bytes(load16(top)), 4));
}
template <int N>
void pred_dc_128_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t*) {
  fill_rows<N>(dst, stride, _mm_set1_epi8(-128));
}

// The 8 int16 lanes of `v` in reverse order.
inline __m128i reversed(__m128i v) {
  return _mm_shuffle_epi32(_mm_shufflehi_epi16(_mm_shufflelo_epi16(v, 0x1B), 0x1B), 0x4E);
}
// Sums of the two int32 halves of madd results: H in the low, V in the high half.
inline void sum_pairs(__m128i h, __m128i v, int* hs, int* vs) {
  __m128i s = _mm_add_epi32(_mm_unpacklo_epi64(h, v), _mm_unpackhi_epi64(h, v));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
  *hs = _mm_cvtsi128_si32(s);
  *vs = _mm_cvtsi128_si32(_mm_srli_si128(s, 8));
}
// left[-1 .. n - 2] as bytes: the left column shifted down, the corner in front.
inline __m128i corner_and_left(const uint8_t* top, __m128i left_bytes) {
  return _mm_or_si128(_mm_slli_si128(left_bytes, 1), _mm_cvtsi32_si128(top[-1]));
}

void pred16x16_plane_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  const __m128i weights = _mm_setr_epi16(1, 2, 3, 4, 5, 6, 7, 8);
  const __m128i dh = _mm_sub_epi16(words(load8(top + 8)), reversed(words(load8(top - 1))));
  const __m128i dv = _mm_sub_epi16(words(load8(left + 8)), reversed(words(corner_and_left(top, load8(left)))));
  int h, v;
  sum_pairs(_mm_madd_epi16(dh, weights), _mm_madd_epi16(dv, weights), &h, &v);
  const int a = 16 * (left[15] + top[15]), b = (5 * h + 32) >> 6, c = (5 * v + 32) >> 6;
  const __m128i bv = _mm_set1_epi16(static_cast<int16_t>(b)), cv = _mm_set1_epi16(static_cast<int16_t>(c));
  const __m128i start = _mm_set1_epi16(static_cast<int16_t>(a + 16 - 7 * c));
  __m128i lo = _mm_add_epi16(start, _mm_mullo_epi16(bv, _mm_setr_epi16(-7, -6, -5, -4, -3, -2, -1, 0)));
  __m128i hi = _mm_add_epi16(start, _mm_mullo_epi16(bv, _mm_setr_epi16(1, 2, 3, 4, 5, 6, 7, 8)));
  for (int y = 0; y < 16; y++) {
    store16(dst + y * stride, _mm_packus_epi16(_mm_srai_epi16(lo, 5), _mm_srai_epi16(hi, 5)));
    lo = _mm_add_epi16(lo, cv), hi = _mm_add_epi16(hi, cv);
  }
}

void pred_chroma_plane_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  const __m128i weights = _mm_setr_epi16(1, 2, 3, 4, 1, 2, 3, 4);
  // Four differences each: H in lanes 0-3, V in lanes 4-7.
  const __m128i far = _mm_unpacklo_epi64(words(load4(top + 4)), words(load4(left + 4)));
  const __m128i near = _mm_unpacklo_epi64(words(load4(top - 1)), words(corner_and_left(top, load4(left))));
  const __m128i madd = _mm_madd_epi16(_mm_sub_epi16(far, _mm_shufflehi_epi16(_mm_shufflelo_epi16(near, 0x1B), 0x1B)),
                                      weights);  // h01 h23 v01 v23
  const __m128i s = _mm_add_epi32(madd, _mm_shuffle_epi32(madd, 0xB1));
  const int h = _mm_cvtsi128_si32(s), v = _mm_cvtsi128_si32(_mm_srli_si128(s, 8));
  const int a = 16 * (left[7] + top[7]), b = (34 * h + 32) >> 6, c = (34 * v + 32) >> 6;
  const __m128i cv = _mm_set1_epi16(static_cast<int16_t>(c));
  const __m128i x = _mm_setr_epi16(-3, -2, -1, 0, 1, 2, 3, 4);  // x - 3
  const __m128i bx = _mm_mullo_epi16(_mm_set1_epi16(static_cast<int16_t>(b)), x);
  __m128i row = _mm_add_epi16(_mm_set1_epi16(static_cast<int16_t>(a + 16 - 3 * c)), bx);
  for (int y = 0; y < 8; y++) {
    const __m128i px = _mm_srai_epi16(row, 5);
    store8(dst + y * stride, _mm_packus_epi16(px, px));
    row = _mm_add_epi16(row, cv);
  }
}

// Chroma DC: dc[q] of the four 4x4 quarters (raster order) as int16 lanes 0-3.
void chroma_dc_quarters(uint8_t* dst, ptrdiff_t stride, __m128i dc) {
  __m128i b = _mm_packus_epi16(dc, dc);
  b = _mm_unpacklo_epi8(b, b);
  b = _mm_unpacklo_epi16(b, b);  // dc0 x4, dc1 x4 | dc2 x4, dc3 x4
  for (int y = 0; y < 4; y++) store8(dst + y * stride, b);
  b = _mm_srli_si128(b, 8);
  for (int y = 4; y < 8; y++) store8(dst + y * stride, b);
}
// The sums of bytes 0-3 and 4-7 in int32 lanes 0 and 2.
inline __m128i quarter_sums(const uint8_t* p) {
  return _mm_sad_epu8(_mm_unpacklo_epi32(load8(p), _mm_setzero_si128()), _mm_setzero_si128());
}

void pred_chroma_dc_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  const __m128i t = quarter_sums(top), l = quarter_sums(left);  // t0 . t1 . / l0 . l1 .
  // Quarter 0 averages t0 + l0, 1 only t1, 2 only l1, 3 t1 + l1.
  const __m128i t1 = _mm_srli_si128(t, 8), l1 = _mm_srli_si128(l, 8);
  const __m128i eight = _mm_unpacklo_epi32(_mm_add_epi32(t, l), _mm_add_epi32(t1, l1));  // lanes 0, 1: t0+l0, t1+l1
  const __m128i four = _mm_unpacklo_epi32(t1, l1);                                        // lanes 0, 1: t1, l1
  const __m128i e = _mm_srli_epi32(_mm_add_epi32(eight, _mm_set1_epi32(4)), 3);
  const __m128i f = _mm_srli_epi32(_mm_add_epi32(four, _mm_set1_epi32(2)), 2);
  const __m128i dc = _mm_shuffle_epi32(_mm_unpacklo_epi32(e, f), 0xB4);  // e0 f0 f1 e1
  chroma_dc_quarters(dst, stride, _mm_packs_epi32(dc, dc));
}
void pred_chroma_dc_left_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t* left) {
  const __m128i l = _mm_srli_epi32(_mm_add_epi32(quarter_sums(left), _mm_set1_epi32(2)), 2);  // l0 . l1 .
  const __m128i dc = _mm_shuffle_epi32(l, 0xA0);                                                 // l0 l0 l1 l1
  chroma_dc_quarters(dst, stride, _mm_packs_epi32(dc, dc));
}
void pred_chroma_dc_top_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  const __m128i t = _mm_srli_epi32(_mm_add_epi32(quarter_sums(top), _mm_set1_epi32(2)), 2);  // t0 . t1 .
  const __m128i dc = _mm_shuffle_epi32(t, 0x88);                                               // t0 t1 t0 t1
  chroma_dc_quarters(dst, stride, _mm_packs_epi32(dc, dc));
}
void pred_chroma_v_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  fill_rows<8>(dst, stride, load8(top));
}

// 8x8 luma prediction on the edge line of intra8x8_edge (e below).
constexpr int kCorner8 = 8, kTop8 = 9;

// Bytes S..S+7 of the 32 bytes lo:hi, in the low half.
template <int S>
inline __m128i bytes_from(__m128i lo, __m128i hi) {
  if constexpr (S + 8 <= 16)
    return _mm_srli_si128(lo, S);
  else
    return _mm_or_si128(_mm_srli_si128(lo, S), _mm_slli_si128(hi, 16 - S));
}
// Rows = 8 (or 4, every other row) windows of lo:hi, the first at Start, each next one Step bytes along.
template <int Start, int Step, int Rows>
inline void store_windows(uint8_t* dst, ptrdiff_t stride, __m128i lo, __m128i hi) {
  store8(dst, bytes_from<Start>(lo, hi));
  if constexpr (Rows > 1) store_windows<Start + Step, Step, Rows - 1>(dst + stride, stride, lo, hi);
}

void pred8x8_v_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  fill_rows<8>(dst, stride, load8(edge + kTop8));
}
void pred8x8_h_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  for (int y = 0; y < 8; y++) store8(dst + y * stride, _mm_set1_epi8(static_cast<char>(edge[7 - y])));
}
void pred8x8_dc_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  fill_rows<8>(dst, stride, dc_of(sum_bytes(_mm_unpacklo_epi64(load8(edge), load8(edge + kTop8))), 4));
}
void pred8x8_dc_left_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  fill_rows<8>(dst, stride, dc_of(sum_bytes(load8(edge)), 3));
}
void pred8x8_dc_top_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  fill_rows<8>(dst, stride, dc_of(sum_bytes(load8(edge + kTop8)), 3));
}
void pred8x8_dc_128_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t*) {
  fill_rows<8>(dst, stride, _mm_set1_epi8(-128));
}

void pred8x8_ddl_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  const __m128i t = load16(edge + kTop8);  // p'[0..15, -1]
  // p'[x + 1, -1], p'[15, -1] past the end.
  const __m128i next = _mm_or_si128(_mm_srli_si128(t, 1), _mm_slli_si128(_mm_srli_si128(t, 15), 15));
  const __m128i r = avg3(t, next, _mm_srli_si128(next, 1));  // centred on p'[x + 1, -1]
  store_windows<0, 1, 8>(dst, stride, r, r);
}

// The averages along the edge e[0..17]: a2[k] of e[k], e[k + 1]; a3[k]
// centred on e[k + 1].
inline EdgeAverages edge8_averages(const uint8_t* edge) {
  const __m128i e0 = load16(edge), e1 = load16(edge + 1);
  return {_mm_avg_epu8(e0, e1), avg3(e0, e1, load16(edge + 2))};
}

void pred8x8_ddr_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  const __m128i a3 = edge8_averages(edge).a3;  // pixel (x, y) is a3[7 + x - y]
  store_windows<kCorner8 - 1, -1, 8>(dst, stride, a3, a3);
}

void pred8x8_vr_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  const EdgeAverages e = edge8_averages(edge);
  // Row y + 2 is row y one sample to the right behind a 3-tap average of the
  // left column, every other one of them: rows 2k are bytes 8 - k.. of the
  // a3 centred on e[3], e[5], e[7] (bytes 5-7) and the a2 from e[8] on;
  // rows 2k + 1 the same of the a3 centred on e[2], e[4], e[6] and from e[8] on.
  const __m128i zero = _mm_setzero_si128();
  const __m128i odd = _mm_packus_epi16(_mm_and_si128(e.a3, _mm_set1_epi16(0xFF)), zero);  // centred on e[1], e[3], ...
  const __m128i even = _mm_packus_epi16(_mm_srli_epi16(e.a3, 8), zero);                   // centred on e[2], e[4], ...
  const __m128i rows_even = _mm_unpacklo_epi64(_mm_slli_si128(odd, 4), _mm_srli_si128(e.a2, 8));
  const __m128i rows_odd = _mm_unpacklo_epi64(_mm_slli_si128(even, 5), _mm_srli_si128(e.a3, 7));
  store_windows<8, -1, 4>(dst, 2 * stride, rows_even, rows_even);
  store_windows<8, -1, 4>(dst + stride, 2 * stride, rows_odd, rows_odd);
}

void pred8x8_hd_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  const EdgeAverages e = edge8_averages(edge);
  // Pairs (a2[k], a3[k]) going up the left column, then the a3 along the
  // top row: row y starts at pair 7 - y.
  const __m128i pairs = _mm_unpacklo_epi8(e.a2, e.a3);
  store_windows<14, -2, 8>(dst, stride, pairs, _mm_srli_si128(e.a3, 8));
}

void pred8x8_vl_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  const __m128i t = load16(edge + kTop8), t1 = _mm_srli_si128(t, 1);
  const __m128i a2 = _mm_avg_epu8(t, t1), a3 = avg3(t, t1, _mm_srli_si128(t, 2));
  store_windows<0, 1, 4>(dst, 2 * stride, a2, a2);
  store_windows<0, 1, 4>(dst + stride, 2 * stride, a3, a3);
}

void pred8x8_hu_sse2(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  // p'[-1, 0..7] top to bottom, then p'[-1, 7] repeated: past the column's
  // end every average is p'[-1, 7] (or the 3:1 one at zHU = 13).
  const __m128i l = _mm_packus_epi16(reversed(words(load8(edge))), _mm_set1_epi16(edge[0]));
  const __m128i l1 = _mm_srli_si128(l, 1);
  const __m128i a2 = _mm_avg_epu8(l, l1), a3 = avg3(l, l1, _mm_srli_si128(l, 2));
  // Pairs (a2[j], a3[j]): row y starts at pair y.
  store_windows<0, 2, 8>(dst, stride, _mm_unpacklo_epi8(a2, a3), _mm_unpackhi_epi8(a2, a3));
}

// The nine modes, inlined: their averages along the edge are shared.
void pred4x4_x9_sse2(uint8_t pred[9][16], const uint8_t* top, const uint8_t* left) {
  pred4x4_v_sse2(pred[kPred4x4V], 4, top, left);
  pred4x4_h_sse2(pred[kPred4x4H], 4, top, left);
  pred4x4_dc_sse2(pred[kPred4x4Dc], 4, top, left);
  pred4x4_ddl_sse2(pred[kPred4x4Ddl], 4, top, left);
  pred4x4_ddr_sse2(pred[kPred4x4Ddr], 4, top, left);
  pred4x4_vr_sse2(pred[kPred4x4Vr], 4, top, left);
  pred4x4_hd_sse2(pred[kPred4x4Hd], 4, top, left);
  pred4x4_vl_sse2(pred[kPred4x4Vl], 4, top, left);
  pred4x4_hu_sse2(pred[kPred4x4Hu], 4, top, left);
}

void pred8x8_x9_sse2(uint8_t pred[9][64], const uint8_t* edge) {
  pred8x8_v_sse2(pred[kPred8x8V], 8, edge);
  pred8x8_h_sse2(pred[kPred8x8H], 8, edge);
  pred8x8_dc_sse2(pred[kPred8x8Dc], 8, edge);
  pred8x8_ddl_sse2(pred[kPred8x8Ddl], 8, edge);
  pred8x8_ddr_sse2(pred[kPred8x8Ddr], 8, edge);
  pred8x8_vr_sse2(pred[kPred8x8Vr], 8, edge);
  pred8x8_hd_sse2(pred[kPred8x8Hd], 8, edge);
  pred8x8_vl_sse2(pred[kPred8x8Vl], 8, edge);
  pred8x8_hu_sse2(pred[kPred8x8Hu], 8, edge);
}

}  // namespace

void predict_dsp_init_sse2(PredictDsp* dsp) {
  dsp->pred4x4[kPred4x4V] = pred4x4_v_sse2;
  dsp->pred4x4[kPred4x4H] = pred4x4_h_sse2;
  dsp->pred4x4[kPred4x4Dc] = pred4x4_dc_sse2;
  dsp->pred4x4[kPred4x4Ddl] = pred4x4_ddl_sse2;
  dsp->pred4x4[kPred4x4Ddr] = pred4x4_ddr_sse2;
  dsp->pred4x4[kPred4x4Vr] = pred4x4_vr_sse2;
  dsp->pred4x4[kPred4x4Hd] = pred4x4_hd_sse2;
  dsp->pred4x4[kPred4x4Vl] = pred4x4_vl_sse2;
  dsp->pred4x4[kPred4x4Hu] = pred4x4_hu_sse2;
  dsp->pred4x4[kPred4x4DcLeft] = pred4x4_dc_left_sse2;
  dsp->pred4x4[kPred4x4DcTop] = pred4x4_dc_top_sse2;
  dsp->pred4x4[kPred4x4Dc128] = pred4x4_dc_128_sse2;
  dsp->pred16x16[kPred16V] = pred16x16_v_sse2;
  dsp->pred16x16[kPred16H] = pred_h_sse2<16>;
  dsp->pred16x16[kPred16Dc] = pred16x16_dc_sse2;
  dsp->pred16x16[kPred16Plane] = pred16x16_plane_sse2;
  dsp->pred16x16[kPred16DcLeft] = pred16x16_dc_left_sse2;
  dsp->pred16x16[kPred16DcTop] = pred16x16_dc_top_sse2;
  dsp->pred16x16[kPred16Dc128] = pred_dc_128_sse2<16>;
  dsp->pred_chroma[kPredChromaDc] = pred_chroma_dc_sse2;
  dsp->pred_chroma[kPredChromaH] = pred_h_sse2<8>;
  dsp->pred_chroma[kPredChromaV] = pred_chroma_v_sse2;
  dsp->pred_chroma[kPredChromaPlane] = pred_chroma_plane_sse2;
  dsp->pred_chroma[kPredChromaDcLeft] = pred_chroma_dc_left_sse2;
  dsp->pred_chroma[kPredChromaDcTop] = pred_chroma_dc_top_sse2;
  dsp->pred_chroma[kPredChromaDc128] = pred_dc_128_sse2<8>;
  dsp->pred8x8[kPred8x8V] = pred8x8_v_sse2;
  dsp->pred8x8[kPred8x8H] = pred8x8_h_sse2;
  dsp->pred8x8[kPred8x8Dc] = pred8x8_dc_sse2;
  dsp->pred8x8[kPred8x8Ddl] = pred8x8_ddl_sse2;
  dsp->pred8x8[kPred8x8Ddr] = pred8x8_ddr_sse2;
  dsp->pred8x8[kPred8x8Vr] = pred8x8_vr_sse2;
  dsp->pred8x8[kPred8x8Hd] = pred8x8_hd_sse2;
  dsp->pred8x8[kPred8x8Vl] = pred8x8_vl_sse2;
  dsp->pred8x8[kPred8x8Hu] = pred8x8_hu_sse2;
  dsp->pred8x8[kPred8x8DcLeft] = pred8x8_dc_left_sse2;
  dsp->pred8x8[kPred8x8DcTop] = pred8x8_dc_top_sse2;
  dsp->pred8x8[kPred8x8Dc128] = pred8x8_dc_128_sse2;
  dsp->pred4x4_x9 = pred4x4_x9_sse2;
  dsp->pred8x8_x9 = pred8x8_x9_sse2;
}

}  // namespace h264
}  // namespace edgeav
