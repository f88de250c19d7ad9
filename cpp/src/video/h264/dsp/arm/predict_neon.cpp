#include "video/h264/dsp/predict_dsp.h"

namespace edgeav {
namespace h264 {

void predict_dsp_init_neon(PredictDsp*) {}

}  // namespace h264
}  // namespace edgeav
