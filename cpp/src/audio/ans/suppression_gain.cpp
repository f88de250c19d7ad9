#include "audio/ans/suppression_gain.h"

#include <algorithm>
#include <cmath>

namespace edgeav {
namespace audio {

namespace {

// Weight of the previous frame's estimate in the decision-directed SNR: high
// in stationary noise (no musical noise), lower in speech-like noise, where
// following the talker's onsets sooner keeps the speech intelligible.
constexpr float kDecisionDirected = 0.98f, kSpeechLikeDecisionDirected = 0.93f;
// Nonstationarity (dB) up to which noise counts as stationary, from which it
// counts as speech-like, and the floor (-5 dB) for speech-like noise.
constexpr float kStationaryDb = 2.5f, kSpeechLikeDb = 4.5f;
constexpr float kSpeechLikeFloor = 0.56f;
// The talker's peak over the noise (NoiseTracker::speech_to_noise_db) from
// which the speech-like easing fades out, and where it is gone: with the
// talker well above the babble, suppressing the babble between words helps
// more than the talker's distortion costs.
constexpr float kSpeechOverBabbleDb = 24.0f, kSpeechWellOverBabbleDb = 32.0f;
// The gain takes the noise 1 dB below the tracker's estimate: at low SNR the
// speech distortion of overestimating costs more (STOI, PESQ) than the
// residual noise of underestimating.
constexpr float kNoiseShare = 0.7943282f;
// The top band (from 4.5 kHz; STOI's bands, the intelligibility, end below):
// its power smoothed per 10 ms frame, and the talker's peak over the noise
// (dB) at which all of it is taken as noise at least, the share falling
// linearly to none at the second (a clean talker keeps its sibilants).
constexpr float kHighBandHz = 4500.0f;
constexpr float kHighSmoothing = 0.9f;
constexpr float kNoisySceneDb = 20.0f, kQuietSceneDb = 40.0f;
// Music mode's smallest floor (-12 dB).
constexpr float kMusicFloor = 0.25118864f;

// exp(E1(v) / 2), the LSA gain's correction over the Wiener gain, tabulated
// on a logarithmic grid of v from 1e-4 to 20 (beyond, E1 < 1e-10).
class LsaTable {
 public:
  static constexpr int kSize = 512;
  static constexpr double kMin = 1e-4, kMax = 20.0;

  LsaTable() {
    scale_ = static_cast<float>((kSize - 1) / std::log(kMax / kMin));
    for (int i = 0; i < kSize; i++) table_[i] = static_cast<float>(std::exp(0.5 * e1(kMin * std::exp(i / static_cast<double>(scale_)))));
  }

  float operator()(float v) const {
    if (v >= kMax) return 1.0f;
    const float x = std::max(0.0f, std::log(v / static_cast<float>(kMin)) * scale_);
    const int i = std::min(static_cast<int>(x), kSize - 2);
    const float f = x - static_cast<float>(i);
    return table_[i] + f * (table_[i + 1] - table_[i]);
  }

 private:
  // The exponential integral E1: its series below 1, the continued fraction above.
  static double e1(double x) {
    if (x <= 1.0) {
      double sum = 0.0, term = 1.0;
      for (int k = 1; k < 60; k++) {
        term *= -x / k;
        sum -= term / k;
      }
      return -0.57721566490153286 - std::log(x) + sum;
    }
    double b = x + 1.0, c = 1e300, d = 1.0 / b, h = d;
    for (int i = 1; i < 200; i++) {
      const double a = -static_cast<double>(i) * i;
      b += 2.0;
      d = 1.0 / (a * d + b);
      c = b + a / c;
      const double del = c * d;
      h *= del;
      if (std::fabs(del - 1.0) < 1e-15) break;
    }
    return h * std::exp(-x);
  }

  float scale_;
  float table_[kSize];
};

const LsaTable& lsa_table() {
  static const LsaTable table;
  return table;
}

}  // namespace

SuppressionGain::SuppressionGain(int bins, SuppressionLevel level, int sample_rate, int fft_size)
    : bins_(bins),
      high_first_(std::min(bins, static_cast<int>(std::ceil(kHighBandHz * fft_size / sample_rate)))),
      clean_prev_(bins),
      high_power_(bins - high_first_) {
  set_level(level);
  lsa_table();  // built here, not in the first frame
}

void SuppressionGain::set_level(SuppressionLevel level) {
  // Floors in dB, and the smallest a priori SNR, per level.
  static const struct {
    float floor_db, snr_min_db;
  } kLevels[] = {{-9.0f, -15.0f}, {-18.0f, -20.0f}, {-24.0f, -25.0f}, {-30.0f, -25.0f}};
  const auto& l = kLevels[static_cast<int>(level)];
  floor_ = std::pow(10.0f, l.floor_db / 20.0f);
  snr_min_ = std::pow(10.0f, l.snr_min_db / 10.0f);
}

void SuppressionGain::reset() {
  std::fill(clean_prev_.begin(), clean_prev_.end(), 0.0f);
  std::fill(high_power_.begin(), high_power_.end(), 0.0f);
}

void SuppressionGain::compute(const float* power, const float* noise, float nonstationarity_db,
                              float speech_to_noise_db, float* gain) {
  const LsaTable& lsa = lsa_table();
  const float speech_like =
      std::clamp((nonstationarity_db - kStationaryDb) / (kSpeechLikeDb - kStationaryDb), 0.0f, 1.0f) *
      std::clamp((kSpeechWellOverBabbleDb - speech_to_noise_db) / (kSpeechWellOverBabbleDb - kSpeechOverBabbleDb),
                 0.0f, 1.0f);
  const float level_floor = music_ ? std::max(floor_, kMusicFloor) : floor_;
  const float floor = std::max(level_floor, level_floor + speech_like * (kSpeechLikeFloor - level_floor));
  const float dd = kDecisionDirected + speech_like * (kSpeechLikeDecisionDirected - kDecisionDirected);
  const float high_share =
      music_ ? 0.0f : std::clamp((kQuietSceneDb - speech_to_noise_db) / (kQuietSceneDb - kNoisySceneDb), 0.0f, 1.0f);
  for (int k = 0; k < bins_; k++) {
    float n = kNoiseShare * noise[k], bin_floor = floor;
    if (k >= high_first_) {
      // The top band keeps the level's floor: the speech-like easing spares
      // the talker's intelligibility, which does not lie up there.
      float& h = high_power_[k - high_first_];
      h = kHighSmoothing * h + (1.0f - kHighSmoothing) * power[k];
      n = std::max(n, high_share * h);
      bin_floor = level_floor;
    }
    const float inv_noise = 1.0f / n;
    const float gamma = std::min(power[k] * inv_noise, 1e6f);
    const float xi = std::max(snr_min_, dd * clean_prev_[k] * inv_noise +
                                            (1.0f - dd) * std::max(gamma - 1.0f, 0.0f));
    const float wiener = xi / (1.0f + xi);
    const float g = std::min(1.0f, std::max(bin_floor, wiener * lsa(wiener * gamma)));
    gain[k] = g;
    clean_prev_[k] = g * g * power[k];
  }
}

}  // namespace audio
}  // namespace edgeav
