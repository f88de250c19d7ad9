// CAVLC residual block coding (7.3.5.3.2, 9.2).
#pragma once
#include <cstdint>

#include "video/h264/bitwriter.h"

namespace edgeav {
namespace h264 {

// Which scan a block is written with.
enum class BlockKind {
  kLuma4x4,  // 16 coefficients, zig-zag scan
  kAc,       // 15 AC coefficients (I16x16 luma AC, chroma AC): zig-zag positions 1..15
  kLumaDc,   // 16 DC levels of I16x16, zig-zag scan of the DC matrix
  kChromaDc  // 4 chroma DC levels, raster order; nC = -1
};

// Writes a block given as levels in raster order within the 4x4 (or 2x2)
// matrix; returns total_coeff. nC is the predicted number of coefficients.
int write_residual_block(BitWriter& bw, const int16_t* raster, BlockKind kind, int nc);

// Levels beyond what a level_prefix of at most 15 can carry (Baseline) are
// clipped by the quantiser to this magnitude.
constexpr int kMaxLevel = 2047;

}  // namespace h264
}  // namespace edgeav
