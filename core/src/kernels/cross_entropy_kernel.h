#pragma once
// The label-smoothed cross-entropy of rows of logits and its gradient in one
// kernel, for the output projection's loss (§5.4: label smoothing ε):
//
//   loss_r     = lse(z_r) − (1 − ε)·z_r[y_r] − ε·mean(z_r)
//              = (1 − ε)·(−log p_r[y_r]) + ε·(−mean_j log p_r[j])
//   ∂loss_r/∂z = softmax(z_r) − (1 − ε)·onehot(y_r) − ε / classes
//
// which is torch's cross_entropy(label_smoothing = ε) summed over rows. The
// logits are overwritten with the gradient, so neither the log-probabilities
// nor a second [rows, classes] tensor is ever made: each row is read three
// times and written once, where log_softmax, gather, mean and their backward
// passes read and write whole tensors several times.
//
// Plain C++, no LibTorch: the caller splits the rows across threads.

#include <cstdint>

namespace attn::kernels {

// `logits` [rows, classes] (rows contiguous) becomes the gradient of the summed
// loss; row_losses[r] receives loss_r. Rows whose label is `ignored_label`
// (padding) get loss 0 and gradient 0. Labels must lie in [0, classes).
void label_smoothed_cross_entropy(float* logits, const std::int64_t* labels, std::int64_t rows,
                                  std::int64_t classes, float smoothing, std::int64_t ignored_label,
                                  double* row_losses);

}  // namespace attn::kernels
