// AVX2 intra prediction: pred4x4_x9, whose nine modes are byte gathers from
// three registers (pred4x4_gather.h), one or two pshufb (SSSE3, which AVX2
// includes) each, and the 16x16 plane mode, one row of 16-bit values per
// register, which the encoder prices for most macroblocks of P frames. The
// other modes write each row with one store in SSE2 already.
#include <immintrin.h>

#include "base/x86/sse2_util.h"
#include "video/h264/dsp/pred4x4_gather.h"
#include "video/h264/dsp/predict_dsp.h"

namespace edgeav {
namespace h264 {

namespace {

// The pshufb controls of kPred4x4Gather per mode and source: the byte a pixel
// takes from that source, 0x80 (a zero) where it comes from another.
struct GatherControls {
  alignas(16) uint8_t bytes[9][3][16];
};
constexpr GatherControls gather_controls() {
  GatherControls c{};
  for (int mode = 0; mode < 9; mode++)
    for (int source = 0; source < 3; source++)
      for (int i = 0; i < 16; i++) {
        const int g = kPred4x4Gather[mode][i];
        c.bytes[mode][source][i] = static_cast<uint8_t>(g >> 4 == source ? g & 15 : 0x80);
      }
  return c;
}
constexpr GatherControls kControls = gather_controls();

constexpr bool uses(int mode, int source) {
  for (int i = 0; i < 16; i++)
    if (kPred4x4Gather[mode][i] >> 4 == source) return true;
  return false;
}

template <int Source>
inline __m128i gathered(int mode, __m128i source) {
  return _mm_shuffle_epi8(source, _mm_load_si128(reinterpret_cast<const __m128i*>(kControls.bytes[mode][Source])));
}

// Mode `Mode` from E, A2 and A3.
template <int Mode>
inline void gather(uint8_t* dst, __m128i e, __m128i a2, __m128i a3) {
  __m128i v = _mm_setzero_si128();
  if constexpr (uses(Mode, 0)) v = gathered<0>(Mode, e);
  if constexpr (uses(Mode, 1)) v = _mm_or_si128(v, gathered<1>(Mode, a2));
  if constexpr (uses(Mode, 2)) v = _mm_or_si128(v, gathered<2>(Mode, a3));
  store16(dst, v);
}

void pred4x4_x9_avx2(uint8_t pred[9][16], const uint8_t* top, const uint8_t* left) {
  // L0 L1 L2 L3 LT 0 0 0 T0 .. T7, then the edge line E.
  const __m128i x = _mm_unpacklo_epi64(_mm_insert_epi16(load4(left), top[-1], 2), load8(top));
  const __m128i e = _mm_shuffle_epi8(x, _mm_setr_epi8(3, 3, 2, 1, 0, 4, 8, 9, 10, 11, 12, 13, 14, 15, 15, 15));
  const __m128i next = _mm_srli_si128(e, 1);
  const __m128i a2 = _mm_avg_epu8(e, next), a3 = avg3(_mm_slli_si128(e, 1), e, next);
  gather<kPred4x4V>(pred[kPred4x4V], e, a2, a3);
  gather<kPred4x4H>(pred[kPred4x4H], e, a2, a3);
  gather<kPred4x4Ddl>(pred[kPred4x4Ddl], e, a2, a3);
  gather<kPred4x4Ddr>(pred[kPred4x4Ddr], e, a2, a3);
  gather<kPred4x4Vr>(pred[kPred4x4Vr], e, a2, a3);
  gather<kPred4x4Hd>(pred[kPred4x4Hd], e, a2, a3);
  gather<kPred4x4Vl>(pred[kPred4x4Vl], e, a2, a3);
  gather<kPred4x4Hu>(pred[kPred4x4Hu], e, a2, a3);
  // DC: L0..L3 and T0..T3, the low 4 bytes of each half of x.
  const __m128i sums = _mm_sad_epu8(_mm_and_si128(x, _mm_set1_epi64x(0xFFFFFFFF)), _mm_setzero_si128());
  const int dc = (_mm_cvtsi128_si32(_mm_add_epi32(sums, _mm_srli_si128(sums, 8))) + 4) >> 3;
  store16(pred[kPred4x4Dc], _mm_set1_epi8(static_cast<char>(dc)));
}

void pred16x16_plane_avx2(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  // H and V (8.3.3.4): the far halves of the edges against the mirrored near
  // halves (ending on the top-left sample), the top row's terms in the low
  // lane and the left column's in the high one.
  const __m128i corner_left = _mm_or_si128(_mm_slli_si128(load8(left), 1), _mm_cvtsi32_si128(top[-1]));
  const __m128i near = _mm_shuffle_epi8(_mm_unpacklo_epi64(load8(top - 1), corner_left),
                                        _mm_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8));
  const __m128i far = _mm_unpacklo_epi64(load8(top + 8), load8(left + 8));
  const __m256i diffs = _mm256_sub_epi16(_mm256_cvtepu8_epi16(far), _mm256_cvtepu8_epi16(near));
  __m256i sums = _mm256_madd_epi16(diffs, _mm256_setr_epi16(1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8));
  sums = _mm256_hadd_epi32(sums, sums);
  sums = _mm256_hadd_epi32(sums, sums);
  const int h = _mm256_cvtsi256_si32(sums), v = _mm_cvtsi128_si32(_mm256_extracti128_si256(sums, 1));
  const int a = 16 * (left[15] + top[15]), b = (5 * h + 32) >> 6, c = (5 * v + 32) >> 6;
  // Rows y and y + 1 of a + b (x - 7) + c (y - 7) + 16 (below 2^15 in magnitude), 16 values each.
  const __m256i bx = _mm256_mullo_epi16(_mm256_set1_epi16(static_cast<int16_t>(b)),
                                        _mm256_setr_epi16(-7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8));
  __m256i even = _mm256_add_epi16(_mm256_set1_epi16(static_cast<int16_t>(a + 16 - 7 * c)), bx);
  __m256i odd = _mm256_add_epi16(even, _mm256_set1_epi16(static_cast<int16_t>(c)));
  const __m256i step = _mm256_set1_epi16(static_cast<int16_t>(2 * c));
  for (int y = 0; y < 16; y += 2, dst += 2 * stride) {
    // packus interleaves the rows' halves per lane: [even 0-7, odd 0-7 | even 8-15, odd 8-15].
    const __m256i rows = _mm256_permute4x64_epi64(
        _mm256_packus_epi16(_mm256_srai_epi16(even, 5), _mm256_srai_epi16(odd, 5)), _MM_SHUFFLE(3, 1, 2, 0));
    store16(dst, _mm256_castsi256_si128(rows));
    store16(dst + stride, _mm256_extracti128_si256(rows, 1));
    even = _mm256_add_epi16(even, step), odd = _mm256_add_epi16(odd, step);
  }
}

}  // namespace

void predict_dsp_init_avx2(PredictDsp* dsp) {
  dsp->pred4x4_x9 = pred4x4_x9_avx2;
  dsp->pred16x16[kPred16Plane] = pred16x16_plane_avx2;
}

}  // namespace h264
}  // namespace edgeav
