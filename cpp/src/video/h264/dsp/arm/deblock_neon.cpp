#include "video/h264/dsp/deblock_dsp.h"

namespace edgeav {
namespace h264 {

void deblock_dsp_init_neon(DeblockDsp*) {}

}  // namespace h264
}  // namespace edgeav
