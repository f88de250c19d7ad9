// checkasm for the H.264 intra predictions (predict_dsp): every mode of
// every block size on random neighbours (uniform, all 0, all 255, 0/255,
// and ramps, which drive the plane modes into clipping at both ends).
// The row above (top[-1] .. the last sample a mode may read) and the left
// column lie in buffers of exactly that size (the 8x8 luma edge line in one of
// kIntra8x8EdgeSize), the block at a random stride in one that ends with its
// last pixel. intra8x8_edge and the C 8x8 luma modes are also checked against
// a transcription of the standard's formulas, for every availability of the
// neighbours.
#include <cstddef>
#include <cstdio>
#include <string>

#include "checkasm/checkasm.h"
#include "video/h264/dsp/predict_dsp.h"

namespace checkasm {

namespace {

using edgeav::h264::IntraPredict;
using edgeav::h264::IntraPredict8x8;
using edgeav::h264::kIntra8x8EdgeSize;
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

// Tests 8x8 luma entry `index` on random edge lines.
void check_mode8x8(Context& ctx, size_t index) {
  if (!ctx.check(index)) return;
  const auto c_fn = reinterpret_cast<IntraPredict8x8>(edgeav::dsp_entry(ctx.c_table(), index));
  const auto simd_fn = reinterpret_cast<IntraPredict8x8>(edgeav::dsp_entry(ctx.new_table(), index));
  for (int m = 0; m < kNeighbourModes; m++)
    for (int rep = 0; rep < 200; rep++) {
      Buffer edge(kIntra8x8EdgeSize, ctx.rng().range(0, 63));
      const int top_mode = (rep & 3) ? m : ctx.rng().range(0, kNeighbourModes - 1);  // sometimes unlike the left
      fill_neighbours(ctx.rng(), edge.data(), 9, m);
      fill_neighbours(ctx.rng(), edge.data() + 9, kIntra8x8EdgeSize - 9, top_mode);
      const ptrdiff_t stride = 8 + (ctx.rng().next() & 1) * ctx.rng().range(1, 40);
      Buffer a(7 * stride + 8, ctx.rng().range(0, 63));
      fill(ctx.rng(), a.data(), a.size(), Fill::kRandom);
      Buffer b = a;
      c_fn(a.data(), stride, edge.data());
      simd_fn(b.data(), stride, edge.data());
      if (a.all() != b.all())
        ctx.fail(index, "neighbours " + std::to_string(m) + ", stride " + std::to_string(stride));
    }
  std::printf("ok");
  Buffer edge(kIntra8x8EdgeSize, 0), dst(8 * 16, 0);
  fill_neighbours(ctx.rng(), edge.data(), kIntra8x8EdgeSize, kNeighbourModes - 1);
  ctx.bench(index, "8x8", [&] { c_fn(dst.data(), 16, edge.data()); }, [&] { simd_fn(dst.data(), 16, edge.data()); });
  std::printf("\n");
}

// Tests pred4x4_x9 (4x4 edges in exact buffers) or pred8x8_x9 (an edge line).
template <int N>
void check_x9(Context& ctx, size_t index) {
  if (!ctx.check(index)) return;
  const auto call = [](edgeav::AnyFn fn, uint8_t* pred, Buffer& top, Buffer& left) {
    if constexpr (N == 4)
      reinterpret_cast<edgeav::h264::IntraPredict4x4X9>(fn)(reinterpret_cast<uint8_t(*)[16]>(pred), top.data() + 1,
                                                           left.data());
    else
      reinterpret_cast<edgeav::h264::IntraPredict8x8X9>(fn)(reinterpret_cast<uint8_t(*)[64]>(pred), top.data());
  };
  const edgeav::AnyFn c_fn = edgeav::dsp_entry(ctx.c_table(), index), simd_fn = edgeav::dsp_entry(ctx.new_table(), index);
  // 4x4: top[-1..7] and left[0..3]; 8x8: the edge line alone (in `top`).
  const int top_n = N == 4 ? 9 : kIntra8x8EdgeSize, left_n = N == 4 ? 4 : 0;
  for (int m = 0; m < kNeighbourModes; m++)
    for (int rep = 0; rep < 200; rep++) {
      Buffer top(top_n, ctx.rng().range(0, 63)), left(left_n, ctx.rng().range(0, 63));
      const int top_mode = (rep & 3) ? m : ctx.rng().range(0, kNeighbourModes - 1);  // sometimes unlike the left
      fill_neighbours(ctx.rng(), top.data(), top_n, top_mode);
      fill_neighbours(ctx.rng(), left.data(), left_n, m);
      Buffer a(9 * N * N, ctx.rng().range(0, 63));
      fill(ctx.rng(), a.data(), a.size(), Fill::kRandom);
      Buffer b = a;
      call(c_fn, a.data(), top, left);
      call(simd_fn, b.data(), top, left);
      if (a.all() != b.all()) ctx.fail(index, "neighbours " + std::to_string(m));
    }
  std::printf("ok");
  Buffer top(top_n, 0), left(left_n, 0), dst(9 * N * N, 0);
  fill_neighbours(ctx.rng(), top.data(), top_n, kNeighbourModes - 1);
  fill_neighbours(ctx.rng(), left.data(), left_n, kNeighbourModes - 1);
  ctx.bench(index, N == 4 ? "4x4" : "8x8", [&] { call(c_fn, dst.data(), top, left); },
            [&] { call(simd_fn, dst.data(), top, left); });
  std::printf("\n");
}

// The neighbours of an 8x8 luma block in the standard's notation p[x, y]:
// x = -1 with y = -1..7, x = 0..15 with y = -1.
struct Neighbours8x8 {
  int row[17];  // p[x, -1] at row[x + 1]
  int col[8];   // p[-1, y]
  int p(int x, int y) const { return y < 0 ? row[x + 1] : col[y]; }
  void set(int x, int y, int v) { (y < 0 ? row[x + 1] : col[y]) = v; }
};
struct Availability8x8 {
  bool left, top, top_left, top_right;
};

// 8.3.2.2 (the substitution for a missing top-right) and 8.3.2.2.1, rule by rule.
Neighbours8x8 spec_filtered(Neighbours8x8 p, const Availability8x8& a) {
  if (a.top && !a.top_right)
    for (int x = 8; x <= 15; x++) p.set(x, -1, p.p(7, -1));
  Neighbours8x8 f = p;
  if (a.top) {
    if (a.top_left)
      f.set(0, -1, (p.p(-1, -1) + 2 * p.p(0, -1) + p.p(1, -1) + 2) >> 2);
    else
      f.set(0, -1, (3 * p.p(0, -1) + p.p(1, -1) + 2) >> 2);
    for (int x = 1; x <= 14; x++) f.set(x, -1, (p.p(x - 1, -1) + 2 * p.p(x, -1) + p.p(x + 1, -1) + 2) >> 2);
    f.set(15, -1, (p.p(14, -1) + 3 * p.p(15, -1) + 2) >> 2);
  }
  if (a.top_left) {
    if (!a.top || !a.left) {
      if (a.top)
        f.set(-1, -1, (3 * p.p(-1, -1) + p.p(0, -1) + 2) >> 2);
      else if (a.left)
        f.set(-1, -1, (3 * p.p(-1, -1) + p.p(-1, 0) + 2) >> 2);
      else
        f.set(-1, -1, p.p(-1, -1));
    } else {
      f.set(-1, -1, (p.p(0, -1) + 2 * p.p(-1, -1) + p.p(-1, 0) + 2) >> 2);
    }
  }
  if (a.left) {
    if (a.top_left)
      f.set(-1, 0, (p.p(-1, -1) + 2 * p.p(-1, 0) + p.p(-1, 1) + 2) >> 2);
    else
      f.set(-1, 0, (3 * p.p(-1, 0) + p.p(-1, 1) + 2) >> 2);
    for (int y = 1; y <= 6; y++) f.set(-1, y, (p.p(-1, y - 1) + 2 * p.p(-1, y) + p.p(-1, y + 1) + 2) >> 2);
    f.set(-1, 7, (p.p(-1, 6) + 3 * p.p(-1, 7) + 2) >> 2);
  }
  return f;
}

// pred8x8L[x, y] of Intra8x8PredMode `mode` (8.3.2.2.2 - 8.3.2.2.10) from the filtered p'.
int spec_pred8x8(const Neighbours8x8& f, const Availability8x8& a, int mode, int x, int y) {
  const auto p = [&f](int i, int j) { return f.p(i, j); };
  switch (mode) {
    case 0:
      return p(x, -1);
    case 1:
      return p(-1, y);
    case 2: {
      int top = 0, left = 0;
      for (int i = 0; i < 8; i++) top += p(i, -1), left += p(-1, i);
      if (a.top && a.left) return (top + left + 8) >> 4;
      if (a.left) return (left + 4) >> 3;
      if (a.top) return (top + 4) >> 3;
      return 128;
    }
    case 3:
      if (x == 7 && y == 7) return (p(14, -1) + 3 * p(15, -1) + 2) >> 2;
      return (p(x + y, -1) + 2 * p(x + y + 1, -1) + p(x + y + 2, -1) + 2) >> 2;
    case 4:
      if (x > y) return (p(x - y - 2, -1) + 2 * p(x - y - 1, -1) + p(x - y, -1) + 2) >> 2;
      if (x < y) return (p(-1, y - x - 2) + 2 * p(-1, y - x - 1) + p(-1, y - x) + 2) >> 2;
      return (p(0, -1) + 2 * p(-1, -1) + p(-1, 0) + 2) >> 2;
    case 5: {
      const int z = 2 * x - y;
      if (z >= 0 && z % 2 == 0) return (p(x - (y >> 1) - 1, -1) + p(x - (y >> 1), -1) + 1) >> 1;
      if (z >= 0) return (p(x - (y >> 1) - 2, -1) + 2 * p(x - (y >> 1) - 1, -1) + p(x - (y >> 1), -1) + 2) >> 2;
      if (z == -1) return (p(-1, 0) + 2 * p(-1, -1) + p(0, -1) + 2) >> 2;
      return (p(-1, y - 2 * x - 1) + 2 * p(-1, y - 2 * x - 2) + p(-1, y - 2 * x - 3) + 2) >> 2;
    }
    case 6: {
      const int z = 2 * y - x;
      if (z >= 0 && z % 2 == 0) return (p(-1, y - (x >> 1) - 1) + p(-1, y - (x >> 1)) + 1) >> 1;
      if (z >= 0) return (p(-1, y - (x >> 1) - 2) + 2 * p(-1, y - (x >> 1) - 1) + p(-1, y - (x >> 1)) + 2) >> 2;
      if (z == -1) return (p(-1, 0) + 2 * p(-1, -1) + p(0, -1) + 2) >> 2;
      return (p(x - 2 * y - 1, -1) + 2 * p(x - 2 * y - 2, -1) + p(x - 2 * y - 3, -1) + 2) >> 2;
    }
    case 7:
      if (y % 2 == 0) return (p(x + (y >> 1), -1) + p(x + (y >> 1) + 1, -1) + 1) >> 1;
      return (p(x + (y >> 1), -1) + 2 * p(x + (y >> 1) + 1, -1) + p(x + (y >> 1) + 2, -1) + 2) >> 2;
    default: {
      const int z = x + 2 * y;
      if (z <= 12 && z % 2 == 0) return (p(-1, y + (x >> 1)) + p(-1, y + (x >> 1) + 1) + 1) >> 1;
      if (z < 13) return (p(-1, y + (x >> 1)) + 2 * p(-1, y + (x >> 1) + 1) + p(-1, y + (x >> 1) + 2) + 2) >> 2;
      if (z == 13) return (p(-1, 6) + 3 * p(-1, 7) + 2) >> 2;
      return p(-1, 7);
    }
  }
}

// intra8x8_edge and the C 8x8 luma modes against the transcription, for
// every availability of the neighbours and every mode it allows (the DC one
// as the variant for the neighbours there are), at every level and without
// SIMD. The neighbours lie in buffers of just the samples available, the left
// column at a random stride.
void check_pred8x8_references(Context& ctx, size_t base) {
  using namespace edgeav::h264;
  const PredictDsp& c = c_of<PredictDsp>(ctx);
  Rng& rng = ctx.rng();
  for (int av = 0; av < 16; av++) {
    const Availability8x8 a{(av & 1) != 0, (av & 2) != 0, (av & 4) != 0, (av & 8) != 0};
    const std::string where = "left " + std::to_string(a.left) + " top " + std::to_string(a.top) + " top-left " +
                              std::to_string(a.top_left) + " top-right " + std::to_string(a.top_right);
    for (int rep = 0; rep < 100; rep++) {
      const int top_n = a.top ? (a.top_right ? 16 : 8) : 0;
      const ptrdiff_t left_stride = rng.range(1, 3) * rng.range(1, 24);
      Buffer top(1 + top_n, rng.range(0, 63)), left(a.left ? 7 * left_stride + 1 : 0, rng.range(0, 63));
      fill_neighbours(rng, top.data(), top.size(), rep % kNeighbourModes);
      fill_neighbours(rng, left.data(), left.size(), (rep / kNeighbourModes) % kNeighbourModes);
      Neighbours8x8 raw;  // unavailable samples at random: they must not matter
      for (int i = 0; i < 17; i++) raw.row[i] = i < 1 + top_n ? top.data()[i] : rng.range(0, 255);
      for (int y = 0; y < 8; y++) raw.col[y] = a.left ? left.data()[y * left_stride] : rng.range(0, 255);
      const Neighbours8x8 f = spec_filtered(raw, a);

      Buffer edge(kIntra8x8EdgeSize, rng.range(0, 63));
      fill(rng, edge.data(), edge.size(), Fill::kRandom);
      Buffer before = edge;
      intra8x8_edge(edge.data(), top.data() + 1, left.data(), left_stride, a.left, a.top, a.top_left, a.top_right);
      for (int k = 0; k < kIntra8x8EdgeSize; k++) {
        const bool available = k < 8 ? a.left : k == 8 ? a.top_left : a.top;
        const int expect = !available ? before.data()[k] : k < 8 ? f.p(-1, 7 - k) : f.p(k - 9, -1);
        if (edge.data()[k] != expect)
          ctx.fail(base + kPred8x8V, "intra8x8_edge, " + where + ": entry " + std::to_string(k) + " is " +
                                         std::to_string(edge.data()[k]) + ", not " + std::to_string(expect));
      }

      const bool all3 = a.top && a.left && a.top_left;  // what DDR, VR and HD need
      const bool allowed[9] = {a.top, a.left, true, a.top, all3, all3, all3, a.top, a.left};
      for (int mode = 0; mode < 9; mode++) {
        if (!allowed[mode]) continue;
        const int index = mode != kPred8x8Dc ? mode
                          : a.top && a.left  ? kPred8x8Dc
                          : a.left           ? kPred8x8DcLeft
                          : a.top            ? kPred8x8DcTop
                                             : kPred8x8Dc128;
        uint8_t pred[64];
        c.pred8x8[index](pred, 8, edge.data());
        for (int i = 0; i < 64; i++) {
          const int expect = spec_pred8x8(f, a, mode, i % 8, i / 8);
          if (pred[i] != expect) {
            ctx.fail(base + index, "C reference, " + where + ": (" + std::to_string(i % 8) + ", " +
                                       std::to_string(i / 8) + ") is " + std::to_string(pred[i]) + ", not " +
                                       std::to_string(expect));
            break;
          }
        }
      }
    }
  }
}

}  // namespace

void test_h264_predict(Context& ctx) {
  using namespace edgeav::h264;
  // 4x4 blocks read top[0..7] (the top-right replicated by the caller where missing).
  static_assert(offsetof(PredictDsp, pred16x16) == kPred4x4Count * sizeof(IntraPredict), "entries in table order");
  for (int m = 0; m < kPred4x4Count; m++) check_mode(ctx, m, 4, 8);
  for (int m = 0; m < kPred16Count; m++) check_mode(ctx, kPred4x4Count + m, 16, 16);
  for (int m = 0; m < kPredChromaCount; m++) check_mode(ctx, kPred4x4Count + kPred16Count + m, 8, 8);
  constexpr size_t kBase8x8 = kPred4x4Count + kPred16Count + kPredChromaCount;
  static_assert(offsetof(PredictDsp, pred8x8) == kBase8x8 * sizeof(IntraPredict), "entries in table order");
  check_pred8x8_references(ctx, kBase8x8);
  for (int m = 0; m < kPred8x8Count; m++) check_mode8x8(ctx, kBase8x8 + m);
  constexpr size_t kBaseX9 = kBase8x8 + kPred8x8Count;
  static_assert(offsetof(PredictDsp, pred4x4_x9) == kBaseX9 * sizeof(IntraPredict), "entries in table order");
  static_assert(offsetof(PredictDsp, pred8x8_x9) == (kBaseX9 + 1) * sizeof(IntraPredict), "entries in table order");
  check_x9<4>(ctx, kBaseX9);
  check_x9<8>(ctx, kBaseX9 + 1);
}

}  // namespace checkasm
