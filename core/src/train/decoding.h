#pragma once
// Greedy and beam-search decoding.

#include <torch/torch.h>

#include <functional>
#include <vector>

#include "model/seq2seq_model.h"

namespace attn {

// Called before every decoding step; it may throw to abandon the decoding (a
// stop request during an evaluation of long, never-ending hypotheses).
using DecodeStepHook = std::function<void()>;

// src [B, S] → one token list per row (without <bos>/<eos>), at most max_length tokens.
std::vector<std::vector<int>> greedy_decode(Seq2SeqModelImpl& model, const torch::Tensor& src,
                                            int max_length, const DecodeStepHook& before_step = {});

// Beam search for one source row [1, S]. Hypotheses are ranked by
// log P / lp(Y), lp(Y) = ((5 + |Y|) / 6)^α (the length penalty of Wu et al.
// 2016 that §6.1 uses with α = 0.6).
std::vector<int> beam_decode(Seq2SeqModelImpl& model, const torch::Tensor& src, int beam_size,
                             double length_penalty, int max_length,
                             const DecodeStepHook& before_step = {});

}  // namespace attn
