// The network of the AI noise reduction (ai_suppressor.h): trained by
// tools/train_ns.py, written into ai_ns_weights.cpp by tools/ns_export.py
// (generated source; tests/test_ai_ns.py checks it is the export of the
// committed checkpoint). Matrices are nn_dsp.h's conv1x1 layout, w[i*cout + o];
// GRU matrices hold the [r | z | n] gates (PyTorch's convention).
#pragma once

namespace edgeav {
namespace audio {
namespace ai_ns {

constexpr int kBands = 32;   // input features and output gains
constexpr int kHidden = 96;  // the input layer and each of the two GRUs

extern const float kFeatureMean[kBands], kFeatureStd[kBands];
extern const float kInW[kBands * kHidden], kInB[kHidden];
extern const float kGru1Wx[kHidden * 3 * kHidden], kGru1Bx[3 * kHidden];
extern const float kGru1Wh[kHidden * 3 * kHidden], kGru1Bh[3 * kHidden];
extern const float kGru2Wx[kHidden * 3 * kHidden], kGru2Bx[3 * kHidden];
extern const float kGru2Wh[kHidden * 3 * kHidden], kGru2Bh[3 * kHidden];
extern const float kOutW[2 * kHidden * kBands], kOutB[kBands];

}  // namespace ai_ns
}  // namespace audio
}  // namespace edgeav
