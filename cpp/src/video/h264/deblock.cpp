// The deblocking filter over a whole reconstructed frame (8.7): boundary
// strengths from the macroblocks' types, coefficients and motion, thresholds
// from their QPs, the edge filters from the DSP table.
#include <cstring>

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

// Bit i: block i of the bottom row has coefficients (luma_coded_mask(m) >> 12).
uint32_t bottom_row_coded(const MbInfo& m) {
  uint32_t nnz;
  std::memcpy(&nnz, m.nnz + 12, 4);
  return nonzero_byte_mask(nnz);
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

// `p`: the neighbour across edge 0, if any. `q_coded`: q's coded 4x4 blocks
// as rows of 4 bits along the edges; `p_coded`: p's row along edge 0.
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
      s.strong |= (q_coded | p_coded) & kMbEdge;
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

// What an edge's filter needs for one plane (8.7.2.2): alpha, beta, and the
// tC0 of bS 1 and of the strong bS in every byte.
struct PlaneThresholds {
  int alpha, beta;
  uint32_t tc0_motion, tc0_strong;
};

PlaneThresholds plane_thresholds(int index, int strong_bs) {
  return {kAlpha[index], kBeta[index], kTc0[index][0] * 0x01010101u, kTc0[index][strong_bs - 1] * 0x01010101u};
}

struct EdgeThresholds {
  PlaneThresholds luma, chroma;
};

// `strong_bs`: 3 inside an intra macroblock, 2 elsewhere.
EdgeThresholds edge_thresholds(const MbInfo& p, const MbInfo& q, int strong_bs) {
  const int qp_p = filter_qp(p), qp_q = filter_qp(q);
  return {plane_thresholds((qp_p + qp_q + 1) >> 1, strong_bs),
          plane_thresholds((kChromaQp[qp_p] + kChromaQp[qp_q] + 1) >> 1, strong_bs)};
}

// One 0x00 / 0xff byte per bit of a nibble, byte i for bit i.
uint32_t nibble_bytes(uint32_t nibble) { return (nibble * 0x00204081u & 0x01010101u) * 0xff; }

// tC0 of an edge's four segments, from their masks as bytes: -1 (not filtered) where bS = 0.
void segment_tc0(uint32_t strong, uint32_t motion, const PlaneThresholds& t, int8_t tc0[4]) {
  const uint32_t bytes = (strong & t.tc0_strong) | (motion & t.tc0_motion) | ~(strong | motion);
  for (int i = 0; i < 4; i++) tc0[i] = static_cast<int8_t>(bytes >> 8 * i);
}

// The samples of one macroblock and the edge filters that run over them.
struct MacroblockEdges {
  const DeblockDsp& dsp;
  uint8_t *y, *u, *v;
  ptrdiff_t luma_stride, chroma_stride;

  // Edge 0 with bS 4.
  void filter_intra_edge(bool vertical, const EdgeThresholds& t) const {
    if (!t.luma.alpha) return;  // alpha = beta = 0 filters nothing
    (vertical ? dsp.luma_intra_vertical : dsp.luma_intra_horizontal)(y, luma_stride, t.luma.alpha, t.luma.beta);
    if (!t.chroma.alpha) return;
    (vertical ? dsp.chroma_intra_vertical : dsp.chroma_intra_horizontal)(u, v, chroma_stride, t.chroma.alpha,
                                                                         t.chroma.beta);
  }

  // Edge e with bS < 4: `strong` and `motion` are its segments' masks.
  void filter_edge(bool vertical, int e, const EdgeThresholds& t, uint32_t strong, uint32_t motion) const {
    const uint32_t strong_bytes = nibble_bytes(strong), motion_bytes = nibble_bytes(motion);
    int8_t tc0[4];
    if (t.luma.alpha) {
      segment_tc0(strong_bytes, motion_bytes, t.luma, tc0);
      uint8_t* edge = vertical ? y + e * 4 : y + e * 4 * luma_stride;
      (vertical ? dsp.luma_vertical : dsp.luma_horizontal)(edge, luma_stride, t.luma.alpha, t.luma.beta, tc0);
    }
    if ((e & 1) || !t.chroma.alpha) return;  // chroma edges lie on luma edges 0 and 2
    segment_tc0(strong_bytes, motion_bytes, t.chroma, tc0);
    const ptrdiff_t offset = vertical ? e * 2 : e * 2 * chroma_stride;
    (vertical ? dsp.chroma_vertical : dsp.chroma_horizontal)(u + offset, v + offset, chroma_stride, t.chroma.alpha,
                                                             t.chroma.beta, tc0);
  }

  // The four edges of one direction, in order; `mb_edge` holds edge 0's thresholds, `inner` the others'.
  void filter(bool vertical, const EdgeStrengths& s, const EdgeThresholds& mb_edge, const EdgeThresholds& inner) const {
    if (s.intra_edge) filter_intra_edge(vertical, mb_edge);
    uint32_t strong = s.strong, motion = s.motion;
    for (int e = 0; strong | motion; e++, strong >>= 4, motion >>= 4)
      if ((strong | motion) & 15) filter_edge(vertical, e, e ? inner : mb_edge, strong & 15, motion & 15);
  }
};

// Edge 0's thresholds: those inside the macroblock unless the neighbour's QP differs.
EdgeThresholds mb_edge_thresholds(const MbInfo* p, const MbInfo& q, const EdgeThresholds& inner, int strong_bs) {
  return p && filter_qp(*p) != filter_qp(q) ? edge_thresholds(*p, q, strong_bs) : inner;
}

}  // namespace

void EncoderImpl::deblock_frame() {
  Picture& pic = fdec();
  const ptrdiff_t ls = pic.luma_stride(), cs = pic.chroma_stride();
  // The thresholds inside a macroblock, kept while its filter QP and strong bS repeat.
  EdgeThresholds inner{};
  int inner_key = -1;
  for (int my = 0; my < mb_h_; my++) {
    uint32_t left_cols = 0;  // the left neighbour's coded blocks as columns
    for (int mx = 0; mx < mb_w_; mx++) {
      const MbInfo& q = mbs_[my * mb_w_ + mx];
      const MbInfo* left = mx ? &q - 1 : nullptr;
      const MbInfo* top = my ? &q - mb_w_ : nullptr;
      // Coded 4x4 blocks, as rows (horizontal edges) and columns (vertical ones); P_Skip has none.
      const uint32_t q_rows = q.type == MbType::kPSkip ? 0 : luma_coded_mask(q), q_cols = transpose4x4(q_rows);
      const EdgeStrengths vertical = edge_strengths(q, left, q_cols, left_cols >> 12, true);
      const EdgeStrengths horizontal = edge_strengths(q, top, q_rows, top ? bottom_row_coded(*top) : 0, false);
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
      const int strong_bs = is_intra(q.type) ? 3 : 2;
      if (filter_qp(q) * 4 + strong_bs != inner_key)
        inner = edge_thresholds(q, q, strong_bs), inner_key = filter_qp(q) * 4 + strong_bs;
      edges.filter(true, vertical, mb_edge_thresholds(left, q, inner, strong_bs), inner);
      edges.filter(false, horizontal, mb_edge_thresholds(top, q, inner, strong_bs), inner);
    }
  }
}

}  // namespace h264
}  // namespace edgeav
