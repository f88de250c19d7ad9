// checkasm for the shared pixel_dsp (cpp/src/pixel): SAD, SATD, SSD and SAD-x4 of every block
// size, on blocks whose last row ends at the end of their allocation, with
// random strides and alignments, every pair of fill modes for the two blocks,
// and the differences that drive SATD to its largest coefficients; then the
// batched intra SATDs, against their C references and those against the
// plain SATD of the predictions built in full; then SAD and SATD against the
// average of two blocks (quarter-sample predictions), separate or overlapping;
// then SA8D, its C reference against the 8x8 Hadamard matrix product.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "checkasm/checkasm.h"
#include "video/h264/dsp/mc_dsp.h"
#include "pixel/pixel_dsp.h"
#include "video/h264/dsp/predict_dsp.h"

namespace checkasm {

namespace {

using edgeav::kBlockHeight;
using edgeav::kBlockSizes;
using edgeav::kBlockWidth;
using edgeav::PixelCompare;
using edgeav::PixelCompareAvg;
using edgeav::PixelCompareX4;
using edgeav::PixelDsp;
using edgeav::PixelIntraSatdX3;
using edgeav::PixelSatdX9;

enum Kind { kSad, kSatd, kSsd, kSadX4, kKinds };  // the order of PixelDsp's arrays
// The entries after the arrays.
constexpr size_t kIntraSatdX3 = kKinds * kBlockSizes, kSatdX9 = kIntraSatdX3 + 1;
constexpr size_t kSadAvg = kSatdX9 + 1, kSatdAvg = kSadAvg + kBlockSizes;
constexpr size_t kSa8d8x8 = kSatdAvg + kBlockSizes, kSa8d16x16 = kSa8d8x8 + 1;

// Besides the harness fills, difference patterns: a block of 255 and 0 whose
// partner is its complement, so every difference is +-255. "bent" gives every
// 4x4 Hadamard coefficient the magnitude 4 * 255 (the largest SATD, 8160 per
// block); "basis" puts all the energy in one coefficient (16 * 255); "lane"
// (+ at (0, 0) and (0, 2) of each 4x4 block, - elsewhere, or transposed)
// gathers the most (5100 per block, 40800 over 16x16) in the partial sums that
// a SIMD SATD keeps in one 16-bit lane when it pairs vertical rows 0 and 2
// (or horizontal ones), beyond the signed 16-bit range. "stripes" (intra
// cases only: 255 in one column of every four, 0 elsewhere, or transposed, or
// inverted) against edges that complement it gives the V (or H) prediction
// differences of +-255 whose transform rows reach 8160, the most an
// accumulator lane of the batched intra SATDs gathers per block. "bent8"
// and "basis8" (SA8D cases only) are their 8x8 counterparts: every 8x8
// Hadamard coefficient at 8 * 255 (the largest SA8D, 32640 per block), or
// one coefficient at 64 * 255, the largest before the folded last butterfly
// (64 variants: every coefficient).
enum Pattern { kHarness, kBent, kBasis, kLane, kStripes, kBent8, kBasis8 };

struct Case {
  Fill fa, fb;
  Pattern pattern;
  std::string name() const {
    if (pattern == kBent) return "bent difference";
    if (pattern == kBasis) return "basis difference";
    if (pattern == kLane) return "lane difference";
    if (pattern == kStripes) return "stripes difference";
    if (pattern == kBent8) return "bent8 difference";
    if (pattern == kBasis8) return "basis8 difference";
    return "fills " + std::to_string(static_cast<int>(fa)) + "/" + std::to_string(static_cast<int>(fb));
  }
};

std::vector<Case> cases() {
  std::vector<Case> c;
  for (int a = 0; a < static_cast<int>(Fill::kCount); a++)
    for (int b = 0; b < static_cast<int>(Fill::kCount); b++) c.push_back({Fill(a), Fill(b), kHarness});
  c.push_back({Fill::kRandom, Fill::kRandom, kBent});
  c.push_back({Fill::kRandom, Fill::kRandom, kBasis});
  c.push_back({Fill::kRandom, Fill::kRandom, kLane});
  return c;
}

// A w x h block in a buffer that ends with its last row.
struct Block {
  Block(Rng& rng, int w, int h, ptrdiff_t stride) : buf((h - 1) * stride + w, rng.range(0, 63)), stride(stride) {}
  uint8_t* at(int x, int y) { return buf.data() + y * stride + x; }
  Buffer buf;
  ptrdiff_t stride;
};

// The parity of the bits of v (0..63).
bool parity(int v) {
  v ^= v >> 4, v ^= v >> 2;
  return (v ^ v >> 1) & 1;
}

// Whether the pattern is 255 at (x, y) of a block; `variant` picks the
// basis function, transposition or sign.
bool pattern_bit(Pattern p, int x, int y, int variant) {
  if (p == kBent8) return parity(x & y & 7) ^ (variant & 1);
  if (p == kBasis8) return parity((x & variant & 7) | (y & 7 & variant >> 3) << 3);
  x &= 3, y &= 3;
  const int u = variant & 3, v = variant >> 2 & 3;
  if (p == kBent) return (((x & 1) & (y & 1)) ^ ((x >> 1 & 1) & (y >> 1 & 1))) ^ (u & 1);
  if (p == kLane) return ((u & 1 ? y : x) == 0 && ((u & 1 ? x : y) & 1) == 0) ^ (v & 1);
  if (p == kStripes) return ((u & 1 ? y : x) == v) ^ (u >> 1 & 1);
  int bits = (x & u) | ((y & v) << 2);  // the parity of these bits is the sign of Walsh function (u, v)
  bits ^= bits >> 2;
  return (bits ^ bits >> 1) & 1;
}

// `variant` (0..15, 0..63 for basis8) picks the pattern's variant, so that repetitions cover them all.
void fill_case(Rng& rng, const Case& c, int variant, Block& a, std::vector<Block*> bs, int w, int h) {
  fill(rng, a.buf.data(), a.buf.size(), c.fa);
  for (Block* b : bs) fill(rng, b->buf.data(), b->buf.size(), c.fb);
  if (c.pattern == kHarness) return;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      const uint8_t p = pattern_bit(c.pattern, x, y, variant) ? 255 : 0;
      *a.at(x, y) = p;
      for (Block* b : bs) *b->at(x, y) = static_cast<uint8_t>(255 - p);
    }
}

ptrdiff_t random_stride(Rng& rng, int w) { return w + (rng.next() & 1 ? 0 : rng.range(1, 80)); }

// Strides of a real motion search: the current block and the reference both in
// 720p frames padded by 32 (the source block might also be in a small buffer).
constexpr ptrdiff_t kBenchStride = 1344;

std::string size_name(int size) { return std::to_string(kBlockWidth[size]) + "x" + std::to_string(kBlockHeight[size]); }

void check_compare(Context& ctx, Kind kind, int size) {
  const size_t index = kind * kBlockSizes + size;
  if (!ctx.check(index)) return;
  const PixelDsp &c = c_of<PixelDsp>(ctx), &s = new_of<PixelDsp>(ctx);
  const PixelCompare ref = (kind == kSad ? c.sad : kind == kSatd ? c.satd : c.ssd)[size];
  const PixelCompare fn = (kind == kSad ? s.sad : kind == kSatd ? s.satd : s.ssd)[size];
  const int w = kBlockWidth[size], h = kBlockHeight[size];
  Rng& rng = ctx.rng();
  for (const Case& k : cases())
    for (int rep = 0; rep < 16; rep++) {
      Block a(rng, w, h, random_stride(rng, w)), b(rng, w, h, random_stride(rng, w));
      fill_case(rng, k, rep, a, {&b}, w, h);
      const int expect = ref(a.at(0, 0), a.stride, b.at(0, 0), b.stride);
      const int got = fn(a.at(0, 0), a.stride, b.at(0, 0), b.stride);
      if (expect != got)
        ctx.fail(index, k.name() + ", strides " + std::to_string(a.stride) + "/" + std::to_string(b.stride) +
                            ": " + std::to_string(got) + " instead of " + std::to_string(expect));
    }
  std::printf("ok");
  Block a(rng, w, h, kBenchStride), b(rng, w, h, kBenchStride);
  fill(rng, a.buf.data(), a.buf.size(), Fill::kRandom);
  fill(rng, b.buf.data(), b.buf.size(), Fill::kRandom);
  ctx.bench(index, size_name(size), [&] { ref(a.at(0, 0), a.stride, b.at(0, 0), b.stride); },
            [&] { fn(a.at(0, 0), a.stride, b.at(0, 0), b.stride); });
  std::printf("\n");
}

// The four candidates lie in separate buffers (each ending with its last row)
// sharing one stride.
void check_sad_x4(Context& ctx, int size) {
  const size_t index = kSadX4 * kBlockSizes + size;
  if (!ctx.check(index)) return;
  const PixelCompareX4 ref = c_of<PixelDsp>(ctx).sad_x4[size], fn = new_of<PixelDsp>(ctx).sad_x4[size];
  const int w = kBlockWidth[size], h = kBlockHeight[size];
  Rng& rng = ctx.rng();
  for (const Case& k : cases())
    for (int rep = 0; rep < 16; rep++) {
      const ptrdiff_t bs = random_stride(rng, w);
      Block a(rng, w, h, random_stride(rng, w)), b0(rng, w, h, bs), b1(rng, w, h, bs), b2(rng, w, h, bs),
          b3(rng, w, h, bs);
      fill_case(rng, k, rep, a, {&b0, &b1, &b2, &b3}, w, h);
      int expect[4], got[4];
      ref(a.at(0, 0), a.stride, b0.at(0, 0), b1.at(0, 0), b2.at(0, 0), b3.at(0, 0), bs, expect);
      fn(a.at(0, 0), a.stride, b0.at(0, 0), b1.at(0, 0), b2.at(0, 0), b3.at(0, 0), bs, got);
      for (int i = 0; i < 4; i++)
        if (expect[i] != got[i])
          ctx.fail(index, k.name() + ", strides " + std::to_string(a.stride) + "/" + std::to_string(bs) +
                              ": cost " + std::to_string(i) + " is " + std::to_string(got[i]) + " instead of " +
                              std::to_string(expect[i]));
    }
  std::printf("ok");
  // A diamond step around a reference position: left, right, up, down.
  const int pad = 1;
  Block a(rng, w, h, kBenchStride), r(rng, w + 2 * pad, h + 2 * pad, kBenchStride);
  fill(rng, a.buf.data(), a.buf.size(), Fill::kRandom);
  fill(rng, r.buf.data(), r.buf.size(), Fill::kRandom);
  int costs[4];
  auto run = [&](PixelCompareX4 f) {
    f(a.at(0, 0), a.stride, r.at(0, 1), r.at(2, 1), r.at(1, 0), r.at(1, 2), r.stride, costs);
  };
  ctx.bench(index, size_name(size), [&] { run(ref); }, [&] { run(fn); });
  std::printf("\n");
}

// The batched intra cases: every pair of fill modes (source, edges or
// predictions), every pattern in the source, with edges complementing its
// first row and column (predictions complementing it, copying it, or
// complementing another variant).
std::vector<Case> intra_cases() {
  std::vector<Case> c = cases();
  c.push_back({Fill::kRandom, Fill::kRandom, kStripes});
  return c;
}

uint8_t pattern_byte(const Case& c, int variant, int x, int y) {
  return pattern_bit(c.pattern, x, y, variant) ? 255 : 0;
}

// The inputs of intra_satd_x3_16x16: the source block and the two edges,
// each ending with its allocation.
struct IntraX3Input {
  explicit IntraX3Input(Rng& rng, ptrdiff_t stride)
      : src(rng, 16, 16, stride), top(16, rng.range(0, 63)), left(16, rng.range(0, 63)) {}
  void fill_case(Rng& rng, const Case& c, int variant) {
    fill(rng, src.buf.data(), src.buf.size(), c.fa);
    fill(rng, top.data(), 16, c.fb);
    fill(rng, left.data(), 16, c.fb);
    dc = c.fb == Fill::kZero ? 0 : c.fb == Fill::kMax ? 255 : c.fb == Fill::kExtremes ? (rng.next() & 1) * 255
                                                                                   : rng.range(0, 255);
    if (c.pattern == kHarness) return;
    for (int y = 0; y < 16; y++)
      for (int x = 0; x < 16; x++) *src.at(x, y) = pattern_byte(c, variant, x, y);
    for (int i = 0; i < 16; i++) top.data()[i] = static_cast<uint8_t>(255 - *src.at(i, 0));
    for (int i = 0; i < 16; i++) left.data()[i] = static_cast<uint8_t>(255 - *src.at(0, i));
    dc = 255 - *src.at(0, 0);
  }
  void run(PixelIntraSatdX3 f, int costs[3]) { f(src.at(0, 0), src.stride, top.data(), left.data(), dc, costs); }
  std::string describe(const Case& c) const {
    return c.name() + ", stride " + std::to_string(src.stride) + ", dc " + std::to_string(dc);
  }
  Block src;
  Buffer top, left;
  int dc = 0;
};

// The inputs of satd_x9_4x4: the source block and the nine predictions in
// one allocation.
struct SatdX9Input {
  explicit SatdX9Input(Rng& rng, ptrdiff_t stride) : src(rng, 4, 4, stride), pred(9 * 16, rng.range(0, 63)) {}
  void fill_case(Rng& rng, const Case& c, int variant) {
    fill(rng, src.buf.data(), src.buf.size(), c.fa);
    fill(rng, pred.data(), pred.size(), c.fb);
    if (c.pattern == kHarness) return;
    for (int k = 0; k < 9; k++)
      for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++) {
          const uint8_t p = pattern_byte(c, variant, x, y);
          *src.at(x, y) = p;
          pred.data()[16 * k + 4 * y + x] =
              static_cast<uint8_t>(k % 3 == 0 ? 255 - p : k % 3 == 1 ? p : 255 - pattern_byte(c, variant + k, x, y));
        }
  }
  const uint8_t (*preds() )[16] { return reinterpret_cast<const uint8_t(*)[16]>(pred.data()); }
  void run(PixelSatdX9 f, int costs[9]) { f(src.at(0, 0), src.stride, preds(), costs); }
  std::string describe(const Case& c) const { return c.name() + ", stride " + std::to_string(src.stride); }
  Block src;
  Buffer pred;
};

std::string cost_mismatch(int i, int got, int expect) {
  return ": cost " + std::to_string(i) + " is " + std::to_string(got) + " instead of " + std::to_string(expect);
}

void check_intra_satd_x3(Context& ctx) {
  if (!ctx.check(kIntraSatdX3)) return;
  const PixelIntraSatdX3 ref = c_of<PixelDsp>(ctx).intra_satd_x3_16x16, fn = new_of<PixelDsp>(ctx).intra_satd_x3_16x16;
  Rng& rng = ctx.rng();
  for (const Case& k : intra_cases())
    for (int rep = 0; rep < 16; rep++) {
      IntraX3Input in(rng, random_stride(rng, 16));
      in.fill_case(rng, k, rep);
      int expect[3], got[3];
      in.run(ref, expect);
      in.run(fn, got);
      for (int i = 0; i < 3; i++)
        if (expect[i] != got[i]) ctx.fail(kIntraSatdX3, in.describe(k) + cost_mismatch(i, got[i], expect[i]));
    }
  std::printf("ok");
  IntraX3Input in(rng, kBenchStride);
  in.fill_case(rng, {Fill::kRandom, Fill::kRandom, kHarness}, 0);
  int costs[3] = {};
  ctx.bench(kIntraSatdX3, "16x16", [&] { in.run(ref, costs); }, [&] { in.run(fn, costs); });
  if (ctx.benching()) {
    // What it replaces: the three predictions built (by the live predict
    // table) and priced by this level's SATD.
    const auto& predict = edgeav::h264::predict_dsp();
    const PixelCompare satd = new_of<PixelDsp>(ctx).satd[edgeav::kBlock16x16];
    uint8_t top[17], pred[256];
    top[0] = 128;
    std::memcpy(top + 1, in.top.data(), 16);
    auto separate = [&] {
      for (int mode : {edgeav::h264::kPred16V, edgeav::h264::kPred16H, edgeav::h264::kPred16Dc}) {
        predict.pred16x16[mode](pred, 16, top + 1, in.left.data());
        costs[0] += satd(in.src.at(0, 0), in.src.stride, pred, 16);
      }
    };
    ctx.bench(kIntraSatdX3, "vs 3 pred+satd", separate, [&] { in.run(fn, costs); });
  }
  std::printf("\n");
}

void check_satd_x9(Context& ctx) {
  if (!ctx.check(kSatdX9)) return;
  const PixelSatdX9 ref = c_of<PixelDsp>(ctx).satd_x9_4x4, fn = new_of<PixelDsp>(ctx).satd_x9_4x4;
  Rng& rng = ctx.rng();
  for (const Case& k : intra_cases())
    for (int rep = 0; rep < 16; rep++) {
      SatdX9Input in(rng, random_stride(rng, 4));
      in.fill_case(rng, k, rep);
      int expect[9], got[9];
      in.run(ref, expect);
      in.run(fn, got);
      for (int i = 0; i < 9; i++)
        if (expect[i] != got[i]) ctx.fail(kSatdX9, in.describe(k) + cost_mismatch(i, got[i], expect[i]));
    }
  std::printf("ok");
  SatdX9Input in(rng, kBenchStride);
  in.fill_case(rng, {Fill::kRandom, Fill::kRandom, kHarness}, 0);
  int costs[9];
  ctx.bench(kSatdX9, "4x4", [&] { in.run(ref, costs); }, [&] { in.run(fn, costs); });
  const PixelCompare satd = new_of<PixelDsp>(ctx).satd[edgeav::kBlock4x4];
  auto separate = [&] {
    for (int i = 0; i < 9; i++) costs[i] = satd(in.src.at(0, 0), in.src.stride, in.preds()[i], 4);
  };
  ctx.bench(kSatdX9, "vs 9 satd", separate, [&] { in.run(fn, costs); });
  std::printf("\n");
}

// The C references against the plain C SATD of the predictions built in
// full, at every level (and without SIMD), so that a wrong reference cannot
// hide behind a SIMD version that matches it.
void check_intra_references(Context& ctx) {
  const PixelDsp& c = c_of<PixelDsp>(ctx);
  Rng& rng = ctx.rng();
  for (const Case& k : intra_cases())
    for (int rep = 0; rep < 4; rep++) {
      IntraX3Input x3(rng, random_stride(rng, 16));
      x3.fill_case(rng, k, rep * 4 + rng.range(0, 3));
      uint8_t pred[3][256];
      for (int y = 0; y < 16; y++)
        for (int x = 0; x < 16; x++) {
          pred[0][16 * y + x] = x3.top.data()[x];
          pred[1][16 * y + x] = x3.left.data()[y];
          pred[2][16 * y + x] = static_cast<uint8_t>(x3.dc);
        }
      int got[3];
      x3.run(c.intra_satd_x3_16x16, got);
      for (int i = 0; i < 3; i++) {
        const int expect = c.satd[edgeav::kBlock16x16](x3.src.at(0, 0), x3.src.stride, pred[i], 16);
        if (got[i] != expect)
          ctx.fail(kIntraSatdX3, "C reference, " + x3.describe(k) + cost_mismatch(i, got[i], expect));
      }
      SatdX9Input x9(rng, random_stride(rng, 4));
      x9.fill_case(rng, k, rep * 4 + rng.range(0, 3));
      int got9[9];
      x9.run(c.satd_x9_4x4, got9);
      for (int i = 0; i < 9; i++) {
        const int expect = c.satd[edgeav::kBlock4x4](x9.src.at(0, 0), x9.src.stride, x9.preds()[i], 4);
        if (got9[i] != expect) ctx.fail(kSatdX9, "C reference, " + x9.describe(k) + cost_mismatch(i, got9[i], expect));
      }
    }
}

// The two blocks a quarter-sample prediction averages. Layout 0: separate
// buffers (two planes); 1..16: one buffer (one plane read at two offsets),
// b at (dx, dy) in (1..3, 0) .. (0..3, 1) .. (0, 2) from a, or a from b; 17:
// b = a. The block read last ends with the allocation.
constexpr int kAvgLayouts = 18;
struct AvgInput {
  AvgInput(Rng& rng, int w, int h, ptrdiff_t src_stride, ptrdiff_t ab_stride, int layout)
      : dx(layout > 0 && layout < 17 ? ((layout - 1) % 8 + 1) % 4 : 0),
        dy(layout > 0 && layout < 17 ? ((layout - 1) % 8 + 1) / 4 : 0),
        swapped(layout > 8 && layout < 17),
        layout(layout),
        src(rng, w, h, src_stride),
        a(rng, w + dx, h + dy, ab_stride),
        b(rng, w, h, ab_stride) {}
  const uint8_t* pa() { return swapped ? a.at(dx, dy) : a.at(0, 0); }
  const uint8_t* pb() { return layout == 0 ? b.at(0, 0) : swapped ? a.at(0, 0) : a.at(dx, dy); }
  // The fills, or a pattern in src and blocks averaging to its complement
  // (with separate buffers, b holds 254 for some 255s: the average rounds
  // up); in one buffer the complement goes where a reads it.
  void fill_case(Rng& rng, const Case& c, int variant, int w, int h) {
    fill(rng, src.buf.data(), src.buf.size(), c.fa);
    fill(rng, a.buf.data(), a.buf.size(), c.fb);
    fill(rng, b.buf.data(), b.buf.size(), c.fb);
    if (c.pattern == kHarness) return;
    uint8_t* const first_a = const_cast<uint8_t*>(pa());
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++) {
        const uint8_t p = pattern_byte(c, variant, x, y), q = static_cast<uint8_t>(255 - p);
        *src.at(x, y) = p;
        first_a[y * a.stride + x] = q;
        if (layout == 0) *b.at(x, y) = static_cast<uint8_t>(q == 255 ? 255 - (rng.next() & 1) : 0);
      }
  }
  int run(PixelCompareAvg f) { return f(src.at(0, 0), src.stride, pa(), pb(), a.stride); }
  std::string describe(const Case& c) const {
    return c.name() + ", strides " + std::to_string(src.stride) + "/" + std::to_string(a.stride) + ", layout " +
           std::to_string(layout);
  }
  const int dx, dy;
  const bool swapped;
  const int layout;
  Block src, a, b;
};

void check_compare_avg(Context& ctx, Kind kind, int size) {
  const size_t index = (kind == kSad ? kSadAvg : kSatdAvg) + size;
  if (!ctx.check(index)) return;
  const PixelDsp &c = c_of<PixelDsp>(ctx), &s = new_of<PixelDsp>(ctx);
  const PixelCompareAvg ref = (kind == kSad ? c.sad_avg : c.satd_avg)[size];
  const PixelCompareAvg fn = (kind == kSad ? s.sad_avg : s.satd_avg)[size];
  const int w = kBlockWidth[size], h = kBlockHeight[size];
  Rng& rng = ctx.rng();
  for (const Case& k : cases())
    for (int rep = 0; rep < 24; rep++) {  // separate buffers in a quarter of them
      const int layout = rep < 7 ? 0 : rep - 6;
      AvgInput in(rng, w, h, random_stride(rng, w), random_stride(rng, w + 3), layout);
      in.fill_case(rng, k, rep & 15, w, h);
      const int expect = in.run(ref), got = in.run(fn);
      if (expect != got)
        ctx.fail(index, in.describe(k) + ": " + std::to_string(got) + " instead of " + std::to_string(expect));
    }
  std::printf("ok");
  AvgInput in(rng, w, h, kBenchStride, kBenchStride, 0);
  in.fill_case(rng, {Fill::kRandom, Fill::kRandom, kHarness}, 0, w, h);
  ctx.bench(index, size_name(size), [&] { in.run(ref); }, [&] { in.run(fn); });
  if (ctx.benching()) {
    // What it replaces: the average written by the live pixel_avg, then
    // priced by this level's SAD or SATD.
    const PixelCompare compare = (kind == kSad ? s.sad : s.satd)[size];
    const auto& mc = edgeav::h264::mc_dsp();
    uint8_t avg[16 * 16];
    auto separate = [&] {
      mc.pixel_avg(avg, 16, in.pa(), in.a.stride, in.pb(), in.a.stride, w, h);
      compare(in.src.at(0, 0), in.src.stride, avg, 16);
    };
    ctx.bench(index, "vs avg+" + std::string(kind == kSad ? "sad" : "satd"), separate, [&] { in.run(fn); });
  }
  std::printf("\n");
}

// The C references against the C pixel_avg and the plain C SAD and SATD, so
// that their rounding is the one motion compensation uses.
void check_avg_references(Context& ctx) {
  const PixelDsp& c = c_of<PixelDsp>(ctx);
  edgeav::h264::McDsp mc;
  edgeav::h264::mc_dsp_init_c(&mc);
  Rng& rng = ctx.rng();
  for (int size = 0; size < kBlockSizes; size++)
    for (const Case& k : cases()) {
      const int w = kBlockWidth[size], h = kBlockHeight[size];
      AvgInput in(rng, w, h, random_stride(rng, w), random_stride(rng, w + 3), rng.range(0, kAvgLayouts - 1));
      in.fill_case(rng, k, rng.range(0, 15), w, h);
      uint8_t avg[16 * 16];
      mc.pixel_avg(avg, 16, in.pa(), in.a.stride, in.pb(), in.a.stride, w, h);
      const int sad = c.sad[size](in.src.at(0, 0), in.src.stride, avg, 16);
      const int satd = c.satd[size](in.src.at(0, 0), in.src.stride, avg, 16);
      if (in.run(c.sad_avg[size]) != sad) ctx.fail(kSadAvg + size, "C reference, " + in.describe(k));
      if (in.run(c.satd_avg[size]) != satd) ctx.fail(kSatdAvg + size, "C reference, " + in.describe(k));
    }
}

// The cases of check_compare and the 8x8 patterns.
void check_sa8d(Context& ctx, int n) {
  const size_t index = n == 8 ? kSa8d8x8 : kSa8d16x16;
  if (!ctx.check(index)) return;
  const PixelDsp &c = c_of<PixelDsp>(ctx), &s = new_of<PixelDsp>(ctx);
  const PixelCompare ref = n == 8 ? c.sa8d_8x8 : c.sa8d_16x16, fn = n == 8 ? s.sa8d_8x8 : s.sa8d_16x16;
  Rng& rng = ctx.rng();
  std::vector<Case> all = cases();
  all.push_back({Fill::kRandom, Fill::kRandom, kBent8});
  all.push_back({Fill::kRandom, Fill::kRandom, kBasis8});
  for (const Case& k : all)
    for (int rep = 0; rep < (k.pattern == kBasis8 ? 64 : 16); rep++) {
      Block a(rng, n, n, random_stride(rng, n)), b(rng, n, n, random_stride(rng, n));
      fill_case(rng, k, rep, a, {&b}, n, n);
      const int expect = ref(a.at(0, 0), a.stride, b.at(0, 0), b.stride);
      const int got = fn(a.at(0, 0), a.stride, b.at(0, 0), b.stride);
      if (expect != got)
        ctx.fail(index, k.name() + " " + std::to_string(rep) + ", strides " + std::to_string(a.stride) + "/" +
                            std::to_string(b.stride) + ": " + std::to_string(got) + " instead of " +
                            std::to_string(expect));
    }
  std::printf("ok");
  Block a(rng, n, n, kBenchStride), b(rng, n, n, kBenchStride);
  fill(rng, a.buf.data(), a.buf.size(), Fill::kRandom);
  fill(rng, b.buf.data(), b.buf.size(), Fill::kRandom);
  ctx.bench(index, std::to_string(n) + "x" + std::to_string(n),
            [&] { ref(a.at(0, 0), a.stride, b.at(0, 0), b.stride); },
            [&] { fn(a.at(0, 0), a.stride, b.at(0, 0), b.stride); });
  std::printf("\n");
}

// The C references against the header's definition written as matrix
// products, H D H^T with H[i][j] = (-1)^popcount(i & j), rounded once per
// block size, so that a wrong reference cannot hide behind a SIMD version
// that matches it.
void check_sa8d_references(Context& ctx) {
  const PixelDsp& c = c_of<PixelDsp>(ctx);
  Rng& rng = ctx.rng();
  std::vector<Case> all = cases();
  all.push_back({Fill::kRandom, Fill::kRandom, kBent8});
  all.push_back({Fill::kRandom, Fill::kRandom, kBasis8});
  for (int n : {8, 16})
    for (const Case& k : all)
      for (int rep = 0; rep < 4; rep++) {
        Block a(rng, n, n, random_stride(rng, n)), b(rng, n, n, random_stride(rng, n));
        fill_case(rng, k, rng.range(0, 63), a, {&b}, n, n);
        int sum = 0;
        for (int by = 0; by < n; by += 8)
          for (int bx = 0; bx < n; bx += 8)
            for (int i = 0; i < 8; i++)
              for (int j = 0; j < 8; j++) {
                int coef = 0;  // row i of H, times D, times column j of H^T
                for (int y = 0; y < 8; y++)
                  for (int x = 0; x < 8; x++) {
                    const int d = *a.at(bx + x, by + y) - *b.at(bx + x, by + y);
                    coef += parity(i & y) ^ parity(j & x) ? -d : d;
                  }
                sum += std::abs(coef);
              }
        const int expect = (sum + 2) >> 2;
        const int got = (n == 8 ? c.sa8d_8x8 : c.sa8d_16x16)(a.at(0, 0), a.stride, b.at(0, 0), b.stride);
        if (got != expect)
          ctx.fail(n == 8 ? kSa8d8x8 : kSa8d16x16, "C reference, " + k.name() + ": " + std::to_string(got) +
                                                        " instead of " + std::to_string(expect));
      }
}

}  // namespace

void test_pixel(Context& ctx) {
  for (int kind = kSad; kind < kSadX4; kind++)
    for (int size = 0; size < kBlockSizes; size++) check_compare(ctx, Kind(kind), size);
  for (int size = 0; size < kBlockSizes; size++) check_sad_x4(ctx, size);
  check_intra_references(ctx);
  check_intra_satd_x3(ctx);
  check_satd_x9(ctx);
  check_avg_references(ctx);
  for (int kind : {kSad, kSatd})
    for (int size = 0; size < kBlockSizes; size++) check_compare_avg(ctx, Kind(kind), size);
  check_sa8d_references(ctx);
  check_sa8d(ctx, 8);
  check_sa8d(ctx, 16);
}

}  // namespace checkasm
