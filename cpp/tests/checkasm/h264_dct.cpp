// checkasm for the H.264 transforms and quantisation (dct_dsp).
//
// Inputs are what an encoder feeds the kernels, at their extremes:
//  * sub*_dct: pixel differences over the full range -255..255 (independent
//    random pixels, all-0/255 pixels, +-255 everywhere and the sign pattern of
//    every basis function, which give the largest coefficients);
//  * add*_idct: coefficients that are conformant in the sense of 8.5.12.2
//    (every intermediate value of the inverse transform fits 16 bits, as
//    the standard requires of a bitstream): the encoder's own chain
//    residual -> dct -> quant -> dequant at every QP, and random or single
//    large coefficients scaled down until conformant. Outside that range the
//    int16 SIMD of every H.264 codec differs from the C's int arithmetic;
//  * dct4x4dc: DC coefficients of 4x4 pixel differences (|dc| <= 4080);
//  * idct4x4dc: any int16 (its int16 result wraps in C and SIMD alike);
//  * quant: the mf / bias tables an encoder builds for QP 0..51, intra
//    (deadzone 1/3) and inter (1/6), on coefficients over the whole int16
//    range, and random tables with bias <= 32767;
//  * dequant: levels up to the CAVLC limit +-2063 (and any int16) times the
//    scales of QP 0..51, whose products wrap to int16 in C and SIMD alike;
//  * decimate_score: any int16 levels. Every one of the 65536 patterns of
//    nonzero positions with +-1 levels (every run), all-zero blocks, one +-1
//    or one larger level (2, 127, 128, 256, the int16 extremes...) at every
//    position (the DC, which the 15 version ignores, included), and random
//    blocks of mostly 0 / +-1 with sparse larger levels;
//  * the 8x8 transform (sub*_dct8, add*_idct8, quant_8x8, dequant_8x8): the
//    same kinds of input, with the signs of every 8-point basis function
//    among the pixel patterns and 8.5.13.2's 16-bit bound for the inverse;
//    once per run, a C-only self test of the 8x8 tables and chain (self_test8).
#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <vector>

#include "checkasm/checkasm.h"
#include "video/h264/dsp/dct_dsp.h"
#include "video/h264/quant.h"
#include "video/h264/tables.h"

namespace checkasm {

namespace {

using edgeav::h264::DctDsp;
using Coefs4x4 = int16_t (*)[16];
using Coefs8x8 = int16_t (*)[64];

enum Entry {
  kSub4x4, kSub8x8, kSub16x16, kAdd4x4, kAdd8x8, kAdd16x16, kDct4x4Dc, kIdct4x4Dc, kQuant4x4, kQuant4x4x16, kDequant,
  kDecimate16, kDecimate15, kSub8x8Dct8, kSub16x16Dct8, kAdd8x8Idct8, kAdd16x16Idct8, kQuant8x8, kDequant8x8
};

// A w x h pixel block at a random stride, in a buffer that ends with its last pixel.
struct Block {
  Block(Rng& rng, int w, int h)
      : stride(w + (rng.next() & 1) * rng.range(1, 48)), buf((h - 1) * stride + w, rng.range(0, 63)) {}
  uint8_t* at(int x, int y) { return buf.data() + y * stride + x; }
  ptrdiff_t stride;
  Buffer buf;
};

enum Pattern {
  kRandomPixels, kExtremePixels, kPlus255, kMinus255, kBasisSigns, kBasis8Signs, kSmallDifferences, kPatternCount
};

// Fills src and pred (w x h) so that src - pred follows `pattern`.
void fill_difference(Rng& rng, Block& src, Block& pred, int w, int h, Pattern pattern) {
  static const int kBasis[4][4] = {{1, 1, 1, 1}, {2, 1, -1, -2}, {1, -1, -1, 1}, {1, -2, 2, -1}};
  // Signs of the 8-point forward basis functions.
  static const int kBasis8[8][8] = {{1, 1, 1, 1, 1, 1, 1, 1},     {1, 1, 1, 1, -1, -1, -1, -1},
                                    {1, 1, -1, -1, -1, -1, 1, 1}, {1, -1, -1, -1, 1, 1, 1, -1},
                                    {1, -1, -1, 1, 1, -1, -1, 1}, {1, -1, 1, 1, -1, -1, 1, -1},
                                    {1, -1, 1, -1, -1, 1, -1, 1}, {1, -1, 1, -1, 1, -1, 1, -1}};
  const int u = rng.range(0, 3), v = rng.range(0, 3), u8 = rng.range(0, 7), v8 = rng.range(0, 7);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      uint8_t &s = *src.at(x, y), &p = *pred.at(x, y);
      switch (pattern) {
        case kRandomPixels: s = static_cast<uint8_t>(rng.next()), p = static_cast<uint8_t>(rng.next()); break;
        case kExtremePixels: s = (rng.next() & 1) ? 255 : 0, p = (rng.next() & 1) ? 255 : 0; break;
        case kPlus255: s = 255, p = 0; break;
        case kMinus255: s = 0, p = 255; break;
        case kBasisSigns: s = kBasis[u][y & 3] * kBasis[v][x & 3] > 0 ? 255 : 0, p = 255 - s; break;
        case kBasis8Signs: s = kBasis8[u8][y & 7] * kBasis8[v8][x & 7] > 0 ? 255 : 0, p = 255 - s; break;
        default:
          p = static_cast<uint8_t>(rng.next());
          s = static_cast<uint8_t>(std::clamp(p + rng.range(-3, 3), 0, 255));
      }
    }
}

// n 4x4 coefficient blocks at a random (2-byte) misalignment between guard words.
struct Coefs {
  Coefs(Rng& rng, int n) : v(n * 16 + 32, 0x5A5A), offset(rng.range(8, 15)) {}
  int16_t* data() { return v.data() + offset; }
  Coefs4x4 blocks() { return reinterpret_cast<Coefs4x4>(data()); }
  Coefs8x8 blocks8() { return reinterpret_cast<Coefs8x8>(data()); }
  std::vector<int16_t> v;
  int offset;
};

// The forward quantisation tables an encoder builds (x264's scheme): level =
// ((|c| + bias) * mf) >> 16 is (|c| * MF + f * 2^(15 + qp/6)) >> (15 + qp/6).
struct QuantTables {
  uint16_t mf[16], bias[16];
};
QuantTables quant_tables(int qp, bool intra) {
  QuantTables t;
  const int divisor = intra ? 3 : 6;  // deadzone f = 1/3 intra, 1/6 inter
  for (int i = 0; i < 16; i++) {
    const int mf0 = edgeav::h264::kQuantMf[qp % 6][edgeav::h264::kCoeffClass[i]];
    const int mf = qp < 6 ? mf0 << 1 : mf0 >> (qp / 6 - 1);
    t.mf[i] = static_cast<uint16_t>(mf);
    t.bias[i] = static_cast<uint16_t>((65536 + divisor * mf / 2) / (divisor * mf));
  }
  return t;
}

void dequant_scales(int qp, int32_t scale[16]) {
  for (int i = 0; i < 16; i++) scale[i] = edgeav::h264::kDequantV[qp % 6][edgeav::h264::kCoeffClass[i]] << (qp / 6);
}

// Whether every intermediate value of 8.5.12.2 fits 16 bits.
bool conformant(const int16_t c[16]) {
  auto fits = [](int v) { return v >= -32768 && v <= 32767; };
  bool ok = true;
  auto butterfly = [&](int a, int b, int c2, int d, int* out) {
    const int e = a + c2, f = a - c2, g = (b >> 1) - d, h = b + (d >> 1);
    out[0] = e + h, out[1] = f + g, out[2] = f - g, out[3] = e - h;
    for (int v : {e, f, g, h, out[0], out[1], out[2], out[3]}) ok = ok && fits(v);
  };
  int t[16], out[4];
  for (int y = 0; y < 4; y++) butterfly(c[4 * y], c[4 * y + 1], c[4 * y + 2], c[4 * y + 3], t + 4 * y);
  for (int x = 0; x < 4; x++) butterfly(t[x], t[4 + x], t[8 + x], t[12 + x], out);
  return ok;
}

// Halves the block until it is conformant.
void make_conformant(int16_t c[16]) {
  while (!conformant(c))
    for (int i = 0; i < 16; i++) c[i] = static_cast<int16_t>(c[i] / 2);
}

enum CoefSource { kEncoderChain, kRandomLarge, kRandomSmall, kSingleLarge, kSourceCount };

// One block of dequantised coefficients as `source` describes.
void conformant_block(Rng& rng, const DctDsp& c_dsp, int16_t out[16], CoefSource source) {
  if (source == kEncoderChain) {
    Block src(rng, 4, 4), pred(rng, 4, 4);
    fill_difference(rng, src, pred, 4, 4, static_cast<Pattern>(rng.range(0, kPatternCount - 1)));
    c_dsp.sub4x4_dct(out, src.at(0, 0), src.stride, pred.at(0, 0), pred.stride);
    const int qp = rng.range(0, 51);
    const QuantTables q = quant_tables(qp, rng.next() & 1);
    c_dsp.quant_4x4(out, q.mf, q.bias);
    int32_t scale[16];
    dequant_scales(qp, scale);
    c_dsp.dequant_4x4(out, scale);
  } else if (source == kSingleLarge) {
    std::fill(out, out + 16, 0);
    const int big = (rng.next() & 1) ? rng.range(32000, 32767) : rng.range(-32768, -32000);
    out[rng.range(0, 15)] = static_cast<int16_t>(big);
  } else {
    const int bound = source == kRandomLarge ? 32767 : 2674;  // |c| <= 2674 is always conformant
    const bool sparse = rng.next() & 1;
    for (int i = 0; i < 16; i++)
      out[i] = static_cast<int16_t>(sparse && (rng.next() & 3) ? 0 : rng.range(-bound, bound));
  }
  make_conformant(out);
}

std::string describe(const char* what, int value) { return std::string(what) + " " + std::to_string(value); }

// Runs `fn` (C and SIMD) on copies of 16 coefficients and compares.
template <typename Fn>
void compare_dc(Context& ctx, size_t index, Fn c_fn, Fn simd_fn, const int16_t in[16], const std::string& what) {
  Coefs a(ctx.rng(), 1);
  std::copy(in, in + 16, a.data());
  Coefs b = a;
  c_fn(a.data());
  simd_fn(b.data());
  if (a.v != b.v) ctx.fail(index, what);
}

void check_dct4x4dc(Context& ctx) {
  if (!ctx.check(kDct4x4Dc)) return;
  const auto c_fn = c_of<DctDsp>(ctx).dct4x4dc, simd_fn = new_of<DctDsp>(ctx).dct4x4dc;
  static const int kSigns[4][4] = {{1, 1, 1, 1}, {1, 1, -1, -1}, {1, -1, -1, 1}, {1, -1, 1, -1}};
  int16_t dc[16];
  for (int rep = 0; rep < 2000; rep++) {
    const int kind = rep % 4;
    if (kind == 3) {  // the DCs of a real 16x16 difference block
      Block src(ctx.rng(), 16, 16), pred(ctx.rng(), 16, 16);
      fill_difference(ctx.rng(), src, pred, 16, 16, static_cast<Pattern>(ctx.rng().range(0, kPatternCount - 1)));
      int16_t blocks[16][16];
      c_of<DctDsp>(ctx).sub16x16_dct(blocks, src.at(0, 0), src.stride, pred.at(0, 0), pred.stride);
      for (int i = 0; i < 16; i++) dc[i] = blocks[i][0];
    } else {
      const int u = ctx.rng().range(0, 3), v = ctx.rng().range(0, 3);  // Hadamard basis: the largest sums
      for (int i = 0; i < 16; i++)
        dc[i] = static_cast<int16_t>(kind == 0   ? ctx.rng().range(-4080, 4080)
                                     : kind == 1 ? ((ctx.rng().next() & 1) ? 4080 : -4080)
                                                 : 4080 * kSigns[u][i >> 2] * kSigns[v][i & 3]);
    }
    compare_dc(ctx, kDct4x4Dc, c_fn, simd_fn, dc, describe("kind", kind));
  }
  std::printf("ok");
  ctx.bench(kDct4x4Dc, "", [&] { c_fn(dc); }, [&] { simd_fn(dc); });
  std::printf("\n");
}

void check_idct4x4dc(Context& ctx) {
  if (!ctx.check(kIdct4x4Dc)) return;
  const auto c_fn = c_of<DctDsp>(ctx).idct4x4dc, simd_fn = new_of<DctDsp>(ctx).idct4x4dc;
  int16_t dc[16];
  for (int rep = 0; rep < 2000; rep++) {
    const int kind = rep % 3;  // CAVLC levels, any int16, int16 extremes
    for (int i = 0; i < 16; i++)
      dc[i] = static_cast<int16_t>(kind == 0   ? ctx.rng().range(-2063, 2063)
                                   : kind == 1 ? ctx.rng().range(-32768, 32767)
                                               : ((ctx.rng().next() & 1) ? 32767 : -32768));
    compare_dc(ctx, kIdct4x4Dc, c_fn, simd_fn, dc, describe("kind", kind));
  }
  std::printf("ok");
  ctx.bench(kIdct4x4Dc, "", [&] { c_fn(dc); }, [&] { simd_fn(dc); });
  std::printf("\n");
}

// Coefficients to quantise: from real residuals, or any int16.
void quant_input(Rng& rng, const DctDsp& c_dsp, int16_t* out, int blocks, int kind) {
  for (int b = 0; b < blocks; b++) {
    int16_t* c = out + 16 * b;
    if (kind == 0) {
      Block src(rng, 4, 4), pred(rng, 4, 4);
      fill_difference(rng, src, pred, 4, 4, static_cast<Pattern>(rng.range(0, kPatternCount - 1)));
      c_dsp.sub4x4_dct(c, src.at(0, 0), src.stride, pred.at(0, 0), pred.stride);
    } else {
      for (int i = 0; i < 16; i++)
        c[i] = static_cast<int16_t>(kind == 1   ? rng.range(-32768, 32767)
                                    : kind == 2 ? ((rng.next() & 1) ? 32767 : -32768)
                                                : rng.range(-64, 64));
    }
  }
}

template <typename Call>
void check_quant(Context& ctx, size_t index, int blocks, Call call) {
  if (!ctx.check(index)) return;
  std::vector<QuantTables> tables;
  for (int qp = 0; qp <= 51; qp++)
    for (bool intra : {true, false}) tables.push_back(quant_tables(qp, intra));
  for (int r = 0; r < 40; r++) {  // any table within the kernels' domain
    QuantTables t;
    for (int i = 0; i < 16; i++) {
      t.mf[i] = static_cast<uint16_t>(ctx.rng().range(1, 65535));
      t.bias[i] = static_cast<uint16_t>(ctx.rng().range(0, 32767));
    }
    tables.push_back(t);
  }
  for (size_t t = 0; t < tables.size(); t++)
    for (int kind = 0; kind < 4; kind++)
      for (int rep = 0; rep < 6; rep++) {
        Coefs a(ctx.rng(), blocks);
        quant_input(ctx.rng(), c_of<DctDsp>(ctx), a.data(), blocks, kind);
        Coefs b = a;
        const int ra = call(c_of<DctDsp>(ctx), a.data(), tables[t]);
        const int rb = call(new_of<DctDsp>(ctx), b.data(), tables[t]);
        if (ra != rb || a.v != b.v)
          ctx.fail(index, (t < 104 ? describe("qp", static_cast<int>(t / 2)) + (t & 1 ? " inter" : " intra")
                                   : describe("random table", static_cast<int>(t))) +
                              ", " + describe("input kind", kind));
      }
  std::printf("ok");
  const QuantTables q = quant_tables(26, false);
  Coefs c(ctx.rng(), blocks);
  quant_input(ctx.rng(), c_of<DctDsp>(ctx), c.data(), blocks, 0);
  ctx.bench(index, "qp26", [&] { call(c_of<DctDsp>(ctx), c.data(), q); },
            [&] { call(new_of<DctDsp>(ctx), c.data(), q); });
  std::printf("\n");
}

void check_dequant(Context& ctx) {
  if (!ctx.check(kDequant)) return;
  for (int qp = 0; qp <= 51; qp++) {
    int32_t scale[16];
    dequant_scales(qp, scale);
    for (int kind = 0; kind < 4; kind++)  // CAVLC levels, their extremes, any int16, int16 extremes
      for (int rep = 0; rep < 20; rep++) {
        Coefs a(ctx.rng(), 1);
        for (int i = 0; i < 16; i++) {
          const int big = kind < 2 ? 2063 : 32767;
          a.data()[i] = static_cast<int16_t>((kind & 1) ? ((ctx.rng().next() & 1) ? big : -big - (kind == 3))
                                                        : ctx.rng().range(-big - (kind == 2), big));
        }
        Coefs b = a;
        c_of<DctDsp>(ctx).dequant_4x4(a.data(), scale);
        new_of<DctDsp>(ctx).dequant_4x4(b.data(), scale);
        if (a.v != b.v) ctx.fail(kDequant, describe("qp", qp) + ", " + describe("level kind", kind));
      }
  }
  std::printf("ok");
  int32_t scale[16];
  dequant_scales(26, scale);
  Coefs c(ctx.rng(), 1);
  for (int i = 0; i < 16; i++) c.data()[i] = static_cast<int16_t>(ctx.rng().range(-8, 8));
  ctx.bench(kDequant, "qp26", [&] { c_of<DctDsp>(ctx).dequant_4x4(c.data(), scale); },
            [&] { new_of<DctDsp>(ctx).dequant_4x4(c.data(), scale); });
  std::printf("\n");
}

// Levels as the encoder's quantiser leaves them: mostly 0 and +-1, with
// `big_per_mille` of the levels anywhere in the int16 range.
void sparse_levels(Rng& rng, int16_t out[16], int big_per_mille) {
  const int ones = rng.range(0, 16);  // density of +-1, so that every run length occurs
  for (int i = 0; i < 16; i++) {
    const int r = rng.range(0, 999);
    out[i] = static_cast<int16_t>(r < big_per_mille          ? rng.range(-32768, 32767)
                                  : rng.range(0, 15) < ones ? ((rng.next() & 1) ? 1 : -1)
                                                            : 0);
  }
}

std::string block_text(const int16_t c[16]) {
  std::string s = "levels";
  for (int i = 0; i < 16; i++) s += " " + std::to_string(c[i]);
  return s;
}

void check_decimate(Context& ctx, size_t index, int (*DctDsp::*entry)(const int16_t*)) {
  if (!ctx.check(index)) return;
  const auto c_fn = c_of<DctDsp>(ctx).*entry, simd_fn = new_of<DctDsp>(ctx).*entry;
  Coefs block(ctx.rng(), 1);
  int16_t* c = block.data();
  auto compare = [&](const char* what) {
    const int expected = c_fn(c), got = simd_fn(c);
    if (expected != got)
      ctx.fail(index, std::string(what) + ": C " + std::to_string(expected) + ", SIMD " + std::to_string(got) + ", " +
                          block_text(c));
  };
  for (int mask = 0; mask < 1 << 16; mask++) {  // every set of nonzero positions
    for (int i = 0; i < 16; i++) c[i] = static_cast<int16_t>(mask >> i & 1 ? ((ctx.rng().next() & 1) ? 1 : -1) : 0);
    compare("+-1 pattern");
  }
  std::fill(c, c + 16, 0);
  compare("all zero");
  static const int kSingles[] = {1, -1, 2, -2, 3, 127, -128, 128, -129, 255, 256, -256, 32767, -32768};
  for (int pos = 0; pos < 16; pos++)
    for (int v : kSingles) {
      std::fill(c, c + 16, 0);
      c[pos] = static_cast<int16_t>(v);
      compare("one level");
      sparse_levels(ctx.rng(), c, 0);  // the same among +-1 levels
      c[pos] = static_cast<int16_t>(v);
      compare("one level among +-1");
    }
  for (int rep = 0; rep < 20000; rep++) {
    sparse_levels(ctx.rng(), c, rep % 4 == 0 ? 0 : rep % 4 == 1 ? 10 : rep % 4 == 2 ? 100 : 1000);
    compare("random");
  }
  for (int rep = 0; rep < 200; rep++) {  // int16 extremes everywhere
    for (int i = 0; i < 16; i++) c[i] = static_cast<int16_t>((ctx.rng().next() & 1) ? 32767 : -32768);
    compare("extremes");
  }
  std::printf("ok");
  // A pool of blocks the encoder would see, so that branches cannot learn one input.
  std::vector<int16_t> pool(64 * 16);
  for (int b = 0; b < 64; b++) sparse_levels(ctx.rng(), &pool[16 * b], 20);
  size_t next = 0;
  ctx.bench(index, "mixed", [&] { c_fn(&pool[16 * (next++ & 63)]); }, [&] { simd_fn(&pool[16 * (next++ & 63)]); });
  std::printf("\n");
}

// ---- 8x8 transform (High profile) ----

const edgeav::h264::QuantTables& tables8() { return edgeav::h264::quant_tables(); }

// Whether every intermediate value of 8.5.13.2 (both passes) fits 16 bits.
bool conformant8(const int16_t c[64]) {
  bool ok = true;
  auto fits = [&](std::initializer_list<int> vs) {
    for (int v : vs) ok = ok && v >= -32768 && v <= 32767;
  };
  auto pass = [&](const int* d, int step, int* out) {
    const int a0 = d[0] + d[4 * step], a4 = d[0] - d[4 * step];
    const int a2 = (d[2 * step] >> 1) - d[6 * step], a6 = d[2 * step] + (d[6 * step] >> 1);
    const int b0 = a0 + a6, b2 = a4 + a2, b4 = a4 - a2, b6 = a0 - a6;
    const int d1 = d[step], d3 = d[3 * step], d5 = d[5 * step], d7 = d[7 * step];
    const int a1 = -d3 + d5 - d7 - (d7 >> 1), a3 = d1 + d7 - d3 - (d3 >> 1);
    const int a5 = -d1 + d7 + d5 + (d5 >> 1), a7 = d3 + d5 + d1 + (d1 >> 1);
    const int b1 = a1 + (a7 >> 2), b7 = a7 - (a1 >> 2), b3 = a3 + (a5 >> 2), b5 = (a3 >> 2) - a5;
    const int f[8] = {b0 + b7, b2 + b5, b4 + b3, b6 + b1, b6 - b1, b4 - b3, b2 - b5, b0 - b7};
    fits({a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3, b4, b5, b6, b7});
    for (int i = 0; i < 8; i++) fits({f[i]}), out[i * step] = f[i];
  };
  int in[64], t[64], out[64];
  std::copy(c, c + 64, in);
  for (int y = 0; y < 8; y++) pass(in + 8 * y, 1, t + 8 * y);
  for (int x = 0; x < 8; x++) pass(t + x, 8, out + x);
  return ok;
}

void make_conformant8(int16_t c[64]) {
  while (!conformant8(c))
    for (int i = 0; i < 64; i++) c[i] = static_cast<int16_t>(c[i] / 2);
}

// The encoder's chain on an 8x8 difference block: transform, quantise at
// `qp` (with fit_levels_8x8), dequantise. Returns whether fit_levels_8x8
// changed a level.
bool encode8(const DctDsp& d, int16_t out[64], Block& src, Block& pred, int qp, bool intra) {
  const auto& q = tables8();
  d.sub8x8_dct8(out, src.at(0, 0), src.stride, pred.at(0, 0), pred.stride);
  d.quant_8x8(out, q.mf8[qp], intra ? q.bias8_intra[qp] : q.bias8_inter[qp]);
  const bool fitted = edgeav::h264::fit_levels_8x8(out, q.dequant8[qp]);
  d.dequant_8x8(out, q.dequant8[qp]);
  return fitted;
}

void conformant_block8(Rng& rng, const DctDsp& c_dsp, int16_t out[64], CoefSource source) {
  if (source == kEncoderChain) {
    Block src(rng, 8, 8), pred(rng, 8, 8);
    fill_difference(rng, src, pred, 8, 8, static_cast<Pattern>(rng.range(0, kPatternCount - 1)));
    encode8(c_dsp, out, src, pred, rng.range(0, 51), rng.next() & 1);
  } else if (source == kSingleLarge) {
    std::fill(out, out + 64, 0);
    const int big = (rng.next() & 1) ? rng.range(32000, 32767) : rng.range(-32768, -32000);
    out[rng.range(0, 63)] = static_cast<int16_t>(big);
  } else {
    const int bound = source == kRandomLarge ? 32767 : 1024;
    const bool sparse = rng.next() & 1;
    for (int i = 0; i < 64; i++)
      out[i] = static_cast<int16_t>(sparse && (rng.next() & 3) ? 0 : rng.range(-bound, bound));
  }
  make_conformant8(out);
}

// Transform blocks of side B (4 or 8) in a Coefs buffer, and conformant coefficients for one.
template <int B>
auto blocks_of(Coefs& c) {
  if constexpr (B == 4)
    return c.blocks();
  else
    return c.blocks8();
}
template <int B>
void conformant(Rng& rng, const DctDsp& c_dsp, int16_t* out, CoefSource source) {
  if constexpr (B == 4)
    conformant_block(rng, c_dsp, out, source);
  else
    conformant_block8(rng, c_dsp, out, source);
}

// The forward transforms of an n x n block of B x B transform blocks.
template <int B, typename Call>
void check_sub(Context& ctx, size_t index, int n, Call call) {
  if (!ctx.check(index)) return;
  const int side = B * n, units = side * side / 16;  // Coefs counts 4x4 blocks
  for (int p = 0; p < kPatternCount; p++)
    for (int rep = 0; rep < 40; rep++) {
      Block src(ctx.rng(), side, side), pred(ctx.rng(), side, side);
      fill_difference(ctx.rng(), src, pred, side, side, static_cast<Pattern>(p));
      Coefs a(ctx.rng(), units), b = a;
      call(c_of<DctDsp>(ctx), blocks_of<B>(a), src, pred);
      call(new_of<DctDsp>(ctx), blocks_of<B>(b), src, pred);
      if (a.v != b.v) ctx.fail(index, describe("pixel pattern", p) + ", strides " + std::to_string(src.stride) + "/" +
                                          std::to_string(pred.stride));
    }
  std::printf("ok");
  Block src(ctx.rng(), 16, 16), pred(ctx.rng(), 16, 16);
  fill_difference(ctx.rng(), src, pred, 16, 16, kRandomPixels);
  Coefs out(ctx.rng(), 16);
  ctx.bench(index, std::to_string(side) + "x" + std::to_string(side),
            [&] { call(c_of<DctDsp>(ctx), blocks_of<B>(out), src, pred); },
            [&] { call(new_of<DctDsp>(ctx), blocks_of<B>(out), src, pred); });
  std::printf("\n");
}

template <int B, typename Call>
void check_add(Context& ctx, size_t index, int n, Call call) {
  if (!ctx.check(index)) return;
  const DctDsp& c_dsp = c_of<DctDsp>(ctx);
  const int side = B * n, units = side * side / 16;
  for (int s = 0; s < kSourceCount; s++)
    for (int m = 0; m < static_cast<int>(Fill::kCount); m++)
      for (int rep = 0; rep < 40; rep++) {
        Coefs coefs(ctx.rng(), units);
        for (int i = 0; i < n * n; i++)
          conformant<B>(ctx.rng(), c_dsp, blocks_of<B>(coefs)[i], static_cast<CoefSource>(s));
        const Coefs before = coefs;
        Block a(ctx.rng(), side, side);
        fill(ctx.rng(), a.buf.data(), a.buf.size(), static_cast<Fill>(m));
        Block b = a;
        call(c_dsp, a, blocks_of<B>(coefs));
        call(new_of<DctDsp>(ctx), b, blocks_of<B>(coefs));
        if (a.buf.all() != b.buf.all() || coefs.v != before.v)
          ctx.fail(index, describe("coefficient source", s) + ", " + describe("fill", m) + ", " +
                              describe("stride", static_cast<int>(a.stride)));
      }
  std::printf("ok");
  Coefs coefs(ctx.rng(), 16);
  for (int i = 0; i < 256 / (B * B); i++) conformant<B>(ctx.rng(), c_dsp, blocks_of<B>(coefs)[i], kEncoderChain);
  Block dst(ctx.rng(), 16, 16);
  ctx.bench(index, std::to_string(side) + "x" + std::to_string(side), [&] { call(c_dsp, dst, blocks_of<B>(coefs)); },
            [&] { call(new_of<DctDsp>(ctx), dst, blocks_of<B>(coefs)); });
  std::printf("\n");
}

// 64 coefficients to quantise: from real residuals, any int16, int16 extremes, small.
void quant8_input(Rng& rng, const DctDsp& c_dsp, int16_t* c, int kind) {
  if (kind == 0) {
    Block src(rng, 8, 8), pred(rng, 8, 8);
    fill_difference(rng, src, pred, 8, 8, static_cast<Pattern>(rng.range(0, kPatternCount - 1)));
    c_dsp.sub8x8_dct8(c, src.at(0, 0), src.stride, pred.at(0, 0), pred.stride);
    return;
  }
  for (int i = 0; i < 64; i++)
    c[i] = static_cast<int16_t>(kind == 1   ? rng.range(-32768, 32767)
                                : kind == 2 ? ((rng.next() & 1) ? 32767 : -32768)
                                            : rng.range(-64, 64));
}

void check_quant8(Context& ctx) {
  if (!ctx.check(kQuant8x8)) return;
  struct Table {
    uint16_t mf[64], bias[64];
  };
  std::vector<Table> tables;
  for (int qp = 0; qp <= 51; qp++)
    for (bool intra : {true, false}) {
      Table t;
      std::copy(tables8().mf8[qp], tables8().mf8[qp] + 64, t.mf);
      const uint16_t* bias = intra ? tables8().bias8_intra[qp] : tables8().bias8_inter[qp];
      std::copy(bias, bias + 64, t.bias);
      tables.push_back(t);
    }
  for (int r = 0; r < 40; r++) {  // any table within the kernels' domain (bias <= 32767)
    Table t;
    for (int i = 0; i < 64; i++) {
      t.mf[i] = static_cast<uint16_t>(ctx.rng().range(1, 65535));
      t.bias[i] = static_cast<uint16_t>(ctx.rng().range(0, 32767));
    }
    tables.push_back(t);
  }
  const DctDsp &c_dsp = c_of<DctDsp>(ctx), &simd = new_of<DctDsp>(ctx);
  for (size_t t = 0; t < tables.size(); t++)
    for (int kind = 0; kind < 4; kind++)
      for (int rep = 0; rep < 6; rep++) {
        Coefs a(ctx.rng(), 4);
        quant8_input(ctx.rng(), c_dsp, a.data(), kind);
        if (rep == 0 && kind == 3) std::fill(a.data(), a.data() + 64, 0);  // the all-zero result
        Coefs b = a;
        const int ra = c_dsp.quant_8x8(a.data(), tables[t].mf, tables[t].bias);
        const int rb = simd.quant_8x8(b.data(), tables[t].mf, tables[t].bias);
        if (ra != rb || a.v != b.v)
          ctx.fail(kQuant8x8, (t < 104 ? describe("qp", static_cast<int>(t / 2)) + (t & 1 ? " inter" : " intra")
                                       : describe("random table", static_cast<int>(t))) +
                                  ", " + describe("input kind", kind));
      }
  std::printf("ok");
  Coefs c(ctx.rng(), 4);
  quant8_input(ctx.rng(), c_dsp, c.data(), 0);
  const auto& q = tables8();
  ctx.bench(kQuant8x8, "qp26", [&] { c_dsp.quant_8x8(c.data(), q.mf8[26], q.bias8_inter[26]); },
            [&] { simd.quant_8x8(c.data(), q.mf8[26], q.bias8_inter[26]); });
  std::printf("\n");
}

void check_dequant8(Context& ctx) {
  if (!ctx.check(kDequant8x8)) return;
  const DctDsp &c_dsp = c_of<DctDsp>(ctx), &simd = new_of<DctDsp>(ctx);
  for (int qp = 0; qp <= 51; qp++)
    for (int kind = 0; kind < 4; kind++)  // small levels, their extremes, any int16, int16 extremes
      for (int rep = 0; rep < 20; rep++) {
        Coefs a(ctx.rng(), 4);
        for (int i = 0; i < 64; i++) {
          const int big = kind < 2 ? 4095 : 32767;
          a.data()[i] = static_cast<int16_t>((kind & 1) ? ((ctx.rng().next() & 1) ? big : -big - (kind == 3))
                                                        : ctx.rng().range(-big - (kind == 2), big));
        }
        Coefs b = a;
        c_dsp.dequant_8x8(a.data(), tables8().dequant8[qp]);
        simd.dequant_8x8(b.data(), tables8().dequant8[qp]);
        if (a.v != b.v) ctx.fail(kDequant8x8, describe("qp", qp) + ", " + describe("level kind", kind));
      }
  std::printf("ok");
  Coefs c(ctx.rng(), 4);
  for (int i = 0; i < 64; i++) c.data()[i] = static_cast<int16_t>(ctx.rng().range(-8, 8));
  ctx.bench(kDequant8x8, "qp26", [&] { c_dsp.dequant_8x8(c.data(), tables8().dequant8[26]); },
            [&] { simd.dequant_8x8(c.data(), tables8().dequant8[26]); });
  std::printf("\n");
}

// C only, once per run: the 8x8 zig-zag is the standard's anti-diagonal
// walk; dequant_8x8 with QuantTables::dequant8 is 8.5.13.1 as written for
// every QP, position and level whose result fits 16 bits; idct8_in_range
// agrees with conformant8; the encoder chain stays within 8.5.13.2's 16-bit
// range at every QP on extreme residuals, fit_levels_8x8 acting on the +-255
// noise of QP 49..51 that would leave it; and QP 0 reconstructs nearly
// losslessly.
void self_test8(Context& ctx) {
  static bool done = false;
  if (done) return;
  done = true;
  const DctDsp& d = c_of<DctDsp>(ctx);
  for (int s = 0, pos = 0; s < 15; s++)
    for (int k = 0; k < 8; k++) {
      const int y = s & 1 ? k : s - k, x = s - y;  // even diagonals go up and right
      if (x < 0 || x > 7 || y < 0 || y > 7) continue;
      if (edgeav::h264::kZigzag8x8[pos++] != y * 8 + x)
        ctx.fail(kSub8x8Dct8, describe("C kZigzag8x8 position", pos - 1));
    }
  int16_t c[64];
  for (int qp = 0; qp <= 51; qp++)
    for (int level = -4096; level <= 4096; level++) {
      std::fill(c, c + 64, static_cast<int16_t>(level));
      d.dequant_8x8(c, tables8().dequant8[qp]);
      for (int i = 0; i < 64; i++) {
        const int ls = 16 * edgeav::h264::kNormAdjust8x8[qp % 6][edgeav::h264::kCoeffClass8x8[i]];
        const int spec = qp >= 36 ? (level * ls) * (1 << (qp / 6 - 6))
                                  : (level * ls + (1 << (5 - qp / 6))) >> (6 - qp / 6);
        if (spec >= -32768 && spec <= 32767 && c[i] != spec)
          ctx.fail(kDequant8x8, describe("C against 8.5.13.1, qp", qp) + ", " + describe("level", level));
      }
    }
  for (int rep = 0; rep < 20000; rep++) {
    const int bound = 1 << ctx.rng().range(8, 15);
    for (int i = 0; i < 64; i++) c[i] = static_cast<int16_t>(ctx.rng().range(-bound, bound - 1));
    if (conformant8(c) != edgeav::h264::idct8_in_range(c))
      ctx.fail(kAdd8x8Idct8, describe("C idct8_in_range against conformant8, bound", bound));
  }
  int fitted = 0;
  for (int qp = 49; qp <= 51; qp++)
    for (int rep = 0; rep < 40000; rep++) {
      Block src(ctx.rng(), 8, 8), pred(ctx.rng(), 8, 8);
      for (int y = 0; y < 8; y++)
        for (int x = 0; x < 8; x++) {
          const bool plus = ctx.rng().next() & 1;  // +-255
          *src.at(x, y) = plus ? 255 : 0, *pred.at(x, y) = plus ? 0 : 255;
        }
      fitted += encode8(d, c, src, pred, qp, true);
      if (!conformant8(c)) ctx.fail(kAdd8x8Idct8, describe("C encoder chain beyond 16 bits on noise, qp", qp));
    }
  if (!fitted) ctx.fail(kAdd8x8Idct8, "C fit_levels_8x8 never acted on QP 49..51 noise");
  int max_error = 0;
  for (int qp = 0; qp <= 51; qp++)
    for (int p = 0; p < kPatternCount; p++)
      for (int rep = 0; rep < 200; rep++) {
        Block src(ctx.rng(), 8, 8), pred(ctx.rng(), 8, 8);
        fill_difference(ctx.rng(), src, pred, 8, 8, static_cast<Pattern>(p));
        encode8(d, c, src, pred, qp, rep & 1);
        if (!conformant8(c)) ctx.fail(kAdd8x8Idct8, describe("C encoder chain beyond 16 bits, qp", qp));
        if (qp) continue;
        d.add8x8_idct8(pred.at(0, 0), pred.stride, c);
        for (int y = 0; y < 8; y++)
          for (int x = 0; x < 8; x++) max_error = std::max(max_error, std::abs(*src.at(x, y) - *pred.at(x, y)));
      }
  if (max_error > 1) ctx.fail(kAdd8x8Idct8, describe("C round trip at QP 0, max error", max_error));
}

}  // namespace

void test_h264_dct(Context& ctx) {
  check_sub<4>(ctx, kSub4x4, 1, [](const DctDsp& d, Coefs4x4 out, Block& s, Block& p) {
    d.sub4x4_dct(out[0], s.at(0, 0), s.stride, p.at(0, 0), p.stride);
  });
  check_sub<4>(ctx, kSub8x8, 2, [](const DctDsp& d, Coefs4x4 out, Block& s, Block& p) {
    d.sub8x8_dct(out, s.at(0, 0), s.stride, p.at(0, 0), p.stride);
  });
  check_sub<4>(ctx, kSub16x16, 4, [](const DctDsp& d, Coefs4x4 out, Block& s, Block& p) {
    d.sub16x16_dct(out, s.at(0, 0), s.stride, p.at(0, 0), p.stride);
  });
  check_add<4>(ctx, kAdd4x4, 1,
            [](const DctDsp& d, Block& dst, Coefs4x4 c) { d.add4x4_idct(dst.at(0, 0), dst.stride, c[0]); });
  check_add<4>(ctx, kAdd8x8, 2,
            [](const DctDsp& d, Block& dst, Coefs4x4 c) { d.add8x8_idct(dst.at(0, 0), dst.stride, c); });
  check_add<4>(ctx, kAdd16x16, 4,
            [](const DctDsp& d, Block& dst, Coefs4x4 c) { d.add16x16_idct(dst.at(0, 0), dst.stride, c); });
  check_dct4x4dc(ctx);
  check_idct4x4dc(ctx);
  check_quant(ctx, kQuant4x4, 1,
              [](const DctDsp& d, int16_t* c, const QuantTables& q) { return d.quant_4x4(c, q.mf, q.bias); });
  check_quant(ctx, kQuant4x4x16, 16, [](const DctDsp& d, int16_t* c, const QuantTables& q) {
    return d.quant_4x4x16(reinterpret_cast<Coefs4x4>(c), q.mf, q.bias);
  });
  check_dequant(ctx);
  check_decimate(ctx, kDecimate16, &DctDsp::decimate_score16);
  check_decimate(ctx, kDecimate15, &DctDsp::decimate_score15);
  self_test8(ctx);
  check_sub<8>(ctx, kSub8x8Dct8, 1, [](const DctDsp& d, Coefs8x8 out, Block& s, Block& p) {
    d.sub8x8_dct8(out[0], s.at(0, 0), s.stride, p.at(0, 0), p.stride);
  });
  check_sub<8>(ctx, kSub16x16Dct8, 2, [](const DctDsp& d, Coefs8x8 out, Block& s, Block& p) {
    d.sub16x16_dct8(out, s.at(0, 0), s.stride, p.at(0, 0), p.stride);
  });
  check_add<8>(ctx, kAdd8x8Idct8, 1,
             [](const DctDsp& d, Block& dst, Coefs8x8 c) { d.add8x8_idct8(dst.at(0, 0), dst.stride, c[0]); });
  check_add<8>(ctx, kAdd16x16Idct8, 2,
             [](const DctDsp& d, Block& dst, Coefs8x8 c) { d.add16x16_idct8(dst.at(0, 0), dst.stride, c); });
  check_quant8(ctx);
  check_dequant8(ctx);
}

}  // namespace checkasm
