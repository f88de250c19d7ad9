#include "video/h264/dsp/mc_dsp.h"

namespace edgeav {
namespace h264 {

void mc_dsp_init_neon(McDsp*) {}

}  // namespace h264
}  // namespace edgeav
