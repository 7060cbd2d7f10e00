#pragma once

#include <qcustomplot.h>

namespace attn::ui {

// Viridis (van der Walt and Smith, matplotlib 2.0): perceptually uniform and
// readable in grey and by colour-blind viewers. QCustomPlot 2.1.0 lacks it.
QCPColorGradient viridisGradient();

// Blue – white – red for signed differences (ColorBrewer's RdBu, Brewer
// 2002, reversed so that positive is red): white at the middle of the range.
QCPColorGradient divergingGradient();

}  // namespace attn::ui
