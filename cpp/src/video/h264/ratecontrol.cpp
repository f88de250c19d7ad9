#include "video/h264/ratecontrol.h"

#include <algorithm>
#include <cmath>

namespace edgeav {
namespace h264 {

namespace {
constexpr double kWindowSeconds = 2.0, kWindowTolerance = 0.03;
}  // namespace

void RateController::configure(const EncoderConfig& c, int mb_width, int mb_height) {
  mode_ = c.rc;
  constant_qp_ = c.qp, min_qp_ = c.min_qp, max_qp_ = c.max_qp;
  rows_ = mb_height;
  row_bits_.assign(rows_, 0.0);
  row_qscale_.assign(rows_, 1.0);
  for (auto& r : prev_row_cost_) r.assign(rows_, 0.0);
  max_frame_bits_cfg_ = c.max_frame_bytes * 8.0;
  vbv_ms_ = c.vbv_ms ? c.vbv_ms : (c.rc == RateControl::kVbr ? 2000 : 1000);
  max_rate_factor_ =
      c.rc == RateControl::kVbr ? (c.max_bitrate_kbps > 0 ? double(c.max_bitrate_kbps) / c.bitrate_kbps : 1.5) : 1.0;
  set_rate(c.bitrate_kbps, c.fps);
  // The first frame's QP from the bits per pixel; the model takes over from the first frame on.
  const double bpp = bitrate_ / (fps_ * mb_width * mb_height * 256.0);
  initial_qp_ = std::clamp(static_cast<int>(std::lround(30.0 - 6.0 * std::log2(bpp / 0.05))), min_qp_, max_qp_);
  last_p_qp_ = initial_qp_;
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

double RateController::predicted_bits(int qp) const { return complexity_[intra_] / qscale(qp); }

int RateController::start_frame(bool intra) {
  intra_ = intra;
  bits_so_far_ = 0;
  std::fill(row_bits_.begin(), row_bits_.end(), 0.0);
  if (mode_ == RateControl::kCqp) return frame_qp_ = row_qp_ = constant_qp_;
  // The debt is repaid over a quarter second (CBR) or two seconds (VBR), within the bucket.
  const double horizon = std::max(2.0, fps_ * (mode_ == RateControl::kCbr ? 0.25 : 2.0));
  target_ = budget_ - debt_ / horizon;
  const double room = vbv_bits_ - std::max(debt_, 0.0) + budget_ * max_rate_factor_;
  // A P frame may not burst past two to four budgets (at the peak rate), by bucket size. The
  // first keyframe may take half the bucket; later ones, under CBR, about as
  // much as a few P frames can absorb within a couple of seconds.
  const bool first = !have_complexity_[0] && !have_complexity_[1];
  const bool cbr = mode_ == RateControl::kCbr;
  if (!intra)  // a scene cut may borrow from a larger bucket
    cap_ = std::clamp(0.1 * vbv_bits_ / budget_, 2.0, 4.0) * budget_ * max_rate_factor_;
  else
    cap_ = first || !cbr ? std::max(vbv_bits_ * 0.5, 4 * budget_) : 4 * budget_;
  cap_ = std::min(room, cap_);
  if (max_frame_bits_cfg_ > 0) cap_ = std::min(cap_, max_frame_bits_cfg_);
  if (intra) target_ = std::max(target_, budget_) * (first || !cbr ? 4.0 : 2.5);
  if (cbr && !intra && recent_count_ + 1 >= static_cast<int>(recent_bits_.size())) {
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
  int qp = initial_qp_;
  if (have_complexity_[0] || have_complexity_[1]) {
    if (!have_complexity_[intra]) complexity_[intra] = complexity_[!intra] * (intra ? 6.0 : 0.15);
    qp = max_qp_;
    for (int q = min_qp_; q <= max_qp_; q++)
      if (predicted_bits(q) <= target_) {
        qp = q;
        break;
      }
    // Steady quality: small steps between P frames unless the bucket demands more.
    if (!intra && have_complexity_[0]) qp = std::clamp(qp, last_p_qp_ - 4, last_p_qp_ + 6);
  }
  frame_qp_ = row_qp_ = std::clamp(qp, min_qp_, max_qp_);
  return frame_qp_;
}

double RateController::remaining_bits(int row, int qp, double ratio) const {
  const std::vector<double>& prev = prev_row_cost_[intra_];
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
  const bool have_rows = have_rows_[intra_];
  if (have_rows) {
    double expected = 0;
    for (int r = 0; r <= row; r++) expected += prev_row_cost_[intra_][r] / row_qscale_[r];
    ratio = expected > 0 ? std::clamp(bits / expected, 0.2, 5.0) : 1.0;
  }
  auto total = [&](int qp) {
    return have_rows ? bits + remaining_bits(row, qp, ratio)
                     : bits + double(bits) / (row + 1) * (rows_ - row - 1) * qscale(row_qp_) / qscale(qp);
  };
  int qp = row_qp_;
  if (total(qp) > cap_ * 0.95) {
    while (qp < max_qp_ && total(qp) > cap_ * 0.95) qp++;
  } else if (intra_) {
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
  if (!scene_cut) complexity_[intra_] = have_complexity_[intra_] ? 0.5 * complexity_[intra_] + 0.5 * cost : cost;
  have_complexity_[intra_] = true;
  for (int r = 0; r < rows_; r++) prev_row_cost_[intra_][r] = row_bits_[r] * row_qscale_[r];
  have_rows_[intra_] = true;
  if (!intra_) last_p_qp_ = static_cast<int>(std::lround(average_qp));
  // Bits left unused are mostly given up rather than caught up later, which
  // would overshoot the following seconds.
  debt_ = std::clamp(debt_ + bits - budget_, -vbv_bits_ * 0.1, vbv_bits_);
  recent_sum_ += bits - recent_bits_[recent_next_];
  recent_bits_[recent_next_] = bits;
  recent_next_ = (recent_next_ + 1) % recent_bits_.size();
  recent_count_ = std::min(recent_count_ + 1, static_cast<int>(recent_bits_.size()));
}

}  // namespace h264
}  // namespace edgeav
