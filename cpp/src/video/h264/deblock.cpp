// The deblocking filter over a whole reconstructed frame (8.7): boundary
// strengths from the macroblocks' types, coefficients and motion, thresholds
// from their QPs, the edge filters from the DSP table.
#include <cstdlib>
#include <cstring>

#include "video/h264/encoder_impl.h"
#include "video/h264/tables.h"

namespace edgeav {
namespace h264 {

namespace {

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

int motion_strength(Mv a, Mv b) { return std::abs(a.x - b.x) >= 4 || std::abs(a.y - b.y) >= 4 ? 1 : 0; }

}  // namespace

void EncoderImpl::deblock_frame() {
  Picture& pic = fdec();
  const ptrdiff_t ls = pic.luma_stride(), cs = pic.chroma_stride();
  for (int my = 0; my < mb_h_; my++)
    for (int mx = 0; mx < mb_w_; mx++) {
      const MbInfo& q = mbs_[my * mb_w_ + mx];
      uint8_t* y = pic.y() + my * 16 * ls + mx * 16;
      uint8_t* u = pic.u() + my * 8 * cs + mx * 8;
      uint8_t* v = pic.v() + my * 8 * cs + mx * 8;
      // Coded 4x4 blocks, as rows (horizontal edges) and columns (vertical ones).
      const uint32_t q_rows = luma_coded_mask(q), q_cols = transpose4x4(q_rows);
      const bool q_intra = is_intra(q.type), q_one_motion = one_motion(q);
      // One motion and no coefficients: no edge inside the macroblock to filter.
      const int edges = q_one_motion && !q_rows ? 1 : 4;
      for (int dir = 0; dir < 2; dir++) {  // vertical edges, then horizontal
        const bool vertical = dir == 0;
        const uint32_t q_coded = vertical ? q_cols : q_rows;
        for (int e = 0; e < edges; e++) {
          const bool mb_edge = e == 0;
          if (mb_edge && (vertical ? mx == 0 : my == 0)) continue;
          if ((e & 1) && q.transform8x8) continue;  // no luma edge inside an 8x8 transform block (8.7)
          const MbInfo& p = mb_edge ? (vertical ? mbs_[my * mb_w_ + mx - 1] : mbs_[(my - 1) * mb_w_ + mx]) : q;
          int bs[4];
          if (q_intra || is_intra(p.type)) {
            bs[0] = bs[1] = bs[2] = bs[3] = mb_edge ? 4 : 3;
          } else {
            // Bit i: a block on either side of segment i has coefficients (8.7.2.1).
            const uint32_t p_coded =
                mb_edge ? (vertical ? transpose4x4(luma_coded_mask(p)) : luma_coded_mask(p)) >> 12 : q_coded >> (4 * e - 4);
            const uint32_t coded = (q_coded >> (4 * e) | p_coded) & 15;
            if (q_one_motion && (!mb_edge || one_motion(p))) {
              // One vector on each side: motion decides the whole edge at once.
              const int motion = mb_edge ? motion_strength(p.mv[0], q.mv[0]) : 0;
              if (!coded && !motion) continue;
              for (int i = 0; i < 4; i++) bs[i] = coded >> i & 1 ? 2 : motion;
            } else {
              for (int i = 0; i < 4; i++) {
                const int bq = vertical ? i * 4 + e : e * 4 + i;
                const int bp = mb_edge ? (vertical ? i * 4 + 3 : 12 + i) : (vertical ? bq - 1 : bq - 4);
                bs[i] = coded >> i & 1 ? 2 : motion_strength(p.mv[bp], q.mv[bq]);
              }
            }
          }
          if (!(bs[0] | bs[1] | bs[2] | bs[3])) continue;
          const int qp_p = filter_qp(p), qp_q = filter_qp(q);
          const int qp_avg = (qp_p + qp_q + 1) >> 1;
          const int alpha = kAlpha[qp_avg], beta = kBeta[qp_avg];
          uint8_t* edge_y = vertical ? y + e * 4 : y + e * 4 * ls;
          if (bs[0] == 4) {  // an intra macroblock edge: bS is 4 all along it
            (vertical ? deblock_.luma_intra_vertical : deblock_.luma_intra_horizontal)(edge_y, ls, alpha, beta);
          } else {
            int8_t tc0[4];
            for (int i = 0; i < 4; i++) tc0[i] = static_cast<int8_t>(bs[i] ? kTc0[qp_avg][bs[i] - 1] : -1);
            (vertical ? deblock_.luma_vertical : deblock_.luma_horizontal)(edge_y, ls, alpha, beta, tc0);
          }
          if (e & 1) continue;  // chroma edges lie on luma edges 0 and 2
          const int qpc_avg = (kChromaQp[qp_p] + kChromaQp[qp_q] + 1) >> 1;
          const int calpha = kAlpha[qpc_avg], cbeta = kBeta[qpc_avg];
          int8_t ctc0[4] = {};  // both planes' thresholds (bS 4 filters need none)
          if (bs[0] != 4)
            for (int i = 0; i < 4; i++) ctc0[i] = static_cast<int8_t>(bs[i] ? kTc0[qpc_avg][bs[i] - 1] : -1);
          for (int c = 0; c < 2; c++) {
            uint8_t* base = c ? v : u;
            uint8_t* edge_c = vertical ? base + e * 2 : base + e * 2 * cs;
            if (bs[0] == 4) {
              (vertical ? deblock_.chroma_intra_vertical : deblock_.chroma_intra_horizontal)(edge_c, cs, calpha, cbeta);
            } else {
              (vertical ? deblock_.chroma_vertical : deblock_.chroma_horizontal)(edge_c, cs, calpha, cbeta, ctc0);
            }
          }
        }
      }
    }
}

}  // namespace h264
}  // namespace edgeav
