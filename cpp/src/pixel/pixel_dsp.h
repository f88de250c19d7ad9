// Block comparisons for mode decision and motion search (x264's common/pixel.c):
// SAD, SATD (sum of absolute 4x4 Hadamard coefficients, halved), SA8D (its
// 8x8 counterpart, for the 8x8 transform of High profile) and SSD, for each
// partition size the encoder uses. Shared by the H.264 encoder and the
// frame interpolator's motion estimation, so it sits below both.
#pragma once
#include <cstddef>
#include <cstdint>

#include "base/dsp_table.h"

namespace edgeav {

enum BlockSize { kBlock16x16, kBlock16x8, kBlock8x16, kBlock8x8, kBlock4x4, kBlockSizes };
// X(size, width, height) for every block size: the init functions fill their tables with it.
#define EDGEAV_PIXEL_BLOCK_SIZES(X) \
  X(kBlock16x16, 16, 16) X(kBlock16x8, 16, 8) X(kBlock8x16, 8, 16) X(kBlock8x8, 8, 8) X(kBlock4x4, 4, 4)
constexpr int kBlockWidth[kBlockSizes] = {16, 16, 8, 8, 4};
constexpr int kBlockHeight[kBlockSizes] = {16, 8, 16, 8, 4};

using PixelCompare = int (*)(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b, ptrdiff_t b_stride);
// Costs of one block against four candidate positions at once (the four
// neighbours of a diamond step): b0..b3 share b_stride.
using PixelCompareX4 = void (*)(const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b0, const uint8_t* b1,
                                const uint8_t* b2, const uint8_t* b3, ptrdiff_t b_stride, int costs[4]);

// The Intra16x16 costs that need no prediction built (x264's intra_satd_x3):
// costs[0] = satd[kBlock16x16] of src against every row = top[0..15] (V),
// costs[1] against row y = left[y] repeated (H), costs[2] against a flat
// block of dc (0..255).
using PixelIntraSatdX3 = void (*)(const uint8_t* src, ptrdiff_t stride, const uint8_t top[16], const uint8_t left[16],
                                  int dc, int costs[3]);
// The nine Intra4x4 predictions of one block priced at once:
// costs[k] = satd[kBlock4x4](src, stride, pred[k], 4), pred[k] a 4x4 block
// stored row after row.
using PixelSatdX9 = void (*)(const uint8_t* src, ptrdiff_t stride, const uint8_t pred[9][16], int costs[9]);
// Costs of a block against the rounded average of two blocks a and b that
// share a stride (a quarter-sample prediction): sad[size] / satd[size] of
// src against (a + b + 1) >> 1, without writing the average anywhere.
using PixelCompareAvg = int (*)(const uint8_t* src, ptrdiff_t src_stride, const uint8_t* a, const uint8_t* b,
                                ptrdiff_t ab_stride);

struct PixelDsp {
  PixelCompare sad[kBlockSizes];
  PixelCompare satd[kBlockSizes];
  PixelCompare ssd[kBlockSizes];
  PixelCompareX4 sad_x4[kBlockSizes];
  // The source is transformed once; each prediction only moves the first
  // row, the first column or the DC of every 4x4 transform.
  PixelIntraSatdX3 intra_satd_x3_16x16;
  // The source is transformed once, the predictions several per register.
  PixelSatdX9 satd_x9_4x4;
  // The average is formed as the rows are loaded and priced at once.
  PixelCompareAvg sad_avg[kBlockSizes];
  PixelCompareAvg satd_avg[kBlockSizes];
  // SA8D (x264's): with D an 8x8 block of differences a - b and H the 8x8
  // Hadamard matrix (entries +-1, rows in natural order), S = the sum of
  // |(H D H^T)[i][j]| (even: all 64 coefficients share the parity of the DC);
  // sa8d_8x8 = (S + 2) >> 2. Like SATD's halving, that is twice the sum of
  // the magnitudes of the orthonormal transform's coefficients, so the two
  // price a block on one scale. sa8d_16x16 adds the S of its four 8x8 blocks
  // and rounds once, (S0 + S1 + S2 + S3 + 2) >> 2: up to 2 below the sum of
  // the four sa8d_8x8.
  PixelCompare sa8d_8x8;
  PixelCompare sa8d_16x16;
};
constexpr int kPixelDspEntries = 6 * kBlockSizes + 4;
EDGEAV_DSP_TABLE_SIZE_CHECK(PixelDsp, kPixelDspEntries);

void pixel_dsp_init(PixelDsp* dsp, uint32_t cpu_flags);
void pixel_dsp_init_c(PixelDsp* dsp);
void pixel_dsp_init_sse2(PixelDsp* dsp);
void pixel_dsp_init_avx2(PixelDsp* dsp);
void pixel_dsp_init_neon(PixelDsp* dsp);
const PixelDsp& pixel_dsp();
const DspTableInfo& pixel_dsp_info();

}  // namespace edgeav
