#include "audio/aec/echo_subtractor.h"

#include <algorithm>
#include <cmath>

#include "audio/aec/aec_dsp.h"

namespace edgeav {
namespace audio {

namespace {

// Shadow NLMS step (1 would cancel the whole error of one block).
constexpr float kShadowStep = 1.0f;
// The head of the filter whose partitions are weighted one by one: the
// margin before the echo delay and this much after it.
constexpr int kHeadMs = 64;
// Share of the proportionate step that follows the filter's shape (IPNLMS
// alpha: -1 even steps, 1 all proportionate).
constexpr float kProportionate = 0.5f;

// Main filter: weight of the error power against the expected misadjustment
// in the Kalman gain, and the misadjustment's growth per block, as a share
// of the echo path's gain, while the filter is trusted / while the shadow
// filter does better (the path may have changed).
constexpr float kMainNoiseWeight = 4.0f;
constexpr float kLeakTrusted = 2e-5f, kLeakDoubtful = 5e-3f;
constexpr float kMisadjustmentMax = 1.0f, kMisadjustmentMin = 1e-9f;
// Smoothing of the per-block energies the decisions compare (about 30 ms).
constexpr float kEnergyAlpha = 0.125f;
// The shadow filter replaces the main one after beating it by 3 dB for this
// many consecutive blocks with far-end sound.
constexpr int kShadowWins = 25;
// Music mode: how long a main filter must add echo before both filters
// start over (speech mode: at once).
constexpr int kDivergedMs = 100;
constexpr int kErlRefreshBlocks = 8;

float energy(const float* x, int n) {
  float s = 0.0f;
  for (int i = 0; i < n; i++) s += x[i] * x[i];
  return s;
}

}  // namespace

EchoSubtractor::EchoSubtractor(const AecLayout& layout, const RealFft& fft)
    : layout_(layout), fft_(fft), main_(layout), shadow_(layout),
      head_(std::min(layout.partitions - 1, layout.margin + (kHeadMs * layout.sample_rate + 999 * layout.block) /
                                                              (1000 * layout.block))),
      diverged_blocks_((kDivergedMs * layout.sample_rate + 1000 * layout.block - 1) / (1000 * layout.block)),
      weights_(static_cast<size_t>(main_.partitions())), render_power_(static_cast<size_t>(layout.stride)),
      weighted_power_(render_power_.size()), head_power_(render_power_.size()), misadjustment_(render_power_.size()),
      erl_(render_power_.size()), y_re_(render_power_.size()), y_im_(render_power_.size()),
      em_re_(render_power_.size()), em_im_(render_power_.size()), es_re_(render_power_.size()),
      es_im_(render_power_.size()), g_re_(render_power_.size()), g_im_(render_power_.size()),
      spectrum_(static_cast<size_t>(2 * layout.bins)), time_(static_cast<size_t>(layout.fft)),
      error_main_(static_cast<size_t>(layout.block)), error_shadow_(error_main_.size()) {
  // Per-bin render power summed over the filter below which a bin does not
  // adapt: white noise at -70 dBFS.
  render_gate_ = 1e-7f * layout.fft * layout.partitions;
  reset();
}

void EchoSubtractor::reset() {
  main_.clear();
  shadow_.clear();
  std::fill(weights_.begin(), weights_.end(), 1.0f);
  std::fill(misadjustment_.begin(), misadjustment_.end(), kMisadjustmentMax);
  main_energy_ = shadow_energy_ = capture_energy_ = 0.0f;
  shadow_better_ = 0;
  diverged_ = 0;
  blocks_since_copy_ = 1 << 20;
  erle_db_ = 0.0f;
  blocks_to_power_sum_ = 0;
}

void EchoSubtractor::shift(int delta) {
  main_.shift(delta);
  shadow_.shift(delta);
  blocks_to_power_sum_ = 0;
}

void EchoSubtractor::echo_estimate(const AdaptiveFilter& f, const RenderHistory& render, int offset) {
  const int lin = layout_.lin_bins;
  f.apply(render, offset, y_re_.data(), y_im_.data());
  float* s = spectrum_.data();
  std::fill(spectrum_.begin(), spectrum_.end(), 0.0f);
  for (int k = 0; k < lin; k++) s[2 * k] = y_re_[k], s[2 * k + 1] = y_im_[k];
  fft_.inverse(s, time_.data());
}

void EchoSubtractor::filter_error(const AdaptiveFilter& f, const RenderHistory& render, int offset,
                                  const float* capture, float* error, float* e_re, float* e_im) {
  const int n = layout_.block, lin = layout_.lin_bins;
  echo_estimate(f, render, offset);
  float* s = spectrum_.data();
  // Overlap-save: the last N outputs are the linear convolution.
  for (int i = 0; i < n; i++) error[i] = capture[i] - time_[n + i];
  std::fill(time_.begin(), time_.begin() + n, 0.0f);
  std::copy(error, error + n, time_.begin() + n);
  fft_.forward(time_.data(), s);
  for (int k = 0; k < lin; k++) e_re[k] = s[2 * k], e_im[k] = s[2 * k + 1];
}

void EchoSubtractor::main_response(const RenderHistory& render, int offset, float* out) {
  echo_estimate(main_, render, offset);
  std::copy(time_.begin() + layout_.block, time_.end(), out);
}

// Improved proportionate NLMS weights: half the step spread evenly, half in
// proportion to each partition's share of the shadow filter's magnitude (its
// echo path estimate that moves first), so the direct path and the early
// reflections converge several times faster than with even steps while the
// tail still learns. The partitions of the head (the margin and the first
// reflections) are weighted one by one; the tail shares its mean weight,
// which keeps the cost of the weighting to the head. Mean weight 1.
void EchoSubtractor::update_weights() {
  const int partitions = shadow_.partitions();
  shadow_.partition_energy(weights_.data());
  float total = 0.0f;
  for (int p = 0; p < partitions; p++) total += weights_[p] = std::sqrt(weights_[p]);
  if (!(total > 0.0f && total < 1e30f)) {  // an empty (or absurd) shadow filter: even steps
    std::fill(weights_.begin(), weights_.end(), 1.0f);
    return;
  }
  const float even = 0.5f * (1.0f - kProportionate), scale = (1.0f - even) * partitions / total;
  float tail = 0.0f;
  for (int p = 0; p < partitions; p++) {
    weights_[p] = even + scale * weights_[p];
    if (p >= head_) tail += weights_[p];
  }
  std::fill(weights_.begin() + head_, weights_.end(), tail / (partitions - head_));
}

void EchoSubtractor::adapt_main(const RenderHistory& render, int offset) {
  const int lin = layout_.lin_bins;
  // The echo path gain only scales the slow growth of the misadjustment:
  // refreshed every few blocks.
  if (blocks_since_copy_ % kErlRefreshBlocks == 0) main_.power_response(erl_.data());
  const bool doubtful = shadow_better_ > 0;
  for (int k = 0; k < lin; k++) {
    float& q = misadjustment_[k];
    const float x2 = weighted_power_[k];
    float step = 0.0f;
    if (x2 > render_gate_) {
      const float e2 = em_re_[k] * em_re_[k] + em_im_[k] * em_im_[k];
      // Kalman gain: the share of the error the misadjustment q * x2 explains.
      const float predicted = q * x2;
      const float share = predicted / (predicted + 2.0f * kMainNoiseWeight * e2 + 1e-20f);
      step = 2.0f * share / x2;
      // The error constrains one combination of the P partitions' coefficients:
      // each one's uncertainty drops by about 1/P of the explained share.
      q *= 1.0f - share / layout_.partitions;
    }
    q += (doubtful ? kLeakDoubtful : kLeakTrusted) * erl_[k] / layout_.partitions;
    q = std::min(std::max(q, kMisadjustmentMin), kMisadjustmentMax);
    g_re_[k] = step * em_re_[k];
    g_im_[k] = step * em_im_[k];
  }
  main_.adapt(render, offset, g_re_.data(), g_im_.data(), weights_.data());
  main_.constrain_next(fft_);
}

void EchoSubtractor::adapt_shadow(const RenderHistory& render, int offset) {
  const int lin = layout_.lin_bins;
  for (int k = 0; k < lin; k++) {
    const float x2 = weighted_power_[k];
    const float step = render_power_[k] > render_gate_ ? kShadowStep / (x2 + render_gate_) : 0.0f;
    g_re_[k] = step * es_re_[k];
    g_im_[k] = step * es_im_[k];
  }
  shadow_.adapt(render, offset, g_re_.data(), g_im_.data(), weights_.data());
  shadow_.constrain_next(fft_);
}

void EchoSubtractor::process(const RenderHistory& render, int offset, const float* capture, float* error) {
  const AecDsp& dsp = aec_dsp();
  const int n = layout_.block, lin = layout_.lin_bins;
  // The render power over the filter's span slides by one block per block:
  // the newest enters, the oldest leaves. Summed afresh after the span moved
  // and every P blocks, so rounding cannot pile up.
  const int partitions = main_.partitions();
  if (--blocks_to_power_sum_ <= 0) {
    blocks_to_power_sum_ = partitions;
    std::fill(render_power_.begin(), render_power_.end(), 0.0f);
    for (int p = 0; p < partitions; p++)
      dsp.power_acc(render.re(offset + p), render.im(offset + p), render_power_.data(), layout_.stride);
  } else {
    const float* in = render.power(offset);
    const float* out = render.power(offset + partitions);
    for (int k = 0; k < lin; k++) render_power_[k] = std::max(render_power_[k] + in[k] - out[k], 0.0f);
  }
  if (blocks_since_copy_ % kErlRefreshBlocks == 0) update_weights();
  // The step normalisation: each partition's render power times its weight.
  {
    float* __restrict weighted = weighted_power_.data();
    float* __restrict head = head_power_.data();
    std::fill(weighted, weighted + lin, 0.0f);
    std::fill(head, head + lin, 0.0f);
    for (int p = 0; p < head_; p++) {
      const float* x = render.power(offset + p);
      const float w = weights_[p];
      for (int k = 0; k < lin; k++) weighted[k] += w * x[k], head[k] += x[k];
    }
    const float w = weights_[partitions - 1];
    for (int k = 0; k < lin; k++) weighted[k] += w * std::max(render_power_[k] - head[k], 0.0f);
  }
  float render_total = 0.0f;
  for (int k = 0; k < lin; k++) render_total += render_power_[k];
  const bool far_active = render_total > render_gate_ * lin;
  far_active_ = far_active;

  filter_error(main_, render, offset, capture, error_main_.data(), em_re_.data(), em_im_.data());
  filter_error(shadow_, render, offset, capture, error_shadow_.data(), es_re_.data(), es_im_.data());
  const float em = energy(error_main_.data(), n), es = energy(error_shadow_.data(), n);
  const float ey = energy(capture, n);
  std::copy(error_main_.begin(), error_main_.end(), error);

  main_energy_ += kEnergyAlpha * (em - main_energy_);
  shadow_energy_ += kEnergyAlpha * (es - shadow_energy_);
  capture_energy_ += kEnergyAlpha * (ey - capture_energy_);
  blocks_since_copy_++;
  if (far_active) {
    // The shadow filter wins only where it removes echo for real (its error
    // well below the capture): in double talk both errors are mostly the
    // near end, and a shadow that fits near-end speech must not take over.
    const bool shadow_wins = shadow_energy_ < 0.5f * main_energy_ && shadow_energy_ < 0.125f * capture_energy_;
    shadow_better_ = shadow_wins ? shadow_better_ + 1 : 0;
    // Music mode: where the shadow wins and has done better in this very
    // block, its error is the output (see the header).
    if (music_ && shadow_wins && es < em) std::copy(error_shadow_.begin(), error_shadow_.end(), error);
    if (shadow_better_ >= kShadowWins) {
      main_.copy_from(shadow_);
      main_energy_ = shadow_energy_;
      shadow_better_ = 0;
      blocks_since_copy_ = 0;
    } else if (shadow_energy_ > 2.0f * main_energy_) {
      shadow_.copy_from(main_);
      shadow_energy_ = main_energy_;
    }
    // A main filter that adds echo rather than removing it starts over
    // (music mode: once it has done so for kDivergedMs).
    diverged_ = main_energy_ > 2.0f * capture_energy_ && shadow_energy_ >= capture_energy_ ? diverged_ + 1 : 0;
    if (diverged_ >= (music_ ? diverged_blocks_ : 1)) {
      diverged_ = 0;
      main_.clear();
      shadow_.clear();
      std::fill(misadjustment_.begin(), misadjustment_.end(), kMisadjustmentMax);
    }
    // ERLE is measured where the filters remove at least half the capture:
    // that cannot happen with near-end speech in it, so double talk leaves
    // the estimate as the last single talk set it.
    const float best = std::min(main_energy_, shadow_energy_);
    if (best < 0.5f * capture_energy_ || blocks_since_copy_ == 0) {
      const float ratio = (capture_energy_ + 1e-12f) / (best + 1e-12f);
      // Near-end sound only lowers the measure: it falls slowly, rises fast,
      // and after a path change starts from the new filter's.
      const float db = 10.0f * std::log10(ratio);
      erle_db_ = blocks_since_copy_ == 0 ? db : erle_db_ + (db < erle_db_ ? 0.004f : 0.04f) * (db - erle_db_);
    }
  }
  adapt_main(render, offset);
  adapt_shadow(render, offset);
}

}  // namespace audio
}  // namespace edgeav
