#include "video/h264/cavlc.h"

#include <cstdlib>

#include "video/h264/tables.h"

namespace edgeav {
namespace h264 {

namespace {

// Counts bits instead of writing them, so one coder serves writing and estimating.
class BitCounter {
 public:
  void put(uint32_t, int bits) { bits_ += bits; }
  int bits() const { return bits_; }

 private:
  int bits_ = 0;
};

int coeff_token_table(int nc) { return nc < 0 ? 4 : nc < 2 ? 0 : nc < 4 ? 1 : nc < 8 ? 2 : 3; }

// Gathers the block's levels in scan order.
int scan(const int16_t* raster, BlockKind kind, int16_t out[16]) {
  switch (kind) {
    case BlockKind::kLuma4x4:
    case BlockKind::kLumaDc:
      for (int i = 0; i < 16; i++) out[i] = raster[kZigzag4x4[i]];
      return 16;
    case BlockKind::kAc:
      for (int i = 1; i < 16; i++) out[i - 1] = raster[kZigzag4x4[i]];
      return 15;
    case BlockKind::kChromaDc:
      for (int i = 0; i < 4; i++) out[i] = raster[i];
      return 4;
  }
  return 0;
}

bool all_zero(const int16_t* raster, BlockKind kind) {
  const int first = kind == BlockKind::kAc ? 1 : 0, end = kind == BlockKind::kChromaDc ? 4 : 16;
  int any = 0;
  for (int i = first; i < end; i++) any |= raster[i];
  return any == 0;
}

template <typename Writer>
int code_block(Writer& w, const int16_t* raster, BlockKind kind, int nc) {
  const int table = coeff_token_table(kind == BlockKind::kChromaDc ? -1 : nc);
  if (all_zero(raster, kind)) {  // most coded blocks: only the token saying so
    const Vlc& v = kCoeffToken[table][0][0];
    w.put(v.code, v.length);
    return 0;
  }
  int16_t coeffs[16];
  const int count = scan(raster, kind, coeffs);
  int16_t levels[16];
  int runs[16];  // zeros before each nonzero coefficient, highest frequency first
  int total = 0, last = -1, previous = -1;  // previous: the nonzero position found before i
  for (int i = count - 1; i >= 0; i--) {
    if (!coeffs[i]) continue;
    if (last < 0) last = i;
    if (total) runs[total - 1] = previous - i - 1;
    levels[total++] = coeffs[i];
    previous = i;
  }
  runs[total - 1] = previous;  // the zeros below the lowest level
  int trailing = 0;
  while (trailing < total && trailing < 3 && std::abs(levels[trailing]) == 1) trailing++;
  const Vlc& token = kCoeffToken[table][total][trailing];
  w.put(token.code, token.length);
  for (int i = 0; i < trailing; i++) w.put(levels[i] < 0, 1);

  int suffix_length = total > 10 && trailing < 3 ? 1 : 0;
  for (int i = trailing; i < total; i++) {
    const int level = levels[i];
    int code = level > 0 ? 2 * level - 2 : -2 * level - 1;
    if (i == trailing && trailing < 3) code -= 2;
    if (suffix_length == 0) {
      if (code < 14) {
        w.put(1, code + 1);
      } else if (code < 30) {
        w.put(1, 15);
        w.put(code - 14, 4);
      } else {
        w.put(1, 16);
        w.put(code - 30, 12);
      }
    } else if (code < (15 << suffix_length)) {
      w.put(1, (code >> suffix_length) + 1);
      w.put(code & ((1 << suffix_length) - 1), suffix_length);
    } else {
      w.put(1, 16);
      w.put(code - (15 << suffix_length), 12);
    }
    if (suffix_length == 0) suffix_length = 1;
    if (std::abs(level) > (3 << (suffix_length - 1)) && suffix_length < 6) suffix_length++;
  }

  int zeros_left = last + 1 - total;
  if (total < count) {
    const Vlc& v = kind == BlockKind::kChromaDc ? kTotalZerosChromaDc[total - 1][zeros_left]
                                                : kTotalZeros[total - 1][zeros_left];
    w.put(v.code, v.length);
  }
  for (int i = 0; i < total - 1 && zeros_left > 0; i++) {
    const Vlc& v = kRunBefore[(zeros_left < 7 ? zeros_left : 7) - 1][runs[i]];
    w.put(v.code, v.length);
    zeros_left -= runs[i];
  }
  return total;
}

}  // namespace

int write_residual_block(BitWriter& bw, const int16_t* raster, BlockKind kind, int nc) {
  return code_block(bw, raster, kind, nc);
}

int residual_block_bits(const int16_t* raster, BlockKind kind, int nc) {
  BitCounter counter;
  code_block(counter, raster, kind, nc);
  return counter.bits();
}

}  // namespace h264
}  // namespace edgeav
