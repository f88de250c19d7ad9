// checkasm for the H.264 deblocking filters (deblock_dsp).
//
// Each edge gets alpha / beta from random indexA / indexB (0..51, so alpha =
// beta = 0 too) and per quarter a tC0 of bS 1..3 or -1 (bS = 0). Every line
// across the edge is, at random, a smooth ramp with a step at the edge of
// about alpha (so each threshold test goes both ways), such a ramp pressed
// against 0 or 255 (clipping), a flat line with a small step (the strong
// intra filter), or random bytes. The test fails unless the C filter both
// changed and left lines unchanged and, for luma, changed samples beyond
// p0 / q0 (p1 / q1, or p2 / q2 of the strong intra filter), so that the
// inputs keep covering every branch.
//
// The edge lies in a buffer at a random stride that ends with the last
// sample a filter may read: q3 of the last line, as in a frame, where the
// 4-sample blocks on both sides of an edge exist. Chroma filters an edge in
// two such buffers (u and v) of one stride, with different samples.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "checkasm/checkasm.h"
#include "video/h264/dsp/deblock_dsp.h"
#include "video/h264/tables.h"

namespace checkasm {

namespace {

using edgeav::h264::DeblockDsp;

enum Entry {
  kLumaVertical, kLumaHorizontal, kLumaIntraVertical, kLumaIntraHorizontal,
  kChromaVertical, kChromaHorizontal, kChromaIntraVertical, kChromaIntraHorizontal
};

struct EdgeParams {
  int index_a, index_b, alpha, beta;
  int8_t tc0[4];
};

EdgeParams edge_params(Rng& rng) {
  EdgeParams e;
  e.index_a = rng.range(0, 51), e.index_b = rng.range(0, 51);
  if (rng.next() & 1) e.index_a = rng.range(16, 51), e.index_b = rng.range(16, 51);  // alpha, beta > 0
  e.alpha = edgeav::h264::kAlpha[e.index_a], e.beta = edgeav::h264::kBeta[e.index_b];
  for (int8_t& t : e.tc0) {
    const int bs = rng.range(0, 3);
    t = static_cast<int8_t>(bs ? edgeav::h264::kTc0[e.index_a][bs - 1] : -1);
  }
  return e;
}

// `lines` lines of p3..q3 across an edge, vertical (the edge runs down a
// column) or horizontal, in a buffer at a random stride ending at q3 of the
// last line.
struct Edge {
  Edge(Rng& rng, bool vertical, int lines)
      : vertical(vertical),
        lines(lines),
        left(rng.range(0, 5)),
        stride((vertical ? 8 : lines) + left + rng.range(0, 40)),
        buf(vertical ? (lines - 1) * stride + left + 8 : 7 * stride + left + lines, rng.range(0, 63)) {}
  uint8_t* pix() { return buf.data() + left + (vertical ? 4 : 4 * stride); }
  // Sample k (-4..3: p3..q3) of line i.
  uint8_t& at(int i, int k) { return vertical ? pix()[i * stride + k] : pix()[k * stride + i]; }
  bool vertical;
  int lines, left;
  ptrdiff_t stride;
  Buffer buf;
};

void fill_line(Rng& rng, Edge& e, int i, int alpha) {
  const int kind = rng.range(0, 3);
  if (kind == 3) {
    for (int k = -4; k < 4; k++) e.at(i, k) = static_cast<uint8_t>(rng.next());
    return;
  }
  const int slope = kind == 2 ? 0 : rng.range(-2, 2), step = rng.range(-alpha - 3, alpha + 3);
  int base = rng.range(0, 255);
  if (kind == 1) base = (rng.next() & 1) ? rng.range(0, 6) : rng.range(249, 255);
  for (int k = -4; k < 4; k++) {
    const int noise = kind == 2 ? 0 : rng.range(-1, 1);
    e.at(i, k) = static_cast<uint8_t>(std::clamp(base + slope * k + (k >= 0 ? step : 0) + noise, 0, 255));
  }
}

// How often the C filter changed a line, left it alone, and changed a
// sample beyond p0 / q0 (luma: p1 / q1 for bS < 4, p2 / q2 for bS = 4).
struct Coverage {
  int changed = 0, unchanged = 0, outer = 0;
};

// `planes` edges (1 luma, 2 chroma) of the same layout, each with its own random lines.
std::vector<Edge> random_edges(Rng& rng, bool vertical, int lines, int planes, int alpha) {
  std::vector<Edge> edges(planes, Edge(rng, vertical, lines));
  for (Edge& e : edges)
    for (int i = 0; i < lines; i++) fill_line(rng, e, i, alpha);
  return edges;
}

template <typename Call>
void check_edge(Context& ctx, size_t index, bool vertical, int lines, int planes, bool intra, Call call) {
  if (!ctx.check(index)) return;
  Coverage cov;
  for (int rep = 0; rep < 4000; rep++) {
    const EdgeParams p = edge_params(ctx.rng());
    std::vector<Edge> a = random_edges(ctx.rng(), vertical, lines, planes, p.alpha);
    std::vector<Edge> before = a, b = a;
    call(c_of<DeblockDsp>(ctx), a.data(), p);
    call(new_of<DeblockDsp>(ctx), b.data(), p);
    for (int plane = 0; plane < planes; plane++)
      if (a[plane].buf.all() != b[plane].buf.all())
        ctx.fail(index, "plane " + std::to_string(plane) + ", indexA " + std::to_string(p.index_a) + ", indexB " +
                            std::to_string(p.index_b) + ", tc0 " + std::to_string(p.tc0[0]) + " " +
                            std::to_string(p.tc0[1]) + " " + std::to_string(p.tc0[2]) + " " +
                            std::to_string(p.tc0[3]) + ", stride " + std::to_string(a[plane].stride));
    const int outer = intra ? 3 : 2;
    for (int plane = 0; plane < planes; plane++)
      for (int i = 0; i < lines; i++) {
        Edge &after = a[plane], &was = before[plane];
        bool changed = false;
        for (int k = -4; k < 4; k++) changed |= after.at(i, k) != was.at(i, k);
        (changed ? cov.changed : cov.unchanged)++;
        cov.outer += after.at(i, -outer) != was.at(i, -outer) || after.at(i, outer - 1) != was.at(i, outer - 1);
      }
  }
  if (!cov.changed || !cov.unchanged || (lines == 16 && !cov.outer))
    ctx.fail(index, "the inputs miss a branch: " + std::to_string(cov.changed) + " lines filtered, " +
                        std::to_string(cov.unchanged) + " not, " + std::to_string(cov.outer) + " beyond p0/q0");
  std::printf("ok");
  // A typical inter edge (QP 32, bS 2) on smooth content: every line filtered.
  EdgeParams p{32, 32, edgeav::h264::kAlpha[32], edgeav::h264::kBeta[32], {}};
  std::fill(p.tc0, p.tc0 + 4, static_cast<int8_t>(edgeav::h264::kTc0[32][1]));
  std::vector<Edge> e(planes, Edge(ctx.rng(), vertical, lines));
  for (Edge& plane : e)
    for (int i = 0; i < lines; i++)
      for (int k = -4; k < 4; k++) plane.at(i, k) = static_cast<uint8_t>(100 + k + (k >= 0 ? 6 : 0) + (i & 1));
  ctx.bench(index, "qp32", [&] { call(c_of<DeblockDsp>(ctx), e.data(), p); },
            [&] { call(new_of<DeblockDsp>(ctx), e.data(), p); });
  std::printf("\n");
}

}  // namespace

void test_h264_deblock(Context& ctx) {
  using D = const DeblockDsp&;
  using P = const EdgeParams&;
  check_edge(ctx, kLumaVertical, true, 16, 1, false,
             [](D d, Edge* e, P p) { d.luma_vertical(e[0].pix(), e[0].stride, p.alpha, p.beta, p.tc0); });
  check_edge(ctx, kLumaHorizontal, false, 16, 1, false,
             [](D d, Edge* e, P p) { d.luma_horizontal(e[0].pix(), e[0].stride, p.alpha, p.beta, p.tc0); });
  check_edge(ctx, kLumaIntraVertical, true, 16, 1, true,
             [](D d, Edge* e, P p) { d.luma_intra_vertical(e[0].pix(), e[0].stride, p.alpha, p.beta); });
  check_edge(ctx, kLumaIntraHorizontal, false, 16, 1, true,
             [](D d, Edge* e, P p) { d.luma_intra_horizontal(e[0].pix(), e[0].stride, p.alpha, p.beta); });
  check_edge(ctx, kChromaVertical, true, 8, 2, false, [](D d, Edge* e, P p) {
    d.chroma_vertical(e[0].pix(), e[1].pix(), e[0].stride, p.alpha, p.beta, p.tc0);
  });
  check_edge(ctx, kChromaHorizontal, false, 8, 2, false, [](D d, Edge* e, P p) {
    d.chroma_horizontal(e[0].pix(), e[1].pix(), e[0].stride, p.alpha, p.beta, p.tc0);
  });
  check_edge(ctx, kChromaIntraVertical, true, 8, 2, true, [](D d, Edge* e, P p) {
    d.chroma_intra_vertical(e[0].pix(), e[1].pix(), e[0].stride, p.alpha, p.beta);
  });
  check_edge(ctx, kChromaIntraHorizontal, false, 8, 2, true, [](D d, Edge* e, P p) {
    d.chroma_intra_horizontal(e[0].pix(), e[1].pix(), e[0].stride, p.alpha, p.beta);
  });
}

}  // namespace checkasm
