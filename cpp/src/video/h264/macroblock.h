// What the encoder keeps of each coded macroblock (for the neighbours'
// predictions, CAVLC contexts and deblocking) and the coefficients of the
// macroblock being coded.
#pragma once
#include <cstdint>
#include <cstring>

namespace edgeav {
namespace h264 {

enum class MbType : uint8_t {
  kI4x4,
  kI8x8,    // I_NxN with the 8x8 transform (High)
  kI16x16,
  kPSkip,
  kP16x16,
  kP16x8,
  kP8x16,
  kP8x8,
  kIPcm,  // raw samples: the fallback for a macroblock that would code larger than them
};

inline bool is_intra(MbType t) {
  return t == MbType::kI4x4 || t == MbType::kI8x8 || t == MbType::kI16x16 || t == MbType::kIPcm;
}
inline bool is_intra_nxn(MbType t) { return t == MbType::kI4x4 || t == MbType::kI8x8; }

// I_PCM's payload: 256 luma and 2 x 64 chroma samples of 8 bits (7.3.5).
constexpr int kPcmBytes = 384;

struct Mv {
  int16_t x = 0, y = 0;
  bool operator==(const Mv& o) const { return x == o.x && y == o.y; }
  bool operator!=(const Mv& o) const { return !(*this == o); }
};

// Per coded macroblock, in 4x4-block raster order (index 4 * y + x).
struct MbInfo {
  MbType type = MbType::kI16x16;
  int8_t qp = 0;              // QP_Y the decoder uses for this macroblock
  uint8_t nnz[16] = {};       // total_coeff of each luma 4x4 block (AC only for I16x16; an 8x8 block's in each of its four)
  uint8_t nnz_chroma[2][4] = {};
  int8_t intra4x4_modes[16] = {};  // Intra4x4PredMode (I8x8: each 8x8's mode in its four), or -1 (DC) for other types
  bool transform8x8 = false;       // transform_size_8x8_flag
  Mv mv[16];
  // CABAC contexts (9.3.3.1.1): coded_block_pattern as the decoder sees it (luma |
  // chroma << 4), intra_chroma_pred_mode, coded_block_flag of every block (bits
  // 0-15 luma 4x4 in raster order, 16 luma DC, 17-18 chroma DC, 19-26 chroma AC)
  // and |mvd| of the right column and bottom row of 4x4 blocks (capped at 64).
  uint8_t cbp = 0;
  uint8_t pred_chroma = 0;
  uint32_t cbf = 0;
  uint8_t mvd[16][2] = {};
};

// One bit per byte of x that is not zero (bit i for byte i), for bytes of at most 0x80.
inline uint32_t nonzero_byte_mask(uint64_t x) {
  const uint64_t top = ((x + 0x7f7f7f7f7f7f7f7full) | x) & 0x8080808080808080ull;
  return static_cast<uint32_t>(((top >> 7) * 0x0102040810204080ull) >> 56);
}

// Bit b set: 4x4 block b has luma coefficients (nnz counts are at most 16).
inline uint32_t luma_coded_mask(const MbInfo& m) {
  uint64_t lo, hi;
  std::memcpy(&lo, m.nnz, 8);
  std::memcpy(&hi, m.nnz + 8, 8);
  return nonzero_byte_mask(lo) | nonzero_byte_mask(hi) << 8;
}

// The coefficients of the macroblock being coded, as quantised levels in
// raster order within each 4x4 block (the writer scans them).
struct MbCoefficients {
  int16_t luma[16][16];       // by 4x4 block, raster block order
  int16_t luma8x8[4][64];     // by 8x8 block when the 8x8 transform is used
  int16_t luma_dc[16];        // I16x16 only, raster 4x4 order of the DC matrix
  int16_t chroma_dc[2][4];
  int16_t chroma_ac[2][4][16];
  int cbp_luma = 0;           // bit i: 8x8 block i has coefficients
  int cbp_chroma = 0;         // 0: none, 1: DC only, 2: DC and AC
};

// The decisions for one macroblock that the writer puts in the bitstream.
struct MbDecision {
  MbType type = MbType::kPSkip;
  int pred16x16 = 0;          // Intra16x16PredMode
  int pred_chroma = 0;        // intra_chroma_pred_mode
  int8_t modes4x4[16] = {};   // Intra4x4PredMode per block (raster order)
  int8_t modes8x8[4] = {};    // Intra8x8PredMode per 8x8 block
  bool transform8x8 = false;  // the luma residual in 8x8 blocks
  Mv part_mv[4];              // per partition (16x16: 1, 16x8/8x16: 2, 8x8: 4)
  Mv part_mvp[4];             // predicted motion vector of each partition
  int qp = 0;
};

// Calls f(x4, y4, w4, h4, mv) for each inter partition of `dec` (in 4x4 blocks); none for intra.
template <typename F>
void for_each_partition(const MbDecision& dec, F&& f) {
  switch (dec.type) {
    case MbType::kPSkip:
    case MbType::kP16x16: f(0, 0, 4, 4, dec.part_mv[0]); break;
    case MbType::kP16x8:
      f(0, 0, 4, 2, dec.part_mv[0]);
      f(0, 2, 4, 2, dec.part_mv[1]);
      break;
    case MbType::kP8x16:
      f(0, 0, 2, 4, dec.part_mv[0]);
      f(2, 0, 2, 4, dec.part_mv[1]);
      break;
    case MbType::kP8x8:
      for (int i = 0; i < 4; i++) f((i & 1) * 2, (i >> 1) * 2, 2, 2, dec.part_mv[i]);
      break;
    default: break;
  }
}

// 4x4 blocks in decoding order (8.1.1: 8x8 quadrants, then 4x4 within) as raster indices.
constexpr uint8_t kBlockDecodeOrder[16] = {0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15};

}  // namespace h264
}  // namespace edgeav
