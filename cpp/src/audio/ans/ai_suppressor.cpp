#include "audio/ans/ai_suppressor.h"

#include <algorithm>
#include <cmath>

#include "nn/nn_dsp.h"

namespace edgeav {
namespace audio {

namespace {

using ai_ns::kBands;
using ai_ns::kHidden;
constexpr double kTopHz = 8000.0;

double band_centre(int b) {
  if (b == kBands - 1) return kTopHz;
  const double top = std::log1p(kTopHz / 700.0);
  return 700.0 * std::expm1(top * b / (kBands - 1));
}

}  // namespace

AiSuppressor::AiSuppressor(int sample_rate, int fft_size)
    : bins_(fft_size / 2 + 1), feature_bins_(0), band_of_(bins_), frac_(bins_) {
  const int window = 2 * (sample_rate / 100);
  power_scale_ = 1.0f / (static_cast<float>(window) * static_cast<float>(window));
  double sum[kBands] = {};
  for (int k = 0; k < bins_; k++) {
    const double f = static_cast<double>(k) * sample_rate / fft_size;
    if (f >= kTopHz) {
      band_of_[k] = kBands - 1, frac_[k] = 0.0f;
      continue;
    }
    int b = 0;
    while (band_centre(b + 1) <= f) b++;
    const double frac = (f - band_centre(b)) / (band_centre(b + 1) - band_centre(b));
    band_of_[k] = b, frac_[k] = static_cast<float>(frac);
    sum[b] += 1.0 - frac, sum[b + 1] += frac;
    feature_bins_ = k + 1;
  }
  for (int b = 0; b < kBands; b++) band_norm_[b] = static_cast<float>(1.0 / sum[b]);
  reset();
}

void AiSuppressor::reset() { std::fill(h_, h_ + 2 * kHidden, 0.0f); }

void AiSuppressor::compute(const float* power, float* gain) {
  const nn::NnDsp& dsp = nn::nn_dsp();
  float energy[kBands] = {};
  for (int k = 0; k < feature_bins_; k++) {
    const int b = band_of_[k];
    energy[b] += (1.0f - frac_[k]) * power[k];
    if (frac_[k] > 0.0f) energy[b + 1] += frac_[k] * power[k];
  }
  for (int b = 0; b < kBands; b++)
    x_[b] = (std::log10(energy[b] * band_norm_[b] * power_scale_ + 1e-12f) - ai_ns::kFeatureMean[b]) /
            ai_ns::kFeatureStd[b];

  const nn::ConvParams in{kBands, kHidden, ai_ns::kInW, ai_ns::kInB, nullptr};
  dsp.conv1x1(x_, a_, 1, &in);
  for (float& v : a_) v = std::tanh(v);

  float* h1 = h_;
  float* h2 = h_ + kHidden;
  const nn::ConvParams g1x{kHidden, 3 * kHidden, ai_ns::kGru1Wx, ai_ns::kGru1Bx, nullptr};
  const nn::ConvParams g1h{kHidden, 3 * kHidden, ai_ns::kGru1Wh, ai_ns::kGru1Bh, nullptr};
  dsp.conv1x1(a_, gx_, 1, &g1x);
  dsp.conv1x1(h1, gh_, 1, &g1h);
  dsp.gru_gates(gx_, gh_, h1, h1, kHidden);
  const nn::ConvParams g2x{kHidden, 3 * kHidden, ai_ns::kGru2Wx, ai_ns::kGru2Bx, nullptr};
  const nn::ConvParams g2h{kHidden, 3 * kHidden, ai_ns::kGru2Wh, ai_ns::kGru2Bh, nullptr};
  dsp.conv1x1(h1, gx_, 1, &g2x);
  dsp.conv1x1(h2, gh_, 1, &g2h);
  dsp.gru_gates(gx_, gh_, h2, h2, kHidden);

  const nn::ConvParams out{2 * kHidden, kBands, ai_ns::kOutW, ai_ns::kOutB, nullptr};
  dsp.conv1x1(h_, band_gain_, 1, &out);
  for (float& g : band_gain_) g = 1.0f / (1.0f + std::exp(-g));

  for (int k = 0; k < bins_; k++) {
    const int b = band_of_[k];
    float g = band_gain_[b];
    if (frac_[k] > 0.0f) g += frac_[k] * (band_gain_[b + 1] - g);
    gain[k] = std::max(g, kGainFloor);
  }
}

}  // namespace audio
}  // namespace edgeav
