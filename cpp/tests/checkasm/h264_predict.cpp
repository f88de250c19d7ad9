// checkasm for the H.264 intra predictions (predict_dsp): every mode of
// every block size on random neighbours (uniform, all 0, all 255, 0/255,
// and ramps, which drive the plane modes into clipping at both ends).
// The row above (top[-1] .. the last sample a mode may read) and the left
// column lie in buffers of exactly that size, the block at a random stride in
// one that ends with its last pixel.
#include <cstddef>
#include <cstdio>
#include <string>

#include "checkasm/checkasm.h"
#include "video/h264/dsp/predict_dsp.h"

namespace checkasm {

namespace {

using edgeav::h264::IntraPredict;
using edgeav::h264::PredictDsp;

void fill_neighbours(Rng& rng, uint8_t* p, int n, int mode) {
  if (mode < static_cast<int>(Fill::kCount)) return fill(rng, p, n, static_cast<Fill>(mode));
  const int start = rng.range(0, 255), slope = rng.range(-40, 40);  // a ramp, clipped
  for (int i = 0; i < n; i++) {
    const int v = start + slope * i + rng.range(-2, 2);
    p[i] = static_cast<uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v);
  }
}
constexpr int kNeighbourModes = static_cast<int>(Fill::kCount) + 1;

// Entry `index` of the table (all entries are IntraPredict).
IntraPredict entry(const void* table, size_t index) {
  return reinterpret_cast<IntraPredict>(edgeav::dsp_entry(table, index));
}

// Tests entry `index` for an n x n block whose row above holds `top_n`
// samples after top[-1].
void check_mode(Context& ctx, size_t index, int n, int top_n) {
  if (!ctx.check(index)) return;
  const IntraPredict c_fn = entry(ctx.c_table(), index), simd_fn = entry(ctx.new_table(), index);
  for (int m = 0; m < kNeighbourModes; m++)
    for (int rep = 0; rep < 200; rep++) {
      Buffer top(top_n + 1, ctx.rng().range(0, 63)), left(n, ctx.rng().range(0, 63));
      const int top_mode = (rep & 3) ? m : ctx.rng().range(0, kNeighbourModes - 1);  // sometimes unlike the left
      fill_neighbours(ctx.rng(), top.data(), top_n + 1, top_mode);
      fill_neighbours(ctx.rng(), left.data(), n, m);
      const ptrdiff_t stride = n + (ctx.rng().next() & 1) * ctx.rng().range(1, 40);
      Buffer a((n - 1) * stride + n, ctx.rng().range(0, 63));
      fill(ctx.rng(), a.data(), a.size(), Fill::kRandom);
      Buffer b = a;
      c_fn(a.data(), stride, top.data() + 1, left.data());
      simd_fn(b.data(), stride, top.data() + 1, left.data());
      if (a.all() != b.all())
        ctx.fail(index, "neighbours " + std::to_string(m) + ", stride " + std::to_string(stride));
    }
  std::printf("ok");
  Buffer top(top_n + 1, 0), left(n, 0), dst(16 * 16, 0);
  fill_neighbours(ctx.rng(), top.data(), top_n + 1, kNeighbourModes - 1);
  fill_neighbours(ctx.rng(), left.data(), n, kNeighbourModes - 1);
  ctx.bench(index, std::to_string(n) + "x" + std::to_string(n),
            [&] { c_fn(dst.data(), 16, top.data() + 1, left.data()); },
            [&] { simd_fn(dst.data(), 16, top.data() + 1, left.data()); });
  std::printf("\n");
}

}  // namespace

void test_h264_predict(Context& ctx) {
  using namespace edgeav::h264;
  // 4x4 blocks read top[0..7] (the top-right replicated by the caller where missing).
  static_assert(offsetof(PredictDsp, pred16x16) == kPred4x4Count * sizeof(IntraPredict), "entries in table order");
  for (int m = 0; m < kPred4x4Count; m++) check_mode(ctx, m, 4, 8);
  for (int m = 0; m < kPred16Count; m++) check_mode(ctx, kPred4x4Count + m, 16, 16);
  for (int m = 0; m < kPredChromaCount; m++) check_mode(ctx, kPred4x4Count + kPred16Count + m, 8, 8);
}

}  // namespace checkasm
