// The 4x4 and 8x8 integer transforms of H.264 (8.5.12, 8.5.13 and their
// forward counterparts), the DC Hadamard transforms and quantisation (x264's
// dct.c / quant.c). Blocks of 8x8 and 16x16 pixels hold 4 and 16 4x4 blocks,
// or 1 and 4 8x8 blocks, in raster order; coefficients are in raster order.
#pragma once
#include <cstddef>
#include <cstdint>

#include "base/dsp_table.h"

namespace edgeav {
namespace h264 {

struct DctDsp {
  // dct = forward transform of (src - pred), for 1, 4 (8x8) or 16 (16x16) blocks.
  void (*sub4x4_dct)(int16_t dct[16], const uint8_t* src, ptrdiff_t src_stride, const uint8_t* pred,
                     ptrdiff_t pred_stride);
  void (*sub8x8_dct)(int16_t dct[4][16], const uint8_t* src, ptrdiff_t src_stride, const uint8_t* pred,
                     ptrdiff_t pred_stride);
  void (*sub16x16_dct)(int16_t dct[16][16], const uint8_t* src, ptrdiff_t src_stride, const uint8_t* pred,
                       ptrdiff_t pred_stride);
  // dst = clip(dst + inverse transform of dct) (8.5.12.2 with the final (x + 32) >> 6).
  void (*add4x4_idct)(uint8_t* dst, ptrdiff_t stride, const int16_t dct[16]);
  void (*add8x8_idct)(uint8_t* dst, ptrdiff_t stride, const int16_t dct[4][16]);
  void (*add16x16_idct)(uint8_t* dst, ptrdiff_t stride, const int16_t dct[16][16]);
  // Forward luma DC Hadamard, halved with rounding; inverse without scaling.
  void (*dct4x4dc)(int16_t dc[16]);
  void (*idct4x4dc)(int16_t dc[16]);
  // level = sign(c) * (((|c| + bias) * mf) >> 16); returns whether any level is nonzero.
  int (*quant_4x4)(int16_t dct[16], const uint16_t mf[16], const uint16_t bias[16]);
  // The same for all 16 blocks of a macroblock (luma), returning a 16-bit nonzero mask.
  int (*quant_4x4x16)(int16_t dct[16][16], const uint16_t mf[16], const uint16_t bias[16]);
  // c *= scale[i] (scale = V << (qp / 6), precomputed per QP).
  void (*dequant_4x4)(int16_t dct[16], const int32_t scale[16]);
  // x264's decimation score of a raster 4x4 block of levels read in zig-zag
  // order: 9 if any |level| > 1, else the sum over nonzero levels of a score of
  // the zero run before it; 16 reads all coefficients, 15 skips the DC.
  int (*decimate_score16)(const int16_t dct[16]);
  int (*decimate_score15)(const int16_t dct[16]);
  // The 8x8 transform (High profile): the forward one of (src - pred) for 1 or
  // 4 blocks, and dst = clip(dst + inverse) as 8.5.13.2 with its final (x + 32) >> 6.
  void (*sub8x8_dct8)(int16_t dct[64], const uint8_t* src, ptrdiff_t src_stride, const uint8_t* pred,
                      ptrdiff_t pred_stride);
  void (*sub16x16_dct8)(int16_t dct[4][64], const uint8_t* src, ptrdiff_t src_stride, const uint8_t* pred,
                        ptrdiff_t pred_stride);
  void (*add8x8_idct8)(uint8_t* dst, ptrdiff_t stride, const int16_t dct[64]);
  void (*add16x16_idct8)(uint8_t* dst, ptrdiff_t stride, const int16_t dct[4][64]);
  // quant_4x4's rule on 64 coefficients.
  int (*quant_8x8)(int16_t dct[64], const uint16_t mf[64], const uint16_t bias[64]);
  // c = (c * scale[i] + 2) >> 2 with scale = normAdjust8x8 << (qp / 6)
  // (QuantTables::dequant8): 8.5.13.1 with flat scaling lists, every QP.
  void (*dequant_8x8)(int16_t dct[64], const int32_t scale[64]);
};
constexpr int kDctDspEntries = 19;
EDGEAV_DSP_TABLE_SIZE_CHECK(DctDsp, kDctDspEntries);

// Whether every intermediate value of 8.5.13.2 on dct fits 16 bits, as a
// conforming stream requires (and the int16 SIMD add*_idct8 assume).
bool idct8_in_range(const int16_t dct[64]);

void dct_dsp_init(DctDsp* dsp, uint32_t cpu_flags);
void dct_dsp_init_c(DctDsp* dsp);
void dct_dsp_init_sse2(DctDsp* dsp);
void dct_dsp_init_avx2(DctDsp* dsp);
void dct_dsp_init_neon(DctDsp* dsp);
const DctDsp& dct_dsp();
const DspTableInfo& dct_dsp_info();

}  // namespace h264
}  // namespace edgeav
