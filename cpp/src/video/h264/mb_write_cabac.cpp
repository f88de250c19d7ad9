// Macroblock layer syntax (7.3.5) in CABAC: binarizations (9.3.2) and context
// selection from the neighbours (9.3.3.1). One template writes with the
// arithmetic encoder and prices with the bit counter, so RD decisions see the
// same bins the stream gets.
#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "video/h264/cabac.h"
#include "video/h264/encoder_impl.h"
#include "video/h264/tables.h"

namespace edgeav {
namespace h264 {

namespace {

// Residual block categories (ctxBlockCat, Table 9-42) and their context offsets.
enum BlockCat { kCatLumaDc, kCatLumaAc, kCatLuma4x4, kCatChromaDc, kCatChromaAc, kCatLuma8x8 };
constexpr int kCbfCatOffset[5] = {0, 4, 8, 12, 16};
constexpr int kSigCatOffset[6] = {0, 15, 29, 44, 47, 0};
constexpr int kAbsCatOffset[6] = {0, 10, 20, 30, 39, 0};

// Bits of MbInfo::cbf.
constexpr int kCbfLumaDc = 16, kCbfChromaDc = 17, kCbfChromaAc = 19;

// The Exp-Golomb suffix of UEGk (9.3.2.3). Inlined, so that the caller's bins
// never have their address taken (see CabacEncoder::Bins).
template <class B>
EDGEAV_ALWAYS_INLINE void put_unary_bypass_suffix(B& b, int value, int k) {
  while (value >= (1 << k)) {
    b.bypass(1);
    value -= 1 << k;
    k++;
  }
  b.bypass(0);
  while (k--) b.bypass((value >> k) & 1);
}

// Coefficients per block and their scan, by category.
constexpr int kCatCount[6] = {16, 15, 16, 4, 15, 64};
constexpr uint8_t kRaster2x2[4] = {0, 1, 2, 3};
template <BlockCat Cat>
const uint8_t* cat_scan() {
  return Cat == kCatLuma8x8 ? kZigzag8x8 : Cat == kCatChromaDc ? kRaster2x2 : Cat == kCatLumaAc || Cat == kCatChromaAc
                                                                                  ? kZigzag4x4 + 1
                                                                                  : kZigzag4x4;
}

// The four coefficients of v[0..3] as one 64-bit word, the top bit of each
// 16-bit lane set where the coefficient is nonzero, the other bits clear.
uint64_t nonzero_lanes(const int16_t* v) {
  const uint64_t x = uint64_t{static_cast<uint16_t>(v[0])} | uint64_t{static_cast<uint16_t>(v[1])} << 16 |
                     uint64_t{static_cast<uint16_t>(v[2])} << 32 | uint64_t{static_cast<uint16_t>(v[3])} << 48;
  constexpr uint64_t kLow15 = 0x7fff7fff7fff7fffull;
  return (((x & kLow15) + kLow15) | x) & ~kLow15;
}

// Bit i: coefficient i of v[0..3] is nonzero. One multiply gathers the lanes'
// top bits (at 0, 16, 32, 48 after the shift) into bits 48..51 (shifted by 48,
// 33, 18, 3: no two products meet, so nothing carries).
uint32_t nonzero4(const int16_t* v) {
  return static_cast<uint32_t>(((nonzero_lanes(v) >> 15) * 0x0001000200040008ull) >> 48);
}

// Where nonzero16 puts coefficient r: bit 4 (r % 4) + r / 4 of each 16.
constexpr int transposed16(int r) { return (r & ~15) | (r & 3) << 2 | (r >> 2 & 3); }

// Bit transposed16(i): coefficient i of v[0..15] is nonzero. The four words'
// lanes interleave into nibbles at bits 0, 16, 32, 48 (lane j of word k at bit
// 16 j + k), and one multiply moves nibble j to bit 36 + 4 j (shifted by 36, 24,
// 12, 0: no two products meet).
uint32_t nonzero16(const int16_t* v) {
  uint64_t m = 0;
  for (int k = 0; k < 4; k++) m |= nonzero_lanes(v + 4 * k) >> (15 - k);
  return static_cast<uint32_t>((m * 0x1001001001ull) >> 36) & 0xffff;
}

// A scan of N coefficients as a map of bits: coefficient r's bit of nonzero16's
// masks goes to bit i where scan[i] = r, by byte of the masks.
template <class Mask, int N>
struct ScanBits {
  Mask byte[N / 8][256] = {};
  explicit ScanBits(const uint8_t* scan) {
    for (int i = 0; i < N; i++) {
      const int at = transposed16(scan[i]);
      for (int b = 0; b < 256; b++)
        if (b >> (at & 7) & 1) byte[at >> 3][b] |= Mask{1} << i;
    }
  }
  Mask map(uint64_t masks) const {
    Mask m = 0;
    for (int k = 0; k < N / 8; k++) m |= byte[k][(masks >> 8 * k) & 0xff];
    return m;
  }
};
const ScanBits<uint16_t, 16> kZigzag4x4Bits(kZigzag4x4);
const ScanBits<uint64_t, 64> kZigzag8x8Bits(kZigzag8x8);

// Bit i: the coefficient at scan position i of the block's category is nonzero.
template <BlockCat Cat>
uint64_t nonzero_scan_mask(const int16_t* coef) {
  if (Cat == kCatChromaDc) return nonzero4(coef);  // raster order
  constexpr int n = Cat == kCatLuma8x8 ? 64 : 16;
  uint64_t masks = 0;
  for (int i = 0; i < n; i += 16) masks |= uint64_t{nonzero16(coef + i)} << i;
  if (Cat == kCatLuma8x8) return kZigzag8x8Bits.map(masks);
  const uint32_t scan = kZigzag4x4Bits.map(masks);
  // AC blocks start at scan position 1: their DC (coef[0]) is not theirs to code.
  return Cat == kCatLumaAc || Cat == kCatChromaAc ? scan >> 1 : scan;
}

// A residual block with coefficients (7.3.5.3.3): coded_block_flag 1 (none for
// 8x8 blocks), the significance map and the levels in reverse scan order. The
// category is a template argument: every context offset below is then a
// constant. The bins go through a local copy of the coder's registers (C::Bins).
// Out of line: inlined, its loops share the macroblock writer's registers.
template <BlockCat Cat, class C>
EDGEAV_NOINLINE void put_residual(C& c, const int16_t* coef, int cbf_ctx = -1) {
  constexpr int count = kCatCount[Cat];
  constexpr bool is8x8 = Cat == kCatLuma8x8;
  const uint8_t* scan = cat_scan<Cat>();
  const uint64_t nonzero = nonzero_scan_mask<Cat>(coef);  // bit i: scan position i
  auto b = c.bins();
  if (!is8x8) b.decision(cbf_ctx, 1);
  // The highest set bit; in one 32-bit word for blocks of up to 16 coefficients.
  auto top_bit = [](uint64_t m) { return count > 32 ? 63 - clz64(m) : 31 - clz32(static_cast<uint32_t>(m)); };
  const int last = top_bit(nonzero);
  constexpr int sig = is8x8 ? kCtxSignificant8x8 : kCtxSignificant + kSigCatOffset[Cat];
  constexpr int lst = is8x8 ? kCtxLast8x8 : kCtxLast + kSigCatOffset[Cat];
  auto sig_inc = [](int i) { return is8x8 ? kSignificant8x8Ctx[i] : Cat == kCatChromaDc ? std::min(i, 2) : i; };
  auto last_inc = [&](int i) { return is8x8 ? kLast8x8Ctx[i] : sig_inc(i); };
  // One branch a position, and each bin's value is a constant.
  for (int i = 0; i < last; i++) {
    if (nonzero >> i & 1) {
      b.decision(sig + sig_inc(i), 1);
      b.decision(lst + last_inc(i), 0);
    } else {
      b.decision(sig + sig_inc(i), 0);
    }
  }
  if (last < count - 1) {  // at the block's last position both flags are implied
    b.decision(sig + sig_inc(last), 1);
    b.decision(lst + last_inc(last), 1);
  }
  constexpr int abs_ctx = is8x8 ? kCtxAbsLevel8x8 : kCtxAbsLevel + kAbsCatOffset[Cat];
  // The first bin's context counts the levels of 1 (up to 4) until one above 1
  // comes, then is 0; the other bins' counts those above 1 (5 up to 9, 8 for
  // chroma DC).
  constexpr int ctx_rest_max = Cat == kCatChromaDc ? 8 : 9;
  int ctx_first = 1, ctx_rest = 5;
  for (uint64_t left = nonzero; left;) {
    const int i = top_bit(left);
    left &= ~(uint64_t{1} << i);
    const int level = coef[scan[i]];
    const int a = std::abs(level) - 1;
    if (!a) {
      b.decision(abs_ctx + ctx_first, 0);
      ctx_first += static_cast<unsigned>(ctx_first - 1) < 3;  // 0 stays
    } else {
      b.decision(abs_ctx + ctx_first, 1);
      const int prefix = std::min(a, 14);
      for (int j = 1; j < prefix; j++) b.decision(abs_ctx + ctx_rest, 1);
      if (a < 14)
        b.decision(abs_ctx + ctx_rest, 0);
      else
        put_unary_bypass_suffix(b, a - 14, 0);
      ctx_first = 0;
      ctx_rest += ctx_rest < ctx_rest_max;
    }
    b.bypass(level < 0);
  }
  c.commit(b);
}

// A 4x4-coded block with its coded_block_flag: the block's coefficients are
// read only when the flag (from MbInfo::cbf's bits) says it has some.
template <BlockCat Cat, class C>
void put_block(C& c, const int16_t* coef, int cbf_ctx, bool coded) {
  if (coded) {
    put_residual<Cat>(c, coef, cbf_ctx);
  } else {
    auto b = c.bins();
    b.decision(cbf_ctx, 0);
    c.commit(b);
  }
}

// Bits 4 b8 .. 4 b8 + 3 (its 4x4 blocks in decoding order) for each 8x8 block
// b8 that cbp_luma codes.
uint32_t coded_8x8_blocks_4x4(int cbp_luma) {
  uint32_t m = 0;
  for (int b8 = 0; b8 < 4; b8++) m |= (cbp_luma >> b8 & 1) * 0xfu << 4 * b8;
  return m;
}

// mb_skip_flag's context (9.3.3.1.1.1): the neighbours that are not skipped.
int skip_flag_ctx(const MbInfo* left, const MbInfo* top) {
  return kCtxSkip + (left && left->type != MbType::kPSkip) + (top && top->type != MbType::kPSkip);
}

// mvd_l0 (9.3.2.3 UEG3, uCoff 9; contexts 9.3.3.1.1.7 and Table 9-39). Inlined,
// as put_unary_bypass_suffix.
template <class B>
EDGEAV_ALWAYS_INLINE void put_mvd(B& b, int base, int mvd, int neighbour_sum) {
  const int a = std::abs(mvd);
  b.decision(base + (neighbour_sum > 2) + (neighbour_sum > 32), a > 0);  // 0, 1 or 2, without branches
  if (a) {
    const int prefix = std::min(a, 9);
    for (int i = 1; i < prefix; i++) b.decision(base + std::min(2 + i, 6), 1);
    if (a < 9)
      b.decision(base + std::min(2 + prefix, 6), 0);
    else
      put_unary_bypass_suffix(b, a - 9, 3);
    b.bypass(mvd < 0);
  }
}

}  // namespace

namespace {

bool any_nonzero(const int16_t* v, int n) {  // n a multiple of 4
  uint64_t any = 0;
  for (int i = 0; i < n; i += 4) {
    uint64_t x;
    std::memcpy(&x, v + i, 8);
    any |= x;
  }
  return any != 0;
}

}  // namespace

uint32_t EncoderImpl::coded_block_flags() const {
  if (dec_.type == MbType::kIPcm) return ~0u;
  uint32_t f = luma_coded_mask(*mb_);
  if (dec_.type == MbType::kI16x16) f |= uint32_t{any_nonzero(coef_.luma_dc, 16)} << kCbfLumaDc;
  if (coef_.cbp_chroma) {
    for (int p = 0; p < 2; p++) f |= uint32_t{any_nonzero(coef_.chroma_dc[p], 4)} << (kCbfChromaDc + p);
    uint64_t ac;
    static_assert(sizeof mb_->nnz_chroma == 8, "both planes' counts in one word");
    std::memcpy(&ac, mb_->nnz_chroma, 8);
    f |= nonzero_byte_mask(ac) << kCbfChromaAc;
  }
  return f;
}

uint8_t EncoderImpl::coded_block_pattern() const {
  const int luma = dec_.type == MbType::kI16x16 ? (coef_.cbp_luma ? 15 : 0) : coef_.cbp_luma;
  return static_cast<uint8_t>(luma | coef_.cbp_chroma << 4);
}

void EncoderImpl::mvd_blocks(uint8_t mvd[16][2]) const {
  if (dec_.type == MbType::kPSkip || is_intra(dec_.type)) {
    std::memset(mvd, 0, 32);
    return;
  }
  int part = 0;
  for_each_partition(dec_, [&](int x4, int y4, int w4, int h4, Mv mv) {
    const Mv mvp = dec_.part_mvp[part++];
    const uint8_t dx = static_cast<uint8_t>(std::min(std::abs(mv.x - mvp.x), 64));
    const uint8_t dy = static_cast<uint8_t>(std::min(std::abs(mv.y - mvp.y), 64));
    for (int y = y4; y < y4 + h4; y++)
      for (int x = x4; x < x4 + w4; x++) mvd[y * 4 + x][0] = dx, mvd[y * 4 + x][1] = dy;
  });
}

void EncoderImpl::store_cabac_info() {
  const bool skip = dec_.type == MbType::kPSkip;  // codes nothing, whatever coef_ holds
  mb_->cbp = skip ? 0 : coded_block_pattern();
  mb_->cbf = skip ? 0 : coded_block_flags();
  mb_->pred_chroma = static_cast<uint8_t>(is_intra(dec_.type) ? dec_.pred_chroma : 0);
  mvd_blocks(mb_->mvd);
}

// The macroblock's own MbInfo CABAC fields are current (store_cabac_info).
template <class C>
void EncoderImpl::write_macroblock_cabac(C& c, bool p_slice) {
  const MbInfo *left = nb_.left, *top = nb_.top;
  // The syntax before the residual codes through a local copy of the coder's
  // registers (C::Bins), handed back before the parts that code through calls.
  auto b = c.bins();
  if (p_slice) {
    b.decision(skip_flag_ctx(left, top), dec_.type == MbType::kPSkip);
    if (dec_.type == MbType::kPSkip) {
      c.commit(b);
      return;
    }
  }
  const MbType type = dec_.type;
  const bool intra = is_intra(type);
  const uint32_t cbf = mb_->cbf;
  const int cbp_luma = mb_->cbp & 15, cbp_chroma = mb_->cbp >> 4;

  // mb_type (Tables 9-36, 9-37; contexts 9.3.3.1.1.3 and 9.3.3.1.2).
  if (!intra) {
    b.decision(kCtxMbTypeP, 0);
    const bool split = type == MbType::kP16x8 || type == MbType::kP8x16;
    b.decision(kCtxMbTypeP + 1, split);
    if (split)
      b.decision(kCtxMbTypeP + 3, type == MbType::kP16x8);
    else
      b.decision(kCtxMbTypeP + 2, type == MbType::kP8x8);
  } else {
    int first_ctx;
    if (p_slice) {
      b.decision(kCtxMbTypeP, 1);
      first_ctx = kCtxMbTypePIntra;
    } else {
      auto not_nxn = [](const MbInfo* n) { return n && !is_intra_nxn(n->type); };
      first_ctx = kCtxMbTypeI + not_nxn(left) + not_nxn(top);
    }
    b.decision(first_ctx, !is_intra_nxn(type));
    if (type == MbType::kIPcm) {  // the terminating bin 1 ends the coder; the caller writes the samples
      c.commit(b);
      c.terminate(1);
      return;
    }
    if (type == MbType::kI16x16) {
      b.terminate_zero();
      // Bins 2.. (Table 9-39): luma cbp, chroma cbp (and whether it is 2), then the
      // two mode bits, at contexts 3+3..3+7 in I slices and 17+1..17+3 in P slices.
      const int base = p_slice ? kCtxMbTypePIntra : kCtxMbTypeI;
      b.decision(base + (p_slice ? 1 : 3), cbp_luma != 0);
      b.decision(base + (p_slice ? 2 : 4), cbp_chroma != 0);
      if (cbp_chroma) b.decision(base + (p_slice ? 2 : 5), cbp_chroma == 2);
      b.decision(base + (p_slice ? 3 : 6), dec_.pred16x16 >> 1);
      b.decision(base + (p_slice ? 3 : 7), dec_.pred16x16 & 1);
    }
  }

  if (type == MbType::kP8x8)
    for (int i = 0; i < 4; i++) b.decision(kCtxSubMbTypeP, 1);  // P_L0_8x8

  // transform_size_8x8_flag's context (9.3.3.1.1.10).
  auto t8x8 = [](const MbInfo* n) { return n && n->transform8x8; };
  const int transform8x8_ctx = kCtxTransform8x8 + t8x8(left) + t8x8(top);
  if (is_intra_nxn(type)) b.decision(transform8x8_ctx, type == MbType::kI8x8);
  if (type == MbType::kI8x8) {
    for (int b8 = 0; b8 < 4; b8++) {
      // The predicted mode of an 8x8 block is that of its first 4x4 block (8.3.2.1).
      const int predicted = predicted_intra4x4_mode((b8 >> 1) * 8 + (b8 & 1) * 2), mode = dec_.modes8x8[b8];
      b.decision(kCtxPrevIntraFlag, mode == predicted);
      if (mode != predicted) {
        const int rem = mode < predicted ? mode : mode - 1;
        for (int bit = 0; bit < 3; bit++) b.decision(kCtxRemIntraMode, (rem >> bit) & 1);
      }
    }
  }
  if (type == MbType::kI4x4) {
    for (int n = 0; n < 16; n++) {
      const int blk = kBlockDecodeOrder[n];
      const int predicted = predicted_intra4x4_mode(blk), mode = dec_.modes4x4[blk];
      b.decision(kCtxPrevIntraFlag, mode == predicted);
      if (mode != predicted) {
        const int rem = mode < predicted ? mode : mode - 1;
        for (int bit = 0; bit < 3; bit++) b.decision(kCtxRemIntraMode, (rem >> bit) & 1);
      }
    }
  }
  if (intra) {
    auto cond = [](const MbInfo* n) { return n && is_intra(n->type) && n->type != MbType::kIPcm && n->pred_chroma; };
    const int mode = dec_.pred_chroma;
    b.decision(kCtxChromaPred + cond(left) + cond(top), mode > 0);
    if (mode > 0) {
      b.decision(kCtxChromaPred + 3, mode > 1);
      if (mode > 1) b.decision(kCtxChromaPred + 3, mode > 2);
    }
  } else {
    // The partitions' differences and their neighbours' sums (for the contexts),
    // gathered first: the partitions come through a callback, which would take
    // the bins' address.
    const uint8_t(*mvd)[2] = mb_->mvd;
    int diff[4][2], sum[4][2], parts = 0;
    for_each_partition(dec_, [&](int x4, int y4, int, int, Mv mv) {
      const int blk = y4 * 4 + x4;
      for (int comp = 0; comp < 2; comp++) {
        const int a = x4 > 0 ? mvd[blk - 1][comp] : left ? left->mvd[blk + 3][comp] : 0;
        const int b = y4 > 0 ? mvd[blk - 4][comp] : top ? top->mvd[12 + x4][comp] : 0;
        sum[parts][comp] = a + b;
      }
      const Mv mvp = dec_.part_mvp[parts];
      diff[parts][0] = mv.x - mvp.x, diff[parts][1] = mv.y - mvp.y;
      parts++;
    });
    for (int i = 0; i < parts; i++) {
      put_mvd(b, kCtxMvdX, diff[i][0], sum[i][0]);
      put_mvd(b, kCtxMvdY, diff[i][1], sum[i][1]);
    }
  }

  if (type != MbType::kI16x16) {
    // coded_block_pattern prefix (luma 8x8 bits) and suffix (chroma), 9.3.3.1.1.4.
    auto luma_bits = [](const MbInfo* n) {  // unavailable and I_PCM count as coded
      return !n || n->type == MbType::kIPcm ? 15 : n->cbp & 15;
    };
    const int left_bits = luma_bits(left), top_bits = luma_bits(top);
    // Bit b8: the 8x8 block to its left coded (from this macroblock or the left
    // one's right column), and the block above (this one or the top one's bottom row).
    const int coded_a = ((cbp_luma << 1) & 0xa) | ((left_bits >> 1) & 0x5);
    const int coded_b = ((cbp_luma << 2) & 0xc) | ((top_bits >> 2) & 0x3);
    for (int b8 = 0; b8 < 4; b8++)
      b.decision(kCtxCbpLuma + (~coded_a >> b8 & 1) + 2 * (~coded_b >> b8 & 1), (cbp_luma >> b8) & 1);
    auto chroma = [](const MbInfo* n, int at_least) {
      return n && (n->type == MbType::kIPcm || (n->cbp >> 4) >= at_least);
    };
    b.decision(kCtxCbpChroma + chroma(left, 1) + 2 * chroma(top, 1), cbp_chroma != 0);
    if (cbp_chroma) b.decision(kCtxCbpChroma + 4 + chroma(left, 2) + 2 * chroma(top, 2), cbp_chroma == 2);
    if (cbp_luma && !intra) b.decision(transform8x8_ctx, dec_.transform8x8);
    if (!cbp_luma && !cbp_chroma) {
      c.commit(b);
      return;
    }
  }

  // mb_qp_delta: unary of the mapped value; context from the previous macroblock's delta.
  const int dqp = qp_ - last_qp_;
  const int mapped = dqp > 0 ? 2 * dqp - 1 : -2 * dqp;
  b.decision(kCtxQpDelta + (last_dqp_ != 0), mapped > 0);
  for (int i = 1; i <= mapped; i++) b.decision(kCtxQpDelta + (i == 1 ? 2 : 3), i < mapped);
  c.commit(b);  // the residual blocks code through the coder

  // coded_block_flag contexts (9.3.3.1.1.9): an unavailable neighbour counts as
  // coded for intra macroblocks, I_PCM always, a skipped one never. The
  // neighbours' flags once, as words of MbInfo::cbf's bits.
  auto neighbour_cbf = [&](const MbInfo* n) -> uint32_t {
    return !n ? (intra ? ~0u : 0u) : n->type == MbType::kIPcm ? ~0u : n->cbf;
  };
  const uint32_t left_cbf = neighbour_cbf(left), top_cbf = neighbour_cbf(top);
  // Bit blk (raster 4x4 block): the flag of the block to its left (condTermFlagA),
  // and of the block above (condTermFlagB), from this macroblock or the neighbour's
  // right column (bits 3, 7, 11, 15) or bottom row (bits 12..15).
  const uint32_t luma_a = ((cbf << 1) & 0xeeee) | ((left_cbf >> 3) & 0x1111);
  const uint32_t luma_b = ((cbf << 4) & 0xfff0) | ((top_cbf >> 12) & 0xf);
  auto cbf_ctx = [](BlockCat cat, int a, int b) { return kCtxCodedBlockFlag + kCbfCatOffset[cat] + a + 2 * b; };
  auto luma_cbf_ctx = [&](BlockCat cat, int blk) { return cbf_ctx(cat, (luma_a >> blk) & 1, (luma_b >> blk) & 1); };
  if (type == MbType::kI16x16) {
    auto dc_term = [&](const MbInfo* n) {
      return !n ? 1 : n->type == MbType::kIPcm ? 1 : n->type == MbType::kI16x16 ? (n->cbf >> kCbfLumaDc) & 1 : 0;
    };
    put_block<kCatLumaDc>(c, coef_.luma_dc, cbf_ctx(kCatLumaDc, dc_term(left), dc_term(top)), cbf >> kCbfLumaDc & 1);
    if (cbp_luma)
      for (int n = 0; n < 16; n++) {
        const int blk = kBlockDecodeOrder[n];
        put_block<kCatLumaAc>(c, coef_.luma[blk], luma_cbf_ctx(kCatLumaAc, blk), cbf >> blk & 1);
      }
  } else if (dec_.transform8x8) {
    // The loops visit the set bits of a mask: a test per block mispredicts as
    // often as the blocks vary.
    for (uint32_t m = cbp_luma; m; m &= m - 1) put_residual<kCatLuma8x8>(c, coef_.luma8x8[ctz32(m)]);
  } else {
    for (uint32_t m = coded_8x8_blocks_4x4(cbp_luma); m; m &= m - 1) {
      const int blk = kBlockDecodeOrder[ctz32(m)];
      put_block<kCatLuma4x4>(c, coef_.luma[blk], luma_cbf_ctx(kCatLuma4x4, blk), cbf >> blk & 1);
    }
  }
  if (cbp_chroma) {
    for (int p = 0; p < 2; p++) {
      const int a = (left_cbf >> (kCbfChromaDc + p)) & 1, b = (top_cbf >> (kCbfChromaDc + p)) & 1;
      put_block<kCatChromaDc>(c, coef_.chroma_dc[p], cbf_ctx(kCatChromaDc, a, b), cbf >> (kCbfChromaDc + p) & 1);
    }
    if (cbp_chroma == 2)
      for (int p = 0; p < 2; p++)
        for (int blk = 0; blk < 4; blk++) {
          const int base = kCbfChromaAc + 4 * p, x = blk & 1, y = blk >> 1;
          const int a = ((x ? cbf : left_cbf) >> (base + blk + (x ? -1 : 1))) & 1;
          const int b = ((y ? cbf : top_cbf) >> (base + blk + (y ? -2 : 2))) & 1;
          put_block<kCatChromaAc>(c, coef_.chroma_ac[p][blk], cbf_ctx(kCatChromaAc, a, b), cbf >> (base + blk) & 1);
        }
  }
}

void EncoderImpl::entropy_mark(EntropyMark* m) const {
  m->bits = bw_.mark();
  m->skip_run = skip_run_;
  if (cabac_) m->engine = cabac_enc_.state(), m->contexts = cabac_ctx_;
}

void EncoderImpl::entropy_rewind(const EntropyMark& m) {
  bw_.rewind(m.bits);
  skip_run_ = m.skip_run;
  if (cabac_) cabac_enc_.set_state(m.engine), cabac_ctx_ = m.contexts;
}

void EncoderImpl::write_macroblock_cabac_stream(bool p_slice) {
  store_cabac_info();
  const bool after_first = mb_y_ * mb_w_ + mb_x_ > slice_first_mb_;  // then end_of_slice_flag 0 goes first
  if (dec_.type == MbType::kPSkip) {  // the two bins in one run (a skip cannot exceed the size below)
    auto b = cabac_enc_.bins();
    if (after_first) b.terminate_zero();
    b.decision(skip_flag_ctx(nb_.left, nb_.top), 1);
    cabac_enc_.commit(b);
    return;
  }
  if (after_first) cabac_enc_.terminate(0);
  // As in CAVLC, a macroblock never costs more than its raw samples. An I_PCM
  // cannot, nor one without residual (under 800 bits: under 100 decision bins
  // of at most 6 bits, and under 250 bypass bins of motion vector differences):
  // they need no mark, which copies every context.
  const bool may_exceed = dec_.type != MbType::kIPcm && (mb_->cbp || dec_.type == MbType::kI16x16);
  EntropyMark start;
  if (may_exceed) entropy_mark(&start);
  write_macroblock_cabac(cabac_enc_, p_slice);
  if (may_exceed && cabac_enc_.bit_count() - start.bits.pos * 8 - start.bits.nacc >
                        static_cast<size_t>(kPcmBytes * 8 + 16)) {
    entropy_rewind(start);
    encode_pcm();
    store_cabac_info();
    write_macroblock_cabac(cabac_enc_, p_slice);
  }
  if (dec_.type == MbType::kIPcm) {  // mb_type's terminating bin flushed the coder (9.3.4.5)
    write_pcm_samples(bw_);
    cabac_enc_.restart();
  }
}

template void EncoderImpl::write_macroblock_cabac(CabacEncoder&, bool);
template void EncoderImpl::write_macroblock_cabac(CabacCounter&, bool);

}  // namespace h264
}  // namespace edgeav
