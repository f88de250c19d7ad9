// The nine Intra4x4 predictions (8.3.1.2) as byte gathers, for the SIMD
// versions of pred4x4_x9. Along the edge line E = L3 L3 L2 L1 L0 LT T0 .. T7
// T7 T7 (16 bytes: the left column bottom-up, the top-left sample, the row
// above), every predicted sample is a byte of E, of its 2-tap averages
// A2[k] = avg(E[k], E[k + 1]) or of its 3-tap averages A3[k] centred on
// E[k] (the repeated L3 and T7 give HU's and DDL's 3:1 averages at the ends).
// kPred4x4Gather[mode][i] = 16 * s + k takes pixel i (raster order) from
// byte k of E (s = 0), A2 (s = 1) or A3 (s = 2); the DC mode's row is unused.
#pragma once
#include <cstdint>

namespace edgeav {
namespace h264 {

constexpr uint8_t kPred4x4Gather[9][16] = {
    {6, 7, 8, 9, 6, 7, 8, 9, 6, 7, 8, 9, 6, 7, 8, 9},                  // V: T(x)
    {4, 4, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1},                  // H: L(y)
    {},                                                                // DC
    {39, 40, 41, 42, 40, 41, 42, 43, 41, 42, 43, 44, 42, 43, 44, 45},  // DDL: A3[7 + x + y]
    {37, 38, 39, 40, 36, 37, 38, 39, 35, 36, 37, 38, 34, 35, 36, 37},  // DDR: A3[5 + x - y]
    {21, 22, 23, 24, 37, 38, 39, 40, 36, 21, 22, 23, 35, 37, 38, 39},  // VR
    {20, 37, 38, 39, 19, 36, 20, 37, 18, 35, 19, 36, 17, 34, 18, 35},  // HD
    {22, 23, 24, 25, 39, 40, 41, 42, 23, 24, 25, 26, 40, 41, 42, 43},  // VL
    {19, 35, 18, 34, 18, 34, 17, 33, 17, 33, 1, 1, 1, 1, 1, 1},        // HU
};

}  // namespace h264
}  // namespace edgeav
