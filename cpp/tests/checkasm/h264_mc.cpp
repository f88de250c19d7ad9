// checkasm for the H.264 mc_dsp: the half-sample filter over many widths and
// heights with exactly the source margin it may read, pixel_avg and copy of
// every block width, and mc_chroma at every eighth-sample offset.
#include <cstdio>
#include <string>
#include <vector>

#include "checkasm/checkasm.h"
#include "video/h264/dsp/mc_dsp.h"

namespace checkasm {

namespace {

using edgeav::h264::McDsp;

enum Entry { kHpelFilter, kPixelAvg, kMcChroma, kCopy };

// Source bytes whose allocation ends at the last byte a kernel may read and,
// when `offset` is 0, starts at the first one (then a read before it is seen
// by AddressSanitizer; other offsets vary the alignment).
class Source {
 public:
  Source(size_t size, size_t offset) : bytes_(offset + size), offset_(offset) {}
  uint8_t* data() { return bytes_.data() + offset_; }
  size_t size() const { return bytes_.size() - offset_; }

 private:
  std::vector<uint8_t> bytes_;
  size_t offset_;
};

size_t random_offset(Rng& rng) { return rng.next() & 1 ? 0 : rng.range(1, 63); }
ptrdiff_t random_stride(Rng& rng, int w) { return w + (rng.next() & 1 ? 0 : rng.range(1, 80)); }

std::string fill_name(int m) { return "fill " + std::to_string(m); }

// hpel_filter's extra fills: 255 where the taps (1, -5, 20, 20, -5, 1) of a
// column and of a row have the same sign (period 6), 0 elsewhere, and the
// inverse: the centre sums reach their extremes (475320 and -214200), far
// beyond 16 bits.
constexpr int kHpelFills = static_cast<int>(Fill::kCount) + 2;

void fill_hpel(Rng& rng, Source& src, ptrdiff_t stride, int mode) {
  if (mode < static_cast<int>(Fill::kCount)) return fill(rng, src.data(), src.size(), Fill(mode));
  auto positive = [](size_t i) { return i % 6 != 1 && i % 6 != 4; };
  for (size_t i = 0; i < src.size(); i++) {
    const bool high = positive(i % stride) == positive(i / stride);
    src.data()[i] = (high == (mode == kHpelFills - 2)) ? 255 : 0;
  }
}

struct HpelOut {
  HpelOut(Rng& rng, int w, int height, ptrdiff_t stride)
      : h((height - 1) * stride + w, rng.range(0, 63)), v(h), c(h), scratch(w + 5) {}
  bool operator!=(HpelOut& o) { return h.all() != o.h.all() || v.all() != o.v.all() || c.all() != o.c.all(); }
  Buffer h, v, c;
  std::vector<int16_t> scratch;  // exactly the size the contract promises
};

void run_hpel(const McDsp& d, HpelOut& o, uint8_t* src, ptrdiff_t stride, int w, int height) {
  d.hpel_filter(o.h.data(), o.v.data(), o.c.data(), src, stride, w, height, o.scratch.data());
}

// The encoder's call for a 720p reference (Picture::finish_reference): 1286 x
// 726 samples at stride 1344, in four planes of one size allocated apart as the
// encoder does (large allocations are page-aligned, so the planes share their
// addresses modulo 4 KiB, and together they outgrow the L2 cache).
void bench_hpel_720p(Context& ctx) {
  const int w = 1286, height = 726;
  const ptrdiff_t stride = 1344, origin = 29 * stride + 29;
  std::vector<uint8_t> src(stride * 785), h(src.size()), v(src.size()), c(src.size());
  fill(ctx.rng(), src.data(), src.size(), Fill::kRandom);
  std::vector<int16_t> scratch(w + 5);
  auto run = [&](const McDsp& d) {
    d.hpel_filter(h.data() + origin, v.data() + origin, c.data() + origin, src.data() + origin, stride, w, height,
                  scratch.data());
  };
  ctx.bench(kHpelFilter, "1286x726", [&] { run(c_of<McDsp>(ctx)); }, [&] { run(new_of<McDsp>(ctx)); });
}

void check_hpel_filter(Context& ctx) {
  if (!ctx.check(kHpelFilter)) return;
  Rng& rng = ctx.rng();
  std::vector<std::pair<int, int>> sizes;  // width, height
  for (int w = 1; w <= 70; w++)
    for (int height : {1, 2, 3, 5, 8, 17}) sizes.push_back({w, height});
  for (int w : {95, 127, 128, 129, 255, 1344}) sizes.push_back({w, 3});
  for (const auto& [w, height] : sizes)
    for (int m = 0; m < kHpelFills; m++) {
      // Columns -2 .. w + 2 of rows -2 .. height + 2, nothing more.
      const ptrdiff_t stride = random_stride(rng, w + 5);
      Source src((height + 4) * stride + w + 5, random_offset(rng));
      fill_hpel(rng, src, stride, m);
      uint8_t* origin = src.data() + 2 * stride + 2;
      HpelOut a(rng, w, height, stride), b = a;
      run_hpel(c_of<McDsp>(ctx), a, origin, stride, w, height);
      run_hpel(new_of<McDsp>(ctx), b, origin, stride, w, height);
      if (a != b)
        ctx.fail(kHpelFilter, "width " + std::to_string(w) + ", height " + std::to_string(height) + ", stride " +
                                  std::to_string(stride) + ", " + fill_name(m));
    }
  std::printf("ok");
  // One macroblock row of a 720p frame padded by 32 pixels (the filter runs
  // over the whole padded frame: 784 / 16 such rows).
  const int w = 1344, height = 16;
  const ptrdiff_t stride = w + 5;
  Source src((height + 4) * stride + w + 5, 0);
  fill(rng, src.data(), src.size(), Fill::kRandom);
  HpelOut o(rng, w, height, stride);
  uint8_t* origin = src.data() + 2 * stride + 2;
  ctx.bench(kHpelFilter, "1344x16", [&] { run_hpel(c_of<McDsp>(ctx), o, origin, stride, w, height); },
            [&] { run_hpel(new_of<McDsp>(ctx), o, origin, stride, w, height); });
  bench_hpel_720p(ctx);
  std::printf("\n");
}

// A w x h block in a buffer that ends with its last row.
struct Block {
  Block(Rng& rng, int w, int h, ptrdiff_t stride) : buf((h - 1) * stride + w, rng.range(0, 63)), stride(stride) {}
  Buffer buf;
  ptrdiff_t stride;
};

void check_pixel_avg(Context& ctx) {
  if (!ctx.check(kPixelAvg)) return;
  Rng& rng = ctx.rng();
  for (int w : {4, 8, 16})
    for (int h = 1; h <= 16; h++)
      for (int ma = 0; ma < static_cast<int>(Fill::kCount); ma++)
        for (int mb = 0; mb < static_cast<int>(Fill::kCount); mb++) {
          Block a(rng, w, h, random_stride(rng, w)), b(rng, w, h, random_stride(rng, w));
          fill(rng, a.buf.data(), a.buf.size(), Fill(ma));
          fill(rng, b.buf.data(), b.buf.size(), Fill(mb));
          Block x(rng, w, h, random_stride(rng, w)), y = x;
          c_of<McDsp>(ctx).pixel_avg(x.buf.data(), x.stride, a.buf.data(), a.stride, b.buf.data(), b.stride, w, h);
          new_of<McDsp>(ctx).pixel_avg(y.buf.data(), y.stride, a.buf.data(), a.stride, b.buf.data(), b.stride, w, h);
          if (x.buf.all() != y.buf.all())
            ctx.fail(kPixelAvg, std::to_string(w) + "x" + std::to_string(h) + ", fills " + std::to_string(ma) + "/" +
                                    std::to_string(mb));
        }
  std::printf("ok");
  for (int w : {16, 8, 4}) {
    const ptrdiff_t stride = 1344;
    Block a(rng, w, w, stride), b(rng, w, w, stride), d(rng, w, w, stride);
    fill(rng, a.buf.data(), a.buf.size(), Fill::kRandom);
    fill(rng, b.buf.data(), b.buf.size(), Fill::kRandom);
    auto run = [&](const McDsp& m) { m.pixel_avg(d.buf.data(), stride, a.buf.data(), stride, b.buf.data(), stride, w, w); };
    ctx.bench(kPixelAvg, std::to_string(w) + "x" + std::to_string(w), [&] { run(c_of<McDsp>(ctx)); },
              [&] { run(new_of<McDsp>(ctx)); });
  }
  std::printf("\n");
}

void check_mc_chroma(Context& ctx) {
  if (!ctx.check(kMcChroma)) return;
  Rng& rng = ctx.rng();
  for (int w : {2, 4, 8})
    for (int h : {1, 2, 3, 4, 8, 16})
      for (int dx = 0; dx < 8; dx++)
        for (int dy = 0; dy < 8; dy++)
          for (int m = 0; m < static_cast<int>(Fill::kCount); m++) {
            // Rows 0 .. h, columns 0 .. w: the bilinear taps read one more of each.
            const ptrdiff_t ss = random_stride(rng, w + 1);
            Source src(h * ss + w + 1, random_offset(rng));
            fill(rng, src.data(), src.size(), Fill(m));
            Block x(rng, w, h, random_stride(rng, w)), y = x;
            c_of<McDsp>(ctx).mc_chroma(x.buf.data(), x.stride, src.data(), ss, dx, dy, w, h);
            new_of<McDsp>(ctx).mc_chroma(y.buf.data(), y.stride, src.data(), ss, dx, dy, w, h);
            if (x.buf.all() != y.buf.all())
              ctx.fail(kMcChroma, std::to_string(w) + "x" + std::to_string(h) + ", dx " + std::to_string(dx) +
                                      ", dy " + std::to_string(dy) + ", " + fill_name(m));
          }
  std::printf("ok");
  for (int w : {8, 4, 2}) {
    const ptrdiff_t stride = 704;  // chroma of a padded 720p frame
    Source src(w * stride + w + 1, 0);
    fill(rng, src.data(), src.size(), Fill::kRandom);
    Block d(rng, w, w, stride);
    auto run = [&](const McDsp& m) { m.mc_chroma(d.buf.data(), stride, src.data(), stride, 3, 5, w, w); };
    ctx.bench(kMcChroma, std::to_string(w) + "x" + std::to_string(w), [&] { run(c_of<McDsp>(ctx)); },
              [&] { run(new_of<McDsp>(ctx)); });
  }
  std::printf("\n");
}

void check_copy(Context& ctx) {
  if (!ctx.check(kCopy)) return;
  Rng& rng = ctx.rng();
  for (int w : {4, 8, 16})
    for (int h = 1; h <= 16; h++)
      for (int m = 0; m < static_cast<int>(Fill::kCount); m++) {
        Block s(rng, w, h, random_stride(rng, w));
        fill(rng, s.buf.data(), s.buf.size(), Fill(m));
        Block x(rng, w, h, random_stride(rng, w)), y = x;
        c_of<McDsp>(ctx).copy(x.buf.data(), x.stride, s.buf.data(), s.stride, w, h);
        new_of<McDsp>(ctx).copy(y.buf.data(), y.stride, s.buf.data(), s.stride, w, h);
        if (x.buf.all() != y.buf.all())
          ctx.fail(kCopy, std::to_string(w) + "x" + std::to_string(h) + ", " + fill_name(m));
      }
  std::printf("ok");
  for (int w : {16, 8, 4}) {
    const ptrdiff_t stride = 1344;
    Block s(rng, w, w, stride), d(rng, w, w, stride);
    fill(rng, s.buf.data(), s.buf.size(), Fill::kRandom);
    auto run = [&](const McDsp& m) { m.copy(d.buf.data(), stride, s.buf.data(), stride, w, w); };
    ctx.bench(kCopy, std::to_string(w) + "x" + std::to_string(w), [&] { run(c_of<McDsp>(ctx)); },
              [&] { run(new_of<McDsp>(ctx)); });
  }
  std::printf("\n");
}

}  // namespace

void test_h264_mc(Context& ctx) {
  check_hpel_filter(ctx);
  check_pixel_avg(ctx);
  check_mc_chroma(ctx);
  check_copy(ctx);
}

}  // namespace checkasm
