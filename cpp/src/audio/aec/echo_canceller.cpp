#include "audio/aec/echo_canceller.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace edgeav {
namespace audio {

namespace {

constexpr float kPi = 3.14159265358979323846f;
// The render FIFO holds up to a second of far end that came ahead of its capture.
constexpr int kRenderFifoFrames = 100;
// Smoothing of the capture / echo estimate correlation (about 12 ms), and
// the squared correlation above which a block counts as echo alone.
constexpr float kCoherenceAlpha = 0.3f;
constexpr float kEchoOnlyCoherence = 0.8f;
// How often (blocks) the main filter's peak is looked for, for the reported delay.
constexpr int kPeakCheckBlocks = 16;

// Out-of-range input (NaN, infinity, far beyond full scale) becomes silence
// or is clipped, so it cannot poison the filters.
float sanitize(float v) {
  if (!(std::fabs(v) <= 4.0f)) return std::isnan(v) ? 0.0f : (v > 0 ? 4.0f : -4.0f);
  return v;
}

}  // namespace

EchoCanceller::EchoCanceller(int sample_rate)
    : layout_(sample_rate), fft_(layout_.fft), render_(layout_), slope_(layout_), delay_(layout_), subtractor_(layout_, fft_),
      suppressor_(layout_), render_fifo_(kRenderFifoFrames * layout_.frame),
      render_pending_(layout_.frame + layout_.block), capture_pending_(layout_.frame + layout_.block),
      output_(2 * (layout_.frame + 2 * layout_.block)),
      // Blocks of N inside frames of F: the output of a block is complete one
      // block later (overlap-add), and a frame's end waits for at most
      // N - gcd(F, N) samples of a block that is not yet full.
      latency_(2 * layout_.block - std::gcd(layout_.frame, layout_.block)),
      window_(static_cast<size_t>(layout_.fft)), frame_(static_cast<size_t>(layout_.frame)),
      render_prev_(static_cast<size_t>(layout_.block)), render_cur_(render_prev_.size()),
      slope_prev_(render_prev_.size()), slope_cur_(render_prev_.size()), saturated_(render_prev_.size()),
      capture_prev_(render_prev_.size()), capture_cur_(render_prev_.size()), error_prev_(render_prev_.size()),
      error_cur_(render_prev_.size()), out_block_(render_prev_.size()), overlap_(render_prev_.size()),
      time_(static_cast<size_t>(layout_.fft)), spec_a_(static_cast<size_t>(2 * layout_.bins)),
      spec_b_(spec_a_.size()), spec_out_(spec_a_.size()), power_(static_cast<size_t>(layout_.bins)) {
  // Sine window: its square overlapped by half sums to one, so analysis and
  // synthesis with it reconstruct the signal when the gains are one.
  for (int i = 0; i < layout_.fft; i++) window_[i] = std::sin(kPi * (i + 0.5f) / layout_.fft);
  reset();
}

void EchoCanceller::reset() {
  speaker_.reset();
  render_.clear();
  slope_.clear();
  delay_.reset();
  subtractor_.reset();
  suppressor_.reset();
  render_fifo_.clear();
  render_pending_.clear();
  capture_pending_.clear();
  output_.clear();
  output_.push_zeros(latency_ - layout_.block);
  for (auto* v : {&render_prev_, &slope_prev_, &capture_prev_, &error_prev_, &overlap_})
    std::fill(v->begin(), v->end(), 0.0f);
  render_blocks_ = capture_blocks_ = 0;
  offset_ = hint_blocks_ >= 0 ? std::max(0, hint_blocks_ - layout_.margin) : 0;
  peak_partition_ = -1;
  peak_tap_ = 0;
  blocks_to_peak_check_ = 0;
  capture_power_ = output_power_ = erle_db_ = 0.0f;
  capture_echo_[0] = capture_echo_[1] = capture_echo_[2] = 0.0f;
}

void EchoCanceller::set_delay_hint_ms(int ms) {
  const int blocks = static_cast<int>(std::lround(ms * 0.001 * layout_.sample_rate / layout_.block));
  hint_blocks_ = std::min(std::max(blocks, 0), layout_.max_delay);
  if (delay_.delay() < 0) {
    const int target = std::max(0, hint_blocks_ - layout_.margin);
    subtractor_.shift(target - offset_);
    offset_ = target;
  }
}

void EchoCanceller::analyze_render(const float* far) {
  const int f = layout_.frame;
  if (render_fifo_.size() + f > render_fifo_.capacity()) render_fifo_.pop(nullptr, f);  // drop the oldest
  for (int i = 0; i < f; i++) frame_[i] = sanitize(far[i]);
  render_fifo_.push(frame_.data(), f);
}

void EchoCanceller::push_render_block(const float* block) {
  const int n = layout_.block;
  speaker_.apply(block, saturated_.data(), slope_cur_.data(), n);
  std::copy(render_prev_.begin(), render_prev_.end(), time_.begin());
  std::copy(saturated_.begin(), saturated_.end(), time_.begin() + n);
  std::copy(saturated_.begin(), saturated_.end(), render_prev_.begin());
  fft_.forward(time_.data(), spec_a_.data());
  render_.push(spec_a_.data());
  std::copy(slope_prev_.begin(), slope_prev_.end(), time_.begin());
  std::copy(slope_cur_.begin(), slope_cur_.end(), time_.begin() + n);
  std::copy(slope_cur_.begin(), slope_cur_.end(), slope_prev_.begin());
  fft_.forward(time_.data(), spec_a_.data());
  slope_.push(spec_a_.data());
  render_blocks_++;
}

void EchoCanceller::process_capture(float* near) {
  const int f = layout_.frame, n = layout_.block;
  // The render frame that pairs with this capture frame, or silence.
  if (render_fifo_.size() >= f) {
    render_fifo_.pop(frame_.data(), f);
    render_pending_.push(frame_.data(), f);
  } else {
    render_pending_.push_zeros(f);
  }
  while (render_pending_.size() >= n) {
    render_pending_.pop(render_cur_.data(), n);
    push_render_block(render_cur_.data());
  }
  for (int i = 0; i < f; i++) frame_[i] = sanitize(near[i]);
  capture_pending_.push(frame_.data(), f);
  while (capture_pending_.size() >= n) {
    capture_pending_.pop(capture_cur_.data(), n);
    process_block(capture_cur_.data(), out_block_.data());
    output_.push(out_block_.data(), n);
  }
  output_.pop(near, f);
}

// The windowed spectrum of the previous and the current block.
static void windowed_spectrum(const RealFft& fft, const std::vector<float>& window, const float* prev,
                              const float* cur, int n, float* time, float* spectrum) {
  for (int i = 0; i < n; i++) {
    time[i] = window[i] * prev[i];
    time[n + i] = window[n + i] * cur[i];
  }
  fft.forward(time, spectrum);
}

void EchoCanceller::process_block(const float* capture, float* out) {
  const int n = layout_.block;
  // Age of the render block that is simultaneous with this capture block
  // (render blocks of a frame are taken in before its capture blocks).
  const int age = static_cast<int>(std::max<int64_t>(0, render_blocks_ - 1 - capture_blocks_));
  capture_blocks_++;

  windowed_spectrum(fft_, window_, capture_prev_.data(), capture, n, time_.data(), spec_a_.data());
  for (int k = 0; k < layout_.bins; k++)
    power_[k] = spec_a_[2 * k] * spec_a_[2 * k] + spec_a_[2 * k + 1] * spec_a_[2 * k + 1];
  delay_.update(render_.power(age), power_.data());
  align_filter();

  subtractor_.process(render_, age + offset_, capture, error_cur_.data());
  windowed_spectrum(fft_, window_, error_prev_.data(), error_cur_.data(), n, time_.data(), spec_b_.data());

  const bool far_active = subtractor_.far_active();
  // Single talk: the linear echo estimate (capture less error) explains
  // nearly all of the capture, measured over the last few blocks.
  float yy = 0.0f, ss = 0.0f, ys = 0.0f;
  for (int i = 0; i < n; i++) {
    const float s = capture[i] - error_cur_[i];
    yy += capture[i] * capture[i], ss += s * s, ys += capture[i] * s;
  }
  capture_echo_[0] += kCoherenceAlpha * (yy - capture_echo_[0]);
  capture_echo_[1] += kCoherenceAlpha * (ss - capture_echo_[1]);
  capture_echo_[2] += kCoherenceAlpha * (ys - capture_echo_[2]);
  const bool echo_only = far_active && capture_echo_[2] * capture_echo_[2] >
                                           kEchoOnlyCoherence * capture_echo_[0] * capture_echo_[1];
  // The loudspeaker model learns in single talk, from a filter that works;
  // every fourth block is plenty for one slowly moving parameter.
  if (echo_only && subtractor_.converged() && capture_blocks_ % 4 == 0) {
    subtractor_.main_response(slope_, age + offset_, saturated_.data());
    speaker_.update(error_cur_.data(), saturated_.data(), n);
  }
  // The render block at the echo's direct path: where the converged filter
  // peaks, else the margin into the filter.
  const int direct = offset_ + (subtractor_.converged() && peak_partition_ >= 0 ? peak_partition_ : layout_.margin);
  if (subtractor_.blocks_since_path_change() == 0) suppressor_.forget_residual_ratio();
  suppressor_.process(spec_a_.data(), spec_b_.data(), render_.power(age + direct),
                      std::pow(10.0f, 0.1f * subtractor_.erle_db()), far_active, echo_only, spec_out_.data());

  fft_.inverse(spec_out_.data(), time_.data());
  for (int i = 0; i < n; i++) {
    out[i] = overlap_[i] + window_[i] * time_[i];
    overlap_[i] = window_[n + i] * time_[n + i];
  }

  // ERLE: the capture against the output, both a block late (the output's lag).
  if (far_active) {
    float cp = 0.0f, op = 0.0f;
    for (int i = 0; i < n; i++) cp += capture_prev_[i] * capture_prev_[i], op += out[i] * out[i];
    capture_power_ += 0.05f * (cp - capture_power_);
    output_power_ += 0.05f * (op - output_power_);
    erle_db_ = 10.0f * std::log10((capture_power_ + 1e-10f) / (output_power_ + 1e-10f));
  }
  std::copy(capture, capture + n, capture_prev_.begin());
  std::copy(error_cur_.begin(), error_cur_.end(), error_prev_.begin());
}

// Keeps the filter's first partition `margin` blocks ahead of the echo delay.
// While the filter is converged its own peak says where the echo is, and a
// delay estimate within the margin of it moves nothing. Music mode: unless
// the filter's start is itself more than half the margin off its target (a
// filter that converged while the estimate was still moving: its echo sits
// deep in it and the tail past its end is lost); the shift keeps the echo
// path it learnt.
void EchoCanceller::align_filter() {
  if (--blocks_to_peak_check_ <= 0) {
    blocks_to_peak_check_ = kPeakCheckBlocks;
    float share;
    peak_partition_ = subtractor_.main_filter().peak_partition(&share);
    std::vector<float>& taps = time_;  // free until the block's spectra are taken
    subtractor_.main_filter().impulse_response(fft_, peak_partition_, taps.data());
    peak_tap_ = 0;
    for (int i = 1; i < layout_.block; i++)
      if (std::fabs(taps[i]) > std::fabs(taps[peak_tap_])) peak_tap_ = i;
  }
  int estimate = delay_.delay();
  if (estimate < 0) {
    if (hint_blocks_ < 0) return;
    estimate = hint_blocks_;
  }
  // The filter slides along the render history, which holds max_delay blocks
  // behind the simultaneous one.
  const int target = std::min(std::max(0, estimate - layout_.margin), layout_.max_delay);
  if (target == offset_) return;
  if (subtractor_.converged()) {
    const int filter_delay = offset_ + peak_partition_;
    const int tolerance = layout_.margin / 2 + 1;
    if (std::abs(filter_delay - estimate) <= tolerance && (!music_ || std::abs(target - offset_) <= tolerance)) return;
  }
  subtractor_.shift(target - offset_);
  peak_partition_ += offset_ - target;
  offset_ = target;
}

float EchoCanceller::filter_delay_samples() const {
  return static_cast<float>((offset_ + peak_partition_) * layout_.block + peak_tap_);
}

EchoCancellerStats EchoCanceller::stats() const {
  EchoCancellerStats s;
  s.converged = subtractor_.converged();
  float samples;
  if (s.converged && peak_partition_ >= 0)
    samples = filter_delay_samples();
  else if (delay_.delay() >= 0)
    samples = static_cast<float>(delay_.delay() * layout_.block);
  else
    samples = hint_blocks_ >= 0 ? static_cast<float>(hint_blocks_ * layout_.block) : 0.0f;
  s.delay_ms = 1000.0f * samples / layout_.sample_rate;
  s.erle_db = erle_db_;
  return s;
}

}  // namespace audio
}  // namespace edgeav
