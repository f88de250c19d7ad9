// Motion-compensated frame interpolation: the frame at time t between two
// frames, for doubling 15/30 fps content to 30/60 fps on the device.
// Bidirectional block motion estimation on the luma pyramid with vector
// smoothing (motion_field.h), overlapped-block compensation of every plane,
// occlusion-aware weighting of the two sides, and a fallback toward blending
// where motion is unreliable (scene cuts). Each call's motion seeds the next
// call's search, so a stream's results depend (deterministically) on the
// sequence of calls. Buffers are sized when the frame size changes; nothing
// is allocated per frame.
#pragma once
#include <memory>

#include "base/image.h"
#include "base/status.h"
#include "license/license.h"

namespace edgeav {

class FrameInterpolator {
 public:
  static Status create(double fps, std::unique_ptr<FrameInterpolator>* out);
  ~FrameInterpolator();
  // prev, next and dst: one format (I420, NV12 or gray) and size; dst shares
  // no memory with prev or next. t in (0, 1): 0 is prev, 1 is next.
  Status process(const Image& prev, const Image& next, double t, const Image& dst);

 private:
  struct State;
  explicit FrameInterpolator(double fps);

  std::unique_ptr<State> state_;
  double fps_;
  EvaluationMeter meter_;
};

}  // namespace edgeav
