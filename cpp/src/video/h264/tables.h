// Constant tables of ITU-T H.264 that the encoder needs (transform scaling,
// scans, CAVLC code tables, coded_block_pattern mapping, deblocking
// thresholds, levels), transcribed from the Recommendation.
#pragma once
#include <cstdint>

namespace edgeav {
namespace h264 {

struct Vlc {
  uint16_t code;
  uint8_t length;
};

// 4x4 zig-zag scan (frame): scan position -> raster index in the 4x4 block.
extern const uint8_t kZigzag4x4[16];
// Forward quantisation multipliers MF[qp % 6][class] and dequantisation
// scales V[qp % 6][class]; class 0: (even, even) positions, 1: (odd, odd), 2: the rest.
extern const uint16_t kQuantMf[6][3];
extern const uint8_t kDequantV[6][3];
// Class of each raster position of a 4x4 block (index into the tables above).
extern const uint8_t kCoeffClass[16];
// 8x8 zig-zag scan (frame, Table 8-13 order): scan position -> raster index in the 8x8 block.
extern const uint8_t kZigzag8x8[64];
// normAdjust8x8 (8.5.9): v[qp % 6][class], the 8x8 dequantisation scale
// before weightScale8x8 (16 when flat); classes 0..5 are v0..v5 of the
// standard, whose position rule kCoeffClass8x8 applies to each raster position.
extern const uint8_t kNormAdjust8x8[6][6];
extern const uint8_t kCoeffClass8x8[64];
// QP'c for a chroma qPI (8.5.8, Table 8-15); index 0..51.
extern const uint8_t kChromaQp[52];

// coded_block_pattern -> codeNum of me(v) (Table 9-4), for intra 4x4 and inter MBs.
extern const uint8_t kCbpToCodeIntra[48];
extern const uint8_t kCbpToCodeInter[48];

// coeff_token (Table 9-5): [table][total_coeff][trailing_ones]; tables 0..3 by nC
// range (0-1, 2-3, 4-7, 8+), table 4 for chroma DC (nC = -1).
extern const Vlc kCoeffToken[5][17][4];
// total_zeros for 4x4 blocks [total_coeff - 1][total_zeros] and chroma DC 2x2.
extern const Vlc kTotalZeros[15][16];
extern const Vlc kTotalZerosChromaDc[3][4];
// run_before [min(zeros_left, 7) - 1][run_before].
extern const Vlc kRunBefore[7][15];

// Deblocking thresholds (Tables 8-16, 8-17), indexed by indexA / indexB, and
// tC0 [indexA][bS - 1].
extern const uint8_t kAlpha[52];
extern const uint8_t kBeta[52];
extern const uint8_t kTc0[52][3];

// Annex A limits of a level: MaxMBPS, MaxFS, MaxDpbMbs, MaxBR (kbit/s, Baseline), MaxCPB (kbit).
struct LevelLimits {
  int level_idc;
  int max_mbps, max_fs, max_dpb_mbs, max_br, max_cpb;
};
extern const LevelLimits kLevels[];
extern const int kLevelCount;

}  // namespace h264
}  // namespace edgeav
