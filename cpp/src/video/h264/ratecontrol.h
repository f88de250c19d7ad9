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

class RateController {
 public:
  void configure(const EncoderConfig& config, int mb_width, int mb_height);
  void set_rate(int bitrate_kbps, double fps);

  // The QP for a new frame of this type.
  int start_frame(bool intra);
  // After `row` (0-based) is coded with `bits` spent so far in the frame: the QP for the next row.
  int next_row_qp(int row, int bits);
  // After a frame: its size, average QP and the share of its macroblocks coded intra.
  void end_frame(int bits, double average_qp, double intra_fraction);


 private:
  double predicted_bits(int qp) const;
  double qscale(double qp) const;
  // Bits the rows after `row` will take at `qp`, scaled by how this frame compares with the last so far.
  double remaining_bits(int row, int qp, double ratio) const;

  RateControl mode_ = RateControl::kCbr;
  int constant_qp_ = 26, min_qp_ = 10, max_qp_ = 51;
  int rows_ = 1;
  double bitrate_ = 0, fps_ = 30, budget_ = 0;   // bits per second, per frame
  int vbv_ms_ = 1000, initial_qp_ = 30, last_p_qp_ = 30;
  double max_rate_factor_ = 1.0;   // VBR peak over average
  double vbv_bits_ = 0, max_rate_ = 0;
  double max_frame_bits_cfg_ = 0;
  double debt_ = 0;                // bits sent beyond the channel's drain so far (negative: unused)
  // CBR: the sizes of the last frames, so that no two-second stretch strays
  // from the rate (a network's view of it) even where the debt drifts.
  std::vector<double> recent_bits_;  // ring buffer, one slot per frame of the window
  size_t recent_next_ = 0;
  double recent_sum_ = 0;
  int recent_count_ = 0;
  double complexity_[2] = {0, 0};  // [intra] bits * qscale
  bool have_complexity_[2] = {false, false};
  // The frame being coded.
  bool intra_ = false;
  int frame_qp_ = 26, row_qp_ = 26;
  double target_ = 0, cap_ = 0;
  std::vector<double> row_bits_, row_qscale_;  // this frame
  std::vector<double> prev_row_cost_[2];       // previous frame of each type: bits x qscale per row
  bool have_rows_[2] = {false, false};
  int bits_so_far_ = 0;
};

}  // namespace h264
}  // namespace edgeav
