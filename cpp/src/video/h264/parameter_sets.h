// Sequence and picture parameter sets and slice headers (7.3.2.1, 7.3.2.2,
// 7.3.3) of the Constrained Baseline streams the encoder writes.
#pragma once
#include <cstdint>

#include "video/h264/bitwriter.h"
#include "video/h264/references.h"

namespace edgeav {
namespace h264 {

struct StreamParams {
  int width = 0, height = 0;      // visible size (even)
  int mb_width = 0, mb_height = 0;
  int level_idc = 0;
  double fps = 30.0;
  bool full_range = false;
  bool bt709 = true;              // colour description in the VUI: BT.709, else BT.601 (SMPTE 170M)
  int max_ref_frames = 1;
  bool gaps_allowed = false;      // gaps_in_frame_num_value_allowed_flag
  bool high_profile = false;      // Constrained High: CABAC
  static constexpr int kLog2MaxFrameNum = 16;
};

// The lowest level whose limits (Table A-1) admit the frame size, rate, bitrate
// and reference frames.
int choose_level(int mb_width, int mb_height, double fps, int max_bitrate_kbps, int ref_frames);
// Largest vertical motion vector magnitude (quarter samples) the level allows.
int max_vertical_mv(int level_idc);

void write_sps(BitWriter& bw, const StreamParams& p);
void write_pps(BitWriter& bw, const StreamParams& p);

struct SliceHeader {
  FramePlan frame;  // IDR or P, frame_num, reference list and marking
  int first_mb = 0;
  int idr_pic_id = 0;
  int qp = 26;
  bool deblock = true;
  bool cabac = false;  // writes cabac_init_idc 0 in P slices
};
void write_slice_header(BitWriter& bw, const SliceHeader& h);

}  // namespace h264
}  // namespace edgeav
