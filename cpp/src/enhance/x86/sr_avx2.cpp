// AVX2 super-resolution rows; same integer arithmetic as sr_row_c.h, tails in C.
#include <immintrin.h>

#include "enhance/sr_dsp.h"
#include "enhance/sr_row_c.h"

namespace edgeav {

namespace {

inline __m256i load16(const int16_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
inline __m256i widen16(const uint8_t* p) {
  return _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
inline void store16(int16_t* p, __m256i v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }

void sr_gradients_avx2(const uint8_t* above, const uint8_t* row, const uint8_t* below, int16_t* xx, int16_t* yy,
                       int16_t* xy, int width) {
  int x = 0;
  for (; x + 16 <= width; x += 16) {
    const __m256i gx = _mm256_srai_epi16(_mm256_sub_epi16(widen16(row + x + 1), widen16(row + x - 1)), 1);
    const __m256i gy = _mm256_srai_epi16(_mm256_sub_epi16(widen16(below + x), widen16(above + x)), 1);
    store16(xx + x, _mm256_srai_epi16(_mm256_mullo_epi16(gx, gx), 5));
    store16(yy + x, _mm256_srai_epi16(_mm256_mullo_epi16(gy, gy), 5));
    store16(xy + x, _mm256_srai_epi16(_mm256_mullo_epi16(gx, gy), 5));
  }
  sr_gradients_c(above + x, row + x, below + x, xx + x, yy + x, xy + x, width - x);
}

// Separable: the five rows are summed once per column into a chunk buffer,
// then five neighbouring column sums per output.
void sr_box5_avx2(const int16_t* const rows[5], int16_t* dst, int width) {
  constexpr int kChunk = 512;
  alignas(32) int16_t column_sums[kChunk + 4];
  int x = 0;
  while (x + 16 <= width) {
    const int n = (width - x < kChunk ? width - x : kChunk) & ~15;
    int i = 0;  // column_sums[i] sums column x - 2 + i
    for (; i + 16 <= n + 4; i += 16) {
      __m256i v = load16(rows[0] + x - 2 + i);
      for (int dy = 1; dy < 5; dy++) v = _mm256_add_epi16(v, load16(rows[dy] + x - 2 + i));
      store16(column_sums + i, v);
    }
    for (; i < n + 4; i++)
      column_sums[i] = static_cast<int16_t>(rows[0][x - 2 + i] + rows[1][x - 2 + i] + rows[2][x - 2 + i] +
                                            rows[3][x - 2 + i] + rows[4][x - 2 + i]);
    for (int j = 0; j < n; j += 16) {
      __m256i sum = load16(column_sums + j);
      for (int dx = 1; dx < 5; dx++) sum = _mm256_add_epi16(sum, load16(column_sums + j + dx));
      store16(dst + x + j, sum);
    }
    x += n;
  }
  const int16_t* rest[5];
  for (int dy = 0; dy < 5; dy++) rest[dy] = rows[dy] + x;
  sr_box5_c(rest, dst + x, width - x);
}

// Classes of 8 pixels given (b, a) and (a, b) interleaved as 16-bit pairs and t
// widened to 32 bits; the same decisions as sr_class_of.
inline __m256i classes8(__m256i ba, __m256i ab, __m256i t32, __m256i ct_sq[2], const SrClassParams* p) {
  __m256i negatives = _mm256_setzero_si256(), first = _mm256_setzero_si256();
  for (int k = 0; k < 6; k++) {
    const __m256i w = _mm256_set1_epi32(static_cast<uint16_t>(kSrCos[k]) | (static_cast<uint32_t>(static_cast<uint16_t>(-kSrSin[k])) << 16));
    const __m256i negative = _mm256_cmpgt_epi32(_mm256_setzero_si256(), _mm256_madd_epi16(ba, w));  // -1 when < 0
    negatives = _mm256_add_epi32(negatives, negative);
    if (k == 0) first = negative;
  }
  // count = 6 + negatives; angle = first side positive ? count - 1 : 11 - count.
  const __m256i count = _mm256_add_epi32(_mm256_set1_epi32(6), negatives);
  const __m256i angle = _mm256_blendv_epi8(_mm256_sub_epi32(count, _mm256_set1_epi32(1)),
                                           _mm256_sub_epi32(_mm256_set1_epi32(11), count), first);
  const __m256i strength = _mm256_sub_epi32(
      _mm256_setzero_si256(), _mm256_add_epi32(_mm256_cmpgt_epi32(t32, _mm256_set1_epi32(p->strength[0] - 1)),
                                               _mm256_cmpgt_epi32(t32, _mm256_set1_epi32(p->strength[1] - 1))));
  const __m256i d4 = _mm256_madd_epi16(ab, ab);
  const __m256i coherence = _mm256_sub_epi32(
      _mm256_setzero_si256(), _mm256_add_epi32(_mm256_cmpgt_epi32(d4, ct_sq[0]), _mm256_cmpgt_epi32(d4, ct_sq[1])));
  const __m256i three = _mm256_set1_epi32(3);
  return _mm256_add_epi32(_mm256_mullo_epi32(_mm256_add_epi32(_mm256_mullo_epi32(angle, three), strength), three),
                          coherence);
}

void sr_classify_avx2(const int16_t* xx, const int16_t* yy, const int16_t* xy, uint8_t* cls, int width,
                      const SrClassParams* params) {
  const __m256i zero = _mm256_setzero_si256();
  const __m256i c0 = _mm256_set1_epi16(params->coherence_q15[0]), c1 = _mm256_set1_epi16(params->coherence_q15[1]);
  int x = 0;
  for (; x + 16 <= width; x += 16) {
    const __m256i vxx = load16(xx + x), vyy = load16(yy + x), vxy = load16(xy + x);
    const __m256i a = _mm256_sub_epi16(vxx, vyy), b = _mm256_add_epi16(vxy, vxy), t = _mm256_add_epi16(vxx, vyy);
    const __m256i ct0 = _mm256_mulhrs_epi16(t, c0), ct1 = _mm256_mulhrs_epi16(t, c1);
    // In-lane unpacks: "lo" holds pixels 0-3 | 8-11, "hi" 4-7 | 12-15; the
    // in-lane pack at the end puts them back in order.
    __m256i lo_sq[2] = {_mm256_madd_epi16(_mm256_unpacklo_epi16(ct0, zero), _mm256_unpacklo_epi16(ct0, zero)),
                        _mm256_madd_epi16(_mm256_unpacklo_epi16(ct1, zero), _mm256_unpacklo_epi16(ct1, zero))};
    __m256i hi_sq[2] = {_mm256_madd_epi16(_mm256_unpackhi_epi16(ct0, zero), _mm256_unpackhi_epi16(ct0, zero)),
                        _mm256_madd_epi16(_mm256_unpackhi_epi16(ct1, zero), _mm256_unpackhi_epi16(ct1, zero))};
    const __m256i lo = classes8(_mm256_unpacklo_epi16(b, a), _mm256_unpacklo_epi16(a, b),
                                _mm256_unpacklo_epi16(t, zero), lo_sq, params);
    const __m256i hi = classes8(_mm256_unpackhi_epi16(b, a), _mm256_unpackhi_epi16(a, b),
                                _mm256_unpackhi_epi16(t, zero), hi_sq, params);
    const __m256i words = _mm256_packs_epi32(lo, hi);  // 16 classes in order
    const __m256i bytes = _mm256_permute4x64_epi64(_mm256_packus_epi16(words, words), 0x08);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(cls + x), _mm256_castsi256_si128(bytes));
  }
  sr_classify_c(xx + x, yy + x, xy + x, cls + x, width - x, params);
}

struct Mask16 {
  uint8_t b[16];
};
// Byte j of output block `block` of 16 five-way interleaved columns, taken
// from row `k`, or zero (0x80) when another row supplies it.
constexpr Mask16 interleave5_mask(int block, int k) {
  Mask16 m{};
  for (int j = 0; j < 16; j++) {
    const int g = 16 * block + j;
    m.b[j] = g % 5 == k ? static_cast<uint8_t>(g / 5) : 0x80;
  }
  return m;
}
constexpr Mask16 kInterleave5[5][5] = {
    {interleave5_mask(0, 0), interleave5_mask(0, 1), interleave5_mask(0, 2), interleave5_mask(0, 3), interleave5_mask(0, 4)},
    {interleave5_mask(1, 0), interleave5_mask(1, 1), interleave5_mask(1, 2), interleave5_mask(1, 3), interleave5_mask(1, 4)},
    {interleave5_mask(2, 0), interleave5_mask(2, 1), interleave5_mask(2, 2), interleave5_mask(2, 3), interleave5_mask(2, 4)},
    {interleave5_mask(3, 0), interleave5_mask(3, 1), interleave5_mask(3, 2), interleave5_mask(3, 3), interleave5_mask(3, 4)},
    {interleave5_mask(4, 0), interleave5_mask(4, 1), interleave5_mask(4, 2), interleave5_mask(4, 3), interleave5_mask(4, 4)},
};

void sr_columns_avx2(const uint8_t* const rows[5], int16_t* col, int width) {
  const int n = width + 4;  // columns to write, starting at rows[k][-2]
  int x = 0;
  for (; x + 16 <= n; x += 16) {
    __m128i r[5];
    for (int k = 0; k < 5; k++) r[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(rows[k] + x - 2));
    for (int block = 0; block < 5; block++) {
      __m128i bytes = _mm_setzero_si128();
      for (int k = 0; k < 5; k++)
        bytes = _mm_or_si128(bytes, _mm_shuffle_epi8(r[k], _mm_loadu_si128(reinterpret_cast<const __m128i*>(kInterleave5[block][k].b))));
      store16(col + x * 5 + block * 16, _mm256_cvtepu8_epi16(bytes));
    }
  }
  for (; x < n; x++)
    for (int k = 0; k < 5; k++) col[x * 5 + k] = rows[k][x - 2];
}

void sr_filter_avx2(const int16_t* col, const int16_t* bank, int phases, int phase_y, const uint8_t* cls,
                    const int32_t* anchor, const uint8_t* phase, uint8_t* dst, int width) {
  const int class_stride = phases * phases * kSrTapStride;
  const int16_t* row_bank = bank + phase_y * phases * kSrTapStride;
  const __m256i round = _mm256_set1_epi32(1 << (kSrFilterShift - 1));
  const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  // Upscaling maps runs of neighbouring outputs to one anchor: its patch and
  // its class's filters are loaded once per run.
  int last = -1;
  __m256i p0 = _mm256_setzero_si256(), p1 = p0;
  const int16_t* class_bank = row_bank;
  int x = 0;
  for (; x + 8 <= width; x += 8) {
    __m256i s[8];
    for (int i = 0; i < 8; i++) {
      const int a = anchor[x + i];
      if (a != last) {
        last = a;
        p0 = load16(col + a * 5), p1 = load16(col + a * 5 + 16);
        class_bank = row_bank + cls[a] * class_stride;
      }
      const int16_t* f = class_bank + phase[x + i] * kSrTapStride;
      s[i] = _mm256_add_epi32(_mm256_madd_epi16(p0, load16(f)), _mm256_madd_epi16(p1, load16(f + 16)));
    }
    const __m256i h01 = _mm256_hadd_epi32(s[0], s[1]), h23 = _mm256_hadd_epi32(s[2], s[3]);
    const __m256i h45 = _mm256_hadd_epi32(s[4], s[5]), h67 = _mm256_hadd_epi32(s[6], s[7]);
    const __m256i q0 = _mm256_hadd_epi32(h01, h23), q1 = _mm256_hadd_epi32(h45, h67);  // lanes: low/high halves
    __m256i sum = _mm256_add_epi32(_mm256_permute2x128_si256(q0, q1, 0x20), _mm256_permute2x128_si256(q0, q1, 0x31));
    sum = _mm256_srai_epi32(_mm256_add_epi32(sum, round), kSrFilterShift);
    const __m256i words = _mm256_packs_epi32(sum, sum);
    const __m256i bytes = _mm256_permutevar8x32_epi32(_mm256_packus_epi16(words, words), order);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + x), _mm256_castsi256_si128(bytes));
  }
  sr_filter_c(col, bank, phases, phase_y, cls, anchor + x, phase + x, dst + x, width - x);
}

}  // namespace

void sr_dsp_init_avx2(SrDsp* dsp) {
  dsp->gradients = sr_gradients_avx2;
  dsp->box5 = sr_box5_avx2;
  dsp->classify = sr_classify_avx2;
  dsp->columns = sr_columns_avx2;
  dsp->filter = sr_filter_avx2;
}

}  // namespace edgeav
