// AI quality enhancement of decoded video: the neural core's plane refiner
// (nn/conv_net.h) with a network trained to remove the blocking, ringing and
// mosquito noise of low-rate H.264 (tools/train_enhance.py). Luma is refined;
// chroma passes through. Buffers are sized when the frame size changes.
#pragma once
#include <memory>

#include "base/image.h"
#include "base/status.h"
#include "license/license.h"
#include "nn/conv_net.h"

namespace edgeav {

class QualityEnhancer {
 public:
  // strength: 0 passes frames through, 1 is the trained correction, up to 2.
  static Status create(double strength, double fps, std::unique_ptr<QualityEnhancer>* out);
  // I420, NV12 or gray; src and dst of the same format and size; src may be dst.
  Status process(const Image& src, const Image& dst);

 private:
  QualityEnhancer(const nn::Model& model, double fps) : refiner_(model), fps_(fps) {}

  nn::PlaneRefiner refiner_;
  double fps_;
  EvaluationMeter meter_;
};

}  // namespace edgeav
