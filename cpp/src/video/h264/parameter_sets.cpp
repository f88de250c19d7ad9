#include "video/h264/parameter_sets.h"

#include <cmath>

#include "video/h264/tables.h"

namespace edgeav {
namespace h264 {

int choose_level(int mb_width, int mb_height, double fps, int max_bitrate_kbps, int ref_frames) {
  const int frame_mbs = mb_width * mb_height;
  const double mbps = frame_mbs * fps;
  for (int i = 0; i < kLevelCount; i++) {
    const LevelLimits& l = kLevels[i];
    // A.3.1: frame size, and width and height each at most sqrt(8 * MaxFS) macroblocks.
    const double side = std::sqrt(8.0 * l.max_fs);
    if (frame_mbs > l.max_fs || mb_width > side || mb_height > side) continue;
    if (mbps > l.max_mbps || max_bitrate_kbps > l.max_br) continue;
    if (ref_frames > l.max_dpb_mbs / frame_mbs) continue;  // A.3.1 h: MaxDpbFrames
    return l.level_idc;
  }
  return kLevels[kLevelCount - 1].level_idc;
}

int max_vertical_mv(int level_idc) {
  // Table A-1 MaxVmvR, as the magnitude of the negative bound in quarter samples.
  if (level_idc <= 10 || level_idc == 11 || level_idc == 12 || level_idc == 13) return 64 * 4;
  if (level_idc < 30) return 128 * 4;
  if (level_idc < 40) return 256 * 4;
  return 512 * 4;
}

void write_sps(BitWriter& bw, const StreamParams& p) {
  if (p.high_profile) {
    bw.put(100, 8);  // profile_idc: High
    bw.put(0, 4);    // constraint_set0..3_flag
    bw.put1(1);      // constraint_set4_flag: frame macroblocks only
    bw.put1(1);      // constraint_set5_flag: no B slices (with set4: Constrained High)
    bw.put(0, 2);    // reserved_zero_2bits
  } else {
    bw.put(66, 8);  // profile_idc: Baseline
    bw.put1(1);     // constraint_set0_flag
    bw.put1(1);     // constraint_set1_flag: Constrained Baseline (also decodable as Main)
    bw.put(0, 6);   // constraint_set2..5, reserved
  }
  bw.put(static_cast<uint32_t>(p.level_idc), 8);
  bw.ue(0);  // seq_parameter_set_id
  if (p.high_profile) {
    bw.ue(1);    // chroma_format_idc: 4:2:0
    bw.ue(0);    // bit_depth_luma_minus8
    bw.ue(0);    // bit_depth_chroma_minus8
    bw.put1(0);  // qpprime_y_zero_transform_bypass_flag
    bw.put1(0);  // seq_scaling_matrix_present_flag: flat
  }
  bw.ue(StreamParams::kLog2MaxFrameNum - 4);
  bw.ue(2);  // pic_order_cnt_type 2: output order is decoding order
  bw.ue(static_cast<uint32_t>(p.max_ref_frames));
  bw.put1(p.gaps_allowed);  // gaps_in_frame_num_value_allowed_flag
  bw.ue(static_cast<uint32_t>(p.mb_width - 1));
  bw.ue(static_cast<uint32_t>(p.mb_height - 1));
  bw.put1(1);  // frame_mbs_only_flag
  bw.put1(1);  // direct_8x8_inference_flag
  const int crop_right = (p.mb_width * 16 - p.width) / 2, crop_bottom = (p.mb_height * 16 - p.height) / 2;
  const bool crop = crop_right || crop_bottom;
  bw.put1(crop);
  if (crop) {
    bw.ue(0);
    bw.ue(static_cast<uint32_t>(crop_right));
    bw.ue(0);
    bw.ue(static_cast<uint32_t>(crop_bottom));
  }
  bw.put1(1);  // vui_parameters_present_flag
  bw.put1(0);  // aspect_ratio_info_present_flag
  bw.put1(0);  // overscan_info_present_flag
  bw.put1(1);  // video_signal_type_present_flag
  bw.put(5, 3);  // video_format: unspecified
  bw.put1(p.full_range);
  bw.put1(1);  // colour_description_present_flag
  const int colour = p.bt709 ? 1 : 6;
  bw.put(static_cast<uint32_t>(colour), 8);  // colour_primaries
  bw.put(static_cast<uint32_t>(colour), 8);  // transfer_characteristics
  bw.put(static_cast<uint32_t>(colour), 8);  // matrix_coefficients
  bw.put1(0);  // chroma_loc_info_present_flag
  bw.put1(1);  // timing_info_present_flag
  const uint32_t num_units_in_tick = 1000;
  bw.put(num_units_in_tick, 32);
  bw.put(static_cast<uint32_t>(std::lround(p.fps * 2 * num_units_in_tick)), 32);  // time_scale: two ticks per frame
  bw.put1(0);  // fixed_frame_rate_flag: the rate may be reconfigured
  bw.put1(0);  // nal_hrd_parameters_present_flag
  bw.put1(0);  // vcl_hrd_parameters_present_flag
  bw.put1(0);  // pic_struct_present_flag
  bw.put1(1);  // bitstream_restriction_flag: tells decoders no frame is reordered
  bw.put1(1);  // motion_vectors_over_pic_boundaries_flag
  bw.ue(0);    // max_bytes_per_pic_denom
  bw.ue(0);    // max_bits_per_mb_denom
  bw.ue(15);   // log2_max_mv_length_horizontal
  bw.ue(15);   // log2_max_mv_length_vertical
  bw.ue(0);    // max_num_reorder_frames: zero frames of latency
  bw.ue(static_cast<uint32_t>(p.max_ref_frames));  // max_dec_frame_buffering
  bw.trailing_bits();
}

void write_pps(BitWriter& bw, const StreamParams& p) {
  bw.ue(0);    // pic_parameter_set_id
  bw.ue(0);    // seq_parameter_set_id
  bw.put1(p.high_profile);  // entropy_coding_mode_flag: CABAC in High
  bw.put1(0);  // bottom_field_pic_order_in_frame_present_flag
  bw.ue(0);    // num_slice_groups_minus1
  bw.ue(0);    // num_ref_idx_l0_default_active_minus1
  bw.ue(0);    // num_ref_idx_l1_default_active_minus1
  bw.put1(0);  // weighted_pred_flag
  bw.put(0, 2);  // weighted_bipred_idc
  bw.se(0);    // pic_init_qp_minus26
  bw.se(0);    // pic_init_qs_minus26
  bw.se(0);    // chroma_qp_index_offset
  bw.put1(1);  // deblocking_filter_control_present_flag
  bw.put1(0);  // constrained_intra_pred_flag
  bw.put1(0);  // redundant_pic_cnt_present_flag
  if (p.high_profile) {
    bw.put1(1);  // transform_8x8_mode_flag
    bw.put1(0);  // pic_scaling_matrix_present_flag: flat
    bw.se(0);    // second_chroma_qp_index_offset
  }
  bw.trailing_bits();
}

void write_slice_header(BitWriter& bw, const SliceHeader& h) {
  const FramePlan& f = h.frame;
  bw.ue(static_cast<uint32_t>(h.first_mb));  // first_mb_in_slice
  bw.ue(f.idr ? 7 : 5);    // slice_type: all slices of the picture are I (7) or P (5)
  bw.ue(0);                // pic_parameter_set_id
  bw.put(static_cast<uint32_t>(f.frame_num), StreamParams::kLog2MaxFrameNum);
  if (f.idr) bw.ue(static_cast<uint32_t>(h.idr_pic_id));
  if (!f.idr) {
    bw.put1(0);  // num_ref_idx_active_override_flag: one reference
    bw.put1(f.modification_idc >= 0);  // ref_pic_list_modification_flag_l0
    if (f.modification_idc >= 0) {
      bw.ue(static_cast<uint32_t>(f.modification_idc));
      bw.ue(static_cast<uint32_t>(f.modification_value));
      bw.ue(3);  // end of the modifications
    }
  }
  if (f.reference) {  // dec_ref_pic_marking
    if (f.idr) {
      bw.put1(0);  // no_output_of_prior_pics_flag
      bw.put1(f.long_term_reference_flag);
    } else {
      bw.put1(f.adaptive_marking());  // adaptive_ref_pic_marking_mode_flag (else sliding window)
      if (f.adaptive_marking()) {
        if (f.mmco_remove_short >= 0) bw.ue(1), bw.ue(static_cast<uint32_t>(f.mmco_remove_short));
        if (f.mmco_max_long_plus1 >= 0) bw.ue(4), bw.ue(static_cast<uint32_t>(f.mmco_max_long_plus1));
        bw.ue(6), bw.ue(static_cast<uint32_t>(f.mmco_long_idx));
        bw.ue(0);
      }
    }
  }
  if (h.cabac && !f.idr) bw.ue(0);  // cabac_init_idc
  bw.se(h.qp - 26);  // slice_qp_delta
  bw.ue(h.deblock ? 0 : 1);  // disable_deblocking_filter_idc
  if (h.deblock) {
    bw.se(0);  // slice_alpha_c0_offset_div2
    bw.se(0);  // slice_beta_offset_div2
  }
}

}  // namespace h264
}  // namespace edgeav
