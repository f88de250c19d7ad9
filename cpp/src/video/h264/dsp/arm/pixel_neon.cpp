#include "video/h264/dsp/pixel_dsp.h"

namespace edgeav {
namespace h264 {

void pixel_dsp_init_neon(PixelDsp*) {}

}  // namespace h264
}  // namespace edgeav
