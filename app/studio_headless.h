#pragma once
// attention-studio without a window: train and draw the figures, or draw the
// figures of a finished run. Both run on Qt's offscreen platform.

#include <QStringList>

namespace attn::studio {

// attention-studio --headless [attention-train options]
int runHeadless(const QStringList& trainArguments);
// attention-studio --render RUN_DIR [--width W] [--height H] [--scale S] [--pdf]
//                   [--kind K] [--layer N] [--head N|all] [--epochs-shown 1,5,10]
int runRender(const QStringList& arguments);
// attention-studio --roofline BENCH.jsonl OUT.png: the roofline figure.
int runRoofline(const QStringList& arguments);
// attention-studio --scrub-benchmark RUN_DIR: one JSON line of redraw times.
int runScrubBenchmark(const QStringList& arguments);

}  // namespace attn::studio
