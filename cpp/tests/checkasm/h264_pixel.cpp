// checkasm for the H.264 pixel_dsp: SAD, SATD, SSD and SAD-x4 of every block
// size, on blocks whose last row ends at the end of their allocation, with
// random strides and alignments, every pair of fill modes for the two blocks,
// and the differences that drive SATD to its largest coefficients.
#include <cstdio>
#include <string>
#include <vector>

#include "checkasm/checkasm.h"
#include "video/h264/dsp/pixel_dsp.h"

namespace checkasm {

namespace {

using edgeav::h264::kBlockHeight;
using edgeav::h264::kBlockSizes;
using edgeav::h264::kBlockWidth;
using edgeav::h264::PixelCompare;
using edgeav::h264::PixelCompareX4;
using edgeav::h264::PixelDsp;

enum Kind { kSad, kSatd, kSsd, kSadX4, kKinds };  // the order of PixelDsp's arrays

// Besides the harness fills, difference patterns: a block of 255 and 0 whose
// partner is its complement, so every difference is +-255. "bent" gives every
// 4x4 Hadamard coefficient the magnitude 4 * 255 (the largest SATD, 8160 per
// block); "basis" puts all the energy in one coefficient (16 * 255); "lane"
// (+ at (0, 0) and (0, 2) of each 4x4 block, - elsewhere, or transposed)
// gathers the most (5100 per block, 40800 over 16x16) in the partial sums that
// a SIMD SATD keeps in one 16-bit lane when it pairs vertical rows 0 and 2
// (or horizontal ones), beyond the signed 16-bit range.
enum Pattern { kHarness, kBent, kBasis, kLane };

struct Case {
  Fill fa, fb;
  Pattern pattern;
  std::string name() const {
    if (pattern == kBent) return "bent difference";
    if (pattern == kBasis) return "basis difference";
    if (pattern == kLane) return "lane difference";
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

// Whether the pattern is 255 at (x, y) of a 4x4 block; `u`, `v` pick the
// variant (basis function, transposition, sign).
bool pattern_bit(Pattern p, int x, int y, int u, int v) {
  if (p == kBent) return (((x & 1) & (y & 1)) ^ ((x >> 1 & 1) & (y >> 1 & 1))) ^ (u & 1);
  if (p == kLane) return ((u & 1 ? y : x) == 0 && ((u & 1 ? x : y) & 1) == 0) ^ (v & 1);
  int bits = (x & u) | ((y & v) << 2);  // the parity of these bits is the sign of Walsh function (u, v)
  bits ^= bits >> 2;
  return (bits ^ bits >> 1) & 1;
}

// `variant` (0..15) picks the pattern's variant, so that repetitions cover them all.
void fill_case(Rng& rng, const Case& c, int variant, Block& a, std::vector<Block*> bs, int w, int h) {
  fill(rng, a.buf.data(), a.buf.size(), c.fa);
  for (Block* b : bs) fill(rng, b->buf.data(), b->buf.size(), c.fb);
  if (c.pattern == kHarness) return;
  const int u = variant & 3, v = variant >> 2 & 3;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      const uint8_t p = pattern_bit(c.pattern, x & 3, y & 3, u, v) ? 255 : 0;
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

}  // namespace

void test_h264_pixel(Context& ctx) {
  for (int kind = kSad; kind < kSadX4; kind++)
    for (int size = 0; size < kBlockSizes; size++) check_compare(ctx, Kind(kind), size);
  for (int size = 0; size < kBlockSizes; size++) check_sad_x4(ctx, size);
}

}  // namespace checkasm
