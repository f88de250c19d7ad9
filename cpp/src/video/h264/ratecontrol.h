// Real-time rate control: one frame at a time, no lookahead. A model of
// each frame type's complexity (bits x quantiser step) picks the frame QP
// for a target set by a leaky bucket (VBV) sized in milliseconds; inside the
// frame, the QP of the remaining rows follows the bits actually spent, so no
// frame overshoots its cap and the average stays on target.
#pragma once
#include <vector>

#include "video/h264/encoder.h"

namespace edgeav {
namespace h264 {

enum class FrameKind {
  kP,
  kFirstKey,      // the stream's first frame
  kRequestedKey,  // force_keyframe: a receiver lost something and waits for it
  kPeriodicKey,   // keyint
  kRecovery,      // a P frame from an old long-term reference, after a loss
};

class RateController {
 public:
  void configure(const EncoderConfig& config, int mb_width, int mb_height);
  void set_rate(int bitrate_kbps, double fps);

  // The QP for a new frame; for keyframes, intra_satd_per_mb is the source's
  // intra SATD per macroblock (EncoderImpl::intra_satd_per_mb). P frames of
  // temporal layers above 0 take a higher QP: fewer frames predict from them.
  int start_frame(FrameKind kind, double intra_satd_per_mb = 0, int temporal_id = 0);
  // The first keyframe has no history to size it by, nor a recovery frame (its
  // reference is older than P frames' ever are): after coding it once, the QP to
  // code it again at so that it fits its target (the same QP: keep it), with the
  // frame's row state reset for that second pass.
  int refit(int bits, double average_qp);
  // After `row` (0-based) is coded with `bits` spent so far in the frame: the QP for the next row.
  int next_row_qp(int row, int bits);
  // After a frame: its size, average QP and the share of its macroblocks coded intra.
  void end_frame(int bits, double average_qp, double intra_fraction);


 private:
  // The model's frame classes: P frames of each temporal layer, and keyframes.
  static constexpr int kIntraClass = 1, kClasses = 4;
  static int frame_class(bool intra, int temporal_id) { return intra ? kIntraClass : temporal_id ? 1 + temporal_id : 0; }
  int layer_qp_offset(int temporal_id) const;
  double predicted_bits(int cls, int qp) const;
  // P frames: the mean bits per frame over a temporal pattern at base QP qp.
  double predicted_pattern_bits(int qp) const;
  // A keyframe's bits at qp from its intra SATD, by the fitted model times
  // what the last keyframe cost against the model.
  double predicted_intra_bits(int qp) const;
  double intra_model_bits(double qp) const;
  void learn_intra_scale(int bits, double average_qp);
  int lowest_qp_within(double target, bool intra) const;
  int lowest_base_qp_within(double target) const;  // P frames, over the temporal pattern
  double qscale(double qp) const;
  // Bits the rows after `row` will take at `qp`, scaled by how this frame compares with the last so far.
  double remaining_bits(int row, int qp, double ratio) const;

  RateControl mode_ = RateControl::kCbr;
  int constant_qp_ = 26, min_qp_ = 10, max_qp_ = 51;
  int rows_ = 1, mbs_ = 1;
  double bitrate_ = 0, fps_ = 30, budget_ = 0;   // bits per second, per frame
  int vbv_ms_ = 1000, last_p_qp_ = 30;  // of layer 0 (the base QP)
  int layers_ = 1;
  double max_rate_factor_ = 1.0;   // VBR peak over average
  double vbv_bits_ = 0, max_rate_ = 0;
  double max_frame_bits_cfg_ = 0;
  double debt_ = 0;                // bits sent beyond the channel's drain so far (negative: unused)
  // The bucket starts half full (the decoder's initial buffering, as x264's
  // vbv-init): the first keyframe draws up to that much without owing it.
  double start_credit_ = 0;
  // A start too coarse to watch (a first keyframe at kStarvedKeyQp or above) also spends
  // the rest of x264's default initial buffering (0.9 of the bucket) on the P frames of
  // the first second, a share each, without owing it.
  double start_pool_ = 0, start_share_ = 0;
  int start_frames_left_ = 0;
  int slow_repay_frames_ = 0;  // frames left that repay the debt over a second, after a requested keyframe
  double intra_satd_ = 0, intra_model_scale_ = 1.0;
  // CBR: the sizes of the last frames, so that no two-second stretch strays
  // from the rate (a network's view of it) even where the debt drifts.
  std::vector<double> recent_bits_;  // ring buffer, one slot per frame of the window
  size_t recent_next_ = 0;
  double recent_sum_ = 0;
  int recent_count_ = 0;
  double complexity_[kClasses] = {};  // bits * qscale
  bool have_complexity_[kClasses] = {};
  // The frame being coded.
  FrameKind kind_ = FrameKind::kP;
  bool intra_ = false, recovery_ = false;
  int class_ = 0, temporal_id_ = 0;
  int frame_qp_ = 26, row_qp_ = 26;
  double target_ = 0, cap_ = 0;
  std::vector<double> row_bits_, row_qscale_;  // this frame
  std::vector<double> prev_row_cost_[kClasses];  // previous frame of each class: bits x qscale per row
  bool have_rows_[kClasses] = {};
  int bits_so_far_ = 0;
};

}  // namespace h264
}  // namespace edgeav
