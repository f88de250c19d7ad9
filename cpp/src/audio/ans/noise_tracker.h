// Noise power spectrum tracking by speech presence probability (Gerkmann and
// Hendriks, "Unbiased MMSE-based noise power estimation with low complexity
// and low tracking delay", IEEE TASLP 2012): each bin's periodogram updates
// the noise estimate in proportion to the probability that it holds no
// speech, so the estimate follows noise that changes while speech goes on,
// with no minimum-search delay. The probability is capped while it stays
// near one (the estimate would otherwise freeze when noise rises for good).
// While speech may be present (outside pauses) the estimate may not grow past
// a minimum-statistics bound (Martin 2001): the minimum of the smoothed
// periodogram over the last ~1.5 s, scaled by its bias. That keeps speech from
// leaking into the estimate at high SNR, and keeps it low for speech-like
// noise (babble) during speech, whose dips the minimum finds: the suppressor
// then stays conservative where suppression would hurt speech. With the
// talker far above the noise the bound is lifted in the speech band (the
// estimate follows babble between syllables), and the window then skips
// sub-windows without a pause, so that long stretches of speech do not raise
// its minimum into the talker.
//
// Music mode: a held note or chord is sound that stays, which the estimate
// above learns within a second or two (the stagnation cap lets it in, and the
// 1.5 s minimum is the note itself). There the presence is not capped and
// the estimate stays between the minimum of the smoothed periodogram over the
// last ~8 s and that minimum times its bias: no piece holds one pitch that
// long, while noise that rose for good still gets in within the window.
#pragma once
#include <vector>

namespace edgeav {
namespace audio {

class NoiseTracker {
 public:
  NoiseTracker(int bins, int hop, int sample_rate, int fft_size);
  // One frame's power spectrum.
  void update(const float* power);
  const float* noise() const { return noise_.data(); }
  // Per bin, the probability of speech in the last frame.
  const float* speech_presence() const { return presence_.data(); }
  // How far (dB) the noise tracked without the bound lies above the minimum
  // of the speech band's power over the last 1.5 s, smoothed over a second:
  // 0-2 dB for stationary noise, 5 dB and more for babble, whose level keeps
  // dipping between voices.
  float nonstationarity_db() const { return nonstationarity_db_; }
  // The talker's peak level in the speech band over the noise's (dB): the
  // band's power, its peaks held and falling 3 dB/s, over the estimate. About
  // 10 dB above the long-term SNR; 0 before any speech.
  float speech_to_noise_db() const { return speech_to_noise_db_; }
  void reset();
  void set_music_mode(bool music) { music_ = music; }

 private:
  void update_minimum(const float* power);
  float minimum(int k) const;  // over the kept sub-windows and the current one

  int bins_;
  float alpha_;         // smoothing of the noise estimate per frame
  float alpha_stuck_;   // smoothing of the presence probability, for the stagnation cap
  int frames_ = 0;
  std::vector<float> noise_, presence_, presence_avg_;
  // Minimum statistics: the smoothed periodogram, the minimum of the current
  // sub-window and those of the previous kSubWindows sub-windows.
  std::vector<float> smoothed_, current_min_, window_mins_;
  int sub_frames_ = 0, next_sub_ = 0;
  int held_ = 0;            // sub-windows without a pause skipped in a row
  bool sub_pause_ = false;  // the current sub-window had a pause
  int band_first_, band_last_;  // 300-3400 Hz
  std::vector<float> unbounded_;  // the tracker's estimate in the band, without the bound
  float band_smoothed_ = 0.0f, band_current_min_ = 0.0f;
  float band_mins_[6] = {};
  float nonstationarity_alpha_;
  float nonstationarity_db_ = 0.0f;
  float peak_decay_;  // per frame
  float speech_peak_ = 0.0f, speech_to_noise_db_ = 0.0f;
  // The long minimum of music mode: this sub-window's and the last kLongWindows'
  // (tracked in both modes, so a switch to music finds it filled).
  std::vector<float> long_current_min_, long_mins_;
  int long_frames_ = 0, next_long_ = 0;
  bool music_ = false;
};

}  // namespace audio
}  // namespace edgeav
