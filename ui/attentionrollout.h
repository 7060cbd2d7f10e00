#pragma once
// Attention rollout (Abnar & Zuidema, "Quantifying Attention Flow in
// Transformers", ACL 2020): how much each query position draws on each input
// token through all the layers up to one, counting the residual connection.
// Each layer's heads are averaged and the identity added for the residual,
// Â = ½·mean_h(A) + ½·I (rows still sum to 1), and the layers multiplied:
// R_ℓ = Â_ℓ · … · Â_1.

#include <vector>

#include "attn/snapshot.h"

namespace attn::ui {

// Self-attention (encoder or decoder): layers 0..`layer` of `layers`;
// T × T row-major (T = the layers' query and key count). Empty when the
// layers are not square or `layer` is out of range.
std::vector<double> selfAttentionRollout(const std::vector<AttentionHeads>& layers, int layer);

// Cross-attention of decoder layer `layer` (mean of its heads) followed
// through the encoder's rollout to the source tokens: queries × source
// tokens, row-major. Empty when the shapes do not fit.
std::vector<double> crossAttentionRollout(const ExampleAttention& example, int layer);

}  // namespace attn::ui
