#pragma once
// attention-studio --inspect RUN|CHECKPOINT|untrained --input TEXT --render-to DIR:
// the inspector's figures (stage view, data-flow diagram, attention maps)
// written offscreen as PNG (and PDF), like --render.

#include <QStringList>

namespace attn::studio {

int runInspect(const QStringList& arguments);

}  // namespace attn::studio
