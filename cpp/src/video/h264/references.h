// Which frame each frame predicts from, and how the stream tells the decoder:
// the encoder's model of the decoded picture buffer (8.2.4, 8.2.5) for
// temporal layers and long-term references (LTR).
//
// Temporal layers: the dyadic pattern (L1T3: 0,2,1,2), each frame predicting
// from the newest reference frame of its layer or below; the top layer is not
// a reference, so dropping it leaves no frame_num gap, and dropping a middle
// layer leaves gaps decoders fill with placeholders (gaps are allowed).
// Every P slice names its reference explicitly (ref_pic_list_modification):
// a placeholder may be newer than the frame it stands between, and a stream an
// SFU has thinned out must decode like the full one.
//
// LTR: the IDR and then, periodically, a layer-0 frame are marked long-term
// into one of two slots; the newest acknowledged one is never overwritten.
// After a loss, a recovery frame predicts from it, whatever was lost since.
// The marking frame also drops the short-term frame it predicted from, so a
// decoder whose buffer is full of placeholders has room for the new long-term
// frame (only sliding-window pictures are evicted otherwise).
#pragma once
#include <cstdint>
#include <vector>

namespace edgeav {
namespace h264 {

struct ReferencePicture {
  int picture = 0;  // the encoder's Picture slot
  int frame_num = 0;
  int64_t index = 0;  // frame index since creation
  int temporal_id = 0;
  bool long_term = false;
  int long_term_idx = 0;
};

// One frame's place in the structure, and the slice header syntax that says so.
struct FramePlan {
  bool idr = false;
  bool recovery = false;     // predicts from the newest acknowledged LTR
  bool reference = true;     // nal_ref_idc != 0
  int temporal_id = 0;
  int frame_num = 0;
  int picture = 0;           // where the reconstruction goes
  int ref_picture = -1;      // what it predicts from (P frames)
  int ref_distance = 1;      // frames between them
  // ref_pic_list_modification: -1 none; else idc 0 (abs_diff_pic_num_minus1) or 2 (long_term_pic_num).
  int modification_idc = -1, modification_value = 0;
  // dec_ref_pic_marking
  bool long_term_reference_flag = false;  // IDR
  int mmco_remove_short = -1;             // mmco 1's difference_of_pic_nums_minus1, or -1
  int mmco_max_long_plus1 = -1;           // mmco 4, or -1
  int mmco_long_idx = -1;                 // mmco 6: the frame becomes this long-term index, or -1
  bool adaptive_marking() const { return mmco_long_idx >= 0; }
};

class ReferenceStructure {
 public:
  static constexpr int kLongTermSlots = 2;

  // ltr_interval: frames between LTR marks.
  void configure(int temporal_layers, bool ltr, int ltr_interval, int log2_max_frame_num);
  // max_num_ref_frames: the short-term frames the layers need plus the LTR slots.
  int max_ref_frames() const;
  // Reconstructions the encoder keeps: the references and the frame being coded.
  int pictures() const { return max_ref_frames() + 1; }
  // With layers or LTR: frame_num gaps allowed, and every P slice names its
  // reference (without either, the stream is what it always was).
  bool gaps_allowed() const { return layers_ > 1 || ltr_; }

  // The next frame; idr when it must be one. A pending recovery with no
  // acknowledged LTR to predict from asks for an IDR: recovery_needs_idr().
  FramePlan plan(bool idr, int64_t index);
  bool recovery_needs_idr() const { return recovery_pending_ && newest_acknowledged() < 0; }
  // After the frame is coded: the buffer as the decoder's is now.
  void commit(const FramePlan& plan, int64_t index);

  // Returns whether that frame is still held as an LTR (acknowledging one that
  // was overwritten, or never marked, changes nothing).
  bool acknowledge(int64_t index);
  void request_recovery() { recovery_pending_ = true; }
  // The frame being planned turned out to be a scene cut: plan it again as the start
  // of a pattern (layer 0), so the frames after the cut can predict from it.
  void restart_pattern() { position_ = 0; }

 private:
  int newest_acknowledged() const;  // into refs_, or -1
  int free_picture() const;
  int newest_reference(int max_temporal_id) const;
  int temporal_id_at(int position) const;

  int layers_ = 1;
  bool ltr_ = false;
  int ltr_interval_ = 30, max_frame_num_ = 1 << 16;
  std::vector<ReferencePicture> refs_;
  int64_t acknowledged_[kLongTermSlots] = {-1, -1};  // frame index acknowledged in each slot
  int max_long_idx_ = -1;   // MaxLongTermFrameIdx (-1: none)
  int last_marked_slot_ = 0;
  int frames_since_mark_ = 0;
  int position_ = 0;        // in the temporal pattern
  int frame_num_ = 0;       // of the next frame
  bool recovery_pending_ = false;
};

}  // namespace h264
}  // namespace edgeav
