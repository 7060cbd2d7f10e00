#pragma once
// Lives on the UI thread. The pieces a heatmap of attention weights is drawn
// with, shared by the single map and the all-heads grid: a colour map of
// cells, the hatched cells the decoder's mask hides, the colour scale
// (linear, log or auto contrast) and the ideal alignment's outline.

#include <QString>
#include <QVector>
#include <vector>

#include "attn/snapshot.h"

class QCPAxisRect;
class QCPColorMap;
class QCPColorScale;
class QCustomPlot;

namespace attn::ui {

enum class ColourScale { Linear, Log, AutoContrast };

// Log scale: weights below this share the lowest colour (a softmax output
// is never exactly 0 outside masks, but may be 1e-9).
constexpr double kLogFloor = 1e-3;

// `map` sized for queries × keys cells, drawn as cells (no interpolation).
void prepareMap(QCPColorMap* map, int queries, int keys);

// Decoder self-attention masks the future (§3.2.3: −∞ before the softmax, so
// weight 0 by construction): those cells are drawn grey and hatched, not as
// the colour of a learned weight of 0.
void shadeMaskedCells(QCustomPlot* plot, QCPAxisRect* rect, int queries, int keys);

// The colour range and scale type of `maps` (all on `scale`), and the
// scale's label; `masked` leaves the masked cells out of auto contrast.
void applyColourScale(const QVector<QCPColorMap*>& maps, QCPColorScale* scale, ColourScale chosen,
                      bool masked);

// One thumbnail of the all-heads grid: its map, layer and head (0-based).
struct HeadThumbnail {
  QCPColorMap* map;
  int layer;
  int head;
};

// Every layer × head of `layers` as thumbnails on one colour scale, under
// `title` and over `hint`; `masked`: decoder self-attention (hatched cells).
QVector<HeadThumbnail> drawAllHeads(QCustomPlot* plot, const std::vector<AttentionHeads>& layers,
                                    bool masked, ColourScale chosen, const QString& title,
                                    const QString& hint);

// attention_<kind>_layer<N>_<head>_step<S>[_<minus>]: a figure's name that
// says what it shows; `layer` from 1, `head` an index or AttentionMaps' choice.
QString heatmapFileName(AttentionKind kind, int layer, int head, qint64 step, const QString& minus);

// Outlines the cells of the ideal alignment (a built-in task's: source
// positions per target position) on `rect`; returns how many.
int outlineAlignment(QCustomPlot* plot, QCPAxisRect* rect,
                     const std::vector<std::vector<int>>& alignment, int queries, int keys);

}  // namespace attn::ui
