#include "video/h264/dsp/deblock_dsp.h"

#include <cstdlib>
#include <initializer_list>

namespace edgeav {
namespace h264 {

namespace {

uint8_t clip_pixel(int v) { return static_cast<uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v); }
int clip3(int lo, int hi, int v) { return v < lo ? lo : v > hi ? hi : v; }

// One line of samples across the edge: p[-k * step] is p(k-1), p[k * step] is q(k).
void luma_line(uint8_t* p, ptrdiff_t step, int alpha, int beta, int tc0) {
  const int p0 = p[-step], p1 = p[-2 * step], p2 = p[-3 * step];
  const int q0 = p[0], q1 = p[step], q2 = p[2 * step];
  if (std::abs(p0 - q0) >= alpha || std::abs(p1 - p0) >= beta || std::abs(q1 - q0) >= beta) return;
  const bool ap = std::abs(p2 - p0) < beta, aq = std::abs(q2 - q0) < beta;
  const int tc = tc0 + ap + aq;
  const int delta = clip3(-tc, tc, (((q0 - p0) * 4) + (p1 - q1) + 4) >> 3);
  if (ap) p[-2 * step] = static_cast<uint8_t>(p1 + clip3(-tc0, tc0, (p2 + ((p0 + q0 + 1) >> 1) - 2 * p1) >> 1));
  if (aq) p[step] = static_cast<uint8_t>(q1 + clip3(-tc0, tc0, (q2 + ((p0 + q0 + 1) >> 1) - 2 * q1) >> 1));
  p[-step] = clip_pixel(p0 + delta);
  p[0] = clip_pixel(q0 - delta);
}

void luma_intra_line(uint8_t* p, ptrdiff_t step, int alpha, int beta) {
  const int p0 = p[-step], p1 = p[-2 * step], p2 = p[-3 * step], p3 = p[-4 * step];
  const int q0 = p[0], q1 = p[step], q2 = p[2 * step], q3 = p[3 * step];
  if (std::abs(p0 - q0) >= alpha || std::abs(p1 - p0) >= beta || std::abs(q1 - q0) >= beta) return;
  const bool strong = std::abs(p0 - q0) < ((alpha >> 2) + 2);
  if (strong && std::abs(p2 - p0) < beta) {
    p[-step] = static_cast<uint8_t>((p2 + 2 * p1 + 2 * p0 + 2 * q0 + q1 + 4) >> 3);
    p[-2 * step] = static_cast<uint8_t>((p2 + p1 + p0 + q0 + 2) >> 2);
    p[-3 * step] = static_cast<uint8_t>((2 * p3 + 3 * p2 + p1 + p0 + q0 + 4) >> 3);
  } else {
    p[-step] = static_cast<uint8_t>((2 * p1 + p0 + q1 + 2) >> 2);
  }
  if (strong && std::abs(q2 - q0) < beta) {
    p[0] = static_cast<uint8_t>((p1 + 2 * p0 + 2 * q0 + 2 * q1 + q2 + 4) >> 3);
    p[step] = static_cast<uint8_t>((p0 + q0 + q1 + q2 + 2) >> 2);
    p[2 * step] = static_cast<uint8_t>((2 * q3 + 3 * q2 + q1 + q0 + p0 + 4) >> 3);
  } else {
    p[0] = static_cast<uint8_t>((2 * q1 + q0 + p1 + 2) >> 2);
  }
}

void chroma_line(uint8_t* p, ptrdiff_t step, int alpha, int beta, int tc0) {
  const int p0 = p[-step], p1 = p[-2 * step], q0 = p[0], q1 = p[step];
  if (std::abs(p0 - q0) >= alpha || std::abs(p1 - p0) >= beta || std::abs(q1 - q0) >= beta) return;
  const int tc = tc0 + 1;
  const int delta = clip3(-tc, tc, (((q0 - p0) * 4) + (p1 - q1) + 4) >> 3);
  p[-step] = clip_pixel(p0 + delta);
  p[0] = clip_pixel(q0 - delta);
}

void chroma_intra_line(uint8_t* p, ptrdiff_t step, int alpha, int beta) {
  const int p0 = p[-step], p1 = p[-2 * step], q0 = p[0], q1 = p[step];
  if (std::abs(p0 - q0) >= alpha || std::abs(p1 - p0) >= beta || std::abs(q1 - q0) >= beta) return;
  p[-step] = static_cast<uint8_t>((2 * p1 + p0 + q1 + 2) >> 2);
  p[0] = static_cast<uint8_t>((2 * q1 + q0 + p1 + 2) >> 2);
}

// `across` steps over the edge, `along` moves to the next line.
template <int Lines>
void edge(uint8_t* pix, ptrdiff_t across, ptrdiff_t along, int alpha, int beta, const int8_t tc0[4],
          void (*line)(uint8_t*, ptrdiff_t, int, int, int)) {
  for (int i = 0; i < Lines; i++) {
    const int tc = tc0[i / (Lines / 4)];
    if (tc >= 0) line(pix + i * along, across, alpha, beta, tc);
  }
}

void luma_vertical_c(uint8_t* pix, ptrdiff_t stride, int alpha, int beta, const int8_t tc0[4]) {
  edge<16>(pix, 1, stride, alpha, beta, tc0, luma_line);
}
void luma_horizontal_c(uint8_t* pix, ptrdiff_t stride, int alpha, int beta, const int8_t tc0[4]) {
  edge<16>(pix, stride, 1, alpha, beta, tc0, luma_line);
}
void chroma_vertical_c(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta, const int8_t tc0[4]) {
  for (uint8_t* pix : {u, v}) edge<8>(pix, 1, stride, alpha, beta, tc0, chroma_line);
}
void chroma_horizontal_c(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta, const int8_t tc0[4]) {
  for (uint8_t* pix : {u, v}) edge<8>(pix, stride, 1, alpha, beta, tc0, chroma_line);
}
void luma_intra_vertical_c(uint8_t* pix, ptrdiff_t stride, int alpha, int beta) {
  for (int i = 0; i < 16; i++) luma_intra_line(pix + i * stride, 1, alpha, beta);
}
void luma_intra_horizontal_c(uint8_t* pix, ptrdiff_t stride, int alpha, int beta) {
  for (int i = 0; i < 16; i++) luma_intra_line(pix + i, stride, alpha, beta);
}
void chroma_intra_vertical_c(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta) {
  for (uint8_t* pix : {u, v})
    for (int i = 0; i < 8; i++) chroma_intra_line(pix + i * stride, 1, alpha, beta);
}
void chroma_intra_horizontal_c(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta) {
  for (uint8_t* pix : {u, v})
    for (int i = 0; i < 8; i++) chroma_intra_line(pix + i, stride, alpha, beta);
}

}  // namespace

void deblock_dsp_init_c(DeblockDsp* dsp) {
  dsp->luma_vertical = luma_vertical_c;
  dsp->luma_horizontal = luma_horizontal_c;
  dsp->luma_intra_vertical = luma_intra_vertical_c;
  dsp->luma_intra_horizontal = luma_intra_horizontal_c;
  dsp->chroma_vertical = chroma_vertical_c;
  dsp->chroma_horizontal = chroma_horizontal_c;
  dsp->chroma_intra_vertical = chroma_intra_vertical_c;
  dsp->chroma_intra_horizontal = chroma_intra_horizontal_c;
}

void deblock_dsp_init(DeblockDsp* dsp, uint32_t flags) {
  deblock_dsp_init_c(dsp);
#if EDGEAV_ARCH_X86
  if (flags & kCpuSSE2) deblock_dsp_init_sse2(dsp);
  if (flags & kCpuAVX2) deblock_dsp_init_avx2(dsp);
#elif EDGEAV_ARCH_ARM64
  if (flags & kCpuNEON) deblock_dsp_init_neon(dsp);
#else
  (void)flags;
#endif
}

const DeblockDsp& deblock_dsp() { return live_dsp_table<DeblockDsp, deblock_dsp_init>(); }

const DspTableInfo& deblock_dsp_info() {
  static const char* const names[] = {"luma_vertical",        "luma_horizontal",        "luma_intra_vertical",
                                      "luma_intra_horizontal", "chroma_vertical",        "chroma_horizontal",
                                      "chroma_intra_vertical", "chroma_intra_horizontal"};
  return dsp_table_info<DeblockDsp, deblock_dsp_init>("h264_deblock", names);
}

}  // namespace h264
}  // namespace edgeav
