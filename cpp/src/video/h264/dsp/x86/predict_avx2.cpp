// No AVX2 intra prediction: a predicted block is at most 16 pixels wide, so
// the SSE2 versions already write each row with one store (the 8x8 luma
// modes build all their averages in one or two 128-bit vectors), and 256-bit
// vectors would save only part of the plane modes' row arithmetic (by count
// of instructions, under 1.3x for pred16x16_plane) at the cost of a second
// copy of each mode.
#include "video/h264/dsp/predict_dsp.h"

namespace edgeav {
namespace h264 {

void predict_dsp_init_avx2(PredictDsp*) {}

}  // namespace h264
}  // namespace edgeav
