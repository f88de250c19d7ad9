#include "audio/aec/adaptive_filter.h"

#include <algorithm>
#include <cstring>

#include "audio/aec/aec_dsp.h"

namespace edgeav {
namespace audio {

AdaptiveFilter::AdaptiveFilter(const AecLayout& layout)
    : partitions_(layout.partitions), block_(layout.block), bins_(layout.bins), lin_bins_(layout.lin_bins),
      stride_(layout.stride), coef_re_(static_cast<size_t>(partitions_ * stride_)), coef_im_(coef_re_.size()),
      gw_re_(static_cast<size_t>(stride_)), gw_im_(gw_re_.size()), spectrum_(static_cast<size_t>(2 * bins_)),
      taps_(static_cast<size_t>(2 * block_)) {}

void AdaptiveFilter::apply(const RenderHistory& render, int offset, float* y_re, float* y_im) const {
  const AecDsp& dsp = aec_dsp();
  // The kernels run over the whole stride: the padding bins are zero in
  // every spectrum and coefficient set, and no vector is left partly filled.
  std::fill(y_re, y_re + stride_, 0.0f);
  std::fill(y_im, y_im + stride_, 0.0f);
  for (int p = 0; p < partitions_; p++)
    dsp.complex_mac(render.re(offset + p), render.im(offset + p), re(p), im(p), y_re, y_im, stride_);
}

void AdaptiveFilter::adapt(const RenderHistory& render, int offset, const float* g_re, const float* g_im,
                           const float* weights) {
  const AecDsp& dsp = aec_dsp();
  float* __restrict wr = gw_re_.data();
  float* __restrict wi = gw_im_.data();
  float w = 0.0f;
  for (int p = 0; p < partitions_; p++) {
    if (weights[p] != w || p == 0) {
      w = weights[p];
      for (int k = 0; k < stride_; k++) wr[k] = w * g_re[k], wi[k] = w * g_im[k];
    }
    dsp.conj_mac(render.re(offset + p), render.im(offset + p), wr, wi, re(p), im(p), stride_);
  }
}

float AdaptiveFilter::energy(int p) const {
  const float* r = re(p);
  const float* i = im(p);
  float sum = 0.0f;
  for (int k = 0; k < lin_bins_; k++) sum += r[k] * r[k] + i[k] * i[k];
  return sum;
}

void AdaptiveFilter::partition_energy(float* e) const {
  for (int p = 0; p < partitions_; p++) e[p] = energy(p);
}

void AdaptiveFilter::constrain_next(const RealFft& fft) {
  const int p = next_constrained_;
  next_constrained_ = p + 1 == partitions_ ? 0 : p + 1;
  float* s = spectrum_.data();
  std::fill(spectrum_.begin(), spectrum_.end(), 0.0f);
  for (int k = 0; k < lin_bins_; k++) s[2 * k] = re(p)[k], s[2 * k + 1] = im(p)[k];
  fft.inverse(s, taps_.data());
  std::fill(taps_.begin() + block_, taps_.end(), 0.0f);
  fft.forward(taps_.data(), s);
  for (int k = 0; k < lin_bins_; k++) re(p)[k] = s[2 * k], im(p)[k] = s[2 * k + 1];
}

void AdaptiveFilter::shift(int delta) {
  if (delta == 0) return;
  const size_t n = static_cast<size_t>(stride_);
  if (delta > 0) {
    for (int p = 0; p < partitions_; p++) {
      const int from = p + delta;
      if (from < partitions_) {
        std::memcpy(re(p), re(from), n * sizeof(float));
        std::memcpy(im(p), im(from), n * sizeof(float));
      } else {
        std::fill(re(p), re(p) + n, 0.0f);
        std::fill(im(p), im(p) + n, 0.0f);
      }
    }
  } else {
    for (int p = partitions_ - 1; p >= 0; p--) {
      const int from = p + delta;
      if (from >= 0) {
        std::memcpy(re(p), re(from), n * sizeof(float));
        std::memcpy(im(p), im(from), n * sizeof(float));
      } else {
        std::fill(re(p), re(p) + n, 0.0f);
        std::fill(im(p), im(p) + n, 0.0f);
      }
    }
  }
}

void AdaptiveFilter::copy_from(const AdaptiveFilter& other) {
  coef_re_ = other.coef_re_;  // same sizes: no allocation
  coef_im_ = other.coef_im_;
}

void AdaptiveFilter::clear() {
  std::fill(coef_re_.begin(), coef_re_.end(), 0.0f);
  std::fill(coef_im_.begin(), coef_im_.end(), 0.0f);
}

void AdaptiveFilter::power_response(float* erl) const {
  const AecDsp& dsp = aec_dsp();
  std::fill(erl, erl + stride_, 0.0f);
  for (int p = 0; p < partitions_; p++) dsp.power_acc(re(p), im(p), erl, stride_);
}

int AdaptiveFilter::peak_partition(float* share) const {
  int best = 0;
  float best_energy = -1.0f, total = 0.0f;
  for (int p = 0; p < partitions_; p++) {
    const float e = energy(p);
    total += e;
    if (e > best_energy) best_energy = e, best = p;
  }
  *share = total > 0.0f ? best_energy / total : 0.0f;
  return best;
}

void AdaptiveFilter::impulse_response(const RealFft& fft, int p, float* taps) const {
  float* s = spectrum_.data();
  std::fill(spectrum_.begin(), spectrum_.end(), 0.0f);
  for (int k = 0; k < lin_bins_; k++) s[2 * k] = re(p)[k], s[2 * k + 1] = im(p)[k];
  fft.inverse(s, taps_.data());
  std::copy(taps_.begin(), taps_.begin() + block_, taps);
}

}  // namespace audio
}  // namespace edgeav
