// AVX2 OBMC kernels (interp_dsp.h), bit-exact with interp_dsp.cpp.
//
// The bilinear sample is two pmaddubsw, as in x264's chroma MC: with each
// sample x of a row interleaved with x + 1 (byte pairs), one pmaddubsw by the
// pairs ((8 - fx)(8 - fy), fx (8 - fy)) gives the upper row's two taps, one by
// ((8 - fx) fy, fx fy) on the next row's pairs the lower ones; the sum is at
// most 64 * 255 = 16320 (no saturation), and pmulhrsw by 512 is exactly its
// (x + 32) >> 6. The two frames' predictions (0..255) are packed as byte
// pairs (prev, next) and weighted by one pmaddubsw with (w, 64 - w), and the
// window's horizontal step likewise with (16 - ramp[x], ramp[x]) on the pairs
// of the left and the right block. Its vertical step multiplies 16-bit sums up
// to 4080 by 16 - ramp[y] and ramp[y]: 65280 + 128 at most, exact in unsigned
// 16-bit lanes, hence a logical shift.
//
// A 256-bit register holds two rows of an 8x8 cell (one per 128-bit lane) or
// all four rows of a 4x4 one (one per 64-bit quarter). Rows are gathered by
// broadcasting loads and blends, which run on any port, and every load reads
// only samples of the (n + 1) x (n + 1) area the C reads.
#include <immintrin.h>

#include <cstring>

#include "base/x86/sse2_util.h"
#include "enhance/interp_dsp.h"

namespace edgeav {

namespace {

// The 8 (or 4) bytes at p in every 64-bit (or 32-bit) element.
inline __m256i broadcast8(const uint8_t* p) {
  int64_t v;
  std::memcpy(&v, p, 8);
  return _mm256_set1_epi64x(v);
}
inline __m256i broadcast4(const uint8_t* p) {
  int32_t v;
  std::memcpy(&v, p, 4);
  return _mm256_set1_epi32(v);
}

// The high 8 bytes of v to p (movhps). Not _mm_storeh_pd: GCC's stores
// through a double*, which UBSan rejects at an odd address; _mm_storeh_pi is
// a builtin (GCC) or a may_alias packed store (clang).
inline void store8_high(void* p, __m128i v) { _mm_storeh_pi(static_cast<__m64*>(p), _mm_castsi128_ps(v)); }

// pmaddubsw coefficients, `lo` for the first byte of each pair and `hi` for the
// second, twice in an int32: tables of them make each a broadcasting load,
// where computing them takes a chain of scalar multiplies and a shuffle.
constexpr int32_t byte_pair(int lo, int hi) {
  return static_cast<int32_t>(static_cast<uint32_t>(lo | hi << 8) * 0x10001u);
}

struct TapPairs {
  int32_t upper, lower;  // ((8 - fx)(8 - fy), fx (8 - fy)) and ((8 - fx) fy, fx fy)
};
struct Tables {
  TapPairs taps[8][8];  // [fx][fy]
  int32_t weight[65];   // (w, 64 - w)
};
constexpr Tables make_tables() {
  Tables t{};
  for (int fx = 0; fx < 8; fx++)
    for (int fy = 0; fy < 8; fy++)
      t.taps[fx][fy] = {byte_pair((8 - fx) * (8 - fy), fx * (8 - fy)), byte_pair((8 - fx) * fy, fx * fy)};
  for (int w = 0; w <= 64; w++) t.weight[w] = byte_pair(w, 64 - w);
  return t;
}
constexpr Tables kTables = make_tables();

// (x + 32) >> 6 for 0 <= x <= 16320.
inline __m256i round6(__m256i x) { return _mm256_mulhrs_epi16(x, _mm256_set1_epi16(512)); }

// (x + 128) >> 8 for x <= 65280 in unsigned 16-bit lanes.
inline __m256i round8(__m256i x) { return _mm256_srli_epi16(_mm256_add_epi16(x, _mm256_set1_epi16(128)), 8); }

// Byte pairs (a, b) of two 16-bit vectors of values 0..255.
inline __m256i pairs(__m256i a, __m256i b) { return _mm256_or_si256(a, _mm256_slli_epi16(b, 8)); }

struct Frame {
  const uint8_t* p;
  __m256i upper, lower;  // coefficients of a row's (x, x + 1) pairs and of the next row's
};
struct Source {
  Frame prev, next;
  __m256i weight;  // (w, 64 - w) on (prev, next) pairs
};

inline Frame frame(const uint8_t* p, int fx, int fy) {
  const TapPairs& t = kTables.taps[fx][fy];
  return {p, _mm256_set1_epi32(t.upper), _mm256_set1_epi32(t.lower)};
}

inline Source source(const ObmcSource& s) {
  return {frame(s.prev, s.prev_fx, s.prev_fy), frame(s.next, s.next_fx, s.next_fy),
          _mm256_set1_epi32(kTables.weight[s.prev_weight])};
}

inline __m256i taps(const Frame& f, __m256i upper_pairs, __m256i lower_pairs) {
  const __m256i upper = _mm256_maddubs_epi16(upper_pairs, f.upper);
  return round6(_mm256_add_epi16(upper, _mm256_maddubs_epi16(lower_pairs, f.lower)));
}

inline __m256i mix_frames(__m256i p, __m256i n, __m256i weight) {
  return round6(_mm256_maddubs_epi16(pairs(p, n), weight));
}

// The window on the four predictions of the same pixels: rx holds the
// (16 - ramp[x], ramp[x]) pairs, ry ramp[y] for each lane's row.
inline __m256i window(const __m256i p[4], __m256i rx, __m256i ry) {
  const __m256i top = _mm256_maddubs_epi16(pairs(p[0], p[1]), rx);
  const __m256i bottom = _mm256_maddubs_epi16(pairs(p[2], p[3]), rx);
  const __m256i nry = _mm256_sub_epi16(_mm256_set1_epi16(16), ry);
  return round8(_mm256_add_epi16(_mm256_mullo_epi16(top, nry), _mm256_mullo_epi16(bottom, ry)));
}

// --- 8x8: rows i and i + 4 in the low and high 128-bit lanes ---
//
// With that pairing the rows below a register's are the next register's, so
// a sample's two row pairs come from five gathers and no lane crossing.

// Row p (low lane) and row p + 4 stride (high lane), samples x = 0..7 paired with x + 1.
inline __m256i row_pairs8(const uint8_t* p, ptrdiff_t stride) {
  const __m256i a = _mm256_blend_epi32(broadcast8(p), broadcast8(p + 4 * stride), 0xF0);
  const __m256i b = _mm256_blend_epi32(broadcast8(p + 1), broadcast8(p + 4 * stride + 1), 0xF0);
  return _mm256_unpacklo_epi8(a, b);
}

// out[i]: rows i and i + 4.
inline void bilinear8x8(const Frame& f, ptrdiff_t stride, __m256i out[4]) {
  __m256i r[5];
  for (int i = 0; i < 5; i++) r[i] = row_pairs8(f.p + i * stride, stride);
  for (int i = 0; i < 4; i++) out[i] = taps(f, r[i], r[i + 1]);
}

inline void predict8x8(const ObmcSource& src, ptrdiff_t stride, __m256i out[4]) {
  const Source s = source(src);
  __m256i p[4], n[4];
  bilinear8x8(s.prev, stride, p);
  bilinear8x8(s.next, stride, n);
  for (int i = 0; i < 4; i++) out[i] = mix_frames(p[i], n[i], s.weight);
}

// Rows i, i + 4 in a and i + 1, i + 5 in b (16-bit).
inline void store8x4(uint8_t* dst, ptrdiff_t dst_stride, __m256i a, __m256i b) {
  const __m256i v = _mm256_packus_epi16(a, b);  // low lane: rows i, i + 1; high lane: rows i + 4, i + 5
  const __m128i lo = _mm256_castsi256_si128(v), hi = _mm256_extracti128_si256(v, 1);
  store8(dst, lo);
  store8_high(dst + dst_stride, lo);
  store8(dst + 4 * dst_stride, hi);
  store8_high(dst + 5 * dst_stride, hi);
}

void obmc_block_8x8_avx2(uint8_t* dst, ptrdiff_t dst_stride, const ObmcSource* src, ptrdiff_t src_stride) {
  __m256i p[4];
  predict8x8(*src, src_stride, p);
  store8x4(dst, dst_stride, p[0], p[1]);
  store8x4(dst + 2 * dst_stride, dst_stride, p[2], p[3]);
}

void obmc_cell_8x8_avx2(uint8_t* dst, ptrdiff_t dst_stride, const ObmcSource src[4], ptrdiff_t src_stride,
                        const uint8_t* ramp) {
  __m256i p[4][4];
  for (int k = 0; k < 4; k++) predict8x8(src[k], src_stride, p[k]);
  const __m128i r = load8(ramp);
  const __m256i rx = _mm256_broadcastsi128_si256(_mm_unpacklo_epi8(_mm_sub_epi8(_mm_set1_epi8(16), r), r));
  // ramp[] as 16-bit lanes in both 128-bit lanes; register i picks lanes i and i + 4.
  const __m256i r16 = _mm256_broadcastsi128_si256(_mm_unpacklo_epi8(r, _mm_setzero_si128()));
  const __m256i pick = _mm256_setr_epi8(0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1,  //
                                        8, 9, 8, 9, 8, 9, 8, 9, 8, 9, 8, 9, 8, 9, 8, 9);
  __m256i out[4];
  for (int i = 0; i < 4; i++) {
    const __m256i ry = _mm256_shuffle_epi8(r16, _mm256_add_epi8(pick, _mm256_set1_epi8(static_cast<char>(2 * i))));
    const __m256i q[4] = {p[0][i], p[1][i], p[2][i], p[3][i]};
    out[i] = window(q, rx, ry);
  }
  store8x4(dst, dst_stride, out[0], out[1]);
  store8x4(dst + 2 * dst_stride, dst_stride, out[2], out[3]);
}

// --- 4x4: row r in 64-bit quarter r ---

// Rows q, q + stride, q + 2 stride, q + 3 stride in dwords 0, 1, 4, 5.
inline __m256i rows4x4(const uint8_t* q, ptrdiff_t stride) {
  const __m256i r01 = _mm256_blend_epi32(broadcast4(q), broadcast4(q + stride), 0x22);
  const __m256i r23 = _mm256_blend_epi32(broadcast4(q + 2 * stride), broadcast4(q + 3 * stride), 0x22);
  return _mm256_blend_epi32(r01, r23, 0xF0);
}

inline __m256i bilinear4x4(const Frame& f, ptrdiff_t stride) {
  const uint8_t* p = f.p;
  const __m256i r0123 = _mm256_unpacklo_epi8(rows4x4(p, stride), rows4x4(p + 1, stride));
  const __m256i r4 = _mm256_unpacklo_epi8(broadcast4(p + 4 * stride), broadcast4(p + 4 * stride + 1));
  const __m256i r1234 = _mm256_blend_epi32(_mm256_permute4x64_epi64(r0123, _MM_SHUFFLE(3, 3, 2, 1)), r4, 0xC0);
  return taps(f, r0123, r1234);
}

inline __m256i predict4x4(const ObmcSource& src, ptrdiff_t stride) {
  const Source s = source(src);
  return mix_frames(bilinear4x4(s.prev, stride), bilinear4x4(s.next, stride), s.weight);
}

inline void store4x4(uint8_t* dst, ptrdiff_t dst_stride, __m256i rows) {
  const __m128i b = _mm_packus_epi16(_mm256_castsi256_si128(rows), _mm256_extracti128_si256(rows, 1));
  store4(dst, b);
  const int32_t r1 = _mm_extract_epi32(b, 1), r2 = _mm_extract_epi32(b, 2), r3 = _mm_extract_epi32(b, 3);
  std::memcpy(dst + dst_stride, &r1, 4);
  std::memcpy(dst + 2 * dst_stride, &r2, 4);
  std::memcpy(dst + 3 * dst_stride, &r3, 4);
}

void obmc_block_4x4_avx2(uint8_t* dst, ptrdiff_t dst_stride, const ObmcSource* src, ptrdiff_t src_stride) {
  store4x4(dst, dst_stride, predict4x4(*src, src_stride));
}

void obmc_cell_4x4_avx2(uint8_t* dst, ptrdiff_t dst_stride, const ObmcSource src[4], ptrdiff_t src_stride,
                        const uint8_t* ramp) {
  const __m256i p[4] = {predict4x4(src[0], src_stride), predict4x4(src[1], src_stride),
                        predict4x4(src[2], src_stride), predict4x4(src[3], src_stride)};
  const __m128i r = load4(ramp);
  const __m256i rx = _mm256_broadcastq_epi64(_mm_unpacklo_epi8(_mm_sub_epi8(_mm_set1_epi8(16), r), r));
  const __m256i r16 = _mm256_broadcastsi128_si256(_mm_unpacklo_epi8(r, _mm_setzero_si128()));
  const __m256i ry = _mm256_shuffle_epi8(r16, _mm256_setr_epi8(0, 1, 0, 1, 0, 1, 0, 1, 2, 3, 2, 3, 2, 3, 2, 3,  //
                                                               4, 5, 4, 5, 4, 5, 4, 5, 6, 7, 6, 7, 6, 7, 6, 7));
  store4x4(dst, dst_stride, window(p, rx, ry));
}

}  // namespace

void interp_dsp_init_avx2(InterpDsp* dsp) {
  dsp->obmc_cell_8x8 = obmc_cell_8x8_avx2;
  dsp->obmc_cell_4x4 = obmc_cell_4x4_avx2;
  dsp->obmc_block_8x8 = obmc_block_8x8_avx2;
  dsp->obmc_block_4x4 = obmc_block_4x4_avx2;
}

}  // namespace edgeav
