// The deblocking filter over a whole reconstructed frame (8.7): boundary
// strengths from the macroblocks' types, coefficients and motion, thresholds
// from their QPs, the edge filters from the DSP table.

#include "video/h264/encoder_impl.h"
#include "video/h264/tables.h"

namespace edgeav {
namespace h264 {

namespace {

// Masks of a direction's edges hold bit 4 * e + i for segment i (4 luma
// samples) of edge e, edges counted from the macroblock's left or top.
constexpr uint32_t kAllEdges = 0xffff;
constexpr uint32_t kMbEdge = 0x000f;
constexpr uint32_t kOddEdges = 0xf0f0;  // inside the 8x8 transform blocks: no luma edge there (8.7)

// The 4x4 bit matrix transposed (bit y * 4 + x to bit x * 4 + y), so that
// both edge directions read a row of segments as 4 consecutive bits.
uint32_t transpose4x4(uint32_t m) {
  uint32_t t = (m ^ (m >> 3)) & 0x0a0a;  // within the 2x2 blocks
  m ^= t ^ (t << 3);
  t = (m ^ (m >> 6)) & 0x00cc;  // the two off-diagonal 2x2 blocks
  return m ^ t ^ (t << 6);
}

bool one_motion(const MbInfo& m) { return m.type == MbType::kPSkip || m.type == MbType::kP16x16; }

// The QP the filter uses for a macroblock's side of an edge: 0 for I_PCM (8.7.2.2).
int filter_qp(const MbInfo& m) { return m.type == MbType::kIPcm ? 0 : m.qp; }

// |a - b| >= 4 in either component, as one unsigned compare each.
bool motion_differs(Mv a, Mv b) {
  return static_cast<unsigned>(a.x - b.x + 3) > 6 || static_cast<unsigned>(a.y - b.y + 3) > 6;
}

// Bit i: the vectors either side of segment i differ by a sample or more;
// `along` steps from one segment's 4x4 block to the next.
uint32_t motion_mask(const Mv* p, const Mv* q, int along) {
  uint32_t m = 0;
  for (int i = 0; i < 4; i++) m |= static_cast<uint32_t>(motion_differs(p[i * along], q[i * along])) << i;
  return m;
}

// The boundary strengths of one direction's four edges (8.7.2.1).
struct EdgeStrengths {
  uint32_t strong = 0;      // bS 2 (coefficients), or 3 inside an intra macroblock
  uint32_t motion = 0;      // bS 1
  bool intra_edge = false;  // edge 0 borders an intra macroblock: bS 4 all along it
};

// `p`: the neighbour across edge 0, if any. `q_coded` / `p_coded`: the
// macroblocks' coded 4x4 blocks as rows of 4 bits along the edges.
EdgeStrengths edge_strengths(const MbInfo& q, const MbInfo* p, uint32_t q_coded, uint32_t p_coded, bool vertical) {
  EdgeStrengths s;
  if (is_intra(q.type)) {
    s.strong = kAllEdges & ~kMbEdge;
    s.intra_edge = p != nullptr;
  } else {
    // A block on either side of the segment has coefficients: the block rows before them are shifted in.
    s.strong = (q_coded | q_coded << 4) & kAllEdges & ~kMbEdge;
    const int across = vertical ? 1 : 4, along = vertical ? 4 : 1;
    if (!one_motion(q))
      for (int e = 1; e < 4; e++) s.motion |= motion_mask(q.mv + (e - 1) * across, q.mv + e * across, along) << 4 * e;
    if (p && is_intra(p->type)) {
      s.intra_edge = true;
    } else if (p) {
      s.strong |= (q_coded | p_coded >> 12) & kMbEdge;
      if (one_motion(q) && one_motion(*p))  // one vector on each side decides the whole edge
        s.motion |= motion_differs(p->mv[0], q.mv[0]) ? kMbEdge : 0;
      else
        s.motion |= motion_mask(p->mv + 3 * across, q.mv, along);
    }
    s.motion &= ~s.strong;
  }
  if (q.transform8x8) s.strong &= ~kOddEdges, s.motion &= ~kOddEdges;
  return s;
}

// The filter's threshold index of an edge for luma and chroma (8.7.2.2).
struct EdgeQp {
  int luma, chroma;
};

EdgeQp edge_qp(const MbInfo& p, const MbInfo& q) {
  const int qp_p = filter_qp(p), qp_q = filter_qp(q);
  return {(qp_p + qp_q + 1) >> 1, (kChromaQp[qp_p] + kChromaQp[qp_q] + 1) >> 1};
}

// One 0x00 / 0xff byte per bit of a nibble, byte i for bit i.
uint32_t nibble_bytes(uint32_t nibble) { return ((nibble & 15) * 0x00204081u & 0x01010101u) * 0xff; }

// tC0 of an edge's four segments from their bS: `strong` (bS `strong_bs`),
// `motion` (bS 1) or neither (bS 0: -1, not filtered).
void segment_tc0(uint32_t strong, uint32_t motion, const uint8_t tc0_by_bs[3], int strong_bs, int8_t tc0[4]) {
  const uint32_t s = nibble_bytes(strong), m = nibble_bytes(motion);
  const uint32_t bytes = (s & tc0_by_bs[strong_bs - 1] * 0x01010101u) | (m & tc0_by_bs[0] * 0x01010101u) | ~(s | m);
  for (int i = 0; i < 4; i++) tc0[i] = static_cast<int8_t>(bytes >> 8 * i);
}

// The samples of one macroblock and the edge filters that run over them.
struct MacroblockEdges {
  const DeblockDsp& dsp;
  uint8_t *y, *u, *v;
  ptrdiff_t luma_stride, chroma_stride;

  // Edge 0 with bS 4.
  void filter_intra_edge(bool vertical, EdgeQp qp) const {
    if (!kAlpha[qp.luma]) return;  // alpha = beta = 0 filters nothing
    (vertical ? dsp.luma_intra_vertical : dsp.luma_intra_horizontal)(y, luma_stride, kAlpha[qp.luma], kBeta[qp.luma]);
    if (!kAlpha[qp.chroma]) return;
    const DeblockEdgeIntra chroma = vertical ? dsp.chroma_intra_vertical : dsp.chroma_intra_horizontal;
    chroma(u, chroma_stride, kAlpha[qp.chroma], kBeta[qp.chroma]);
    chroma(v, chroma_stride, kAlpha[qp.chroma], kBeta[qp.chroma]);
  }

  // Edge e with bS < 4: `strong` and `motion` are its segments' masks.
  void filter_edge(bool vertical, int e, EdgeQp qp, uint32_t strong, uint32_t motion, int strong_bs) const {
    int8_t tc0[4];
    if (kAlpha[qp.luma]) {
      segment_tc0(strong, motion, kTc0[qp.luma], strong_bs, tc0);
      uint8_t* edge = vertical ? y + e * 4 : y + e * 4 * luma_stride;
      (vertical ? dsp.luma_vertical : dsp.luma_horizontal)(edge, luma_stride, kAlpha[qp.luma], kBeta[qp.luma], tc0);
    }
    if ((e & 1) || !kAlpha[qp.chroma]) return;  // chroma edges lie on luma edges 0 and 2
    segment_tc0(strong, motion, kTc0[qp.chroma], strong_bs, tc0);
    const ptrdiff_t offset = vertical ? e * 2 : e * 2 * chroma_stride;
    const DeblockEdge chroma = vertical ? dsp.chroma_vertical : dsp.chroma_horizontal;
    chroma(u + offset, chroma_stride, kAlpha[qp.chroma], kBeta[qp.chroma], tc0);
    chroma(v + offset, chroma_stride, kAlpha[qp.chroma], kBeta[qp.chroma], tc0);
  }

  // The four edges of one direction, in order; `mb_edge_qp` is edge 0's, `inner_qp` the others'.
  void filter(bool vertical, const EdgeStrengths& s, EdgeQp mb_edge_qp, EdgeQp inner_qp, int strong_bs) const {
    if (s.intra_edge) filter_intra_edge(vertical, mb_edge_qp);
    for (int e = 0; (s.strong | s.motion) >> 4 * e; e++) {
      const uint32_t strong = s.strong >> 4 * e & 15, motion = s.motion >> 4 * e & 15;
      if (strong | motion) filter_edge(vertical, e, e ? inner_qp : mb_edge_qp, strong, motion, strong_bs);
    }
  }
};

}  // namespace

void EncoderImpl::deblock_frame() {
  Picture& pic = fdec();
  const ptrdiff_t ls = pic.luma_stride(), cs = pic.chroma_stride();
  for (int my = 0; my < mb_h_; my++) {
    uint32_t left_cols = 0;  // the left neighbour's coded blocks as columns
    for (int mx = 0; mx < mb_w_; mx++) {
      const MbInfo& q = mbs_[my * mb_w_ + mx];
      const MbInfo* left = mx ? &q - 1 : nullptr;
      const MbInfo* top = my ? &q - mb_w_ : nullptr;
      // Coded 4x4 blocks, as rows (horizontal edges) and columns (vertical ones).
      const uint32_t q_rows = luma_coded_mask(q), q_cols = transpose4x4(q_rows);
      const EdgeStrengths vertical = edge_strengths(q, left, q_cols, left_cols, true);
      const EdgeStrengths horizontal = edge_strengths(q, top, q_rows, top ? luma_coded_mask(*top) : 0, false);
      left_cols = q_cols;
      if (!(vertical.intra_edge | horizontal.intra_edge | vertical.strong | vertical.motion | horizontal.strong |
            horizontal.motion))
        continue;
      const MacroblockEdges edges{deblock_,
                                  pic.y() + my * 16 * ls + mx * 16,
                                  pic.u() + my * 8 * cs + mx * 8,
                                  pic.v() + my * 8 * cs + mx * 8,
                                  ls,
                                  cs};
      const EdgeQp inner_qp = edge_qp(q, q);
      const int strong_bs = is_intra(q.type) ? 3 : 2;
      edges.filter(true, vertical, left ? edge_qp(*left, q) : inner_qp, inner_qp, strong_bs);
      edges.filter(false, horizontal, top ? edge_qp(*top, q) : inner_qp, inner_qp, strong_bs);
    }
  }
}

}  // namespace h264
}  // namespace edgeav
