#include "audio/aec/residual_suppressor.h"

#include <algorithm>
#include <cmath>

namespace edgeav {
namespace audio {

namespace {

// Gain rule: over-subtraction and floor without / with near-end sound.
constexpr float kOverSubtraction = 4.0f, kMinGain = 0.003f;
constexpr float kOverSubtractionNear = 1.0f, kMinGainNear = 0.1f;
// Near-end sound: error energy this many times the residual echo plus noise,
// held for this many blocks; only once the linear filter removes at least
// kMatureErle (power ratio), as before that what it leaves cannot be told
// from near-end speech; and only while the capture stands above the echo
// the render envelope predicts (plus noise) by kNearOverEcho: a linear filter
// that falls behind an echo path change leaves more than its residual ratio
// says, but the capture is still no louder than the echo.
constexpr float kNearActivity = 4.0f, kMatureErle = 32.0f, kNearOverEcho = 1.26f;
constexpr int kNearHoldBlocks = 12;
// The most the capture of echo alone may stand above the render's envelope (power ratio, 0 dB:
// an echo path loses level, and the envelope sums the room's decay on top).
constexpr float kMaxEchoCoupling = 1.0f;
// A released gain moves this share of the way up per block; a falling gain drops at once.
constexpr float kRelease = 0.5f;
// Residual ratio: bounds, the correction of the minimum's bias (the minimum
// of a ratio that fluctuates from block to block lies far below its mean;
// in far-end single talk the residual is removed down to the comfort noise,
// while double talk is told apart by the near-end test above), the
// sub-window length.
constexpr float kRatioMin = 1e-4f, kRatioMax = 1.0f, kRatioBias = 15.0f, kRatioSubwindowMs = 250.0f;
// Power smoothing of the error, estimate and capture (about 12 ms).
constexpr float kSmoothing = 0.3f;
// The noise floor tracker rises at most this fast; the minimum of a smoothed
// periodogram lies about 3 dB under its mean, made up where the noise is used.
constexpr float kNoiseRiseDbPerS = 3.0f, kNoiseBias = 2.0f;
// Echo path gain (render envelope to capture): slowest learning rate (the
// first updates average plainly), and its largest value; reverberation time
// the render envelope decays with.
constexpr float kPathAlpha = 0.01f, kMaxPathGain = 10.0f, kReverbMs = 400.0f;
// A bin counts as echo-dominated when the capture is at most this much above
// the linear echo estimate.
constexpr float kEchoDominance = 1.5f;
// The linear filter is trusted to remove at most this much (power ratio).
constexpr float kMaxLinearErle = 1000.0f;
constexpr float kTwoPi = 6.28318530717958647692f;
// Music mode: a bin counts as echo when the linear echo estimate (above the
// filter's band: the render envelope's) is at least 1/1.3 of the capture, both
// smoothed; stricter than kEchoDominance, as a quiet partial under the echo
// is still music (1.5 cost the confirmation scene 1.3 dB of SDR in double
// talk, 1.2 cost 1-2 dB of ERLE).
constexpr float kMusicEchoDominance = 1.3f;
// Above the filter's band the render envelope is the only estimate, and it
// runs low (its gain falls faster than it rises): there a bin counts as echo
// while the estimate is at least a quarter of the capture. Music has little
// there, and the echo all of its level (nothing linear removes it).
constexpr float kMusicEnvelopeDominance = 4.0f;

float power(const float* spectrum, int k) {
  return spectrum[2 * k] * spectrum[2 * k] + spectrum[2 * k + 1] * spectrum[2 * k + 1];
}

}  // namespace

ResidualSuppressor::ResidualSuppressor(const AecLayout& layout)
    : bins_(layout.bins), lin_bins_(layout.lin_bins),
      ratio_subwindow_(std::max(1, static_cast<int>(kRatioSubwindowMs / layout.block_ms()))),
      residual_ratio_(static_cast<size_t>(bins_)), smoothed_error_(residual_ratio_.size()),
      smoothed_estimate_(residual_ratio_.size()), smoothed_capture_(residual_ratio_.size()),
      noise_(residual_ratio_.size()), render_env_(residual_ratio_.size()), path_gain_(residual_ratio_.size()),
      echo_(residual_ratio_.size()), residual_(residual_ratio_.size()), gain_(residual_ratio_.size()),
      echo_dominated_(residual_ratio_.size()),
      ratio_window_min_(residual_ratio_.size()), ratio_history_(residual_ratio_.size() * kRatioSubwindows) {
  const float blocks_per_s = static_cast<float>(layout.sample_rate) / layout.block;
  noise_rise_ = std::pow(10.0f, kNoiseRiseDbPerS / 10.0f / blocks_per_s);
  // Render power below a -70 dBFS sine's in a bin teaches nothing.
  render_floor_ = 1e-7f * layout.fft * layout.fft;
  reverb_decay_ = std::pow(10.0f, -6.0f * layout.block_ms() / kReverbMs);
  for (int i = 0; i < kPhases; i++) {
    phase_cos_[i] = std::cos(kTwoPi * i / kPhases);
    phase_sin_[i] = std::sin(kTwoPi * i / kPhases);
  }
  reset();
}

void ResidualSuppressor::forget_residual_ratio() {
  std::fill(residual_ratio_.begin(), residual_ratio_.end(), kRatioMax);
  std::fill(ratio_window_min_.begin(), ratio_window_min_.end(), kRatioMax);
  std::fill(ratio_history_.begin(), ratio_history_.end(), kRatioMax);
  ratio_blocks_ = 0;
}

void ResidualSuppressor::reset() {
  forget_residual_ratio();
  for (auto* v : {&smoothed_error_, &smoothed_estimate_, &smoothed_capture_, &noise_, &render_env_, &path_gain_})
    std::fill(v->begin(), v->end(), 0.0f);
  std::fill(gain_.begin(), gain_.end(), 1.0f);
  ratio_slot_ = near_hold_ = 0;
  far_end_alone_ = false;
  path_updates_ = blocks_ = 0;
  rng_ = 1;
}

// Closes a sub-window of the minimum search every ratio_subwindow_ blocks.
void ResidualSuppressor::learn_residual_ratio() {
  if (++ratio_blocks_ < ratio_subwindow_) return;
  ratio_blocks_ = 0;
  ratio_slot_ = ratio_slot_ + 1 == kRatioSubwindows ? 0 : ratio_slot_ + 1;
  for (int k = 0; k < lin_bins_; k++) {
    float* history = ratio_history_.data() + k * kRatioSubwindows;
    // Music: a sub-window that learnt nothing in this bin (double talk over
    // a held note) keeps the old minimum rather than the cautious maximum.
    if (!music_ || ratio_window_min_[k] < kRatioMax) history[ratio_slot_] = ratio_window_min_[k];
    ratio_window_min_[k] = kRatioMax;
    float m = kRatioMax;
    for (int u = 0; u < kRatioSubwindows; u++) m = std::min(m, history[u]);
    residual_ratio_[k] = std::min(std::max(kRatioBias * m, kRatioMin), kRatioMax);
  }
}

void ResidualSuppressor::process(const float* capture, const float* error, const float* render_power,
                                 float linear_erle, bool far_active, bool echo_only, float* out) {
  const float erle = std::min(std::max(linear_erle, 1.0f), kMaxLinearErle);
  const float path_alpha = std::max(kPathAlpha, 1.0f / static_cast<float>(path_updates_ + 1));
  bool path_updated = false;
  float capture_sum = 0.0f, predicted_sum = 0.0f, render_sum = 0.0f;
  for (int k = 0; k < bins_; k++) {
    const float e2 = power(error, k), y2 = power(capture, k);
    // The background the comfort noise imitates: a minimum of the smoothed
    // error power that rises slowly.
    float& smooth = smoothed_error_[k];
    smooth = blocks_ == 0 ? e2 : smooth + kSmoothing * (e2 - smooth);
    noise_[k] = blocks_ == 0 || smooth < noise_[k] ? smooth : noise_[k] * noise_rise_;
    smoothed_capture_[k] += kSmoothing * (y2 - smoothed_capture_[k]);
    // The render energy envelope as the room returns it.
    render_env_[k] = reverb_decay_ * render_env_[k] + render_power[k];
    render_sum += render_env_[k];

    float s2 = 0.0f;
    if (k < lin_bins_) {
      const float sr = capture[2 * k] - error[2 * k], si = capture[2 * k + 1] - error[2 * k + 1];
      s2 = sr * sr + si * si;
      smoothed_estimate_[k] += kSmoothing * (s2 - smoothed_estimate_[k]);
      // Music mode learns only where the echo explains the capture: near-end
      // notes only ever raise the ratio, and a held one would outlast the window.
      const bool learn = !music_ || echo_only || kEchoDominance * s2 > y2;
      if (far_active && learn && smoothed_estimate_[k] > 4.0f * noise_[k]) {
        const float ratio = std::max(smooth - noise_[k], 0.0f) / smoothed_estimate_[k];
        ratio_window_min_[k] = std::min(ratio_window_min_[k], ratio);
      }
    }
    // The echo path gain is learnt while the far end plays and the capture is
    // echo: single talk, or no usable linear filter yet, or a bin it does
    // not model, or one its estimate explains.
    const bool echo_dominated = erle < 4.0f || k >= lin_bins_ || kEchoDominance * s2 > y2;
    if (far_active && (echo_only || erle < 4.0f) && echo_dominated && render_env_[k] > render_floor_) {
      const float target = std::max(std::min((smoothed_capture_[k] - noise_[k]) / render_env_[k], kMaxPathGain), 0.0f);
      // Near-end sound only raises it: it falls faster than it rises.
      path_gain_[k] += (target < path_gain_[k] ? 4.0f : 1.0f) * path_alpha * (target - path_gain_[k]);
      path_updated = true;
    }
    // The echo the render envelope predicts in the capture, and what the
    // linear filter is expected to leave of it.
    const float envelope_echo = path_gain_[k] * render_env_[k];
    capture_sum += smoothed_capture_[k];
    predicted_sum += envelope_echo + noise_[k];
    const float render_echo = envelope_echo / (k < lin_bins_ ? erle : 1.0f);
    if (music_) {
      // The capture of this bin is (nearly) all echo: the linear estimate, or
      // above the filter's band the render envelope, explains it.
      const float explained =
          k < lin_bins_ ? kMusicEchoDominance * smoothed_estimate_[k] : kMusicEnvelopeDominance * envelope_echo;
      echo_dominated_[k] = far_active && explained > smoothed_capture_[k];
    }
    echo_[k] = std::max(residual_ratio_[k] * s2, render_echo);
  }
  if (path_updated) path_updates_++;
  learn_residual_ratio();

  // Non-linear residue spreads to neighbouring bins.
  float error_sum = 0.0f, residual_sum = 0.0f;
  for (int k = 0; k < bins_; k++) {
    const float l = k > 0 ? echo_[k - 1] : echo_[k], r = k + 1 < bins_ ? echo_[k + 1] : echo_[k];
    residual_[k] = std::max(echo_[k], 0.5f * (l + r));
    error_sum += power(error, k);
    residual_sum += residual_[k] + noise_[k];
  }
  if (music_) {
    music_gains(error);
    for (int k = 0; k < bins_; k++) {
      out[2 * k] = gain_[k] * error[2 * k];
      out[2 * k + 1] = gain_[k] * error[2 * k + 1];
    }
    out[1] = 0.0f;
    out[2 * bins_ - 1] = 0.0f;
    blocks_++;
    return;
  }
  const bool mature = erle > kMatureErle;
  const bool near_sound = mature && !echo_only && error_sum > kNearActivity * residual_sum &&
                          capture_sum > kNearOverEcho * predicted_sum;
  near_hold_ = near_sound ? kNearHoldBlocks : std::max(near_hold_ - 1, 0);
  // Before the filter matures the near-end detector is blind: there the capture counts as
  // echo unless it stands far above what the loudspeaker played (a near talker over
  // far-end background noise).
  far_end_alone_ = far_active && near_hold_ == 0 && (mature || capture_sum <= kMaxEchoCoupling * render_sum);
  const bool near = near_hold_ > 0;
  const float floor = near ? kMinGainNear : kMinGain;
  const float over = near ? kOverSubtractionNear : kOverSubtraction;
  for (int k = 0; k < bins_; k++) {
    const float g = std::min(std::max(1.0f - over * residual_[k] / (power(error, k) + 1e-20f), floor), 1.0f);
    gain_[k] = g < gain_[k] ? g : gain_[k] + kRelease * (g - gain_[k]);
  }

  for (int k = 0; k < bins_; k++) {
    const float g = gain_[k];
    rng_ = rng_ * 1664525u + 1013904223u;  // LCG: its top bits pick the phase
    const int phase = static_cast<int>(rng_ >> 24);
    const float comfort = std::sqrt(std::max(0.0f, 1.0f - g * g) * kNoiseBias * noise_[k]);
    out[2 * k] = g * error[2 * k] + comfort * phase_cos_[phase];
    out[2 * k + 1] = g * error[2 * k + 1] + comfort * phase_sin_[phase];
  }
  out[1] = 0.0f;  // DC and Nyquist bins of a real signal are real
  out[2 * bins_ - 1] = 0.0f;
  blocks_++;
}

// Music mode's gain: no near-end detector (its hold would gate notes in and
// out of suppression), a decision per bin instead. Where the capture is echo
// the single-talk rule removes the residual (over-subtraction, floor -50 dB):
// there is no music in that bin to lose. Elsewhere the near end dominates
// and the bin passes untouched: what the linear filter leaves lies under the
// music, and suppressing it would cut the music's partials with it (in the
// double talk of the bench, a gentle gain there, floor -10 dB, cost 2-3 dB of SDR).
// The gain falls at once and rises like the speech gain.
void ResidualSuppressor::music_gains(const float* error) {
  for (int k = 0; k < bins_; k++) {
    float g = 1.0f;
    if (echo_dominated_[k])
      g = std::min(std::max(1.0f - kOverSubtraction * residual_[k] / (power(error, k) + 1e-20f), kMinGain), 1.0f);
    gain_[k] = g < gain_[k] ? g : gain_[k] + kRelease * (g - gain_[k]);
  }
}

}  // namespace audio
}  // namespace edgeav
