#include "video/h264/cavlc.h"

#include <cstring>

#include "base/bits.h"
#include "video/h264/tables.h"

namespace edgeav {
namespace h264 {

namespace {

static_assert(EDGEAV_LITTLE_ENDIAN, "the nonzero masks read levels as little-endian words");

// nC -> its coeff_token table (Table 9-5): 0 <= nC < 2, 2-3, 4-7; 8 and more, and
// nC = -1 (chroma DC), have tables of their own.
using TokenTable = const Vlc (*)[4];
TokenTable coeff_tokens(int nc) {
  static const TokenTable kTokensOfNc[8] = {kCoeffToken[0], kCoeffToken[0], kCoeffToken[1], kCoeffToken[1],
                                            kCoeffToken[2], kCoeffToken[2], kCoeffToken[2], kCoeffToken[2]};
  return static_cast<unsigned>(nc) < 8 ? kTokensOfNc[nc] : kCoeffToken[nc < 0 ? 4 : 3];
}

constexpr uint64_t kLaneLow15 = 0x7fff7fff7fff7fffull, kLaneTop = 0x8000800080008000ull;

uint64_t load_word(const int16_t* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// Bit 15 of each 16-bit lane of w set where that lane is nonzero (adding
// 0x7fff carries into bit 15 from any of the low bits), all other bits clear.
uint64_t nonzero_lanes(uint64_t w) { return (((w & kLaneLow15) + kLaneLow15) | w) & kLaneTop; }

// A 4x4 block's nonzero flags, one word per row, folded into one word (row k
// of lane j at bit 16j + 15 - k) and then into 16 bits by one multiply, which
// moves lane j's nibble to bits 4j..4j+3 without carries: bit 4j + 3 - k
// stands for raster position 4k + j. kScanMasks turns that into scan order.
uint32_t packed_nonzero(uint64_t row0, uint64_t row1, uint64_t row2, uint64_t row3) {
  const uint64_t folded = nonzero_lanes(row0) | nonzero_lanes(row1) >> 1 | nonzero_lanes(row2) >> 2 | nonzero_lanes(row3) >> 3;
  return static_cast<uint32_t>((folded * 0x0000001001001001ull) >> 48);
}

// [byte][flags]: one byte of the packed flags above -> the same positions'
// bits in zig-zag scan order (bit i = scan position i), plus their number
// times 1 << 16, so that adding the two bytes' entries gives mask and count.
struct ScanMasks {
  uint32_t of_byte[2][256];
};

ScanMasks make_scan_masks() {
  int scan_of_raster[16];
  for (int i = 0; i < 16; i++) scan_of_raster[kZigzag4x4[i]] = i;
  ScanMasks masks{};
  for (int byte = 0; byte < 2; byte++)
    for (int flags = 0; flags < 256; flags++)
      for (int i = 0; i < 8; i++) {
        if (!(flags >> i & 1)) continue;
        const int bit = 8 * byte + i, raster = 4 * (3 - (bit & 3)) + (bit >> 2);
        masks.of_byte[byte][flags] += (1u << scan_of_raster[raster]) + (1u << 16);
      }
  return masks;
}

// kZigzag4x4 is constant-initialised, so it is ready before this dynamic initialiser runs.
const ScanMasks kScanMasks = make_scan_masks();

// Chroma DC levels are coded in raster order.
constexpr uint8_t kRasterOrder[4] = {0, 1, 2, 3};

// The block's nonzero levels as a mask over scan positions and their number,
// and where each scan position lies in the raster.
struct Scan {
  uint32_t nonzero;
  int total;
  int count;
  const uint8_t* raster_of;
};

Scan scan_block(const int16_t* raster, BlockKind kind) {
  if (kind == BlockKind::kChromaDc) {
    // Lane j's flag (bit 16j + 15) lands on bit 60 + j; the other products stay below bit 48.
    const uint64_t flags = nonzero_lanes(load_word(raster));
    const uint32_t nonzero = static_cast<uint32_t>((flags * 0x0000200040008001ull) >> 60);
    const int total = static_cast<int>(0x4332322132212110ull >> 4 * nonzero & 0xf);  // nibble i: bits in i
    return {nonzero, total, 4, kRasterOrder};
  }
  uint64_t row0 = load_word(raster);
  const uint64_t row1 = load_word(raster + 4), row2 = load_word(raster + 8), row3 = load_word(raster + 12);
  if (kind == BlockKind::kAc) row0 &= ~uint64_t{0xffff};  // the DC is coded elsewhere
  if (!(row0 | row1 | row2 | row3)) return {0, 0, 0, nullptr};  // most coded blocks
  const uint32_t packed = packed_nonzero(row0, row1, row2, row3);
  const uint32_t entry = kScanMasks.of_byte[0][packed & 0xff] + kScanMasks.of_byte[1][packed >> 8];
  const int total = static_cast<int>(entry >> 16);
  if (kind == BlockKind::kAc) return {(entry & 0xffff) >> 1, total, 15, kZigzag4x4 + 1};
  return {entry & 0xffff, total, 16, kZigzag4x4};
}

int highest_bit(uint32_t mask) { return 31 ^ clz32(mask); }

// A block's codes gather here and go to the writer 32 bits at a time, which
// costs less than a put for each.
class PendingBits {
 public:
  explicit PendingBits(BitWriter& w) : w_(w) {}
  void add(uint32_t value, int bits) {  // value < 1 << bits, bits <= 32
    bits_ = bits_ << bits | value;
    count_ += bits;
    if (count_ >= 32) {
      count_ -= 32;
      w_.put(static_cast<uint32_t>(bits_ >> count_), 32);
    }
  }
  void flush() {
    if (count_) w_.put(static_cast<uint32_t>(bits_), count_);  // put keeps the low count_ bits
  }

 private:
  BitWriter& w_;
  uint64_t bits_ = 0;
  int count_ = 0;
};

// One level (9.2.2.1): level_prefix zeros, a one, then the suffix.
void add_level(PendingBits& out, int code, int suffix_length) {
  if (code < (suffix_length ? 15 << suffix_length : 14)) {
    const uint32_t suffix = static_cast<uint32_t>(code & ((1 << suffix_length) - 1));
    out.add(1u << suffix_length | suffix, (code >> suffix_length) + 1 + suffix_length);
  } else if (suffix_length == 0 && code < 30) {
    out.add(1u << 4 | static_cast<uint32_t>(code - 14), 15 + 4);  // level_prefix 14: a 4-bit suffix
  } else {
    // level_prefix 15: a 12-bit suffix (the quantiser keeps levels within it).
    const int escaped = code - (suffix_length ? 15 << suffix_length : 30);
    out.add(1u << 12 | (static_cast<uint32_t>(escaped) & 0xfff), 16 + 12);
  }
}

}  // namespace

int write_residual_block(BitWriter& w, const int16_t* raster, BlockKind kind, int nc) {
  const TokenTable tokens = coeff_tokens(kind == BlockKind::kChromaDc ? -1 : nc);
  const Scan scan = scan_block(raster, kind);
  if (!scan.nonzero) {
    w.put(tokens[0][0].code, tokens[0][0].length);
    return 0;
  }
  const int total = scan.total, last = highest_bit(scan.nonzero);
  int zeros_left = last + 1 - total;

  // One walk over the set bits, from the highest frequency down, gathers the
  // levels and, behind total_zeros, every run_before: those go out after the
  // levels and together take at most 30 bits (the most over every pattern of
  // nonzero positions of a 4x4 block), so they fit one word.
  uint32_t tail = 0;
  int tail_bits = 0;
  if (total < scan.count) {
    const Vlc& v = kind == BlockKind::kChromaDc ? kTotalZerosChromaDc[total - 1][zeros_left]
                                                : kTotalZeros[total - 1][zeros_left];
    tail = v.code, tail_bits = v.length;
  }
  int levels[16];  // highest frequency first
  levels[0] = raster[scan.raster_of[last]];
  int previous = last;
  uint32_t rest = scan.nonzero ^ 1u << last;
  for (int n = 1; rest; n++) {
    const int position = highest_bit(rest);
    rest ^= 1u << position;
    levels[n] = raster[scan.raster_of[position]];
    if (zeros_left > 0) {  // the run before the previous level
      const int run = previous - position - 1;
      const Vlc& v = kRunBefore[(zeros_left < 7 ? zeros_left : 7) - 1][run];
      tail = tail << v.length | v.code, tail_bits += v.length;
      zeros_left -= run;
    }
    previous = position;
  }

  // coeff_token, then the signs of up to 3 trailing +-1 levels.
  int trailing = 0;
  uint32_t signs = 0;
  for (; trailing < total && trailing < 3; trailing++) {
    const int level = levels[trailing];
    if (level != 1 && level != -1) break;
    signs = signs << 1 | (level < 0);
  }
  PendingBits out(w);
  // trailing <= 3 already; the mask lets GCC see it in sanitizer builds (-Warray-bounds).
  const Vlc& token = tokens[total][trailing & 3];
  out.add(static_cast<uint32_t>(token.code) << trailing | signs, token.length + trailing);

  int suffix_length = total > 10 && trailing < 3 ? 1 : 0;
  // With fewer than 3 trailing ones, the first other level cannot be +-1: its code starts 2 lower.
  int first_offset = trailing < 3 ? 2 : 0;
  for (int i = trailing; i < total; i++) {
    const int level = levels[i], magnitude = level < 0 ? -level : level;
    add_level(out, 2 * magnitude - 2 + (level < 0) - first_offset, suffix_length);
    first_offset = 0;
    if (suffix_length == 0) suffix_length = 1;
    if (magnitude > (3 << (suffix_length - 1)) && suffix_length < 6) suffix_length++;
  }

  out.add(tail, tail_bits);
  out.flush();
  return total;
}

}  // namespace h264
}  // namespace edgeav
