#include "video/h264/references.h"

#include <algorithm>

namespace edgeav {
namespace h264 {

void ReferenceStructure::configure(int temporal_layers, bool ltr, int ltr_interval, int log2_max_frame_num) {
  layers_ = temporal_layers;
  ltr_ = ltr;
  ltr_interval_ = std::max(ltr_interval, 1);
  max_frame_num_ = 1 << log2_max_frame_num;
  refs_.clear();
  refs_.reserve(static_cast<size_t>(max_ref_frames()) + 1);
}

int ReferenceStructure::max_ref_frames() const {
  // Layer 0 and, with three layers, layer 1 each keep their newest frame.
  return std::max(1, layers_ - 1) + (ltr_ ? kLongTermSlots : 0);
}

int ReferenceStructure::temporal_id_at(int position) const {
  if (layers_ == 2) return position & 1;
  if (layers_ == 3) return position & 1 ? 2 : position & 2 ? 1 : 0;
  return 0;
}

int ReferenceStructure::newest_acknowledged() const {
  int best = -1;
  for (int i = 0; i < static_cast<int>(refs_.size()); i++) {
    const ReferencePicture& r = refs_[i];
    if (r.long_term && acknowledged_[r.long_term_idx] == r.index && (best < 0 || r.index > refs_[best].index)) best = i;
  }
  return best;
}

int ReferenceStructure::newest_reference(int max_temporal_id) const {
  int best = -1;
  for (int i = 0; i < static_cast<int>(refs_.size()); i++)
    if (refs_[i].temporal_id <= max_temporal_id && (best < 0 || refs_[i].index > refs_[best].index)) best = i;
  return best;
}

int ReferenceStructure::free_picture() const {
  for (int p = 0;; p++)
    if (std::none_of(refs_.begin(), refs_.end(), [p](const ReferencePicture& r) { return r.picture == p; })) return p;
}

FramePlan ReferenceStructure::plan(bool idr, int64_t index) {
  FramePlan p;
  p.idr = idr;
  p.recovery = !idr && recovery_pending_;
  if (idr) frame_num_ = 0;
  if (idr || p.recovery) position_ = 0;  // the pattern starts again from a frame every layer can use
  p.temporal_id = temporal_id_at(position_);
  p.reference = layers_ == 1 || p.temporal_id < layers_ - 1;
  p.frame_num = frame_num_;
  p.picture = free_picture();
  if (idr) {
    p.long_term_reference_flag = ltr_;
    return p;
  }
  const ReferencePicture& ref = refs_[p.recovery ? newest_acknowledged() : newest_reference(p.temporal_id)];
  p.ref_picture = ref.picture;
  p.ref_distance = static_cast<int>(index - ref.index);
  const int pic_num_diff = (frame_num_ - ref.frame_num + max_frame_num_) % max_frame_num_;
  if (gaps_allowed()) {
    p.modification_idc = ref.long_term ? 2 : 0;
    p.modification_value = ref.long_term ? ref.long_term_idx : pic_num_diff - 1;
  }
  if (ltr_ && p.reference && p.temporal_id == 0 && !p.recovery && !ref.long_term && frames_since_mark_ >= ltr_interval_) {
    const int acknowledged = newest_acknowledged();
    p.mmco_remove_short = pic_num_diff - 1;
    if (max_long_idx_ < kLongTermSlots - 1) p.mmco_max_long_plus1 = kLongTermSlots;
    p.mmco_long_idx = acknowledged >= 0 ? 1 - refs_[acknowledged].long_term_idx : 1 - last_marked_slot_;
  }
  return p;
}

void ReferenceStructure::commit(const FramePlan& p, int64_t index) {
  ReferencePicture current{p.picture, p.frame_num, index, p.temporal_id, false, 0};
  if (p.idr) {
    refs_.clear();
    std::fill(acknowledged_, acknowledged_ + kLongTermSlots, -1);
    max_long_idx_ = ltr_ ? 0 : -1;
    last_marked_slot_ = 0;
    frames_since_mark_ = 0;
    current.long_term = ltr_;
    refs_.push_back(current);
  } else if (p.adaptive_marking()) {
    const int removed_frame_num = (p.frame_num - p.mmco_remove_short - 1 + max_frame_num_) % max_frame_num_;
    const int slot = p.mmco_long_idx;
    refs_.erase(std::remove_if(refs_.begin(), refs_.end(),
                               [&](const ReferencePicture& r) {
                                 return r.long_term ? r.long_term_idx == slot : r.frame_num == removed_frame_num;
                               }),
                refs_.end());
    if (p.mmco_max_long_plus1 > 0) max_long_idx_ = p.mmco_max_long_plus1 - 1;
    acknowledged_[slot] = -1;
    current.long_term = true, current.long_term_idx = slot;
    refs_.push_back(current);
    last_marked_slot_ = slot;
    frames_since_mark_ = 0;
  } else if (p.reference) {
    // Sliding window (8.2.5.3): a full buffer drops its oldest short-term frame.
    if (static_cast<int>(refs_.size()) >= max_ref_frames()) {
      auto oldest = refs_.end();
      for (auto it = refs_.begin(); it != refs_.end(); ++it)
        if (!it->long_term && (oldest == refs_.end() || it->index < oldest->index)) oldest = it;
      if (oldest != refs_.end()) refs_.erase(oldest);
    }
    refs_.push_back(current);
  }
  if (p.reference) frame_num_ = (frame_num_ + 1) % max_frame_num_;
  position_ = (position_ + 1) % (1 << (layers_ - 1));
  frames_since_mark_++;
  recovery_pending_ = false;
}

bool ReferenceStructure::acknowledge(int64_t index) {
  for (const ReferencePicture& r : refs_)
    if (r.long_term && r.index == index) return acknowledged_[r.long_term_idx] = index, true;
  return false;
}

}  // namespace h264
}  // namespace edgeav
