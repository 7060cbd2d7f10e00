#pragma once
// Lives on the UI thread (or a headless QApplication). The roofline of this
// machine from attention-train --bench output: the GEMM rate and the memory
// bandwidth as ceilings, and each benchmarked preset at its achieved GFLOP/s
// and estimated arithmetic intensity.

#include <QString>
#include <QStringList>

class QCustomPlot;

namespace attn::ui {

// `jsonLines`: lines printed by --bench matmul, --bench bandwidth and
// --bench PRESET (others are ignored). Returns an error message naming the
// line when one is not such output, or when no ceiling can be drawn.
QString drawRoofline(QCustomPlot* plot, const QStringList& jsonLines);

}  // namespace attn::ui
