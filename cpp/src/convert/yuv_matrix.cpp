#include "convert/yuv_matrix.h"

#include <cmath>

namespace edgeav {

namespace {

struct Luma {
  double kr, kb;
  double kg() const { return 1.0 - kr - kb; }
};

Luma luma_weights(YuvMatrix m) {
  return m == YuvMatrix::kBT709 ? Luma{0.2126, 0.0722} : Luma{0.299, 0.114};
}

// Rounds three weights to integers whose sum is exactly round(sum): the
// largest-remainder rule, so white maps to the exact nominal peak and grey to
// exactly 128 in chroma.
template <typename T>
void round_preserving_sum(const double w[3], T out[3]) {
  const double target = std::round(w[0] + w[1] + w[2]);
  double rounded[3], sum = 0;
  for (int i = 0; i < 3; i++) sum += (rounded[i] = std::round(w[i]));
  while (sum != target) {
    const double dir = target > sum ? 1.0 : -1.0;
    int best = 0;
    double best_gap = -1e9;
    for (int i = 0; i < 3; i++) {
      const double gap = (w[i] - rounded[i]) * dir;  // how far rounding moved against dir
      if (gap > best_gap) best_gap = gap, best = i;
    }
    rounded[best] += dir;
    sum += dir;
  }
  for (int i = 0; i < 3; i++) out[i] = static_cast<T>(rounded[i]);
}

}  // namespace

RgbToYuvCoeffs rgb_to_yuv_coeffs(YuvMatrix matrix, bool full_range) {
  const Luma k = luma_weights(matrix);
  const double y_scale = full_range ? 1.0 : 219.0 / 255.0;
  const double c_scale = full_range ? 1.0 : 224.0 / 255.0;
  RgbToYuvCoeffs c{};
  const double wy[3] = {k.kr * y_scale * 256, k.kg() * y_scale * 256, k.kb * y_scale * 256};
  round_preserving_sum(wy, c.y);
  c.y_offset = full_range ? 0 : 16;
  // Q15 weights for one pixel; the kernels apply them to 2x2 sums and shift by 17.
  const double q = 32768.0 * c_scale;
  const double cb = 0.5 / (1.0 - k.kb), cr = 0.5 / (1.0 - k.kr);
  const double wu[3] = {-k.kr * cb * q, -k.kg() * cb * q, 0.5 * q};
  const double wv[3] = {0.5 * q, -k.kg() * cr * q, -k.kb * cr * q};
  round_preserving_sum(wu, c.u);
  round_preserving_sum(wv, c.v);
  return c;
}

YuvToRgbCoeffs yuv_to_rgb_coeffs(YuvMatrix matrix, bool full_range) {
  const Luma k = luma_weights(matrix);
  const double y_scale = full_range ? 1.0 : 255.0 / 219.0;
  const double c_scale = full_range ? 1.0 : 255.0 / 224.0;
  YuvToRgbCoeffs c{};
  c.y_mul = static_cast<uint16_t>(std::lround(y_scale * 64.0 * 65536.0 / 257.0));
  const double black = full_range ? 0.0 : 16.0 * y_scale * 64.0;
  c.bias = static_cast<int16_t>(32 - std::lround(black));
  c.v_to_r = static_cast<int16_t>(std::lround(2.0 * (1.0 - k.kr) * c_scale * 64.0));
  c.u_to_b = static_cast<int16_t>(std::lround(2.0 * (1.0 - k.kb) * c_scale * 64.0));
  c.u_to_g = static_cast<int16_t>(std::lround(2.0 * (1.0 - k.kb) * k.kb / k.kg() * c_scale * 64.0));
  c.v_to_g = static_cast<int16_t>(std::lround(2.0 * (1.0 - k.kr) * k.kr / k.kg() * c_scale * 64.0));
  return c;
}

}  // namespace edgeav
