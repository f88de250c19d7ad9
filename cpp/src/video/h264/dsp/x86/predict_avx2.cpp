// AVX2 intra prediction: pred4x4_x9 alone, whose nine modes are byte gathers
// from three registers (pred4x4_gather.h), one or two pshufb (SSSE3, which
// AVX2 includes) each. Elsewhere a predicted block is at most 16 pixels wide,
// so the SSE2 versions already write each row with one store (the 8x8 luma
// modes build all their averages in one or two 128-bit vectors), and 256-bit
// vectors would save only part of the plane modes' row arithmetic (by count
// of instructions, under 1.3x for pred16x16_plane) at the cost of a second
// copy of each mode.
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

}  // namespace

void predict_dsp_init_avx2(PredictDsp* dsp) { dsp->pred4x4_x9 = pred4x4_x9_avx2; }

}  // namespace h264
}  // namespace edgeav
