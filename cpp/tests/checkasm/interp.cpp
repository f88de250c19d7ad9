// checkasm for interp_dsp: the frame interpolator's OBMC kernels. Every frame
// of every source (8 for a cell, 2 for a block) lies in its own allocation
// that ends with the last sample of its (n + 1) x (n + 1) area, and on every
// other case begins with its first, so AddressSanitizer sees a read outside
// the area the C reads; the sources share a random stride. Fractions are drawn
// with extra weight on 0 and 7, weights on 0 and 64; fills include all-0,
// all-255 and 0/255 (the largest tap differences); ramps are the
// interpolator's, random ones with ramp[i] + ramp[n-1-i] == 16, and the
// extreme steps. Cells whose sources coincide (the interpolator's neighbours
// with one vector) are tried too. The output block lies in a buffer whose
// bytes outside the n x n block, between its rows, before and after it, must
// stay as they were; its stride is random.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "checkasm/checkasm.h"
#include "enhance/interp_dsp.h"

namespace checkasm {

namespace {

using edgeav::InterpDsp;
using edgeav::ObmcSource;

enum Entry { kCell8x8, kCell4x4, kBlock8x8, kBlock4x4 };

// The interpolator's windows (frame_interpolator.cpp).
constexpr uint8_t kRamp8[8] = {1, 3, 5, 7, 9, 11, 13, 15};
constexpr uint8_t kRamp4[4] = {2, 6, 10, 14};

constexpr int kReps = 3000;
// Bytes after the output block's last row, as many as before its first
// (Buffer::kGuard): a stray write lands in them and is reported as a mismatch.
constexpr size_t kTail = Buffer::kGuard;

// One frame's (n + 1) x (n + 1) samples at `offset` in an allocation that
// ends with the last of them.
class Area {
 public:
  Area(Rng& rng, int n, ptrdiff_t stride, size_t offset, Fill mode)
      : bytes_(offset + static_cast<size_t>(n * stride + n + 1)), offset_(offset) {
    fill(rng, bytes_.data(), bytes_.size(), mode);
  }
  const uint8_t* data() const { return bytes_.data() + offset_; }

 private:
  std::vector<uint8_t> bytes_;
  size_t offset_;
};

int fraction(Rng& rng) {
  const int f = rng.range(0, 9);
  return f == 8 ? 0 : f == 9 ? 7 : f;
}

int weight(Rng& rng) {
  const int w = rng.range(0, 68);
  return w > 66 ? 64 : w > 64 ? 0 : w;
}

std::vector<uint8_t> ramp_for(Rng& rng, int n, int rep) {
  std::vector<uint8_t> r(n);
  switch (rep % 6) {
    case 0: r.assign(n == 8 ? kRamp8 : kRamp4, (n == 8 ? kRamp8 : kRamp4) + n); return r;
    case 1:  // a hard step: the left block only on the left half
      for (int i = 0; i < n; i++) r[i] = i < n / 2 ? 0 : 16;
      return r;
    case 2:
      for (int i = 0; i < n; i++) r[i] = i < n / 2 ? 16 : 0;
      return r;
    default:
      for (int i = 0; i < n / 2; i++) {
        const int v = rng.range(0, 18);
        r[i] = static_cast<uint8_t>(v > 16 ? (v == 17 ? 0 : 16) : v);
        r[n - 1 - i] = static_cast<uint8_t>(16 - r[i]);
      }
      return r;
  }
}

std::string describe(int n, const ObmcSource* s, int count, ptrdiff_t src_stride, ptrdiff_t dst_stride,
                     const std::vector<uint8_t>& ramp, int fill_mode) {
  std::string d = std::to_string(n) + "x" + std::to_string(n) + ", src stride " + std::to_string(src_stride) +
                  ", dst stride " + std::to_string(dst_stride) + ", fill " + std::to_string(fill_mode);
  for (int k = 0; k < count; k++)
    d += ", src" + std::to_string(k) + " prev " + std::to_string(s[k].prev_fx) + "/" + std::to_string(s[k].prev_fy) +
         " next " + std::to_string(s[k].next_fx) + "/" + std::to_string(s[k].next_fy) + " w " +
         std::to_string(s[k].prev_weight);
  if (!ramp.empty()) {
    d += ", ramp";
    for (uint8_t r : ramp) d += " " + std::to_string(r);
  }
  return d;
}

// Runs `call(table, dst, dst_stride, src, src_stride, ramp)` with the C and
// the new table on the same random case and compares the output buffers.
template <typename Call>
void compare(Context& ctx, size_t index, int n, int count, bool cell, Call call) {
  Rng& rng = ctx.rng();
  for (int rep = 0; rep < kReps; rep++) {
    const ptrdiff_t src_stride = n + 1 + (rng.next() & 1 ? 0 : rng.range(1, 80));
    const int fill_mode = rep % (static_cast<int>(Fill::kCount) + 1);  // kCount: a mode per frame
    std::vector<Area> areas;
    areas.reserve(2 * count);
    for (int i = 0; i < 2 * count; i++) {
      const Fill mode = fill_mode < static_cast<int>(Fill::kCount) ? static_cast<Fill>(fill_mode)
                                                                     : static_cast<Fill>(rng.range(0, 3));
      areas.emplace_back(rng, n, src_stride, rep & 1 ? rng.range(0, 63) : 0, mode);
    }
    ObmcSource src[4];
    for (int k = 0; k < count; k++)
      src[k] = {areas[2 * k].data(),
                areas[2 * k + 1].data(),
                static_cast<uint8_t>(fraction(rng)),
                static_cast<uint8_t>(fraction(rng)),
                static_cast<uint8_t>(fraction(rng)),
                static_cast<uint8_t>(fraction(rng)),
                static_cast<uint8_t>(weight(rng))};
    if (count == 4 && rng.range(0, 7) == 0) {  // neighbours with one vector: some sources coincide
      const int copies = rng.range(1, 3);
      for (int k = 1; k <= copies; k++) {
        const int to = rng.range(1, 3), from = rng.range(0, 3);
        src[to] = src[from];
      }
    }
    std::vector<uint8_t> ramp;
    Buffer ramp_buf(cell ? n : 0, rng.range(0, 63));
    if (cell) {
      ramp = ramp_for(rng, n, rep);
      std::copy(ramp.begin(), ramp.end(), ramp_buf.data());
    }
    const ptrdiff_t dst_stride = n + (rng.next() & 1 ? 0 : rng.range(1, 64));
    Buffer a((n - 1) * dst_stride + n + kTail, rng.range(0, 63)), b = a;
    call(c_of<InterpDsp>(ctx), a.data(), dst_stride, src, src_stride, ramp_buf.data());
    call(new_of<InterpDsp>(ctx), b.data(), dst_stride, src, src_stride, ramp_buf.data());
    if (a.all() != b.all()) {
      std::string where;
      for (size_t i = 0; i < a.all().size(); i++)
        if (a.all()[i] != b.all()[i]) {
          const ptrdiff_t o = static_cast<ptrdiff_t>(i) - (a.data() - a.all().data());
          where = "; first difference at dst offset " + std::to_string(o) + " (row " +
                  std::to_string(o >= 0 ? o / dst_stride : -1) + "): " + std::to_string(b.all()[i]) +
                  " instead of " + std::to_string(a.all()[i]);
          break;
        }
      ctx.fail(index, describe(n, src, count, src_stride, dst_stride, ramp, fill_mode) + where);
    }
  }
}

// A 720p frame's planes padded as the interpolator pads them (32 luma, 16
// chroma samples), sources a few samples apart as neighbouring blocks' are.
void bench(Context& ctx, size_t index, int n, bool cell) {
  const ptrdiff_t stride = n == 8 ? 1280 + 64 : 640 + 32, dst_stride = n == 8 ? 1280 : 640;
  Rng& rng = ctx.rng();
  Buffer prev(64 * stride, 0), next(64 * stride, 0), out(n * dst_stride, 0);
  fill(rng, prev.data(), prev.size(), Fill::kRandom);
  fill(rng, next.data(), next.size(), Fill::kRandom);
  ObmcSource src[4];
  for (ObmcSource& s : src)
    s = {prev.data() + rng.range(8, 40) * stride + rng.range(8, 200),
         next.data() + rng.range(8, 40) * stride + rng.range(8, 200),
         static_cast<uint8_t>(rng.range(1, 7)),
         static_cast<uint8_t>(rng.range(1, 7)),
         static_cast<uint8_t>(rng.range(1, 7)),
         static_cast<uint8_t>(rng.range(1, 7)),
         static_cast<uint8_t>(rng.range(16, 48))};
  const uint8_t* ramp = n == 8 ? kRamp8 : kRamp4;
  const std::string config = std::to_string(n) + "x" + std::to_string(n);
  const InterpDsp &c = c_of<InterpDsp>(ctx), &s = new_of<InterpDsp>(ctx);
  if (cell) {
    const edgeav::ObmcCell ref = n == 8 ? c.obmc_cell_8x8 : c.obmc_cell_4x4;
    const edgeav::ObmcCell fn = n == 8 ? s.obmc_cell_8x8 : s.obmc_cell_4x4;
    ctx.bench(index, config, [&] { ref(out.data(), dst_stride, src, stride, ramp); },
              [&] { fn(out.data(), dst_stride, src, stride, ramp); });
  } else {
    const edgeav::ObmcBlock ref = n == 8 ? c.obmc_block_8x8 : c.obmc_block_4x4;
    const edgeav::ObmcBlock fn = n == 8 ? s.obmc_block_8x8 : s.obmc_block_4x4;
    ctx.bench(index, config, [&] { ref(out.data(), dst_stride, src, stride); },
              [&] { fn(out.data(), dst_stride, src, stride); });
  }
}

void check_cell(Context& ctx, size_t index, int n) {
  if (!ctx.check(index)) return;
  compare(ctx, index, n, 4, true,
          [&](const InterpDsp& d, uint8_t* dst, ptrdiff_t ds, const ObmcSource* src, ptrdiff_t ss,
              const uint8_t* ramp) { (n == 8 ? d.obmc_cell_8x8 : d.obmc_cell_4x4)(dst, ds, src, ss, ramp); });
  std::printf("ok");
  bench(ctx, index, n, true);
  std::printf("\n");
}

void check_block(Context& ctx, size_t index, int n) {
  if (!ctx.check(index)) return;
  compare(ctx, index, n, 1, false,
          [&](const InterpDsp& d, uint8_t* dst, ptrdiff_t ds, const ObmcSource* src, ptrdiff_t ss, const uint8_t*) {
            (n == 8 ? d.obmc_block_8x8 : d.obmc_block_4x4)(dst, ds, src, ss);
          });
  std::printf("ok");
  bench(ctx, index, n, false);
  std::printf("\n");
}

}  // namespace

void test_interp(Context& ctx) {
  check_cell(ctx, kCell8x8, 8);
  check_cell(ctx, kCell4x4, 4);
  check_block(ctx, kBlock8x8, 8);
  check_block(ctx, kBlock4x4, 4);
}

}  // namespace checkasm
