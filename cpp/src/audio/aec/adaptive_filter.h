// A partitioned-block frequency-domain adaptive FIR filter (overlap-save,
// block N, FFT 2N): partition p holds taps [pN, pN + N) of the echo path as
// a spectrum over the filter's bins, and meets the render block `offset + p`
// blocks old. Only the arithmetic lives here; step sizes are the caller's.
#pragma once
#include <vector>

#include "audio/aec/aec_layout.h"
#include "audio/aec/render_history.h"
#include "audio/fft/real_fft.h"

namespace edgeav {
namespace audio {

class AdaptiveFilter {
 public:
  explicit AdaptiveFilter(const AecLayout& layout);
  int partitions() const { return partitions_; }

  // y = sum_p H_p X_{offset+p}, over the filter's bins (split form; y holds
  // layout.stride floats, the bins past lin_bins come out zero).
  void apply(const RenderHistory& render, int offset, float* y_re, float* y_im) const;
  // H_p += w_p conj(X_{offset+p}) g for every partition: the NLMS step,
  // whose gain g (layout.stride floats, zero past lin_bins) already holds
  // the step size and the error; w_p = weights[p] scales each partition's
  // step (proportionate adaptation: the partitions that hold the echo learn
  // faster). The scaled gain is recomputed only where the weight changes
  // from one partition to the next, so runs of equal weights cost nothing.
  void adapt(const RenderHistory& render, int offset, const float* g_re, const float* g_im, const float* weights);
  // Brings one partition (in turn) back to N taps: the circular part that
  // the unconstrained update lets grow is removed, as in the constrained
  // FDAF, at the cost of two FFTs per block rather than per partition.
  void constrain_next(const RealFft& fft);
  // Re-aligns the coefficients after the filter's start moved `delta` blocks
  // later (negative: earlier): partition p takes the old p + delta.
  void shift(int delta);
  void copy_from(const AdaptiveFilter& other);
  void clear();

  // erl[k] = sum_p |H_p(k)|^2, the echo path's power gain per bin (stride floats).
  void power_response(float* erl) const;
  // e[p] = sum over the bins of |H_p(k)|^2 for every partition (P floats).
  void partition_energy(float* e) const;
  // The partition holding the most energy, and that energy's share of the whole.
  int peak_partition(float* share) const;
  // Taps [0, N) of partition p in the time domain (N floats).
  void impulse_response(const RealFft& fft, int p, float* taps) const;

 private:
  float energy(int p) const;  // sum over the bins of |H_p(k)|^2
  float* re(int p) { return coef_re_.data() + p * stride_; }
  float* im(int p) { return coef_im_.data() + p * stride_; }
  const float* re(int p) const { return coef_re_.data() + p * stride_; }
  const float* im(int p) const { return coef_im_.data() + p * stride_; }

  int partitions_, block_, bins_, lin_bins_, stride_;
  int next_constrained_ = 0;
  std::vector<float> coef_re_, coef_im_;
  std::vector<float> gw_re_, gw_im_;  // the weighted gain
  mutable std::vector<float> spectrum_, taps_;  // FFT scratch: interleaved bins, 2N samples
};

}  // namespace audio
}  // namespace edgeav
