#pragma once

#include <torch/torch.h>

namespace attn {

// The attention weights of §3.2.1, differentiable:
//
//   softmax(scale · scores + attn_mask) over the keys, padded keys excluded,
//
// scores [B, H, Tq, Tk]; attn_mask [Tq, Tk] float added to every head (the
// causal mask, §3.2.3; may be undefined); key_padding_mask [B, Tk] bool, true
// = exclude that key (may be undefined). On the CPU in float32 this is one
// fused pass per row (kernels/softmax_kernel.h) whose backward pass needs only
// the weights; anything else (CUDA, half precision, other mask shapes) runs as
// LibTorch operations. A query whose keys are all excluded gets zero weights
// from the kernel, NaN from LibTorch's softmax; neither model ever asks for one.
torch::Tensor attention_softmax(const torch::Tensor& scores, double scale,
                                const torch::Tensor& key_padding_mask,
                                const torch::Tensor& attn_mask);

}  // namespace attn
