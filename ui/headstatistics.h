#pragma once
// What each attention head does, in two numbers per moment, measured on the
// attention maps the model computed for the probe examples (§3.2.2: each head
// is its own attention function, so heads may specialise):
//   entropy  −Σₖ wₖ log₂ wₖ of a query's weights, in bits: 0 when a query
//            attends to one key, log₂(keys) when it spreads evenly;
//   distance Σₖ wₖ |q − k|, in positions: how far from its own position a
//            query reads (for cross-attention, from the source position with
//            its own index).
// Both are averaged over the queries of every probe example.

#include <QVector>

#include "attn/snapshot.h"

namespace attn::ui {

struct HeadMeasures {
  QVector<QVector<double>> entropy;   // [layer][head], bits
  QVector<QVector<double>> distance;  // [layer][head], positions
};

struct HeadStatistics {
  HeadMeasures encoderSelf, decoderSelf, cross;
  const HeadMeasures& of(AttentionKind kind) const {
    return kind == AttentionKind::EncoderSelf   ? encoderSelf
           : kind == AttentionKind::DecoderSelf ? decoderSelf
                                                : cross;
  }
};

HeadStatistics measureHeads(const Snapshot& snapshot);

}  // namespace attn::ui
