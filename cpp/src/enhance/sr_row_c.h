// The C super-resolution row kernels: the specification (see sr_dsp.h; in an
// unnamed namespace for the reason given in convert/convert_row_c.h).
#pragma once
#include <cstdint>

#include "enhance/sr_dsp.h"

namespace edgeav {
namespace {

inline void sr_gradients_c(const uint8_t* above, const uint8_t* row, const uint8_t* below, int16_t* xx, int16_t* yy,
                           int16_t* xy, int width) {
  for (int x = 0; x < width; x++) {
    const int gx = (row[x + 1] - row[x - 1]) >> 1, gy = (below[x] - above[x]) >> 1;
    xx[x] = static_cast<int16_t>((gx * gx) >> 5);
    yy[x] = static_cast<int16_t>((gy * gy) >> 5);
    xy[x] = static_cast<int16_t>((gx * gy) >> 5);
  }
}

inline void sr_box5_c(const int16_t* const rows[5], int16_t* dst, int width) {
  for (int x = 0; x < width; x++) {
    int sum = 0;
    for (int dy = 0; dy < 5; dy++)
      for (int dx = -2; dx <= 2; dx++) sum += rows[dy][x + dx];
    dst[x] = static_cast<int16_t>(sum);
  }
}

// Unit vectors at 0, 30, ..., 150 degrees in Q14: the bin boundaries of the
// doubled orientation angle.
constexpr int16_t kSrCos[6] = {16384, 14189, 8192, 0, -8192, -14189};
constexpr int16_t kSrSin[6] = {0, 8192, 14189, 16384, 14189, 8192};

inline int sr_class_of(int xx, int yy, int xy, const SrClassParams* p) {
  const int a = xx - yy, b = 2 * xy, t = xx + yy;
  // The doubled angle phi of (a, b) lies in bin floor(phi / 30deg): count the
  // boundary lines it is on the positive side of.
  int count = 0, first = 0;
  for (int k = 0; k < 6; k++) {
    const int side = kSrCos[k] * b - kSrSin[k] * a >= 0;
    count += side;
    if (k == 0) first = side;
  }
  const int angle = first ? count - 1 : 11 - count;
  const int strength = (t >= p->strength[0]) + (t >= p->strength[1]);
  const int d4 = a * a + b * b;  // 4 D^2, D the half-difference of the eigenvalues
  int coherence = 0;
  for (int k = 0; k < 2; k++) {
    const int ct = (t * p->coherence_q15[k] + (1 << 14)) >> 15;
    coherence += d4 > ct * ct;
  }
  return (angle * kSrStrengths + strength) * kSrCoherences + coherence;
}

inline void sr_classify_c(const int16_t* xx, const int16_t* yy, const int16_t* xy, uint8_t* cls, int width,
                          const SrClassParams* params) {
  for (int x = 0; x < width; x++) cls[x] = static_cast<uint8_t>(sr_class_of(xx[x], yy[x], xy[x], params));
}

inline void sr_columns_c(const uint8_t* const rows[5], int16_t* col, int width) {
  for (int x = 0; x < width + 4; x++)
    for (int k = 0; k < 5; k++) col[x * 5 + k] = rows[k][x - 2];
}

inline void sr_filter_c(const int16_t* col, const int16_t* bank, int phases, int phase_y, const uint8_t* cls,
                        const int32_t* anchor, const uint8_t* phase, uint8_t* dst, int width) {
  for (int x = 0; x < width; x++) {
    const int a = anchor[x];
    const int16_t* f = bank + ((cls[a] * phases + phase_y) * phases + phase[x]) * kSrTapStride;
    const int16_t* p = col + a * 5;
    int sum = 1 << (kSrFilterShift - 1);
    for (int t = 0; t < kSrTaps; t++) sum += f[t] * p[t];
    sum >>= kSrFilterShift;
    dst[x] = static_cast<uint8_t>(sum < 0 ? 0 : sum > 255 ? 255 : sum);
  }
}

}  // namespace
}  // namespace edgeav
