// The loudspeaker's saturation, learnt online: small loudspeakers driven hard
// compress the peaks of what they play, and that distortion is echo no linear
// filter can model. The render is passed through a soft clipper
//   f(x) = tanh(t x) / t,  t = sqrt(phi)  (phi = 0: no saturation)
// before the adaptive filter, and phi follows the gradient of the linear
// filter's error in single talk: the filter applied to df/dphi (the "slope"
// signal) says how the echo estimate would move with phi.
#pragma once

namespace edgeav {
namespace audio {

class LoudspeakerModel {
 public:
  LoudspeakerModel() { reset(); }
  void reset();
  // saturated = f(x), slope = df/dphi (x), n samples.
  void apply(const float* x, float* saturated, float* slope, int n) const;
  // One single-talk block: error e and the filter's response to the slope
  // signal; their correlation moves phi.
  void update(const float* error, const float* slope_echo, int n);
  float phi() const { return phi_; }

 private:
  float phi_;
  float cross_, power_;  // smoothed sum(e * s) and sum(s * s)
};

}  // namespace audio
}  // namespace edgeav
